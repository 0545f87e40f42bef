//! The transport: play, speed and the clock, over the time axis.

use super::{controls, timeline, ViewProps};
use yew::prelude::*;

pub fn transport(props: &ViewProps) -> Html {
    html! {
        <footer class="transport" aria-label="Transport" data-testid="transport">
            { controls::controls(props) }
            { timeline::timeline(props) }
        </footer>
    }
}
