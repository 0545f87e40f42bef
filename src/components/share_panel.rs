//! Scenario library and sharing: built-ins with their descriptions, import
//! (file picker and drag-and-drop anywhere on the page), export as TOML,
//! copy a link to this exact moment, and exports of the selected user's
//! capability timeline (CSV, Markdown) and of the stage (PNG).

use super::ViewProps;
use crate::browser;
use crate::runtime::{Command, Origin};
use failover_engine::builtin::BUILTINS;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlInputElement};
use yew::prelude::*;

/// Reads the first file of a list and sends it as an import.
pub fn import_files(files: Option<web_sys::FileList>, on_command: Callback<Command>) {
    let Some(file) = files.and_then(|f| f.get(0)) else { return };
    let name = file.name();
    let limit = failover_engine::scenario::MAX_FILE_BYTES;
    if file.size() > limit as f64 {
        let why = format!(
            "the file is {:.0} KB; a scenario file is at most {} KB",
            (file.size() / 1024.0).ceil(),
            limit / 1024
        );
        on_command.emit(Command::ImportFailed(name, why));
        return;
    }
    let promise = file.text();
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await.ok().and_then(|v| v.as_string()) {
            Some(text) => on_command.emit(Command::Import(name, text)),
            None => on_command.emit(Command::ImportFailed(name, "unreadable: not a text file".into())),
        }
    });
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
        let on = on.clone();
        let name = b.name;
        html! {
            <li class={classes!((name == current).then_some("current"))}>
                <button data-testid={format!("load-{name}")} aria-current={(name == current).then_some("true")}
                    onclick={Callback::from(move |_: MouseEvent| on.emit(Command::LoadBuiltin(name)))}>{ title }</button>
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
            browser::download_text("scenario.toml", "application/toml", &r.scenario_toml());
        })
    };
    let link = r.link_query().map(|q| format!("{}{q}", browser::base_url()));
    let copy = {
        let (link, copied) = (link.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(l) = &link {
                let ok = browser::copy_text(l);
                copied.set(Some(if ok { "Link copied.".into() } else { "Copy the link below by hand.".into() }));
            }
        })
    };
    let selected = r.selected_named();
    let export_table = |csv: bool| {
        let rt = props.rt.clone();
        Callback::from(move |_: MouseEvent| {
            let r = &*rt.0;
            if let Some(u) = r.selected_named() {
                let id = &r.sim().scenario().users[u as usize].id;
                if csv {
                    browser::download_text(
                        &format!("{id}-capabilities.csv"),
                        "text/csv",
                        &r.sim().capability_timeline_csv(u),
                    );
                } else {
                    browser::download_text(
                        &format!("{id}-capabilities.md"),
                        "text/markdown",
                        &r.sim().capability_timeline_markdown(u),
                    );
                }
            }
        })
    };
    let export_png = Callback::from(|_: MouseEvent| {
        let canvas = gloo::utils::document()
            .query_selector("[data-testid=stage]")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok());
        if let Some(url) = canvas.and_then(|c| c.to_data_url().ok()) {
            browser::download_url("stage.png", &url);
        }
    });
    let problem = r.import_problem().map(|(file, text)| {
        let on = on.clone();
        html! {
            <div class="import-problem" role="alert" data-testid="import-problems">
                <p><strong>{ format!("{file} was not imported. Nothing you had was changed.") }</strong></p>
                <pre>{ text }</pre>
                <button onclick={Callback::from(move |_: MouseEvent| on.emit(Command::DismissImport))}>{"Dismiss"}</button>
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
        </section>
    }
}
