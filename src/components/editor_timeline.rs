//! The editor's timeline: the admin's orders (and the named users' own
//! actions), one row each: when, what, and which pool or user. Whether an
//! order is allowed at its moment is the engine's answer, shown at the row;
//! a row the engine accepts shows the PowerShell it stands for.

use super::editor_fields::{choices, pool_choices, shown, user_choices, EditorProps, Form};
use failover_engine::draft::{Row, Section};
use failover_engine::orders::{OrderName, Target};
use failover_engine::FailoverMode;
use yew::prelude::*;

#[function_component]
pub fn EditorTimeline(props: &EditorProps) -> Html {
    let form = Form::new(props);
    let d = &props.draft;
    let actions: Vec<(String, String)> =
        OrderName::ALL.iter().map(|n| (n.as_str().to_string(), n.label().to_string())).collect();
    let modes = choices(&[
        (FailoverMode::Disaster.as_str(), "-DisasterMode (the pool is down)"),
        (FailoverMode::Planned.as_str(), "planned (the pool is up)"),
    ]);
    let sessions: Vec<(String, String)> = d.sessions.iter().map(|s| (s.id.clone(), shown(&s.id))).collect();
    // Rows match the run's timeline one for one when the draft runs.
    let run = props.checked.run.as_ref().map(|sim| sim.scenario());
    let page = props.shown(Section::Timeline);
    let rows = d.timeline.iter().enumerate().skip(page.start).take(page.len()).map(|(i, o)| {
        let f = |name: &str| format!("timeline-{i}-{name}");
        let name = OrderName::parse(o.action.trim());
        let target = match name.map(|n| n.target()) {
            Some(Target::Pool) | None => html! { <>
                { form.select(&f("pool"), "Pool", &o.pool, pool_choices(d), move |d, v| d.timeline[i].pool = v) }
                if name == Some(OrderName::InvokeFailover) {
                    { form.select(&f("mode"), "Mode", &o.mode, modes.clone(), move |d, v| d.timeline[i].mode = v) }
                }
            </> },
            Some(Target::User) => {
                form.select(&f("user"), "User", &o.user, user_choices(d), move |d, v| d.timeline[i].user = v)
            }
            Some(Target::UserAndSession) => html! { <>
                { form.select(&f("user"), "User", &o.user, user_choices(d), move |d, v| d.timeline[i].user = v) }
                { form.select(&f("session"), "Session", &o.session, sessions.clone(), move |d, v| d.timeline[i].session = v) }
            </> },
        };
        let command = run.and_then(|sc| sc.timeline.get(i).map(|order| order.action.command(sc)));
        let at = failover_engine::SimTime::parse(o.at.trim()).ok();
        let fields = html! { <>
            { form.text_with(&f("at"), "When", &o.at, "M:SS or H:MM:SS", move |d, v| d.timeline[i].at = v) }
            { form.select(&f("action"), "What", &o.action, actions.clone(), move |d, v| {
                d.set_order_action(i, v);
            }) }
            { target }
            if let Some(command) = command {
                <code class="editor-command" data-testid={format!("editor-timeline-{i}-command")}>{ command }</code>
            }
            { form.see(&f("at"), at) }
        </> };
        let legend = format!("Order {} at {}", i + 1, shown(&o.at));
        form.row_at(Row::new(Section::Timeline, i), legend, &props.checked, fields, at)
    });
    html! {
        <>
            { for rows }
            <div class="editor-add">
                { form.button("editor-add-order", "Add an order", "", |d| d.add_order()) }
                { form.button("editor-sort-timeline", "Put in time order", "", |d| d.sort_timeline()) }
            </div>
        </>
    }
}
