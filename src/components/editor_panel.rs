//! The scenario editor (a drawer tab): open a built-in, the run on the
//! stage, a file or a blank scenario; edit it in forms; see the engine's
//! problems at their rows and the scenario file it makes; Run puts it on the
//! stage at the same moment. Until then, the stage keeps the last good run.

use super::editor_about::EditorAbout;
use super::editor_captions::EditorCaptions;
use super::editor_checkpoints::EditorCheckpoints;
use super::editor_fields::{row_id, shown, EditorProps};
use super::editor_pools::EditorPools;
use super::editor_sessions::EditorSessions;
use super::editor_timeline::EditorTimeline;
use super::editor_users::EditorUsers;
use super::ViewProps;
use crate::browser;
use crate::editor::ROWS_PER_PAGE;
use crate::state::{Command, DocumentCmd, EditorStart, Origin, Panel, ShellCmd};
use failover_engine::builtin::BUILTINS;
use failover_engine::draft::{Row, Section};
use failover_engine::template::TEMPLATES;
use failover_engine::text::count;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Moves focus to the first field of a row (from the problems list).
fn focus_row(row: Row) {
    let Some(element) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&row_id(row)))
    else {
        return;
    };
    // A collapsed section hides its rows: open it first.
    if let Ok(Some(section)) = element.closest("details") {
        let _ = section.set_attribute("open", "");
    }
    element.scroll_into_view();
    if let Some(field) = element
        .query_selector("input, select, textarea")
        .ok()
        .flatten()
        .and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = field.focus();
    }
}

fn click(on: &Callback<Command>, command: Command) -> Callback<MouseEvent> {
    let on = on.clone();
    Callback::from(move |_: MouseEvent| on.emit(command.clone()))
}

/// After a rename: the texts that still say the old name, each as it would
/// read, and the choice to replace them (one undo step) or keep them.
fn rename_offer(mentions: &[failover_engine::draft::Mention], old: &str, new: &str, on: &Callback<Command>) -> Html {
    let shorten = |t: &str| -> String {
        let t: String = t.chars().take(90).collect();
        if t.len() < 90 {
            t
        } else {
            format!("{t}…")
        }
    };
    html! {
        <>
            <p class="small"><strong>{ format!("Renamed “{old}” to “{new}”. ") }</strong>
                { format!("{} still {} “{old}”:", count(mentions.len() as u64, "text", "texts"), if mentions.len() == 1 { "says" } else { "say" }) }</p>
            <ul class="small">
                { for mentions.iter().map(|m| html! {
                    <li>{ format!("{}, {}: ", m.row.label(), m.field) }<del>{ shorten(&m.before) }</del>{" → "}<ins>{ shorten(&m.after) }</ins></li>
                }) }
            </ul>
            <button type="button" data-testid="editor-rename-replace" onclick={click(on, DocumentCmd::SettleRename(true).into())}>{ format!("Say “{new}” in all of them") }</button>
            {" "}
            <button type="button" data-testid="editor-rename-keep" onclick={click(on, DocumentCmd::SettleRename(false).into())}>{"Keep the texts as they are"}</button>
            <p class="muted small">{"Or write {pool:ID} or {user:ID} in a text: it always shows the current name."}</p>
        </>
    }
}

#[function_component]
pub fn EditorPanel(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let chosen = use_state(|| match r.origin() {
        Origin::Builtin(name) => *name,
        _ => BUILTINS[0].name,
    });
    let copied = use_state(|| None::<bool>);
    let on = &props.on_command;
    let Some(editor) = r.editor() else {
        return html! { <p class="muted">{"Opening the editor…"}</p> };
    };
    let (draft, checked) = (editor.draft().clone(), editor.checked().clone());
    let section_props = EditorProps {
        draft: draft.clone(),
        checked: checked.clone(),
        on_command: on.clone(),
        pages: editor.pages().clone(),
        on_stage: editor.on_stage(),
        rename: editor.rename(),
        preview: r.mode() == crate::screen::Mode::Author,
    };

    let on_builtin = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                if let Some(b) = BUILTINS.iter().find(|b| b.name == select.value()) {
                    chosen.set(b.name);
                }
            }
        })
    };
    // Opening another scenario over unsaved edits asks first.
    let pending = use_state(|| None::<(String, Command)>);
    let open = |what: String, command: Command| {
        let (on, pending, unsaved) = (on.clone(), pending.clone(), editor.unsaved());
        Callback::from(move |_: MouseEvent| {
            if unsaved {
                pending.set(Some((what.clone(), command.clone())));
            } else {
                on.emit(command.clone());
            }
        })
    };
    let on_file = {
        let (on, pending, unsaved) = (on.clone(), pending.clone(), editor.unsaved());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else { return };
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                let on = on.clone();
                let limit = failover_engine::scenario::MAX_FILE_BYTES;
                let pending = pending.clone();
                browser::read_text_file(file, limit, "a scenario file", move |name, text| match text {
                    Ok(text) => {
                        let command: Command = DocumentCmd::Open(EditorStart::File(name.clone(), text)).into();
                        if unsaved {
                            pending.set(Some((shown(&name), command)));
                        } else {
                            on.emit(command);
                        }
                    }
                    Err(why) => on.emit(ShellCmd::Notice(format!("{}: {why}", shown(&name))).into()),
                });
            }
            input.set_value("");
        })
    };
    // Named by the title as it reads (a template's says its pools by reference).
    let title = checked.run.as_ref().map_or_else(|| draft.title.clone(), |sim| sim.title());
    let file_name = format!("{}.toml", failover_engine::table::slug(&title));
    let download = {
        let (toml, name) = (checked.toml.clone(), file_name.clone());
        Callback::from(move |_: MouseEvent| browser::download_text(&name, "application/toml", &toml))
    };
    let copy = {
        let (toml, copied) = (checked.toml.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            browser::copy_text(&toml, move |ok| copied.set(Some(ok)));
        })
    };

    let runs = checked.run.is_some();
    let status = match checked.run.as_ref() {
        _ if editor.stale() => "Checking when you pause typing…".to_string(),
        Some(sim) => {
            let sc = sim.scenario();
            format!(
                "Runs: {}, {}, {}. {}",
                count(sc.pools.len() as u64, "pool", "pools"),
                count(u64::from(sc.total_users()), "user", "users"),
                count(sc.timeline.len() as u64, "order", "orders"),
                if editor.on_stage() { "It is the run on the stage." } else { "Press Run to put it on the stage." }
            ) + if editor.history_full() { " Undo keeps the last 200 steps; older ones are gone." } else { "" }
        }
        None => {
            format!("{}; the stage keeps the last good run.", crate::editor::problems_stop(checked.problems.len()))
        }
    };
    // Author mode shows the part chosen in its outline; the drawer, all of it.
    let author = r.mode() == crate::screen::Mode::Author;
    let shows = |s: Section| !author || editor.shows(s);
    // Each problem (and each flag) names its row: a button takes the person there.
    let row_list = |list: &[failover_engine::draft::RowProblem], prefix: &'static str| {
        list.iter()
            .enumerate()
            .map(|(k, p)| {
                let row = p.row;
                let on = on.clone();
                let shown_page = section_props.shown(row.section).start / ROWS_PER_PAGE;
                let hidden = !shows(row.section);
                // The row may be in another part of the document or on another
                // page of its section: show that part and page, then, once
                // drawn, take the person to it.
                let open = Callback::from(move |_: MouseEvent| {
                    let page = row.index / ROWS_PER_PAGE;
                    let same_page = page == shown_page || row.index == usize::MAX;
                    if same_page && !hidden {
                        focus_row(row);
                        return;
                    }
                    if hidden {
                        on.emit(DocumentCmd::Part(Some(row.section.part())).into());
                    }
                    if !same_page {
                        on.emit(DocumentCmd::Page(row.section, page).into());
                    }
                    let later = wasm_bindgen::closure::Closure::once_into_js(move || focus_row(row));
                    if let Some(w) = web_sys::window() {
                        let _ = w.request_animation_frame(later.unchecked_ref());
                    }
                });
                html! {
                    <li>
                        <button type="button" class="link" data-testid={format!("{prefix}-{k}")}
                            onclick={open}>{ row.label() }</button>
                        { format!(": {}", p.message) }
                    </li>
                }
            })
            .collect::<Html>()
    };
    let problems = row_list(&checked.problems, "editor-problem");
    let flags = row_list(&checked.flags, "editor-flag");
    let section = |s: Section, body: Html| {
        if !shows(s) {
            return html! {};
        }
        let count = draft.rows(s);
        // A long section shows one page of rows at a time.
        let pager = count.filter(|&n| n > ROWS_PER_PAGE).map(|n| {
            let shown = section_props.shown(s);
            let page = shown.start / ROWS_PER_PAGE;
            let last = (n - 1) / ROWS_PER_PAGE;
            let go = |to: usize| click(on, DocumentCmd::Page(s, to).into());
            html! {
                <div class="editor-pager" role="navigation" aria-label={format!("Pages of {}", s.label())} data-testid={format!("editor-pager-{}", s.slug())}>
                    <button type="button" data-testid={format!("editor-page-prev-{}", s.slug())} aria-disabled={(page == 0).then_some("true")}
                        onclick={go(page.saturating_sub(1))}>{"‹ Previous"}</button>
                    <span class="small">{ format!(" Rows {}–{} of {} ", shown.start + 1, shown.end, failover_engine::text::group_thousands(n as u64)) }</span>
                    <button type="button" data-testid={format!("editor-page-next-{}", s.slug())} aria-disabled={(page >= last).then_some("true")}
                        onclick={go((page + 1).min(last))}>{"Next ›"}</button>
                </div>
            }
        });
        let of_section = |p: &&failover_engine::draft::RowProblem| p.row.section.part() == s;
        let troubled = checked.problems.iter().filter(of_section).count();
        let flagged = checked.flags.iter().filter(of_section).count();
        let title = match count {
            Some(n) => format!("{} ({n})", s.label()),
            None => s.label().to_string(),
        };
        html! {
            <details class="editor-section" open=true id={format!("editor-section-box-{}", s.slug())} data-testid={format!("editor-section-{}", s.slug())}>
                <summary>
                    { title }
                    if troubled > 0 { <span class="problem-count">{ format!(" · {troubled} to fix") }</span> }
                    if flagged > 0 { <span class="flag-count" data-testid={format!("editor-flagged-{}", s.slug())}>{ format!(" · {flagged} flagged") }</span> }
                </summary>
                { for pager }
                { body }
            </details>
        }
    };
    html! {
        <section class="editor" data-testid="editor" aria-label="Scenario editor">
            <p class="muted small" data-testid="editor-from">
                if author {
                    { format!("Editing {}. The preview beside follows each edit; select a row to see its moment there.", editor.from()) }
                } else {
                    { format!("Editing {}. Nothing here changes the stage until you press Run; every problem is the engine's own answer.", editor.from()) }
                }
                if editor.private() { { " Built from your topology: its run stays out of links and this browser's storage." } }
            </p>
            <div class="editor-bar" role="toolbar" aria-label="Open a scenario in the editor">
                <label>{"Built-in "}
                    <select data-testid="editor-builtin" onchange={on_builtin}>
                        { for BUILTINS.iter().map(|b| html! { <option value={b.name} selected={b.name == *chosen}>{ b.name }</option> }) }
                    </select>
                </label>
                <button type="button" data-testid="editor-open-builtin" onclick={open(format!("the built-in “{}”", *chosen), DocumentCmd::Open(EditorStart::Builtin(*chosen)).into())}>{"Open"}</button>
                <button type="button" data-testid="editor-open-current" onclick={open("the run on the stage".into(), DocumentCmd::Open(EditorStart::Current).into())}>{"Open the run on the stage"}</button>
                <button type="button" data-testid="editor-open-blank" onclick={open("a blank scenario".into(), DocumentCmd::Open(EditorStart::Blank).into())}>{"Blank"}</button>
                { for TEMPLATES.iter().map(|t| html! {
                    <button type="button" data-testid={format!("editor-open-template-{}", t.name)} title={t.holds}
                        onclick={open("a new lesson from the template".into(), DocumentCmd::Open(EditorStart::Template(t.name)).into())}>{ t.label }</button>
                }) }
                <label class="file-button">{"Open a file… "}
                    <input type="file" accept=".toml,text/plain" data-testid="editor-open-file" onchange={on_file} />
                </label>
            </div>
            if let Some((what, command)) = &*pending {
                <div class="editor-confirm" role="alertdialog" aria-label="Replace your edits?" data-testid="editor-confirm-open">
                    <p class="small">{ format!("Your edits are not run yet. Open {what} in their place? Undo brings them back.") }</p>
                    <button type="button" data-testid="editor-confirm-yes" onclick={{
                        let (on, pending, command) = (on.clone(), pending.clone(), command.clone());
                        Callback::from(move |_: MouseEvent| { on.emit(command.clone()); pending.set(None); })
                    }}>{ format!("Open {what}") }</button>
                    {" "}
                    <button type="button" data-testid="editor-confirm-no" onclick={{
                        let pending = pending.clone();
                        Callback::from(move |_: MouseEvent| pending.set(None))
                    }}>{"Keep editing"}</button>
                </div>
            }
            <div class="editor-bar" role="toolbar" aria-label="Edit and run">
                <button type="button" data-testid="editor-undo" aria-disabled={(!editor.can_undo()).then_some("true")}
                    onclick={click(on, DocumentCmd::Undo.into())}>{"Undo"}</button>
                <button type="button" data-testid="editor-redo" aria-disabled={(!editor.can_redo()).then_some("true")}
                    onclick={click(on, DocumentCmd::Redo.into())}>{"Redo"}</button>
                <button type="button" class="primary" data-testid="editor-run" aria-disabled={(!runs).then_some("true")}
                    onclick={click(on, DocumentCmd::Run.into())}>{"Run"}</button>
                <button type="button" data-testid="editor-download" onclick={download} title={file_name.clone()}
                    aria-label={format!("Download {file_name}")}>{"Download"}</button>
                <button type="button" data-testid="editor-copy" onclick={copy}>{"Copy the TOML"}</button>
                if !r.embed() {
                    <button type="button" data-testid="editor-share" onclick={{
                        // Author mode has no tabs: sharing is Explore's.
                        let on = on.clone();
                        Callback::from(move |_: MouseEvent| {
                            if author {
                                on.emit(ShellCmd::SetMode(crate::screen::Mode::Explore).into());
                            }
                            on.emit(ShellCmd::OpenTab(Some(Panel::Share)).into());
                        })
                    }}>{"Link and sharing…"}</button>
                }
                if let Some(ok) = *copied {
                    <span class="small" role="status">{ if ok { "Copied." } else { "Copying was refused by the browser: use Download." } }</span>
                }
            </div>
            <p class={classes!("editor-status", (!runs).then_some("bad"))} aria-live="polite" data-testid="editor-status">{ status }</p>
            if let Some(notice) = editor.notice() {
                <p class="editor-notice" role="alert" data-testid="editor-notice">{ notice }</p>
            }
            if !checked.problems.is_empty() {
                <ul class="editor-problems" data-testid="editor-problems" aria-label="Problems that stop the run">{ problems }</ul>
            }
            if let Some((old, new)) = editor.rename() {
                <div class="editor-rename" role="status" data-testid="editor-rename">
                    { rename_offer(&draft.mentions(&old, &new), &old, &new, on) }
                </div>
            }
            if !checked.flags.is_empty() {
                <div class="editor-flags" data-testid="editor-flags">
                    <p class="small"><strong>{"The engine says otherwise."}</strong>{" These captions claim what the run denies at their moment (they still run; see \"Text that cannot contradict the engine\" in the authoring guide):"}</p>
                    <ul aria-label="Captions the engine contradicts">{ flags }</ul>
                </div>
            }
            if !checked.warnings.is_empty() {
                <ul class="editor-warnings" data-testid="editor-warnings">
                    { for checked.warnings.iter().map(|w| html! { <li>{ format!("Warning: {w}") }</li> }) }
                </ul>
            }
            { section(Section::Scenario, html! { <EditorAbout ..section_props.clone() /> }) }
            { section(Section::Pools, html! { <EditorPools ..section_props.clone() /> }) }
            { section(Section::Users, html! { <EditorUsers ..section_props.clone() /> }) }
            { section(Section::Sessions, html! { <EditorSessions ..section_props.clone() /> }) }
            { section(Section::Timeline, html! { <EditorTimeline ..section_props.clone() /> }) }
            { section(Section::Captions, html! { <EditorCaptions ..section_props.clone() /> }) }
            { section(Section::Checkpoints, html! { <EditorCheckpoints ..section_props.clone() /> }) }
            if shows(Section::Scenario) && shows(Section::Pools) {
            <details class="editor-section" data-testid="editor-toml-view">
                <summary>{"The scenario file (TOML)"}</summary>
                <pre class="editor-toml" data-testid="editor-toml" tabindex="0" aria-label="The scenario file">{ &checked.toml }</pre>
            </details>
            }
        </section>
    }
}
