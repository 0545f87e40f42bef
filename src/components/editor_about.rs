//! The editor's first section: the scenario's title, description and
//! duration, and its timings (`[config]`) with their defaults shown.

use super::editor_fields::{EditorProps, Form};
use failover_engine::draft::{Row, Section};
use failover_engine::scenario::SETTINGS;
use yew::prelude::*;

#[function_component]
pub fn EditorAbout(props: &EditorProps) -> Html {
    let form = Form::new(props);
    let d = &props.draft;
    let about = html! { <>
        { form.text("scenario-0-title", "Title", &d.title, |d, v| d.title = v) }
        { form.text("scenario-0-description", "What it shows (one line)", &d.description, |d, v| d.description = v) }
        { form.text_with("scenario-0-duration", "Runs until", &d.duration, "as long as the run needs (H:MM:SS)", |d, v| d.duration = v) }
        // Names by reference: the title as the class reads it.
        if d.title.contains('{') || d.description.contains('{') {
            if let Some(run) = props.checked.run.as_ref() {
                <p class="editor-command" data-testid="editor-scenario-shown">
                    { format!("Shown as: {}: {}", run.title(), run.shown(&run.scenario().description, None)) }</p>
            }
        }
    </> };
    let timings = html! { <>
        { for SETTINGS.iter().enumerate().map(|(i, setting)| {
            let assumed = if setting.assumption { ", an assumption" } else { "" };
            let hint = format!("default {}{assumed}", setting.default);
            form.text_with(&format!("config-0-{}", setting.key), setting.label, &d.config[i], &hint, move |d, v| d.config[i] = v)
        }) }
    </> };
    html! {
        <>
            { form.row(Row::new(Section::Scenario, 0), "Title, description and length".into(), &props.checked, about) }
            { form.row(Row::new(Section::Config, 0), format!("{} (empty: the default)", Section::Config.label()), &props.checked, timings) }
        </>
    }
}
