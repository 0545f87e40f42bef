//! Plan mode's flow after the exports: the four questions the exports
//! cannot answer (each with where to find it and what its default rests on,
//! from the engine's `plan::QUESTIONS`), the administrator's own failover
//! time and outage estimate, then the plan (`plan_view.rs`).

use super::plan_view::{PlanRef, PlanView};
use super::ViewProps;
use crate::state::{Answer, PlanCmd};
use failover_engine::plan::{Version, QUESTIONS};
use failover_engine::PoolIdx;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// A whole number typed in a box, within bounds; anything else puts the
/// previous value back.
fn number(e: &Event, min: u64, max: u64) -> Option<u64> {
    let input = e.target_dyn_into::<HtmlInputElement>()?;
    match input.value().trim().parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            input.set_value(&input.default_value());
            None
        }
    }
}

fn selected(e: &Event) -> Option<String> {
    e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value())
}

/// A pool picked, or none ("").
fn pool_of(e: &Event) -> Option<Option<PoolIdx>> {
    selected(e).map(|v| v.parse::<PoolIdx>().ok())
}

pub fn plan_panel(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let slice = r.plan();
    let topology = r.planned_topology();
    let inputs = slice.inputs(topology);
    let edit = |answer: fn(&Event) -> Option<Answer>| {
        let on = props.on_command.clone();
        Callback::from(move |e: Event| {
            if let Some(a) = answer(&e) {
                on.emit(PlanCmd::Set(a).into());
            }
        })
    };
    let pool_choice = |chosen: Option<PoolIdx>| {
        html! {
            <>
                <option value="" selected={chosen.is_none()}>{"None of these pools"}</option>
                { for topology.pools.iter().enumerate().map(|(i, p)| {
                    let label = if p.name == p.id { p.name.clone() } else { format!("{} ({})", p.name, p.id) };
                    html! { <option value={i.to_string()} selected={chosen == Some(i as PoolIdx)}>{ label }</option> }
                }) }
            </>
        }
    };
    let question = |k: usize, field: Html| {
        let (label, where_, default) = QUESTIONS[k];
        html! {
            <div class="plan-question">
                <label>{ label }{" "}{ field }</label>
                <p class="muted small">{ where_ }{" "}{ default }</p>
            </div>
        }
    };
    let make = {
        let on = props.on_command.clone();
        Callback::from(move |_: MouseEvent| on.emit(PlanCmd::Make.into()))
    };
    let paired = topology.pools.iter().filter(|p| p.backup.is_some()).count();
    html! {
        <section class="plan-questions" aria-labelledby="plan-questions-heading" data-testid="plan-questions">
            <h3 id="plan-questions-heading">{ format!("Four questions about {}", topology.title) }</h3>
            { question(0, html! {
                <input type="number" min="1" max="86400" value={inputs.timer_s.to_string()} data-testid="plan-timer"
                    onchange={edit(|e| number(e, 1, 86_400).map(Answer::TimerS))} />
            }) }
            { question(1, html! {
                <select data-testid="plan-cms" onchange={edit(|e| pool_of(e).map(Answer::CmsPool))}>
                    { pool_choice(inputs.cms_pool) }
                </select>
            }) }
            { question(2, html! {
                <select data-testid="plan-edge" onchange={edit(|e| pool_of(e).map(Answer::EdgeNextHop))}>
                    { pool_choice(inputs.edge_next_hop) }
                </select>
            }) }
            { question(3, html! {
                <select data-testid="plan-version" onchange={edit(|e| selected(e).and_then(|v| Version::parse(&v)).map(Answer::Version))}>
                    { for Version::ALL.into_iter().map(|v| html! {
                        <option value={v.as_str()} selected={inputs.version == v}>{ v.label() }</option>
                    }) }
                </select>
            }) }
            <div class="plan-question">
                <label>{"Your plan fails over, minutes after the failure "}
                    <input type="number" min="0" max="1440" value={(inputs.failover_after_s / 60).to_string()} data-testid="plan-failover-after"
                        onchange={edit(|e| number(e, 0, 1_440).map(|n| Answer::FailoverAfterS(n * 60)))} />
                </label>
                <p class="muted small">{"The time to decide and start: Microsoft's recovery time objective does not include it. The plan compares it with failing over at once, at 5 and 10 minutes, never, and a planned failover."}</p>
            </div>
            <div class="plan-question">
                <label>{"The failed pool is back up after, minutes "}
                    <input type="number" min="1" max="1440" value={(inputs.back_after_s / 60).to_string()} data-testid="plan-back-after"
                        onchange={edit(|e| number(e, 1, 1_440).map(|n| Answer::BackAfterS(n * 60)))} />
                </label>
                <p class="muted small">{"Your estimate (an assumption the plan states): failback starts then."}</p>
            </div>
            <div class="plan-actions">
                <button class="primary" data-testid="plan-make" onclick={make} disabled={paired == 0}>{"Make the plan"}</button>
                if paired == 0 {
                    <span class="muted small">{" No pool of this topology has a backup pool: import the pairs export too."}</span>
                }
            </div>
            { match slice.made() {
                None => html! {},
                Some(Err(why)) => html! { <p class="why" role="alert" data-testid="plan-problem">{ format!("No plan: {why}.") }</p> },
                Some(Ok(_)) => html! {
                    <PlanView plan={PlanRef(slice.made_rc().expect("a plan was made"))} shown={slice.shown()} on_command={props.on_command.clone()} />
                },
            } }
        </section>
    }
}
