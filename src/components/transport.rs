//! The transport: play, speed and the clock, over the time axis.

use super::{controls::Controls, timeline::Timeline, ViewProps};
use yew::prelude::*;

pub fn transport(props: &ViewProps) -> Html {
    html! {
        <footer class="transport" aria-label="Transport" data-testid="transport">
            <Controls ..props.clone() />
            <Timeline ..props.clone() />
        </footer>
    }
}
