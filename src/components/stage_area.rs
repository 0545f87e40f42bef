//! The stage with its pool chips and the narration line under it.

use super::{narration, pool_cards, stage::Stage, ViewProps};
use yew::prelude::*;

pub fn stage_area(props: &ViewProps) -> Html {
    html! {
        <main class="stage-area" aria-label="Pools and users" data-testid="stage-area">
            { pool_cards::pool_cards(props) }
            <Stage state={props.rt.0.clone()} on_command={props.on_command.clone()} />
            { narration::narration(props) }
        </main>
    }
}
