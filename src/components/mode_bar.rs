//! The modes of the full page, one click each: Explore and Author here;
//! Plan opens the planner and Learn the lesson in the light player (a new
//! tab each, so this page and its work stay; in the planner, Plan is here);
//! Present turns this screen into the room's.

use super::ViewProps;
use crate::screen::Mode;
use crate::state::ShellCmd;
use yew::prelude::*;

pub fn mode_bar(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let current = r.mode();
    let button = |mode: Mode| {
        let on = props.on_command.clone();
        let active = mode == current;
        html! {
            <button class={classes!("mode-button", active.then_some("active"))} aria-pressed={active.to_string()}
                data-testid={format!("mode-{}", mode.as_str())}
                onclick={Callback::from(move |_: MouseEvent| on.emit(ShellCmd::SetMode(mode).into()))}>
                { mode.label() }
            </button>
        }
    };
    // The lesson's link in the player: a built-in or packaged lesson as it
    // is, a document run from the editor packed; your topology never leaves.
    let lesson = crate::modes::player_link(r, Mode::Learn);
    html! {
        <nav class="mode-bar" aria-label="Mode" data-testid="mode-bar">
            { button(Mode::Explore) }
            { button(Mode::Author) }
            if cfg!(feature = "plan") {
                { button(Mode::Plan) }
            } else {
                <a class="mode-button" href={crate::modes::planner_link(r)} target="_blank" rel="noopener" data-testid="mode-plan"
                    title="Plan for your topology, in the planner (a new tab): an administrator's disaster-recovery plan from your exports">{"Plan ↗"}</a>
            }
            { button(Mode::Present) }
            if let Some(href) = lesson {
                <a class="mode-button" href={href} target="_blank" rel="noopener" data-testid="open-lesson"
                    title="Open this lesson as a learner sees it, in the light player (a new tab)">{"Learn ↗"}</a>
            }
        </nav>
    }
}
