//! Handouts for a class: one sheet per chapter of the lesson, as the engine
//! words it (`handout.rs`): shown here, printed alone (print CSS), or
//! downloaded as Markdown.

use super::ViewProps;
use crate::browser;
use crate::state::PlaybackCmd;
use failover_engine::handout::ChapterSheet;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[function_component]
pub fn Handouts(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let chosen = use_state(|| None::<usize>);
    let chapters = r.sim().chapters();
    if chapters.is_empty() {
        return html! {};
    }
    let onchange = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<HtmlSelectElement>() else { return };
            chosen.set(select.value().parse().ok());
        })
    };
    let sheet = chosen.and_then(|k| r.sim().chapter_sheet(k));
    // One picture per chapter for slides: the stage at the chapter's
    // moment, titled with the scenario and the chapter.
    let picture = sheet.clone().map(|sheet| {
        let on = props.on_command.clone();
        Callback::from(move |_: MouseEvent| {
            on.emit(PlaybackCmd::Seek(sheet.at).into());
            let title = format!("{}: {} ({})", sheet.scenario, sheet.chapter, sheet.at);
            let file = sheet.file_name("png");
            browser::after_frames(3, move || super::share_panel::download_stage(&title, &file, None));
        })
    });
    let plan = {
        let rt = props.rt.clone();
        Callback::from(move |_: MouseEvent| {
            let sim = rt.0.sim();
            browser::download_text(&sim.lesson_plan_file_name(), "text/markdown", &sim.lesson_plan());
        })
    };
    let actions = sheet.clone().map(|sheet| {
        let markdown = sheet.markdown();
        let name = sheet.file_name("md");
        let download = Callback::from(move |_: MouseEvent| browser::download_text(&name, "text/markdown", &markdown));
        let print = Callback::from(|_: MouseEvent| {
            if let Some(w) = web_sys::window() {
                let _ = w.print();
            }
        });
        html! {
            <>
                <button data-testid="handout-md" onclick={download}>{"Download (Markdown)"}</button>
                <button data-testid="handout-print" onclick={print}>{"Print this sheet"}</button>
                <button data-testid="handout-png" onclick={picture.clone()}>{"Stage picture (PNG)"}</button>
            </>
        }
    });
    html! {
        <div class="handouts" data-testid="handouts">
            <h3>{"Handouts: one sheet per chapter"}</h3>
            <p class="muted small">{"What users see and can do, what to tell them, and where Microsoft says so, at the start of each chapter of this run."}</p>
            <label>{"Chapter "}
                <select data-testid="handout-chapter" {onchange}>
                    <option value="" selected={chosen.is_none()}>{"Choose a chapter"}</option>
                    { for chapters.iter().enumerate().map(|(k, (_, name, at))| html! {
                        <option value={k.to_string()} selected={*chosen == Some(k)}>{ format!("{name} ({at})") }</option>
                    }) }
                </select>
            </label>
            { for actions }
            <p><button data-testid="lesson-plan" onclick={plan}
                title="Every stop in order, each question with its answer, and your speaker notes">{"Lesson plan with speaker notes (Markdown)"}</button></p>
            { for sheet.map(|s| sheet_html(&s)) }
        </div>
    }
}

fn sheet_html(sheet: &ChapterSheet) -> Html {
    html! {
        <article class="handout-sheet" data-testid="handout-sheet">
            <h1>{ format!("{}: {}", sheet.scenario, sheet.chapter) }</h1>
            <p class="muted">{ sheet.at.to_string() }
                if let Some((title, _)) = &sheet.caption { {" — "}<strong>{ title.clone() }</strong> }
            </p>
            if let Some((_, text)) = &sheet.caption { <p>{ text.clone() }</p> }
            { for sheet.groups.iter().map(|g| html! {
                <section class="handout-group">
                    <h2>{ format!("{}: {}", g.who, g.phase) }</h2>
                    <ul>
                        <li><strong>{"Their client shows: "}</strong>{ g.client.clone() }</li>
                        if !g.can.is_empty() { <li><strong>{"Works: "}</strong>{ g.can.join("; ") }</li> }
                        { for g.cannot.iter().map(|(what, why)| html! {
                            <li><strong>{"Does not work: "}</strong>{ what.join("; ") }{". "}<em>{"Why: "}</em>{ why.clone() }</li>
                        }) }
                        { for g.limited.iter().map(|(what, why)| html! {
                            <li><strong>{"Limited: "}</strong>{ what.clone() }{". "}<em>{"Why: "}</em>{ why.clone() }</li>
                        }) }
                        <li><strong>{"Signing in now: "}</strong>{ g.sign_in.clone() }</li>
                    </ul>
                    <p class="say"><strong>{"What to tell them: "}</strong>{ g.say.join(" ") }</p>
                </section>
            }) }
            <h2>{"Sources"}</h2>
            <ul class="sources small">{ for sheet.sources.iter().map(|s| html! { <li>{ s.clone() }</li> }) }</ul>
        </article>
    }
}
