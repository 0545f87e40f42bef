//! Author mode's outline: the document's sections with their row counts and
//! what is wrong in each (problems that stop the run, captions the engine
//! contradicts). A click shows that part alone in the form beside it;
//! "Whole document" shows every part.

use super::ViewProps;
use crate::state::DocumentCmd;
use failover_engine::draft::Section;
use yew::prelude::*;

pub fn author_outline(props: &ViewProps) -> Html {
    let Some(editor) = props.rt.0.editor() else { return html! {} };
    let (draft, checked) = (editor.draft(), editor.checked());
    let mine = |s: Section, p: &failover_engine::draft::RowProblem| p.row.section.part() == s;
    let choose = |part: Option<Section>| {
        let on = props.on_command.clone();
        Callback::from(move |_: MouseEvent| {
            on.emit(DocumentCmd::Part(part).into());
            // The chosen part from its top.
            if let Some(document) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector("[data-testid=author-document]").ok().flatten())
            {
                document.set_scroll_top(0);
            }
        })
    };
    let item = |part: Option<Section>, label: Html, marks: Html| {
        let current = editor.part() == part;
        let slug = part.map_or("all", Section::slug);
        html! {
            <li class={classes!(current.then_some("current"))}>
                <button type="button" class="link" data-testid={format!("outline-{slug}")}
                    aria-current={current.then_some("true")} onclick={choose(part)}>{ label }</button>
                { marks }
            </li>
        }
    };
    // The document's sections, in its order (the timings are shown with the scenario's).
    let items = Section::ALL.iter().filter(|&&s| s != Section::Config).map(|&s| {
        let to_fix = checked.problems.iter().filter(|p| mine(s, p)).count();
        let flagged = checked.flags.iter().filter(|p| mine(s, p)).count();
        let label = html! {
            <>
                { s.label() }
                if let Some(n) = draft.rows(s) { <span class="muted">{ format!(" ({n})") }</span> }
            </>
        };
        let marks = html! {
            <>
                if to_fix > 0 { <span class="problem-count">{ format!(" {to_fix} to fix") }</span> }
                if flagged > 0 { <span class="flag-count">{ format!(" {flagged} flagged") }</span> }
            </>
        };
        item(Some(s), label, marks)
    });
    html! {
        <nav class="author-outline" aria-label="The scenario's outline" data-testid="author-outline">
            <ul>
                { item(None, html! { {"Whole document"} }, html! {}) }
                { for items }
            </ul>
        </nav>
    }
}
