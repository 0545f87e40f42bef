//! Compare: this run and a variant of it (the admin fails over at once, or
//! nobody fails over) side by side at the same moment, differences marked.

use super::ViewProps;
use crate::state::{RunCmd, Variant};
use failover_engine::capability::CapKey;
use failover_engine::sim::{group_thousands, Mode};
use failover_engine::{NamedIdx, SimTime, Simulation};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

fn rows(sim: &Simulation, t: SimTime, user: Option<NamedIdx>) -> Vec<(String, String)> {
    let sc = sim.scenario();
    let counts = sim.pool_counts(t);
    let mut out = Vec::new();
    for (i, p) in sc.pools.iter().enumerate() {
        let c = counts[i];
        out.push((
            format!("{}: health, DR state", p.name),
            format!("{}, {}", sim.dr().health(i as u16, t).as_str(), sim.dr().dr_state(i as u16, t).as_str()),
        ));
        out.push((
            format!("{}: serving (regular / Resiliency)", p.name),
            format!(
                "{} ({} / {})",
                group_thousands(c.serving().into()),
                group_thousands(c.regular.into()),
                group_thousands(c.resiliency.into())
            ),
        ));
        out.push((format!("{}: its users signed out", p.name), group_thousands(c.signed_out.into())));
    }
    if let Some(u) = user {
        let s = sim.named_situation(u, t);
        let name = &sc.users[u as usize].name;
        let pool = s.serving.map_or("signed out".to_string(), |p| sc.pools[usize::from(p)].name.clone());
        out.push((format!("{name}: phase"), format!("{} · {}", s.phase.number(), s.phase.label())));
        out.push((
            format!("{name}: where"),
            format!(
                "{pool}{}",
                s.mode.map_or(String::new(), |m| format!(
                    ", {}",
                    if m == Mode::Regular { "regular" } else { "Resiliency" }
                ))
            ),
        ));
        for k in CapKey::ALL {
            out.push((
                format!("{name}: {}", k.label()),
                failover_engine::rules::cell(k, &s).value.as_str().to_string(),
            ));
        }
    }
    out
}

#[function_component]
pub fn ComparePanel(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let on = props.on_command.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
            on.emit(RunCmd::Compare(Variant::parse(&sel.value())).into());
        }
    });
    let current = r.compare().as_ref().map(|(v, _)| *v);
    // Both runs' stacked areas change only with the runs: computed once per change.
    let areas = {
        let rt = props.rt.clone();
        use_memo((r.revision(), current.map(Variant::as_str), r.end().ms()), move |&(_, _, end)| {
            let r = &*rt.0;
            let other = r.compare().as_ref().and_then(|(_, run)| run.as_ref().ok());
            (
                super::chart::stacked_areas(r.sim(), SimTime(end)),
                other.map(|o| super::chart::stacked_areas(o, SimTime(end))),
            )
        })
    };
    let body = match &r.compare() {
        None => html! { <p class="muted">{"Choose a variant to see the same moment of both runs side by side."}</p> },
        Some((_, Err(e))) => html! { <p class="why">{ e.clone() }</p> },
        Some((v, Ok(other))) => {
            let user = r.selected_named();
            let a = rows(r.sim(), r.t(), user);
            let b = rows(other, r.t(), user);
            let differ = a.iter().zip(&b).filter(|(x, y)| x.1 != y.1).count();
            html! {
                <>
                <p data-testid="compare-differences" data-count={differ.to_string()}>{ format!("At {}: {}, marked ≠.", r.t(), failover_engine::text::count(differ as u64, "difference", "differences")) }</p>
                <div class="compare-charts">
                    <figure>
                        <figcaption>{"This run"}</figcaption>
                        <super::mini_stage::MiniStage rt={props.rt.clone()} tick={props.tick} variant={false} label={format!("This run at {}", r.t())} />
                    </figure>
                    <figure>
                        <figcaption>{ v.label() }</figcaption>
                        <super::mini_stage::MiniStage rt={props.rt.clone()} tick={props.tick} variant={true} label={format!("{} at {}", v.label(), r.t())} />
                    </figure>
                    <figure>
                        <figcaption>{"This run: users by state"}</figcaption>
                        { super::chart::stacked_svg(&areas.0, r.end(), r.t(), "This run: users by state over time".into()) }
                    </figure>
                    <figure>
                        <figcaption>{ format!("{}: users by state", v.label()) }</figcaption>
                        if let Some(other_areas) = &areas.1 {
                            { super::chart::stacked_svg(other_areas, r.end(), r.t(), format!("{}: users by state over time", v.label())) }
                        }
                    </figure>
                </div>
                <div class="scroll">
                <table class="compare-table">
                    <thead><tr><th scope="col">{""}</th><th scope="col">{"This run"}</th><th scope="col">{ v.label() }</th></tr></thead>
                    <tbody>
                        { for a.iter().zip(&b).map(|((label, x), (_, y))| {
                            let diff = x != y;
                            html! {
                                <tr class={classes!(diff.then_some("diff"))}>
                                    <th scope="row">{ label.clone() }</th>
                                    <td>{ x.clone() }</td>
                                    <td>{ if diff { format!("≠ {y}") } else { y.clone() } }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                </div>
                </>
            }
        }
    };
    html! {
        <section class="compare card" aria-label="Compare runs" data-testid="compare">
            <h2>{"Compare"}</h2>
            <label>{"Compare this run with "}
                <select {onchange} data-testid="compare-picker">
                    <option value="" selected={current.is_none()}>{"(nothing)"}</option>
                    { for [Variant::FailoverAtOnce, Variant::TimerOnly].iter().map(|v| html! {
                        <option value={v.as_str()} selected={current == Some(*v)}>{ v.label() }</option>
                    }) }
                </select>
            </label>
            { body }
        </section>
    }
}
