//! The text twin of the animation: counts by state now, and the latest event
//! in a polite ARIA live region (it changes only when something happens, so
//! screen readers are not flooded while playing).

use super::ViewProps;
use failover_engine::sim::group_thousands;
use yew::prelude::*;

/// The narration line under the stage.
pub fn narration(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let sim = &r.sim();
    let c = sim.pool_counts(r.t());
    let (reg, res, out) = c.iter().fold((0, 0, 0), |a, c| (a.0 + c.regular, a.1 + c.resiliency, a.2 + c.signed_out));
    let n = |x: u32| group_thousands(u64::from(x));
    let latest = sim.events().iter().rev().find(|e| e.at <= r.t()).map(|e| format!("{} {}", e.at, sim.describe(e)));
    html! {
        <div class="narration" data-testid="narration">
            <p class="counts-line" data-testid="counts" data-regular={reg.to_string()} data-resiliency={res.to_string()} data-signed-out={out.to_string()}>{ format!("{} regular · {} Resiliency mode · {} signed out", n(reg), n(res), n(out)) }</p>
            <p class="latest" aria-live="polite" aria-atomic="true" data-testid="latest-event">{ latest.unwrap_or_else(|| "Nothing has happened yet.".into()) }</p>
        </div>
    }
}
