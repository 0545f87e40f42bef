//! The plan as the administrator reads, prints and exports it. The plan's
//! content is the engine's own HTML (`Plan::html_body`: every figure and
//! sentence from `failover_engine::plan`, every text escaped there), the
//! same as the exported page, styled by the page; here only the exports and
//! the choice of a variant to play on the stage. Drawn again only when the
//! plan or the variant on the stage changes.

use crate::browser;
use crate::state::{Command, PlanCmd};
use failover_engine::plan::Plan;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
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
    let body = {
        let plan = props.plan.clone();
        use_memo(plan, |p| p.0.as_ref().as_ref().map(|p| AttrValue::from(p.html_body())).unwrap_or_default())
    };
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
    let play = {
        let on = props.on_command.clone();
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<HtmlSelectElement>() else { return };
            if let Some((f, v)) = select.value().split_once(':') {
                if let (Ok(failure), Ok(variant)) = (f.parse(), v.parse()) {
                    on.emit(PlanCmd::Show { failure, variant }.into());
                }
            }
        })
    };
    html! {
        <article class="plan-doc" aria-labelledby="plan-title" data-testid="plan">
            <h2 id="plan-title">{ plan.title.clone() }</h2>
            <div class="plan-exports">
                <button data-testid="plan-print" onclick={print}>{"Print"}</button>
                <button data-testid="plan-md" onclick={download("md", "text/markdown")}>{"Markdown"}</button>
                <button data-testid="plan-html" onclick={download("html", "text/html")}>{"HTML"}</button>
                <button data-testid="plan-json" onclick={download("json", "application/json")}>{"JSON"}</button>
                <label>{"Play on the stage "}
                    <select data-testid="plan-play" onchange={play}>
                        <option value="" selected={props.shown.is_none()}>{"(choose a variant)"}</option>
                        { for plan.failures.iter().enumerate().flat_map(|(f, failure)| failure.variants.iter().enumerate().map(move |(v, variant)| {
                            let label = format!("{} fails: {}{}", failure.pool_name, variant.response.name(), if variant.yours { " (your plan)" } else { "" });
                            html! { <option value={format!("{f}:{v}")} selected={props.shown == Some((f, v))}>{ label }</option> }
                        })) }
                    </select>
                </label>
            </div>
            <p class="privacy small">{"Made in this browser from your files: the plan, like your topology, is never put in a link or saved in this browser. Export it to keep it."}</p>
            { Html::from_html_unchecked((*body).clone()) }
        </article>
    }
}
