//! The editor's checkpoints: a question about one named user's capability
//! at a moment; the answer revealed is the engine's.

use super::editor_fields::{shown, user_choices, EditorProps, Form};
use failover_engine::draft::{Row, Section};
use failover_engine::CapKey;
use yew::prelude::*;

#[function_component]
pub fn EditorCheckpoints(props: &EditorProps) -> Html {
    let form = Form::new(props);
    let d = &props.draft;
    let capabilities: Vec<(String, String)> =
        CapKey::ALL.iter().map(|k| (k.key().to_string(), k.label().to_string())).collect();
    let page = props.shown(Section::Checkpoints);
    let rows = d.checkpoints.iter().enumerate().skip(page.start).take(page.len()).map(|(i, c)| {
        let f = |name: &str| format!("checkpoints-{i}-{name}");
        let fields = html! { <>
            { form.text_with(&f("at"), "At", &c.at, "M:SS or H:MM:SS", move |d, v| d.checkpoints[i].at = v) }
            { form.select(&f("user"), "About", &c.user, user_choices(d), move |d, v| d.checkpoints[i].user = v) }
            { form.select(&f("capability"), "Can they", &c.capability, capabilities.clone(), move |d, v| d.checkpoints[i].capability = v) }
            { form.text_with(&f("question"), "Question", &c.question, "asked in the capability's words", move |d, v| d.checkpoints[i].question = v) }
            { form.text_with(&f("notes"), "Speaker notes", &c.notes, "for the presenter only", move |d, v| d.checkpoints[i].notes = v) }
        </> };
        form.row(Row::new(Section::Checkpoints, i), format!("Checkpoint {} at {}", i + 1, shown(&c.at)), &props.checked, fields)
    });
    html! {
        <>
            { for rows }
            <div class="editor-add">{ form.button("editor-add-checkpoint", "Add a checkpoint", "", |d| d.add_checkpoint()) }</div>
        </>
    }
}
