//! The time axis with the scenario's events and "now", and the clocks that
//! matter: the registrar resiliency timer, failover in progress, failback
//! progress with users moved and an ETA.

use super::ViewProps;
use crate::runtime::Command;
use failover_engine::sim::{group_thousands, EventKind};
use failover_engine::{PoolIdx, SimTime};
use yew::prelude::*;

/// The timeline.
#[function_component]
pub fn Timeline(props: &ViewProps) -> Html {
    let r = props.rt.0.borrow();
    let sim = &r.sim;
    let sc = sim.scenario();
    let (t, end) = (r.t, r.end());
    let x = |at: SimTime| 1000.0 * at.ms() as f64 / end.ms().max(1) as f64;
    let marks: Vec<Html> = sim
        .events()
        .iter()
        .filter(|e| !matches!(e.kind, EventKind::UserChanged { .. } | EventKind::SessionChanged { .. }))
        .map(|e| {
            let admin = matches!(e.kind, EventKind::FailoverInvoked { .. } | EventKind::FailbackInvoked { .. } | EventKind::ChecklistDone { .. });
            let at = e.at;
            let on = props.on_command.clone();
            let title = format!("{} {}", e.at, sim.describe(e));
            html! {
                <g class={classes!("mark", admin.then_some("admin"))} onclick={Callback::from(move |e: MouseEvent| { e.stop_propagation(); on.emit(Command::Seek(at)) })}>
                    <title>{ title }</title>
                    <line x1={x(at).to_string()} x2={x(at).to_string()} y1="4" y2="30" />
                    <circle cx={x(at).to_string()} cy="8" r="5" />
                </g>
            }
        })
        .collect();
    let timers: Vec<Html> = (0..sc.pools.len() as PoolIdx).filter_map(|p| pool_status(sim, p, t)).collect();
    let on_axis = {
        let on = props.on_command.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(svg) = e.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            else {
                return;
            };
            let rect = svg.get_bounding_client_rect();
            if rect.width() > 0.0 {
                let k = ((f64::from(e.client_x()) - rect.left()) / rect.width()).clamp(0.0, 1.0);
                on.emit(Command::Seek(SimTime((k * end.ms() as f64) as u64)));
            }
        })
    };
    html! {
        <section class="timeline" aria-label="Timeline">
            <svg viewBox="0 0 1000 36" preserveAspectRatio="none" class="axis" onclick={on_axis} role="img"
                aria-label="Events on the time axis; click to jump">
                <rect x="0" y="14" width="1000" height="8" class="track" />
                <rect x="0" y="14" width={x(t).to_string()} height="8" class="elapsed" />
                { for marks }
                <line class="now" x1={x(t).to_string()} x2={x(t).to_string()} y1="0" y2="36" />
            </svg>
            <div class="timers" aria-live="polite">
                if timers.is_empty() {
                    <div class="timer muted">{"No pool is in disaster recovery at this moment."}</div>
                }
                { for timers }
            </div>
        </section>
    }
}

/// What is running for pool `p` at `t`: the registrar timer, a failover or
/// failback in progress, or the state users are left in.
fn pool_status(sim: &failover_engine::Simulation, p: PoolIdx, t: SimTime) -> Option<Html> {
    let sc = sim.scenario();
    let e = sim.dr().open_episode_at(p, t)?;
    let name = &sc.pools[usize::from(p)].name;
    let backup = sc.pools[usize::from(p)].backup.map(|b| sc.pools[usize::from(b)].name.clone());
    let timings = sim.timings();
    let before = |x: Option<SimTime>| x.is_none_or(|x| t < x);
    if let (Some(fb), Some(done)) = (e.failback_at, e.failback_done_at) {
        if fb <= t && t < done {
            let total = sim.pool_users(p).len() as u64;
            let moved = ((t.ms() - fb.ms()) / timings.failback_ms_per_user.max(1)).min(total);
            let eta = SimTime(done.ms() - t.ms());
            return Some(html! {
                <div class="timer" data-testid="failback-progress" data-moved={moved.to_string()} data-total={total.to_string()}>
                    <strong>{ format!("Failback of {name}") }</strong>
                    { format!(": {} / {} users moved home; {} left (done {done})", group_thousands(moved), group_thousands(total), eta.clock()) }
                    <progress max={total.to_string()} value={moved.to_string()} aria-label="Failback progress" />
                </div>
            });
        }
    }
    if let (Some(a), Some(d)) = (e.failover_at, e.failover_done_at) {
        if a <= t && t < d {
            let pct = 100.0 * (t.ms() - a.ms()) as f64 / (d.ms() - a.ms()).max(1) as f64;
            return Some(html! {
                <div class="timer" data-testid="failover-progress">
                    <strong>{ format!("Failover of {name} in progress") }</strong>
                    { format!(": completes {d}; until then its users are in Resiliency mode on {}", backup.clone().unwrap_or_default()) }
                    <progress max="100" value={format!("{pct:.0}")} aria-label="Failover progress" />
                </div>
            });
        }
        if d <= t {
            let next = if sim.dr().health(p, t) == failover_engine::Health::Down {
                format!("{name} is still down: restore it, then Invoke-CsPoolFailBack")
            } else {
                format!("{name} is up: Invoke-CsPoolFailBack when ready")
            };
            return Some(
                html! { <div class="timer" data-testid="failed-over"><strong>{ format!("{name} failed over") }</strong>{ format!(" at {d}: all services from {}. {next}.", backup.clone().unwrap_or_default()) }</div> },
            );
        }
    }
    if let Some(rh) = e.return_home_at.filter(|&rh| t < rh.plus_ms(timings.reconnect_spread_ms)) {
        return Some(
            html! { <div class="timer" data-testid="returning-home"><strong>{ format!("{name} is back") }</strong>{ format!(": the backup registrar redirects its users home at {rh} (failback detection interval).") }</div> },
        );
    }
    if let Some(s) = e.signin_at.filter(|&s| s <= t) {
        return Some(html! {
            <div class="timer" data-testid="resiliency-without-failover">
                <strong>{"Registrar resiliency timer expired"}</strong>
                { format!(" at {s}: users of {name} sign in to {} in Resiliency mode. No failover invoked yet: they stay in Resiliency mode until the admin fails over or {name} returns.", backup.clone().unwrap_or_default()) }
            </div>
        });
    }
    if let Some(f) = e.failed_at {
        if backup.is_none() {
            return Some(
                html! { <div class="timer"><strong>{ format!("{name} is down") }</strong>{" and has no backup pool: its users cannot sign in until it is restored."}</div> },
            );
        }
        let expires = f.plus_ms(timings.registrar_timer_ms);
        if t < expires && before(e.failover_at) {
            let left = SimTime(expires.ms() - t.ms());
            return Some(html! {
                <div class="timer" data-testid="registrar-timer">
                    <strong>{"Registrar resiliency timer "}</strong>{ format!("for {name}: {} left", left.clock()) }
                    <span class="muted">{ format!(" (expires {expires}; users cannot sign in until then or until the admin invokes failover)") }</span>
                </div>
            });
        }
    }
    None
}
