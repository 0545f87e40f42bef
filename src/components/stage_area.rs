//! The stage with its pool chips and the narration line under it.

use super::{narration::Narration, pool_cards::PoolCards, stage::Stage, ViewProps};
use yew::prelude::*;

pub fn stage_area(props: &ViewProps) -> Html {
    html! {
        <main class="stage-area" aria-label="Pools and users" data-testid="stage-area">
            <PoolCards ..props.clone() />
            <Stage state={props.rt.0.clone()} on_command={props.on_command.clone()} />
            <Narration ..props.clone() />
        </main>
    }
}
