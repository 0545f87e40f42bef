//! Explore: everything on one screen for a visitor exploring. The stage and
//! the inspector side by side, the walkthrough as a band under the stage,
//! the transport always visible, the rest in the drawer's tabs.

use crate::components::{
    bench_result::BenchResult, drawer::Drawer, guide_panel::GuidePanel, header::Header, mode_bar::ModeBar,
    notice_list::NoticeList, stage_area::StageArea, tab_bar::TabBar, transport::Transport, user_panel::UserPanel,
    ViewProps,
};
use yew::prelude::*;

#[function_component]
pub fn Explore(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    html! {
        <div class="app shell mode-explore" data-testid="app" data-mode="explore" data-scenario={r.sim().scenario().title.clone()}
            ondragover={super::drop_target::on_drag_over()} ondrop={super::drop_target::on_drop(&props.on_command)}>
            <div class="top">
                <Header ..props.clone() />
                <ModeBar ..props.clone() />
                <TabBar ..props.clone() />
            </div>
            <NoticeList ..props.clone() />
            <div class="main">
                <div class="stage-column"><StageArea ..props.clone() /></div>
                <UserPanel ..props.clone() />
                <Drawer ..props.clone() />
            </div>
            // The walkthrough band runs under both, never under the drawer.
            <GuidePanel ..props.clone() />
            <Transport ..props.clone() />
            <BenchResult ..props.clone() />
        </div>
    }
}
