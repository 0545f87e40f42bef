//! The drawer: the open tab's content over the inspector's side of the
//! screen (Microsoft's tables, admin, chart and event log, compare,
//! scenarios and sharing). It scrolls inside itself; the stage stays put.

use super::{
    admin_panel::AdminPanel, chart::Chart, compare_panel::ComparePanel, editor_panel::EditorPanel, event_log,
    footer::Footer, share_panel::SharePanel, source_tables::SourceTables, ViewProps,
};
use crate::state::{Panel, ShellCmd};
use yew::prelude::*;

#[function_component]
pub fn Drawer(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let Some(tab) = r.tab() else { return html! {} };
    let content = match tab {
        Panel::Tables => html! { <SourceTables ..props.clone() /> },
        Panel::Admin => html! { <AdminPanel ..props.clone() /> },
        Panel::Chart => html! { <><Chart ..props.clone() />{ event_log::event_log(props) }</> },
        Panel::Compare => html! { <ComparePanel ..props.clone() /> },
        Panel::Editor => html! { <EditorPanel ..props.clone() /> },
        _ => html! { <><SharePanel ..props.clone() /><Footer /></> },
    };
    let on = props.on_command.clone();
    html! {
        <aside id="drawer" class={classes!("drawer", format!("drawer-{}", tab.as_str()))} data-testid="drawer"
            aria-label={tab.label()}>
            <div class="drawer-head">
                <h2>{ tab.label() }</h2>
                <button class="close" data-testid="drawer-close" aria-label="Close"
                    onclick={Callback::from(move |_: MouseEvent| on.emit(ShellCmd::OpenTab(None).into()))}>{"✕"}</button>
            </div>
            { content }
        </aside>
    }
}
