//! The admin's orders, each with the PowerShell it stands for. An order that
//! is illegal now is disabled and says why (the engine's own refusal).

use super::ViewProps;
use crate::runtime::Command;
use failover_engine::{Action, ChecklistItem, FailoverMode, PoolIdx};
use yew::prelude::*;

/// The admin panel.
#[function_component]
pub fn AdminPanel(props: &ViewProps) -> Html {
    let r = props.rt.0.borrow();
    let sc = r.sim.scenario();
    let button = |action: Action, label: String, command: String| {
        let check = r.check(&action);
        let on = props.on_command.clone();
        let a = action.clone();
        let why = check.as_ref().err().map(|e| e.to_string());
        let pool_id = match &action {
            Action::PoolFails(p)
            | Action::PoolRestored(p)
            | Action::InvokeFailback(p)
            | Action::InvokeFailover(p, _)
            | Action::Checklist(p, _) => sc.pools[usize::from(*p)].id.clone(),
            _ => String::new(),
        };
        let slug = match &action {
            Action::PoolFails(_) => "pool-fails",
            Action::PoolRestored(_) => "pool-restored",
            Action::InvokeFailover(_, FailoverMode::Disaster) => "failover-disaster",
            Action::InvokeFailover(_, FailoverMode::Planned) => "failover-planned",
            Action::InvokeFailback(_) => "failback",
            Action::Checklist(_, item) => item.action(),
            Action::UserSignsIn(_) | Action::UserSignsOut(_) | Action::Rejoin(..) => "user",
        };
        let id = format!("admin-{pool_id}-{slug}");
        html! {
            <li class="order">
                <button disabled={why.is_some()} onclick={Callback::from(move |_: MouseEvent| on.emit(Command::Order(a.clone())))}
                    data-testid={id} title={why.clone().unwrap_or_default()}>
                    { label }
                </button>
                <code class="ps">{ command }</code>
                if let Some(why) = why {
                    <span class="why">{ why }</span>
                }
            </li>
        }
    };
    let pools = sc.pools.iter().enumerate().map(|(i, pool)| {
        let p = i as PoolIdx;
        let fqdn = pool.id.clone();
        let mut items = vec![
            button(Action::PoolFails(p), "Pool fails".into(), "(a disaster: the pool stops)".into()),
            button(Action::PoolRestored(p), "Pool restored".into(), "(repaired and back up)".into()),
        ];
        if pool.backup.is_some() {
            items.push(button(
                Action::InvokeFailover(p, FailoverMode::Disaster),
                "Fail over (disaster)".into(),
                format!("Invoke-CsPoolFailover -PoolFqdn {fqdn} -DisasterMode -Verbose"),
            ));
            items.push(button(
                Action::InvokeFailover(p, FailoverMode::Planned),
                "Fail over (planned)".into(),
                format!("Invoke-CsPoolFailover -PoolFqdn {fqdn} -Verbose"),
            ));
            items.push(button(
                Action::InvokeFailback(p),
                "Fail back".into(),
                format!("Invoke-CsPoolFailBack -PoolFqdn {fqdn} -Verbose"),
            ));
            for item in ChecklistItem::ALL {
                let applies = match item {
                    ChecklistItem::RepointEdge => pool.edge_next_hop,
                    ChecklistItem::FailoverCms => pool.hosts_cms,
                    _ => true,
                };
                if applies {
                    items.push(button(
                        Action::Checklist(p, item),
                        item.label().to_string(),
                        item.command_for(
                            &pool.backup.map_or("<B>".to_string(), |b| sc.pools[usize::from(b)].id.clone()),
                        ),
                    ));
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
            <p class="muted small"><span class="assumption-mark">{"assumption"}</span>{" A planned failover (without -DisasterMode) moves users as a disaster failover does: signed out, then signed in to the backup pool in Resiliency mode until the failover completes. The source page describes only the disaster case."}</p>
            <p class="muted small">{"Not replicated by the Backup Service: the LIS database, Response Group configuration (before SfB 2019's -EnableRgsBackupService), Call Park music and announcements; the Edge next hop and the CMS must be moved first when they point at the failed pool."}</p>
        </section>
    }
}
