//! The pools' status folded into the stage: one compact line over each
//! column (health, DR state, counts; the canvas draws the names), and the
//! machine-readable twin of the stage (`data-testid="pool-<id>"`).

use super::ViewProps;
use failover_engine::sim::group_thousands;
use failover_engine::Health;
use yew::prelude::*;

pub fn pool_cards(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let pools = r.sim().pool_views(r.t());
    let sc = r.sim().scenario();
    html! {
        <ul class="pool-strip" aria-label="Pools">
            { for pools.iter().enumerate().map(|(i, p)| {
                let backup = sc.pools[i].backup.map(|b| sc.pools[usize::from(b)].name.clone());
                let n = |x: u32| group_thousands(u64::from(x));
                let summary = format!(
                    "{}: {}, {}, {}; serving {} ({} regular, {} Resiliency mode); {} of its users signed out",
                    p.name, p.health.as_str(), p.dr_state.as_str(),
                    backup.map_or("unpaired".to_string(), |b| format!("paired with {b}")),
                    n(p.serving), n(p.serving_regular), n(p.serving_resiliency), n(p.signed_out_homed)
                );
                html! {
                    <li class={classes!("pool-chip", (p.health == Health::Down).then_some("down"))}
                        data-testid={format!("pool-{}", p.id)} data-health={p.health.as_str()} data-dr-state={p.dr_state.as_str()}
                        data-serving={p.serving.to_string()} title={summary.clone()} aria-label={summary}>
                        <span class={classes!("badge", p.health.as_str())}>{ match p.health { Health::Up => "● up", Health::Down => "✕ down" } }</span>
                        if p.dr_state != failover_engine::DrState::Normal {
                            <span class="badge dr">{ p.dr_state.as_str() }</span>
                        }
                        <span class="pool-counts" aria-hidden="true">
                            <span class="regular" title="serving, regular mode">{ format!("■ {}", n(p.serving_regular)) }</span>
                            <span class="resiliency" title="serving, Resiliency mode">{ format!("□ {}", n(p.serving_resiliency)) }</span>
                            <span class="signed-out" title="homed here, signed out">{ format!("· {}", n(p.signed_out_homed)) }</span>
                        </span>
                    </li>
                }
            }) }
        </ul>
    }
}
