//! The plan as the administrator reads, prints and exports it: per failure
//! of a paired pool, the summary of their own response, the variants side
//! by side (best marked), the charts, the runbook and what to tell users
//! and the helpdesk. Every figure and sentence is the engine's
//! (`failover_engine::plan`); this view only lays them out. Drawn again only
//! when the plan or the variant on the stage changes.

use crate::browser;
use crate::state::{Command, PlanCmd};
use failover_engine::plan::{FailurePlan, Plan};
use std::rc::Rc;
use yew::prelude::*;

/// The plan shared with the state: equal when it is the same plan.
#[derive(Clone)]
pub struct PlanRef(pub Rc<Result<Plan, String>>);

impl PartialEq for PlanRef {
    fn eq(&self, other: &PlanRef) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct PlanViewProps {
    pub plan: PlanRef,
    /// The variant on the stage: (failure, variant).
    pub shown: Option<(usize, usize)>,
    pub on_command: Callback<Command>,
}

#[function_component]
pub fn PlanView(props: &PlanViewProps) -> Html {
    let Ok(plan) = &*props.plan.0 else { return html! {} };
    let download = |ext: &'static str, mime: &'static str| {
        let plan = props.plan.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(p) = &*plan.0 {
                let text = match ext {
                    "html" => p.html(),
                    "json" => p.json(),
                    _ => p.markdown(),
                };
                browser::download_text(&p.file_name(ext), mime, &text);
            }
        })
    };
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    html! {
        <article class="plan-doc" aria-labelledby="plan-title" data-testid="plan">
            <h2 id="plan-title">{ plan.title.clone() }</h2>
            <div class="plan-exports">
                <button data-testid="plan-print" onclick={print}>{"Print"}</button>
                <button data-testid="plan-md" onclick={download("md", "text/markdown")}>{"Markdown"}</button>
                <button data-testid="plan-html" onclick={download("html", "text/html")}>{"HTML"}</button>
                <button data-testid="plan-json" onclick={download("json", "application/json")}>{"JSON"}</button>
            </div>
            <p class="privacy small">{"Made in this browser from your files: the plan, like your topology, is never put in a link or saved in this browser. Export it to keep it."}</p>
            <ul class="plan-answers">
                { for plan.answers.iter().map(|(q, a)| html! { <li><strong>{ format!("{q}: ") }</strong>{ a.clone() }</li> }) }
            </ul>
            { for plan.warnings.iter().map(|w| html! { <p class="warn" role="note">{ w.clone() }</p> }) }
            { for plan.unpaired.iter().map(|u| html! { <p class="warn" role="note">{ format!("No backup pool: {u}") }</p> }) }
            { for plan.failures.iter().enumerate().map(|(f, failure)| failure_view(f, failure, props)) }
            <h3>{"Assumptions"}</h3>
            <ul class="small">{ for plan.assumptions.iter().map(|a| html! { <li>{ a.clone() }</li> }) }</ul>
        </article>
    }
}

fn failure_view(f: usize, failure: &FailurePlan, props: &PlanViewProps) -> Html {
    let rows = failure.rows();
    let yours = failure.variants.iter().position(|v| v.yours).unwrap_or(0);
    let show = |v: usize| {
        let on = props.on_command.clone();
        Callback::from(move |_: MouseEvent| on.emit(PlanCmd::Show { failure: f, variant: v }.into()))
    };
    html! {
        <section class="plan-failure" data-testid="plan-failure">
            <h3>{ failure.heading() }</h3>
            <h4>{ format!("Summary: {}", failure.yours().response.name()) }</h4>
            <dl class="plan-summary" data-testid="plan-summary">
                <dt>{"Users affected"}</dt><dd>{ failover_engine::text::group_thousands(u64::from(failure.users)) }</dd>
                { for rows.iter().map(|r| html! { <><dt>{ r.label.clone() }</dt><dd>{ r.cells[yours].clone() }</dd></> }) }
            </dl>
            <h4>{"Variants side by side"}</h4>
            <p class="muted small">{"The best value of each row is marked ★."}</p>
            <div class="scroll">
                <table class="plan-variants" data-testid="plan-variants">
                    <thead><tr>
                        <th scope="col">{""}</th>
                        { for failure.variants.iter().enumerate().map(|(v, variant)| {
                            let on_stage = props.shown == Some((f, v));
                            html! {
                                <th scope="col" class={classes!(variant.yours.then_some("yours"))}>
                                    { variant.response.name() }
                                    if variant.yours { <span class="muted">{" (your plan)"}</span> }
                                    <br />
                                    <button class="small plan-show" data-testid="plan-show" aria-pressed={on_stage.to_string()} onclick={show(v)}>
                                        { if on_stage { "On the stage" } else { "Play it" } }
                                    </button>
                                </th>
                            }
                        }) }
                    </tr></thead>
                    <tbody>
                        { for rows.iter().map(|r| html! {
                            <tr>
                                <th scope="row">{ r.label.clone() }</th>
                                { for r.cells.iter().zip(&r.best).map(|(c, best)| html! {
                                    <td class={classes!(best.then_some("best"))}>{ if *best { format!("★ {c}") } else { c.clone() } }</td>
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <div class="plan-charts">
                { for failure.variants.iter().map(|v| Html::from_html_unchecked(failure.chart_svg(v).into())) }
            </div>
            <h4>{ format!("Runbook: {}", failure.yours().response.name()) }</h4>
            <ol class="plan-runbook" data-testid="plan-runbook">
                { for failure.runbook.iter().map(|s| html! {
                    <li>
                        <strong>{ format!("{}: {}", s.at, s.what) }</strong>
                        <pre>{ s.command.clone() }</pre>
                        { for s.why.iter().map(|w| html! { <p class="small"><em>{"Why here: "}</em>{ w.clone() }</p> }) }
                        if let Some(then) = &s.then {
                            <p class="small"><em>{"Then users: "}</em>{ then.clone() }</p>
                        }
                    </li>
                }) }
            </ol>
            <h4>{"What users can do, and what to tell them"}</h4>
            { for failure.phases.iter().map(|p| {
                let g = &p.group;
                html! {
                    <div class="plan-phase" data-testid="plan-phase">
                        <h5>{ format!("From {}: {}", p.from, g.who) }</h5>
                        <ul class="small">
                            <li><strong>{"Their client shows: "}</strong>{ g.client.clone() }</li>
                            { for g.cannot.iter().map(|(what, why)| html! { <li><strong>{"Cannot: "}</strong>{ format!("{}. Why: {why}.", what.join("; ")) }</li> }) }
                            { for g.limited.iter().map(|(what, why)| html! { <li><strong>{"Limited: "}</strong>{ format!("{what}. Why: {why}.") }</li> }) }
                            <li><strong>{"Signing in: "}</strong>{ g.sign_in.clone() }</li>
                            <li data-testid="plan-message"><strong>{"Message to users: "}</strong>{ g.say.join(" ") }</li>
                            <li><strong>{"For the helpdesk: "}</strong>{ failure.helpdesk(g) }</li>
                        </ul>
                    </div>
                }
            }) }
            <h4>{"Sources"}</h4>
            <ul class="small">{ for failure.sources.iter().map(|s| html! { <li>{ s.clone() }</li> }) }</ul>
        </section>
    }
}
