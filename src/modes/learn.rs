//! Learn: the lesson for a learner. The stage, the inspector, the
//! walkthrough band and the transport; no scenario picker, editor, admin,
//! sharing or drawer, and no scrubbing (`Controls` and `Timeline` ask the
//! mode), so nothing leaves the lesson or looks its answers up.

use crate::components::ViewProps;
use yew::prelude::*;

pub fn layout(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    html! {
        <div class="app shell mode-learn" data-testid="app" data-mode="learn" data-scenario={r.sim().title()}>
            <div class="top">
                <header class="header lesson-head">
                    <h1>{ r.sim().title() }</h1>
                    <span class="muted small">{"Pool Failover Simulator · lesson"}</span>
                </header>
            </div>
            { super::lesson_body(props) }
        </div>
    }
}
