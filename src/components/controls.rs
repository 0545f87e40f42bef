//! Play, pause, speed, step by event, scrub; the clock.

use super::ViewProps;
use crate::state::{Command, PlaybackCmd, SPEEDS};
use failover_engine::SimTime;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

pub fn controls(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let (t, end, playing, speed) = (r.t(), r.end(), r.playing(), r.speed());
    let cmd = |c: Command| {
        let on = props.on_command.clone();
        Callback::from(move |_: MouseEvent| on.emit(c.clone()))
    };
    let on_scrub = {
        let on = props.on_command.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                if let Ok(s) = input.value().parse::<u64>() {
                    on.emit(PlaybackCmd::Seek(SimTime::from_s(s)).into());
                }
            }
        })
    };
    let on_speed = {
        let on = props.on_command.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                if let Ok(s) = select.value().parse() {
                    on.emit(PlaybackCmd::Speed(s).into());
                }
            }
        })
    };
    // A learner follows the lesson's stops (the band's Back and Next): no
    // jumping by event or scrubbing past a question not answered yet.
    let learning = r.mode() == crate::screen::Mode::Learn;
    html! {
        <div class="controls" role="group" aria-label="Time controls">
            if !learning {
                <button data-testid="prev-event" onclick={cmd(PlaybackCmd::PrevEvent.into())}>{"« Previous event"}</button>
            }
            if playing {
                <button class="play" data-testid="pause" onclick={cmd(PlaybackCmd::Pause.into())} aria-label="Pause">{"⏸ Pause"}</button>
            } else {
                <button class="play" data-testid="play" onclick={cmd(PlaybackCmd::Play.into())} aria-label="Play">{"▶ Play"}</button>
            }
            if !learning {
                <button data-testid="next-event" onclick={cmd(PlaybackCmd::NextEvent.into())}>{"Next event »"}</button>
            }
            <label class="speed">{"Speed "}
                <select data-testid="speed" onchange={on_speed} aria-label="Speed">
                    { for SPEEDS.iter().map(|s| html! { <option value={s.to_string()} selected={*s == speed}>{ format!("{s}×") }</option> }) }
                </select>
            </label>
            <output class="clock" data-testid="clock" data-t-s={t.whole_s().to_string()} aria-live="off">{ t.to_string() }</output>
            if learning {
                <progress class="scrub" max={end.whole_s().to_string()} value={t.whole_s().to_string()} aria-label="Time through the lesson" />
            } else {
                <input class="scrub" type="range" min="0" max={end.whole_s().to_string()} step="1"
                    value={t.whole_s().to_string()} oninput={on_scrub} aria-label="Scrub through time" data-testid="scrub" />
            }
            <span class="end">{ end.to_string() }</span>
        </div>
    }
}
