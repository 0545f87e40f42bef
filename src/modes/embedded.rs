//! An embed: the panels its link names (`panels=`), within its mode, in a
//! fixed order, at their natural height (the parent sizes the frame from
//! the `resize` event).

use crate::components::{bench_result, guide_panel::GuidePanel, user_panel::UserPanel, ViewProps};
use crate::screen::{Mode, Panel};
use yew::prelude::*;

pub fn layout(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let panels = r.shell().embed_panels();
    let has = |p: Panel| panels.contains(&p);
    let side = has(Panel::Stage) && has(Panel::Inspector);
    let presenter = r.mode() == Mode::Present;
    html! {
        <div class={classes!("app", "embed", side.then_some("side"), presenter.then_some("presenter"), format!("mode-{}", r.mode().as_str()))}
            data-testid="app" data-embed="1" data-mode={r.mode().as_str()} data-scenario={r.sim().title()}>
            { crate::components::notice_list::notice_list(props) }
            if has(Panel::Stage) { { crate::components::stage_area::stage_area(props) } }
            if has(Panel::Inspector) { <UserPanel ..props.clone() /> }
            if has(Panel::Guide) { <GuidePanel ..props.clone() /> }
            if has(Panel::Transport) { { crate::components::transport::transport(props) } }
            { full_panels(props, &panels) }
            { bench_result::bench_result(props) }
        </div>
    }
}

#[cfg(feature = "full")]
fn full_panels(props: &ViewProps, panels: &[Panel]) -> Html {
    use crate::components::{
        admin_panel::AdminPanel, chart::Chart, compare_panel::ComparePanel, editor_panel::EditorPanel, event_log,
        share_panel::SharePanel, source_tables::SourceTables,
    };
    let has = |p: Panel| panels.contains(&p);
    html! {
        <>
            if has(Panel::Tables) { <SourceTables ..props.clone() /> }
            if has(Panel::Admin) { <AdminPanel ..props.clone() /> }
            if has(Panel::Chart) { <><Chart ..props.clone() />{ event_log::event_log(props) }</> }
            if has(Panel::Compare) { <ComparePanel ..props.clone() /> }
            if has(Panel::Share) { <SharePanel ..props.clone() /> }
            if has(Panel::Editor) { <EditorPanel ..props.clone() /> }
        </>
    }
}

#[cfg(not(feature = "full"))]
fn full_panels(_: &ViewProps, _: &[Panel]) -> Html {
    html! {}
}
