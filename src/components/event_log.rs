//! The run so far in plain sentences, newest first; also the text twin of
//! the animation (an ARIA live region).

use super::ViewProps;
use yew::prelude::*;

/// Shown at most (the full log is in the engine).
const SHOWN: usize = 120;

pub fn event_log(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let sim = &r.sim();
    let past: Vec<_> = sim.events().iter().filter(|e| e.at <= r.t()).collect();
    html! {
        <section class="event-log card" aria-label="Event log">
            <h2>{"Event log"}</h2>
            <ol data-testid="event-log" aria-live="polite" reversed=true tabindex="0" aria-label="Events so far, newest first">
                { for past.iter().rev().take(SHOWN).map(|e| html! {
                    <li><time>{ e.at.to_string() }</time>{" "}{ sim.describe(e) }</li>
                }) }
            </ol>
            if past.is_empty() {
                <p class="muted">{"Nothing has happened yet. Press Play or jump to the next event."}</p>
            }
        </section>
    }
}
