//! Users by state over the whole run (stacked), from the engine's closed-form
//! counts, with the current moment marked.

use super::ViewProps;
use failover_engine::sim::group_thousands;
use failover_engine::SimTime;
use yew::prelude::*;

const SAMPLES: u64 = 240;

/// The two stacked areas of a run over `[0, end]` as SVG polygon points
/// (regular; Resiliency on top of it). They change only with the run, so
/// callers memoize them instead of recomputing at every re-render.
pub fn stacked_areas(sim: &failover_engine::Simulation, end: SimTime) -> (String, String) {
    let end = end.ms().max(1);
    let total = f64::from(sim.user_count().max(1));
    let mut regular = Vec::new();
    let mut resiliency = Vec::new();
    for i in 0..=SAMPLES {
        let c = sim.pool_counts(SimTime(end * i / SAMPLES));
        let reg: u32 = c.iter().map(|c| c.regular).sum();
        let res: u32 = c.iter().map(|c| c.resiliency).sum();
        regular.push(f64::from(reg) / total);
        resiliency.push(f64::from(reg + res) / total);
    }
    let x = |i: usize| 1000.0 * i as f64 / SAMPLES as f64;
    let point =
        |x: f64, y: f64| format!("{},{}", failover_engine::text::decimal(x, 1), failover_engine::text::decimal(y, 1));
    let y = |v: f64| 200.0 - 200.0 * v;
    let area = |top: &[f64], bottom: Option<&[f64]>| {
        let mut pts: Vec<String> = top.iter().enumerate().map(|(i, v)| point(x(i), y(*v))).collect();
        match bottom {
            Some(b) => pts.extend(b.iter().enumerate().rev().map(|(i, v)| point(x(i), y(*v)))),
            None => pts.extend(["1000,200".to_string(), "0,200".to_string()]),
        }
        pts.join(" ")
    };
    (area(&regular, None), area(&resiliency, Some(&regular)))
}

/// The stacked areas with the moment `t` of `[0, end]` marked (also used by
/// the compare panel, one per run).
pub fn stacked_svg(areas: &(String, String), end: SimTime, t: SimTime, label: String) -> Html {
    let now_x = 1000.0 * t.ms() as f64 / end.ms().max(1) as f64;
    html! {
        <svg viewBox="0 0 1000 200" preserveAspectRatio="none" role="img" aria-label={label}>
            <rect class="signed-out-area" x="0" y="0" width="1000" height="200" />
            <polygon class="resiliency-area" points={areas.1.clone()} />
            <polygon class="regular-area" points={areas.0.clone()} />
            <line class="now" x1={failover_engine::text::decimal(now_x, 1)} x2={failover_engine::text::decimal(now_x, 1)} y1="0" y2="200" />
        </svg>
    }
}

#[function_component]
pub fn Chart(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let sim = &r.sim();
    let areas = {
        let rt = props.rt.clone();
        use_memo((r.revision(), r.end().ms()), move |&(_, end)| stacked_areas(rt.0.sim(), SimTime(end)))
    };
    let c = sim.pool_counts(r.t());
    let (reg, res, out): (u32, u32, u32) =
        c.iter().fold((0, 0, 0), |a, c| (a.0 + c.regular, a.1 + c.resiliency, a.2 + c.signed_out));
    let n = |x: u32| group_thousands(u64::from(x));
    html! {
        <section class="chart card" aria-label="Users by state over time">
            <h2>{"Users by state over time"}</h2>
            { stacked_svg(&areas, r.end(), r.t(), format!("Now: {} regular, {} in Resiliency mode, {} signed out", n(reg), n(res), n(out))) }
            <p class="chart-legend" data-regular={reg.to_string()} data-resiliency={res.to_string()} data-signed-out={out.to_string()}>
                <span class="key regular-area">{"■"}</span>{ format!(" regular {}  ", n(reg)) }
                <span class="key resiliency-area">{"■"}</span>{ format!(" Resiliency {}  ", n(res)) }
                <span class="key signed-out-area">{"■"}</span>{ format!(" signed out {}", n(out)) }
            </p>
        </section>
    }
}
