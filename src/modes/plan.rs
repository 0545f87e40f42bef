//! Plan: an administrator's own topology and what a failover means for it.
//! One flow beside the stage: the exports, the four questions, then the
//! plan (variants, runbook, messages), printable and exportable; a variant
//! plays on the stage. Microsoft's tables, the admin's orders and export in
//! the drawer.

use crate::components::{
    drawer::Drawer, event_log, plan_panel::plan_panel, tab_bar, topology_import::TopologyImport, user_panel::UserPanel,
    ViewProps,
};
use yew::prelude::*;

pub fn layout(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    html! {
        <div class="app shell mode-plan" data-testid="app" data-mode="plan" data-scenario={r.sim().title()}
            ondragover={super::drop_target::on_drag_over()} ondrop={super::drop_target::on_drop(&props.on_command)}>
            <div class="top">
                <header class="header"><h1>{"Pool Failover Simulator · plan for your topology"}</h1></header>
                { crate::components::mode_bar::mode_bar(props) }
                { tab_bar::tab_bar(props) }
            </div>
            { crate::components::notice_list::notice_list(props) }
            <div class="main">
                <div class="stage-column">
                    { crate::components::stage_area::stage_area(props) }
                </div>
                <div class="plan-tools" data-testid="plan-tools">
                    <TopologyImport on_command={props.on_command.clone()} />
                    { plan_panel(props) }
                    { event_log::event_log(props) }
                    <UserPanel ..props.clone() />
                </div>
                <Drawer ..props.clone() />
            </div>
            { crate::components::transport::transport(props) }
        </div>
    }
}
