//! The scenario editor's form parts, shared by its sections: labelled text
//! fields, choices and check boxes that each send a new version of the
//! draft, and the row frame that shows the engine's problems at the row.
//! Field ids are `editor-<section>-<row>-<field>` (also their test ids).

use super::editor_select::EditorSelect;
use crate::state::{Command, DocumentCmd};
use failover_engine::draft::{Checked, Draft, Row, RowProblem, Section};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// What every editor section gets: the draft, the engine's verdict on it,
/// and the way to send a new version.
#[derive(Properties, Clone)]
pub struct EditorProps {
    pub draft: Rc<Draft>,
    pub checked: Rc<Checked>,
    pub on_command: Callback<Command>,
    /// The page each long section shows (`editor::ROWS_PER_PAGE` rows each).
    pub pages: Rc<crate::editor::Pages>,
    /// The document is the run on the stage (its rows' moments can be shown there).
    pub on_stage: bool,
    /// A rename the free text has not followed yet: (old, new), as said.
    pub rename: Option<(String, String)>,
    /// Author mode: the stage previews the document, and a row with a
    /// moment takes it there when the row is selected.
    pub preview: bool,
}

impl PartialEq for EditorProps {
    fn eq(&self, other: &EditorProps) -> bool {
        Rc::ptr_eq(&self.draft, &other.draft)
            && Rc::ptr_eq(&self.checked, &other.checked)
            && Rc::ptr_eq(&self.pages, &other.pages)
            && self.on_stage == other.on_stage
            && self.rename == other.rename
            && self.preview == other.preview
    }
}

impl EditorProps {
    /// The rows of `section` to show now.
    pub fn shown(&self, section: Section) -> std::ops::Range<usize> {
        crate::editor::page_rows(crate::editor::page_of(&self.pages, section), self.draft.rows(section).unwrap_or(0))
    }
}

/// Builds fields that edit one draft.
pub struct Form {
    draft: Rc<Draft>,
    on_command: Callback<Command>,
    on_stage: bool,
    preview: bool,
}

/// A choice: (value, label).
pub type Choice = (String, String);

/// What a field does to the draft with the value typed or picked.
type Change<V> = Rc<dyn Fn(&mut Draft, V)>;

impl Form {
    pub fn new(props: &EditorProps) -> Form {
        Form {
            draft: props.draft.clone(),
            on_command: props.on_command.clone(),
            on_stage: props.on_stage,
            preview: props.preview,
        }
    }

    /// Under a renamed pool or user (`name`), the offer to say the new name
    /// in the texts that still say the old one (the full list is at the top).
    pub fn rename_here(&self, rename: &Option<(String, String)>, name: &str) -> Html {
        let Some((old, new)) = rename.as_ref().filter(|(_, new)| name.starts_with(new.as_str())) else {
            return html! {};
        };
        let n = self.draft.mentions(old, new).len();
        let (on1, on2) = (self.on_command.clone(), self.on_command.clone());
        html! {
            <p class="rename-here" role="status" data-testid="editor-rename-here">
                { format!("{} still {} “{old}”. ", failover_engine::text::count(n as u64, "text", "texts"), if n == 1 { "says" } else { "say" }) }
                <button type="button" onclick={Callback::from(move |_: MouseEvent| on1.emit(DocumentCmd::SettleRename(true).into()))}>{ format!("Say “{new}” there") }</button>
                {" "}
                <button type="button" onclick={Callback::from(move |_: MouseEvent| on2.emit(DocumentCmd::SettleRename(false).into()))}>{"Keep them"}</button>
                <span class="muted">{" (each change is listed above the document)"}</span>
            </p>
        }
    }

    /// The preview at a row's moment: the stage goes there (after a Run,
    /// if the document is not on the stage yet).
    pub fn see(&self, field: &str, at: Option<failover_engine::SimTime>) -> Html {
        let Some(at) = at else { return html! {} };
        let (on, run) = (self.on_command.clone(), !self.on_stage);
        let go = Callback::from(move |_: MouseEvent| {
            if run {
                on.emit(DocumentCmd::Run.into());
            }
            on.emit(crate::state::PlaybackCmd::Seek(at).into());
        });
        let label = if run { format!("Run, and see {at}") } else { format!("See {at}") };
        html! { <button type="button" class="see" data-testid={format!("editor-{field}-see")} onclick={go}>{ label }</button> }
    }

    /// A callback that applies `change` with the typed value to a copy of
    /// the draft and sends it, as an edit of `field`.
    ///
    /// The change is boxed: each field's closure is its own type, and the
    /// form parts below are written once, not once per field.
    fn change<V: 'static>(&self, field: &str, change: Change<V>) -> Callback<V> {
        let (draft, on, field) = (self.draft.clone(), self.on_command.clone(), field.to_string());
        Callback::from(move |value: V| {
            let mut next = (*draft).clone();
            change(&mut next, value);
            on.emit(DocumentCmd::Edit(Box::new(next), field.clone()).into());
        })
    }

    pub fn text(&self, field: &str, label: &str, value: &str, change: impl Fn(&mut Draft, String) + 'static) -> Html {
        self.text_field(field, label, value, "", Rc::new(change))
    }

    /// A text field with a hint shown while it is empty (a default, a format).
    pub fn text_with(
        &self,
        field: &str,
        label: &str,
        value: &str,
        placeholder: &str,
        change: impl Fn(&mut Draft, String) + 'static,
    ) -> Html {
        self.text_field(field, label, value, placeholder, Rc::new(change))
    }

    fn text_field(&self, field: &str, label: &str, value: &str, placeholder: &str, change: Change<String>) -> Html {
        let id = format!("editor-{field}");
        let set = self.change(field, change);
        let oninput = Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                set.emit(input.value());
            }
        });
        html! {
            <label class="field" for={id.clone()}>
                <span>{ label }</span>
                <input id={id.clone()} data-testid={id} type="text" value={value.to_string()}
                    placeholder={placeholder.to_string()} spellcheck="false" {oninput} />
            </label>
        }
    }

    pub fn area(&self, field: &str, label: &str, value: &str, change: impl Fn(&mut Draft, String) + 'static) -> Html {
        self.area_field(field, label, value, Rc::new(change))
    }

    fn area_field(&self, field: &str, label: &str, value: &str, change: Change<String>) -> Html {
        let id = format!("editor-{field}");
        let set = self.change(field, change);
        let oninput = Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlTextAreaElement>() {
                set.emit(input.value());
            }
        });
        html! {
            <label class="field wide" for={id.clone()}>
                <span>{ label }</span>
                <textarea id={id.clone()} data-testid={id} rows="2" value={value.to_string()} {oninput} />
            </label>
        }
    }

    /// A choice among `choices`; a value that is not one of them (a pool
    /// since renamed, a typo in a file) is kept and shown as it is.
    pub fn select(
        &self,
        field: &str,
        label: &str,
        value: &str,
        choices: Vec<Choice>,
        change: impl Fn(&mut Draft, String) + 'static,
    ) -> Html {
        self.select_field(field, label, value, choices, Rc::new(change))
    }

    fn select_field(
        &self,
        field: &str,
        label: &str,
        value: &str,
        choices: Vec<Choice>,
        change: Change<String>,
    ) -> Html {
        let id = format!("editor-{field}");
        let on_change = self.change(field, change);
        html! {
            <label class="field" for={id.clone()}>
                <span>{ label }</span>
                <EditorSelect {id} value={value.to_string()} {choices} {on_change} />
            </label>
        }
    }

    pub fn check(&self, field: &str, label: &str, on: bool, change: impl Fn(&mut Draft, bool) + 'static) -> Html {
        self.check_field(field, label, on, Rc::new(change))
    }

    fn check_field(&self, field: &str, label: &str, on: bool, change: Change<bool>) -> Html {
        let id = format!("editor-{field}");
        let set = self.change(field, change);
        let onchange = Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                set.emit(input.checked());
            }
        });
        html! {
            <label class="field check" for={id.clone()}>
                <input id={id.clone()} data-testid={id} type="checkbox" checked={on} {onchange} />
                <span>{ label }</span>
            </label>
        }
    }

    /// A button that changes the draft in one undo step (add, remove, sort).
    pub fn button(&self, test_id: &str, label: &str, aria: &str, change: impl Fn(&mut Draft) + 'static) -> Html {
        self.button_field(test_id, label, aria, Rc::new(move |d: &mut Draft, ()| change(d)))
    }

    fn button_field(&self, test_id: &str, label: &str, aria: &str, change: Change<()>) -> Html {
        let set = self.change("", change);
        let onclick = Callback::from(move |_: MouseEvent| set.emit(()));
        html! {
            <button type="button" data-testid={test_id.to_string()} aria-label={(!aria.is_empty()).then(|| aria.to_string())} {onclick}>{ label }</button>
        }
    }

    /// A row of a section: its fields, a remove button, and the engine's
    /// problems with it.
    pub fn row(&self, row: Row, legend: String, checked: &Checked, fields: Html) -> Html {
        self.row_at(row, legend, checked, fields, None)
    }

    /// A row with a moment in the run (an order, a caption, a question):
    /// in Author mode, selecting any of its fields shows that moment on the
    /// stage, the document's preview.
    pub fn row_at(
        &self,
        row: Row,
        legend: String,
        checked: &Checked,
        fields: Html,
        at: Option<failover_engine::SimTime>,
    ) -> Html {
        let onfocusin = at.filter(|_| self.preview && self.on_stage).map(|at| {
            let on = self.on_command.clone();
            Callback::from(move |_: FocusEvent| on.emit(crate::state::PlaybackCmd::Seek(at).into()))
        });
        let id = row_id(row);
        let problems: Vec<&RowProblem> = checked.problems.iter().filter(|p| p.row == row).collect();
        let flags = checked.flags.iter().filter(|p| p.row == row);
        let removable = !matches!(row.section, Section::Scenario | Section::Config);
        let remove = if removable {
            self.button(
                &format!("editor-remove-{}-{}", row.section.slug(), row.index),
                "Remove",
                &format!("Remove {}", row.label()),
                move |d| d.remove(row),
            )
        } else {
            html! {}
        };
        html! {
            <fieldset id={id.clone()} data-testid={id} class={classes!("editor-row", (!problems.is_empty()).then_some("has-problem"))} {onfocusin}>
                <legend>{ legend }</legend>
                <div class="editor-fields">{ fields }{ remove }</div>
                // Always there, so a problem appearing never rebuilds (and
                // unfocuses) the field being typed in.
                <div class="row-problems">
                    { for problems.iter().map(|p| html! {
                        <p class="row-problem" data-testid="editor-row-problem">{ &p.message }</p>
                    }) }
                    { for flags.map(|p| html! {
                        <p class="row-flag" data-testid="editor-row-flag">{ format!("The engine says otherwise: this caption {}", p.message) }</p>
                    }) }
                </div>
            </fieldset>
        }
    }
}

/// The element id (and test id) of a row.
pub fn row_id(row: Row) -> String {
    // A whole section (what it lacks): its own box, where rows are added.
    if row.index == usize::MAX {
        return format!("editor-section-box-{}", row.section.slug());
    }
    format!("editor-row-{}-{}", row.section.slug(), row.index)
}

/// Text from a file, with hidden characters shown.
pub fn shown(text: &str) -> String {
    failover_engine::scenario::printable(text)
}

/// Row `i`'s index in the checked run: the run orders rows by their typed
/// moment (stably), so its index is the rank of `(at, i)`.
pub fn run_index(ats: &[&str], i: usize) -> Option<usize> {
    let parse = |s: &str| failover_engine::SimTime::parse(s.trim()).ok();
    let mine = (parse(ats.get(i)?)?, i);
    Some(ats.iter().enumerate().filter(|(j, a)| parse(a).is_some_and(|t| (t, *j) < mine)).count())
}

/// Where row `i` of a list of moments lands in the checked run (`moment`
/// asks the run for its index).
pub fn landing(
    ats: &[&str],
    i: usize,
    moment: impl Fn(usize) -> Option<failover_engine::SimTime>,
) -> Option<failover_engine::SimTime> {
    moment(run_index(ats, i)?)
}

/// The draft's pools as choices.
pub fn pool_choices(draft: &Draft) -> Vec<Choice> {
    // A pool whose id is being typed (empty) is not a choice yet.
    // Named as people know them; the id (an FQDN) after, to tell pools apart.
    draft
        .pools
        .iter()
        .filter(|p| !p.id.trim().is_empty())
        .map(|p| {
            let label = if p.name.trim().is_empty() || p.name == p.id {
                shown(&p.id)
            } else {
                format!("{} ({})", shown(&p.name), shown(&p.id))
            };
            (p.id.clone(), label)
        })
        .collect()
}

/// The draft's named users as choices.
pub fn user_choices(draft: &Draft) -> Vec<Choice> {
    draft
        .users
        .iter()
        .filter(|u| !u.id.trim().is_empty())
        .map(|u| (u.id.clone(), format!("{} ({})", shown(&u.name), shown(&u.id))))
        .collect()
}

/// Named users offered by name in the "Insert" choice, and (fewer) with
/// each engine answer: a choice of thousands helps nobody.
const INSERT_NAMES: usize = 60;
const INSERT_ANSWERS: usize = 12;

/// What a caption or question can say by reference, for its "Insert"
/// choice: pools' and users' names (`{pool:ID}`, `{user:ID}`) and, for a
/// caption, each named user's answers from the engine at its moment
/// (`{ID.KEY}`; a question that said them would give itself away).
pub fn reference_choices(draft: &Draft, answers: bool) -> Vec<Choice> {
    let first = if answers { "Insert a name or the engine's answer…" } else { "Insert a name…" };
    let mut out: Vec<Choice> = vec![(String::new(), first.into())];
    let ids = |id: &str| !id.trim().is_empty() && !id.contains(['{', '}']);
    out.extend(
        draft
            .pools
            .iter()
            .filter(|p| ids(&p.id))
            .map(|p| (format!("{{pool:{}}}", p.id), format!("Name of {}", shown(&p.name)))),
    );
    let users = || draft.users.iter().filter(|u| ids(&u.id));
    out.extend(
        users().take(INSERT_NAMES).map(|u| (format!("{{user:{}}}", u.id), format!("Name of {}", shown(&u.name)))),
    );
    for u in users().take(if answers { INSERT_ANSWERS } else { 0 }) {
        out.extend(failover_engine::CapKey::ALL.iter().map(|k| {
            (
                format!("{{{}.{}}}", u.id, k.key()),
                format!("{}: {} (the engine's answer then)", shown(&u.name), k.label()),
            )
        }));
    }
    out
}

/// A text as shown, the engine's answers in it marked as the engine's.
pub fn engine_marked(parts: Vec<(String, bool)>) -> Html {
    parts
        .into_iter()
        .map(|(part, engine)| {
            if engine {
                html! { <mark class="engine-words" title="The engine's answer at this moment">{ part }</mark> }
            } else {
                html! { { part } }
            }
        })
        .collect()
}

/// Where the caret is in the text field `field` (`captions-2-text`), as a
/// byte index into `text`; its end when the browser cannot say.
pub fn caret_in(field: &str, text: &str) -> usize {
    use wasm_bindgen::JsCast;
    let utf16 = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("editor-{field}")))
        .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
        .and_then(|area| area.selection_start().ok().flatten());
    let Some(utf16) = utf16 else { return text.len() };
    // The browser counts UTF-16 units; the draft's text is UTF-8.
    let mut units = 0;
    for (at, c) in text.char_indices() {
        if units >= utf16 as usize {
            return at;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// `text` with `reference` put in at byte `at` (a char boundary), a space
/// either side where a word would touch it.
pub fn with_reference(text: &mut String, reference: &str, at: usize) {
    if reference.is_empty() {
        return;
    }
    let at = (0..=at.min(text.len())).rev().find(|&k| text.is_char_boundary(k)).unwrap_or(0);
    let before = text[..at].chars().next_back().is_some_and(|c| !c.is_whitespace());
    let after = text[at..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '{');
    let piece = format!("{}{reference}{}", if before { " " } else { "" }, if after { " " } else { "" });
    text.insert_str(at, &piece);
}

/// `(value, label)` pairs from static words.
pub fn choices(list: &[(&str, &str)]) -> Vec<Choice> {
    list.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect()
}
