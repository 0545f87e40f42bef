//! Author: the scenario editor full width, with a preview of its run (the
//! stage and the inspector) beside it and the transport under both.

use crate::components::{
    editor_panel::EditorPanel, mode_bar::ModeBar, notice_list::NoticeList, stage_area::StageArea, transport::Transport,
    user_panel::UserPanel, ViewProps,
};
use yew::prelude::*;

#[function_component]
pub fn Author(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    html! {
        <div class="app shell mode-author" data-testid="app" data-mode="author" data-scenario={r.sim().scenario().title.clone()}
            ondragover={super::drop_target::on_drag_over()} ondrop={super::drop_target::on_drop(&props.on_command)}>
            <div class="top">
                <header class="header"><h1>{"Pool Failover Simulator · author a scenario"}</h1></header>
                <ModeBar ..props.clone() />
            </div>
            <NoticeList ..props.clone() />
            <div class="main">
                <section class="author-document" aria-label="Scenario editor" data-testid="author-document">
                    <EditorPanel ..props.clone() />
                </section>
                <div class="author-preview" aria-label="Preview of the run">
                    <StageArea ..props.clone() />
                    <UserPanel ..props.clone() />
                </div>
            </div>
            <Transport ..props.clone() />
        </div>
    }
}
