//! Author mode's outline: the document's sections with their row counts and
//! what is wrong in each (problems that stop the run, captions the engine
//! contradicts); a click takes the document to the section.

use super::ViewProps;
use failover_engine::draft::Section;
use yew::prelude::*;

pub fn author_outline(props: &ViewProps) -> Html {
    let Some(editor) = props.rt.0.editor() else { return html! {} };
    let (draft, checked) = (editor.draft(), editor.checked());
    let mine = |s: Section, p: &failover_engine::draft::RowProblem| {
        p.row.section == s || (s == Section::Scenario && p.row.section == Section::Config)
    };
    // The document's sections, in its order (the timings are shown with the scenario's).
    let items = Section::ALL.iter().filter(|&&s| s != Section::Config).map(|&s| {
        let to_fix = checked.problems.iter().filter(|p| mine(s, p)).count();
        let flagged = checked.flags.iter().filter(|p| mine(s, p)).count();
        let go = Callback::from(move |_: MouseEvent| {
            let section = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("editor-section-box-{}", s.slug())));
            if let Some(section) = section {
                let _ = section.set_attribute("open", "");
                section.scroll_into_view();
            }
        });
        html! {
            <li>
                <button type="button" class="link" data-testid={format!("outline-{}", s.slug())} onclick={go}>
                    { s.label() }
                    if let Some(n) = draft.rows(s) { <span class="muted">{ format!(" ({n})") }</span> }
                </button>
                if to_fix > 0 { <span class="problem-count">{ format!(" {to_fix} to fix") }</span> }
                if flagged > 0 { <span class="flag-count">{ format!(" {flagged} flagged") }</span> }
            </li>
        }
    });
    html! {
        <nav class="author-outline" aria-label="The scenario's outline" data-testid="author-outline">
            <ul>{ for items }</ul>
        </nav>
    }
}
