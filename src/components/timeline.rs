//! The time axis with the scenario's events and "now", and the clocks that
//! matter: the registrar resiliency timer, failover in progress, failback
//! progress with users moved and an ETA.

use super::ViewProps;
use crate::state::PlaybackCmd;
use failover_engine::sim::{EventKind, PoolStatus};
use failover_engine::text::decimal;
use failover_engine::{PoolIdx, SimTime};
use yew::prelude::*;

pub fn timeline(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let sim = &r.sim();
    let sc = sim.scenario();
    let (t, end) = (r.t(), r.end());
    // A learner does not jump through the lesson by the axis.
    let learning = r.mode() == crate::screen::Mode::Learn;
    let x = |at: SimTime| 1000.0 * at.ms() as f64 / end.ms().max(1) as f64;
    let marks: Vec<Html> = sim
        .events()
        .iter()
        .filter(|e| !matches!(e.kind, EventKind::UserChanged { .. } | EventKind::SessionChanged { .. }))
        .map(|e| {
            let admin = matches!(
                e.kind,
                EventKind::FailoverInvoked { .. } | EventKind::FailbackInvoked { .. } | EventKind::ChecklistDone { .. }
            );
            let at = e.at;
            let on = props.on_command.clone();
            // A learner does not read what comes next off the markers.
            let title = if learning && at > r.t() {
                "Later in the lesson".to_string()
            } else {
                format!("{} {}", e.at, sim.describe(e))
            };
            let onclick = (!learning).then(|| {
                Callback::from(move |e: MouseEvent| {
                    e.stop_propagation();
                    on.emit(PlaybackCmd::Seek(at).into())
                })
            });
            html! {
                <g class={classes!("mark", admin.then_some("admin"))} {onclick}>
                    <title>{ title }</title>
                    <line x1={decimal(x(at), 1)} x2={decimal(x(at), 1)} y1="4" y2="30" />
                    <circle cx={decimal(x(at), 1)} cy="8" r="5" />
                </g>
            }
        })
        .collect();
    let timers: Vec<Html> = (0..sc.pools.len() as PoolIdx).filter_map(|p| pool_status(sim, p, t)).collect();
    let on_axis = (!learning).then(|| {
        let on = props.on_command.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(svg) = e.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            else {
                return;
            };
            let rect = svg.get_bounding_client_rect();
            if rect.width() > 0.0 {
                let k = ((f64::from(e.client_x()) - rect.left()) / rect.width()).clamp(0.0, 1.0);
                on.emit(PlaybackCmd::Seek(SimTime((k * end.ms() as f64) as u64)).into());
            }
        })
    });
    html! {
        <section class="timeline" aria-label="Timeline">
            <svg viewBox="0 0 1000 36" preserveAspectRatio="none" class="axis" onclick={on_axis} role="img"
                aria-label="Events on the time axis; click to jump">
                <rect x="0" y="14" width="1000" height="8" class="track" />
                <rect x="0" y="14" width={decimal(x(t), 1)} height="8" class="elapsed" />
                { for marks }
                <line class="now" x1={decimal(x(t), 1)} x2={decimal(x(t), 1)} y1="0" y2="36" />
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

/// The engine's status line for pool `p` at `t`, with a progress bar where
/// something is under way.
fn pool_status(sim: &failover_engine::Simulation, p: PoolIdx, t: SimTime) -> Option<Html> {
    let status = sim.pool_status(p, t)?;
    let text = sim.status_text(p, status, t);
    let (testid, bar) = match status {
        PoolStatus::FailingBack { moved, total, .. } => (
            "failback-progress",
            html! { <progress max={total.to_string()} value={moved.to_string()} aria-label="Failback progress" /> },
        ),
        PoolStatus::FailingOver { started, done } => {
            let pct = 100.0 * t.ms().saturating_sub(started.ms()) as f64
                / done.ms().saturating_sub(started.ms()).max(1) as f64;
            (
                "failover-progress",
                html! { <progress max="100" value={decimal(pct, 0)} aria-label="Failover progress" /> },
            )
        }
        PoolStatus::FailedOver { .. } => ("failed-over", html! {}),
        PoolStatus::ReturningHome { .. } => ("returning-home", html! {}),
        PoolStatus::ResiliencyWithoutFailover { .. } => ("resiliency-without-failover", html! {}),
        PoolStatus::RegistrarTimer { .. } => ("registrar-timer", html! {}),
        PoolStatus::DownNoBackup => ("down-no-backup", html! {}),
    };
    let (moved, total) = match status {
        PoolStatus::FailingBack { moved, total, .. } => (Some(moved.to_string()), Some(total.to_string())),
        _ => (None, None),
    };
    Some(html! {
        <div class="timer" data-testid={testid} data-moved={moved} data-total={total}>
            { text }
            { bar }
        </div>
    })
}
