//! Author: the scenario's outline (sections, counts, what is wrong where),
//! the editor beside it, and a preview of its run (the stage and the
//! inspector) beside that; the transport under all three.

use crate::components::{editor_panel::EditorPanel, user_panel::UserPanel, ViewProps};
use yew::prelude::*;

pub fn layout(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    html! {
        <div class="app shell mode-author" data-testid="app" data-mode="author" data-scenario={r.sim().title()}
            ondragover={super::drop_target::on_drag_over()} ondrop={super::drop_target::on_drop(&props.on_command)}>
            <div class="top">
                <header class="header"><h1>{"Pool Failover Simulator · author a scenario"}</h1></header>
                { crate::components::mode_bar::mode_bar(props) }
            </div>
            { crate::components::notice_list::notice_list(props) }
            <div class="main">
                { crate::components::author_outline::author_outline(props) }
                <section class="author-document" aria-label="Scenario editor" data-testid="author-document">
                    <EditorPanel ..props.clone() />
                </section>
                <div class="author-preview" aria-label="Preview of the run">
                    { crate::components::lesson_strip::lesson_strip(props) }
                    { crate::components::stage_area::stage_area(props) }
                    <UserPanel ..props.clone() />
                </div>
            </div>
            { crate::components::transport::transport(props) }
        </div>
    }
}
