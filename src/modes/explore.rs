//! Explore: everything on one screen for a visitor exploring. The stage and
//! the inspector side by side, the walkthrough as a band under the stage,
//! the transport always visible, the rest in the drawer's tabs.

use crate::components::{
    bench_result, drawer::Drawer, guide_panel::GuidePanel, header, tab_bar, user_panel::UserPanel, ViewProps,
};
use yew::prelude::*;

pub fn layout(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    html! {
        <div class="app shell mode-explore" data-testid="app" data-mode="explore" data-scenario={r.sim().title()}
            ondragover={super::drop_target::on_drag_over()} ondrop={super::drop_target::on_drop(&props.on_command)}>
            <div class="top">
                { header::header(props) }
                { crate::components::mode_bar::mode_bar(props) }
                { tab_bar::tab_bar(props) }
            </div>
            { crate::components::notice_list::notice_list(props) }
            <div class="main">
                <div class="stage-column">{ crate::components::stage_area::stage_area(props) }</div>
                <UserPanel ..props.clone() />
                <Drawer ..props.clone() />
            </div>
            // The walkthrough band runs under both, never under the drawer.
            <GuidePanel ..props.clone() />
            { crate::components::transport::transport(props) }
            { bench_result::bench_result(props) }
        </div>
    }
}
