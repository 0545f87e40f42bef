//! The editor's captions: what the walkthrough says, when, or on which
//! engine event, and the source it rests on.

use super::editor_fields::{
    caret_in, engine_marked, landing, pool_choices, reference_choices, run_index, shown, user_choices, with_reference,
    EditorProps, Form,
};
use failover_engine::draft::{Row, Section};
use failover_engine::scenario::Anchor;
use yew::prelude::*;

#[function_component]
pub fn EditorCaptions(props: &EditorProps) -> Html {
    let form = Form::new(props);
    let d = &props.draft;
    let mut anchors = vec![(String::new(), "at its time".to_string())];
    anchors.extend(Anchor::NAMES.iter().map(|n| (n.to_string(), format!("on {}", n.replace('-', " ")))));
    let user_moves = Anchor::UserMoves(0).name();
    let ats: Vec<&str> = d.captions.iter().map(|c| c.at.as_str()).collect();
    let references = reference_choices(d, true);
    let run = props.checked.run.as_ref();
    let page = props.shown(Section::Captions);
    let rows = d.captions.iter().enumerate().skip(page.start).take(page.len()).map(|(i, c)| {
        let f = |name: &str| format!("captions-{i}-{name}");
        let anchor_of = if c.on.is_empty() {
            html! {}
        } else if c.on == user_moves {
            form.select(&f("user"), "Whose move", &c.user, user_choices(d), move |d, v| d.captions[i].user = v)
        } else {
            form.select(&f("pool"), "Of pool", &c.pool, pool_choices(d), move |d, v| d.captions[i].pool = v)
        };
        let lands = run.and_then(|r| landing(&ats, i, |k| r.caption_moment(k).map(|m| m.at)));
        let fields = html! { <>
            { form.text_with(&f("at"), if c.on.is_empty() { "At" } else { "Fallback time (if the event never happens)" }, &c.at, "M:SS or H:MM:SS", move |d, v| d.captions[i].at = v) }
            { form.select(&f("on"), "Shown", &c.on, anchors.clone(), move |d, v| d.set_caption_anchor(i, v)) }
            { anchor_of }
            { form.see(&f("at"), lands) }
            { form.text(&f("chapter"), "Starts chapter", &c.chapter, move |d, v| d.captions[i].chapter = v) }
            { form.text(&f("title"), "Title", &c.title, move |d, v| d.captions[i].title = v) }
            { form.area(&f("text"), "Text", &c.text, move |d, v| d.captions[i].text = v) }
            { form.select(&f("insert"), "Add to the text", "", references.clone(), move |d, v| {
                let at = caret_in(&format!("captions-{i}-text"), &d.captions[i].text);
                with_reference(&mut d.captions[i].text, &v, at)
            }) }
            // Names and answers by reference: what the class will read.
            if c.text.contains('{') || c.title.contains('{') {
                if let Some((r, k)) = run.zip(run_index(&ats, i)) {
                    <p class="editor-command" data-testid={format!("editor-captions-{i}-shown")}>
                        { format!("Shown as: {}: ", r.caption_words(k).0) }
                        { engine_marked(r.shown_parts(&r.scenario().captions[k].text, r.caption_moment(k).map(|m| m.at))) }
                    </p>
                }
            }
            { form.text(&f("source"), "Source", &c.source, move |d, v| d.captions[i].source = v) }
            { form.text_with(&f("notes"), "Speaker notes", &c.notes, "for the presenter only", move |d, v| d.captions[i].notes = v) }
        </> };
        form.row_at(
            Row::new(Section::Captions, i),
            format!(
                "Caption {}: {}{}",
                i + 1,
                // As the class reads it (names by reference filled in).
                run.zip(run_index(&ats, i)).map_or_else(|| shown(&c.title), |(r, k)| r.caption_words(k).0),
                lands.map_or(String::new(), |t| format!(" · shown at {t} in this run"))
            ),
            &props.checked,
            fields,
            lands,
        )
    });
    html! {
        <>
            { for rows }
            <div class="editor-add">{ form.button("editor-add-caption", "Add a caption", "", |d| d.add_caption()) }</div>
        </>
    }
}
