//! The admin's orders, each with the PowerShell it stands for. An order that
//! is illegal now is disabled and says why (the engine's own refusal).

use super::ViewProps;
use crate::runtime::Command;
use failover_engine::orders::{NOT_REPLICATED, PLANNED_FAILOVER_ASSUMPTION};
use failover_engine::{Action, ChecklistItem, FailoverMode, PoolIdx};
use yew::prelude::*;

#[function_component]
pub fn AdminPanel(props: &ViewProps) -> Html {
    let r = props.rt.0.borrow();
    let sc = r.sim.scenario();
    let button = |action: Action| {
        let check = r.check(&action);
        let on = props.on_command.clone();
        let a = action.clone();
        let why = check.as_ref().err().map(|e| e.to_string());
        let pool_id = action.pool().map(|p| sc.pools[usize::from(p)].id.clone()).unwrap_or_default();
        let id = format!("admin-{pool_id}-{}", action.slug());
        html! {
            <li class="order">
                <button disabled={why.is_some()} onclick={Callback::from(move |_: MouseEvent| on.emit(Command::Order(a.clone())))}
                    data-testid={id} title={why.clone().unwrap_or_default()}>
                    { action.label() }
                </button>
                <code class="ps">{ action.command(sc) }</code>
                if let Some(why) = why {
                    <span class="why">{ why }</span>
                }
            </li>
        }
    };
    let pools = sc.pools.iter().enumerate().map(|(i, pool)| {
        let p = i as PoolIdx;
        let mut items = vec![button(Action::PoolFails(p)), button(Action::PoolRestored(p))];
        if pool.backup.is_some() {
            items.push(button(Action::InvokeFailover(p, FailoverMode::Disaster)));
            items.push(button(Action::InvokeFailover(p, FailoverMode::Planned)));
            items.push(button(Action::InvokeFailback(p)));
            for item in ChecklistItem::ALL {
                let applies = match item {
                    ChecklistItem::RepointEdge => pool.edge_next_hop,
                    ChecklistItem::FailoverCms => pool.hosts_cms,
                    _ => true,
                };
                if applies {
                    items.push(button(Action::Checklist(p, item)));
                }
            }
        }
        html! {
            <div class="pool-orders">
                <h3>{ pool.name.clone() }</h3>
                <ul>{ for items }</ul>
            </div>
        }
    });
    html! {
        <section class="admin card" aria-label="Admin orders">
            <h2>{"Admin"}</h2>
            <p class="muted">{"Orders act at the current moment. After scrubbing back, an order forks the run: later orders are dropped."}</p>
            if let Some(outcome) = &r.last_order {
                <p class={classes!("outcome", outcome.is_err().then_some("refused"))} role="status" data-testid="order-outcome">
                    { match outcome { Ok(m) | Err(m) => m.clone() } }
                </p>
            }
            { for pools }
            <p class="muted small"><span class="assumption-mark">{"assumption"}</span>{" "}{ PLANNED_FAILOVER_ASSUMPTION }</p>
            <p class="muted small">{ NOT_REPLICATED }</p>
        </section>
    }
}
