//! One card per pool with its health, DR state and counts; the machine-readable
//! twin of the stage (`data-testid="pool-<id>"`).

use super::ViewProps;
use failover_engine::sim::group_thousands;
use failover_engine::Health;
use yew::prelude::*;

#[function_component]
pub fn PoolCards(props: &ViewProps) -> Html {
    let r = props.rt.0.borrow();
    let pools = r.sim.pool_views(r.t);
    let sc = r.sim.scenario();
    html! {
        <ul class="pool-cards" aria-label="Pools">
            { for pools.iter().enumerate().map(|(i, p)| {
                let backup = sc.pools[i].backup.map(|b| sc.pools[usize::from(b)].name.clone());
                let n = |x: u32| group_thousands(u64::from(x));
                html! {
                    <li class={classes!("pool-card", (p.health == Health::Down).then_some("down"))}
                        data-testid={format!("pool-{}", p.id)} data-health={p.health.as_str()} data-dr-state={p.dr_state.as_str()}
                        data-serving={p.serving.to_string()}>
                        <div class="pool-name">{ p.name.clone() }</div>
                        <div class="pool-badges">
                            <span class={classes!("badge", p.health.as_str())}>{ match p.health { Health::Up => "● up", Health::Down => "✕ down" } }</span>
                            <span class="badge dr">{ p.dr_state.as_str() }</span>
                            <span class="badge pair">{ backup.map_or("unpaired".to_string(), |b| format!("paired with {b}")) }</span>
                        </div>
                        <div class="pool-counts">
                            <span title="Signed-in users this pool serves">{ format!("serving {}", n(p.serving)) }</span>
                            <span title="Of which in regular mode">{ format!("regular {}", n(p.serving_regular)) }</span>
                            <span title="Of which in Resiliency mode">{ format!("resiliency {}", n(p.serving_resiliency)) }</span>
                            <span title="Users homed here who are signed out">{ format!("signed out {}", n(p.signed_out_homed)) }</span>
                        </div>
                    </li>
                }
            }) }
        </ul>
    }
}
