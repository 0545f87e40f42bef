//! The editor's checkpoints: a question about one named user's capability
//! at a moment; the answer revealed is the engine's.

use super::editor_fields::{
    caret_in, landing, pool_choices, reference_choices, run_index, shown, user_choices, with_reference, EditorProps,
    Form,
};
use failover_engine::draft::{Row, Section};
use failover_engine::scenario::Anchor;
use failover_engine::CapKey;
use yew::prelude::*;

#[function_component]
pub fn EditorCheckpoints(props: &EditorProps) -> Html {
    let form = Form::new(props);
    let d = &props.draft;
    let references = reference_choices(d, false);
    let capabilities: Vec<(String, String)> =
        CapKey::ALL.iter().map(|k| (k.key().to_string(), k.label().to_string())).collect();
    // Asked at its time, or at an engine event like a caption (the asked-about
    // user's move for "user moves").
    let mut anchors = vec![(String::new(), "at its time".to_string())];
    anchors.extend(Anchor::NAMES.iter().map(|n| (n.to_string(), format!("on {}", n.replace('-', " ")))));
    let user_moves = Anchor::UserMoves(0).name();
    let ats: Vec<&str> = d.checkpoints.iter().map(|c| c.at.as_str()).collect();
    let run = props.checked.run.as_ref();
    let page = props.shown(Section::Checkpoints);
    let rows = d.checkpoints.iter().enumerate().skip(page.start).take(page.len()).map(|(i, c)| {
        let f = |name: &str| format!("checkpoints-{i}-{name}");
        let pool = if c.on.is_empty() || c.on == user_moves {
            html! {}
        } else {
            form.select(&f("pool"), "Of pool", &c.pool, pool_choices(d), move |d, v| d.checkpoints[i].pool = v)
        };
        let lands = run.and_then(|r| landing(&ats, i, |k| r.checkpoint_moment(k).map(|m| m.at)));
        let fields = html! { <>
            { form.text_with(&f("at"), if c.on.is_empty() { "At" } else { "Fallback time (if the event never happens)" }, &c.at, "M:SS or H:MM:SS", move |d, v| d.checkpoints[i].at = v) }
            { form.select(&f("on"), "Asked", &c.on, anchors.clone(), move |d, v| d.set_checkpoint_anchor(i, v)) }
            { pool }
            { form.see(&f("at"), lands) }
            { form.select(&f("user"), "About", &c.user, user_choices(d), move |d, v| d.checkpoints[i].user = v) }
            { form.select(&f("capability"), "Can they", &c.capability, capabilities.clone(), move |d, v| d.checkpoints[i].capability = v) }
            { form.area(&f("question"), "Question (empty: asked in the capability's words)", &c.question, move |d, v| d.checkpoints[i].question = v) }
            { form.select(&f("insert"), "Add to the question", "", references.clone(), move |d, v| {
                let at = caret_in(&format!("checkpoints-{i}-question"), &d.checkpoints[i].question);
                with_reference(&mut d.checkpoints[i].question, &v, at)
            }) }
            if c.question.contains('{') {
                if let Some(q) = run.zip(run_index(&ats, i)).map(|(r, k)| r.question_words(k)) {
                    <p class="editor-command">{ format!("Asked as: {q}") }</p>
                }
            }
            { form.text_with(&f("notes"), "Speaker notes", &c.notes, "for the presenter only", move |d, v| d.checkpoints[i].notes = v) }
        </> };
        let when = if c.on.is_empty() { format!("at {}", shown(&c.at)) } else { format!("on {}", c.on.replace('-', " ")) };
        let asked = lands.map_or(String::new(), |t| format!(" · asked at {t} in this run"));
        form.row_at(Row::new(Section::Checkpoints, i), format!("Checkpoint {} {when}{asked}", i + 1), &props.checked, fields, lands)
    });
    html! {
        <>
            { for rows }
            <div class="editor-add">{ form.button("editor-add-checkpoint", "Add a checkpoint", "", |d| d.add_checkpoint()) }</div>
        </>
    }
}
