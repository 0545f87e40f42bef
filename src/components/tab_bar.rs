//! The drawer's tabs: everything beyond the stage, the inspector and the
//! transport is one click away, and never pushes the stage off screen.

use super::ViewProps;
use crate::state::ShellCmd;
use yew::prelude::*;

pub fn tab_bar(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let open = r.tab();
    html! {
        <nav class="tab-bar" aria-label="More" data-testid="tab-bar">
            { for r.mode().tabs().iter().map(|&tab| {
                let on = props.on_command.clone();
                let active = open == Some(tab);
                let next = if active { None } else { Some(tab) };
                html! {
                    <button class={classes!("tab-button", active.then_some("active"))} aria-pressed={active.to_string()}
                        aria-controls={active.then_some("drawer")} data-testid={format!("tab-{}", tab.as_str())}
                        onclick={Callback::from(move |_: MouseEvent| on.emit(ShellCmd::OpenTab(next).into()))}>
                        { tab.label() }
                    </button>
                }
            }) }
        </nav>
    }
}
