//! Present: the clocks that matter, large enough for the back of a room:
//! the registrar timer's and failover's time left, failback's share moved,
//! each over the engine's own status line.

use super::ViewProps;
use failover_engine::sim::PoolStatus;
use failover_engine::{PoolIdx, SimTime};
use yew::prelude::*;

pub fn countdown(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let (sim, t) = (r.sim(), r.t());
    let left = |until: SimTime| SimTime(until.ms().saturating_sub(t.ms())).clock();
    let clocks = (0..sim.scenario().pools.len() as PoolIdx).filter_map(|p| {
        let status = sim.pool_status(p, t)?;
        let big = match status {
            PoolStatus::RegistrarTimer { expires } => left(expires),
            PoolStatus::FailingOver { done, .. } => left(done),
            PoolStatus::FailingBack { moved, total, .. } => {
                format!("{}%", 100 * u64::from(moved) / u64::from(total.max(1)))
            }
            _ => return None,
        };
        Some(html! {
            <div class="countdown" data-testid={format!("countdown-{}", sim.scenario().pools[usize::from(p)].id)}>
                <span class="big">{ big }</span>
                <span class="what">{ sim.status_text(p, status, t) }</span>
            </div>
        })
    });
    html! { <div class="countdowns" aria-live="off">{ for clocks }</div> }
}
