//! The presenter's console (`mode=present&console=1`): the window on the
//! laptop while the room watches the projected one. The current stop with
//! its speaker notes, a question's answer before the room sees it, the next
//! stop, the clock and the countdowns, and the buttons that drive the
//! projected window (`state::console`).

use crate::components::{countdown, ViewProps};
use crate::state::console::Go;
use crate::state::{ShellCmd, Step};
use yew::prelude::*;

pub fn layout(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let sc = r.sim().scenario();
    let steps = r.steps();
    let ask = |go: Go| {
        let on = props.on_command.clone();
        Callback::from(move |_: MouseEvent| on.emit(ShellCmd::Ask(go).into()))
    };
    let (status, following) = match r.console_following() {
        Some(true) => ("Following the projected window: these buttons move it.", "yes"),
        Some(false) => ("The projected window shows another lesson; this window moves by itself.", "other"),
        None => (
            "Waiting for the projected window: open this lesson in Present mode in another window of this browser. Until then this window moves by itself.",
            "no",
        ),
    };
    let notes = |n: &Option<String>| match n {
        Some(n) => html! { <p class="notes" data-testid="console-notes">{ n.clone() }</p> },
        None => html! { <p class="notes muted" data-testid="console-notes">{"No speaker notes for this stop."}</p> },
    };
    let current = match r.step() {
        Some(k) => {
            let (at, step) = steps[k];
            let body = match step {
                Step::Caption(i) => {
                    let c = &sc.captions[i];
                    let (title, text) = r.sim().caption_words(i);
                    html! { <>
                        <h2>{ title }</h2>
                        <p class="text">{ text }</p>
                        if let Some(source) = &c.source {
                            <p class="muted small">{ format!("Source: {source}") }</p>
                        }
                        { flagged(r.sim(), i) }
                        { notes(&c.notes) }
                    </> }
                }
                Step::Checkpoint(i) => {
                    let cp = &sc.checkpoints[i];
                    let answer = r.checkpoint_answer(i).map(|cell| {
                        let why = failover_engine::text::upper_first(cell.reason);
                        format!("The answer, for you: {}. {why}.", cell.value.label())
                    });
                    html! { <>
                        <h2>{ r.sim().question_words(i) }</h2>
                        <p class="answer" data-testid="console-answer">{ answer.unwrap_or_default() }</p>
                        if let Some(cell) = r.checkpoint_answer(i) {
                            <p class="muted small">{ cell.source.cite() }</p>
                        }
                        { notes(&cp.notes) }
                        if r.lesson().revealed(i) {
                            <p class="muted" data-testid="console-revealed">{"Revealed to the room."}</p>
                        } else {
                            <button data-testid="console-reveal" onclick={ask(Go::Reveal(i))}>{"Reveal to the room"}</button>
                        }
                    </> }
                }
            };
            html! {
                <section class="console-stop" data-testid="console-stop" data-step={k.to_string()}>
                    <p class="when">{ format!("Stop {} of {} · {at}", k + 1, steps.len()) }</p>
                    { body }
                </section>
            }
        }
        None => html! {
            <section class="console-stop" data-testid="console-stop" data-step="none">
                <p class="when">{ format!("Before the first stop · {}", r.t()) }</p>
            </section>
        },
    };
    let next = r.step().map_or(0, |k| k + 1);
    html! {
        <div class="app console mode-present" data-testid="app" data-mode="console" data-scenario={r.sim().title()}>
            <header class="header lesson-head">
                <h1>{ format!("Speaker notes: {}", r.sim().title()) }</h1>
                <p class="muted" data-testid="console-status" data-following={following}>{ status }</p>
            </header>
            <div class="console-clock">
                <span class="big" data-testid="clock" data-t-s={r.t().whole_s().to_string()}>{ r.t().to_string() }</span>
                { countdown::countdown(props) }
            </div>
            // The buttons before the stop: on a laptop's short window they
            // stay on screen whatever the stop's length.
            <div class="console-controls">
                <button data-testid="console-back" onclick={ask(Go::Back)}>{"« Previous step"}</button>
                <button class="next" data-testid="console-next-step" onclick={ask(Go::Next)}>{"Next step »"}</button>
            </div>
            { current }
            if next < steps.len() {
                <p class="console-next" data-testid="console-next">{ format!("Next: {}", r.step_title(next).unwrap_or_default()) }</p>
            } else {
                <p class="console-next" data-testid="console-next">{"Next: the end of the lesson."}</p>
            }
        </div>
    }
}

/// A caption that claims what the engine denies at its moment, said to the
/// presenter alone (the room's window shows the caption as written). Only
/// the full page runs documents from the editor; the player's built-ins
/// have no such caption (tested), and packing a lesson warns of them.
#[cfg(feature = "full")]
fn flagged(sim: &failover_engine::Simulation, caption: usize) -> Html {
    sim.caption_conflicts(caption)
        .into_iter()
        .map(|c| {
            html! {
                <p class="console-flag" role="note" data-testid="console-flag">
                    <strong>{"The engine says otherwise: "}</strong>{ format!("this caption {}.", c.message) }
                </p>
            }
        })
        .collect()
}

#[cfg(not(feature = "full"))]
fn flagged(_: &failover_engine::Simulation, _: usize) -> Html {
    Html::default()
}
