//! Present: the lesson for a room. The stage first and large, the band with
//! the current stop, the inspector beside the stage, large type; a way back
//! to the full page for the trainer (Esc too).

use crate::components::{countdown, ViewProps};
use crate::screen::Mode;
use yew::prelude::*;

pub fn layout(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    if r.is_console() {
        return super::console::layout(props);
    }
    // A second window, for the laptop's screen: it follows this one.
    let console = super::console_link(r).filter(|_| !r.steps().is_empty()).map(|href| {
        html! {
            <a class="button" data-testid="open-console" {href} target="_blank" rel="noopener"
                title="Opens a second window for your screen: the speaker notes, the answers before the room sees them, the next stop; it follows this window and drives it">
                {"Speaker notes"}</a>
        }
    });
    #[cfg(feature = "full")]
    let leave = {
        let on = props.on_command.clone();
        html! {
            <button data-testid="leave-present" onclick={Callback::from(move |_: MouseEvent| on.emit(crate::state::ShellCmd::SetMode(Mode::Explore).into()))}>
                {"Leave presenter mode"}</button>
        }
    };
    #[cfg(not(feature = "full"))]
    let leave = html! {
        <a class="button" data-testid="leave-present" href={crate::modes::full_page_link(r, Mode::Explore)}>{"Open the full simulator"}</a>
    };
    html! {
        <div class="app shell presenter mode-present" data-testid="app" data-mode="present" data-scenario={r.sim().title()}>
            <div class="top">
                <header class="header lesson-head">
                    <h1>{ r.sim().title() }</h1>
                </header>
                { countdown::countdown(props) }
                { console }
                { leave }
            </div>
            { super::lesson_body(props) }
        </div>
    }
}
