//! Scenario library and sharing: built-ins with their descriptions, import
//! (file picker and drag-and-drop anywhere on the page), export as TOML,
//! copy a link to this exact moment, and exports of the selected user's
//! capability timeline (CSV, Markdown) and of the stage (PNG).

use super::ViewProps;
use crate::browser;
use crate::state::{Command, LoadCmd, Origin, ShellCmd};
use failover_engine::builtin::BUILTINS;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlInputElement};
use yew::prelude::*;

/// Reads the first file of a list and sends it as an import.
pub fn import_files(files: Option<web_sys::FileList>, on_command: Callback<Command>) {
    let Some(file) = files.and_then(|f| f.get(0)) else { return };
    let limit = failover_engine::scenario::MAX_FILE_BYTES;
    browser::read_text_file(file, limit, "a scenario file", move |name, text| {
        on_command.emit(match text {
            Ok(text) => LoadCmd::File(name, text).into(),
            Err(why) => ShellCmd::ImportFailed(name, why).into(),
        })
    });
}

/// The stage as a handout: a title band with the run's name, the moment and
/// the selected user, the picture, and the legend under it.
fn handout_png(stage: &HtmlCanvasElement, title: &str, selected: Option<&str>) -> Option<String> {
    let doc = gloo::utils::document();
    let out: HtmlCanvasElement = doc.create_element("canvas").ok()?.dyn_into().ok()?;
    let (w, h) = (stage.width().max(600), stage.height());
    let (top, bottom) = (56, 34);
    out.set_width(w);
    out.set_height(h + top + bottom);
    let ctx: web_sys::CanvasRenderingContext2d = out.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(h + top + bottom));
    ctx.set_fill_style_str("#1b1b22");
    ctx.set_font("600 20px system-ui, sans-serif");
    let _ = ctx.fill_text(title, 12.0, 26.0);
    ctx.set_font("14px system-ui, sans-serif");
    let who = selected.map_or("Pool Failover Simulator".to_string(), |s| {
        format!("Selected: {s} (the ringed circle) · Pool Failover Simulator")
    });
    let _ = ctx.fill_text(&who, 12.0, 46.0);
    let _ = ctx.draw_image_with_html_canvas_element(stage, 0.0, f64::from(top));
    let legend = [
        ("#0072b2", "■ signed in, regular"),
        ("#d55e00", "□ signed in, Resiliency mode"),
        ("#6a6a78", "· signed out"),
        ("#cc0088", "■ moving between pools"),
    ];
    let mut x = 12.0;
    for (color, text) in legend {
        ctx.set_fill_style_str(color);
        let _ = ctx.fill_text(text, x, f64::from(h + top + 22));
        x += ctx.measure_text(text).map_or(180.0, |m| m.width()) + 24.0;
    }
    out.to_data_url().ok()
}

/// The stage as drawn now, downloaded as a PNG handout.
pub(super) fn download_stage(title: &str, file: &str, selected: Option<&str>) {
    let canvas = gloo::utils::document()
        .query_selector("[data-testid=stage]")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok());
    if let Some(url) = canvas.and_then(|c| handout_png(&c, title, selected)) {
        browser::download_url(file, &url);
    }
}

#[function_component]
pub fn SharePanel(props: &ViewProps) -> Html {
    let copied = use_state(|| None::<String>);
    let r = &*props.rt.0;
    let on = props.on_command.clone();
    let current = match &r.origin() {
        Origin::Builtin(name) => *name,
        _ => "",
    };
    let library = BUILTINS.iter().map(|b| {
        let (title, description) = b.scenario().map(|s| (s.title, s.description)).unwrap_or_default();
        // The run on screen is named as it is (yours, or modified by your orders).
        let title = if b.name == current { r.run_name() } else { title };
        let on = on.clone();
        let name = b.name;
        html! {
            <li class={classes!((name == current).then_some("current"))}>
                <button data-testid={format!("load-{name}")} aria-current={(name == current).then_some("true")}
                    onclick={Callback::from(move |_: MouseEvent| on.emit(LoadCmd::Builtin(name).into()))}>{ title }</button>
                <span class="muted">{ description }</span>
            </li>
        }
    });
    let on_file = {
        let on = on.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                import_files(input.files(), on.clone());
                input.set_value("");
            }
        })
    };
    let export_toml = {
        let rt = props.rt.clone();
        Callback::from(move |_: MouseEvent| {
            let r = &*rt.0;
            let name = format!("{}.toml", failover_engine::table::slug(&r.run_name()));
            browser::download_text(&name, "application/toml", r.scenario_toml());
        })
    };
    let link = r.link_query().map(|q| format!("{}{q}", browser::base_url()));
    let copy = {
        let (link, copied) = (link.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(l) = &link {
                let copied = copied.clone();
                browser::copy_text(l, move |ok| {
                    copied.set(Some(if ok { "Link copied.".into() } else { "Copy the link below by hand.".into() }))
                });
            }
        })
    };
    let selected = r.selected_named();
    let export_table = |csv: bool| {
        let rt = props.rt.clone();
        Callback::from(move |_: MouseEvent| {
            let r = &*rt.0;
            if let Some(u) = r.selected_named() {
                // Handouts: people's words, a reason and source per cell, stamped.
                let sim = r.sim();
                if csv {
                    browser::download_text(&sim.handout_name(u, r.t(), "csv"), "text/csv", &sim.handout_csv(u, r.t()));
                } else {
                    let name = sim.handout_name(u, r.t(), "md");
                    browser::download_text(&name, "text/markdown", &sim.handout_markdown(u, r.t()));
                }
            }
        })
    };
    let export_png = {
        let rt = props.rt.clone();
        Callback::from(move |_: MouseEvent| {
            let r = &*rt.0;
            let selected = r.selected_named().map(|u| r.sim().scenario().users[u as usize].name.clone());
            // A picture for slides: the scenario's own title, never "(your file)".
            let scenario_title = r.sim().scenario().title.clone();
            let title = format!("{scenario_title} — {}", r.t());
            let file = format!(
                "{}-at-{}-stage.png",
                failover_engine::table::slug(&scenario_title),
                failover_engine::table::slug(&r.t().clock())
            );
            download_stage(&title, &file, selected.as_deref());
        })
    };
    let problem = r.import_problem().map(|(file, text)| {
        let on = on.clone();
        html! {
            <div class="import-problem" role="alert" data-testid="import-problems">
                <p><strong>{ format!("{file} was not imported. Nothing you had was changed.") }</strong></p>
                <pre>{ text }</pre>
                <button onclick={Callback::from(move |_: MouseEvent| on.emit(ShellCmd::DismissImport.into()))}>{"Dismiss"}</button>
            </div>
        }
    });
    html! {
        <section class="share card" aria-label="Scenarios and sharing">
            <h2>{"Scenarios and sharing"}</h2>
            <ul class="library">{ for library }</ul>
            <div class="share-actions">
                <label class="file-button">
                    {"Import a scenario file… "}
                    <input type="file" accept=".toml,text/plain" data-testid="import-file" onchange={on_file} />
                </label>
                <span class="muted small">{"or drop a .toml file anywhere on the page"}</span>
                <button data-testid="export-toml" onclick={export_toml}>{"Export scenario (TOML)"}</button>
                <button data-testid="copy-link" onclick={copy} disabled={link.is_none()}>{"Copy link to this moment"}</button>
                <button data-testid="export-csv" onclick={export_table(true)} disabled={selected.is_none()}>{"Capability timeline (CSV)"}</button>
                <button data-testid="export-md" onclick={export_table(false)} disabled={selected.is_none()}>{"Capability timeline (Markdown)"}</button>
                <button data-testid="export-png" onclick={export_png}>{"Stage as PNG"}</button>
            </div>
            if let Some(msg) = (*copied).clone() { <p role="status">{ msg }</p> }
            if let Some(l) = link {
                <input class="link" readonly=true value={l} aria-label="Link to this moment" data-testid="share-link" />
            }
            { problem }
            <super::handouts::Handouts ..props.clone() />
            if cfg!(feature = "plan") {
                { topology(&on) }
            } else {
                <section class="topology" data-testid="topology-elsewhere">
                    <h3>{"Your topology"}</h3>
                    <p class="small">{"Your own pools and users, from the Get-CsUser exports you already have, open in the planner: "}
                        <a href={crate::modes::planner_link(r)} target="_blank" rel="noopener">{"Plan ↗"}</a>
                        {". It builds the run and a disaster-recovery plan, in that tab only."}</p>
                </section>
            }
        </section>
    }
}

/// The exports' import, in the planner.
#[cfg(feature = "plan")]
fn topology(on: &Callback<Command>) -> Html {
    html! { <super::topology_import::TopologyImport on_command={on.clone()} /> }
}

#[cfg(not(feature = "plan"))]
fn topology(_: &Callback<Command>) -> Html {
    Html::default()
}
