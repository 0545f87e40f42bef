//! The editor's document (full build only): the scenario being written
//! (`crate::editor::Editor`, with its history), and a kept draft that could
//! not be read. Kept across runs and modes.

use crate::editor::{Editor, EditorStart};
use failover_engine::draft::{Draft, Section};
use failover_engine::Scenario;

#[derive(Clone, Default)]
pub struct Document {
    /// The scenario editor, once opened.
    editor: Option<Editor>,
    /// A kept editor draft that could not be read, set aside, for download.
    unreadable: Option<String>,
}

/// What the editor asks of its document.
#[derive(Clone, Debug, PartialEq)]
pub enum DocumentCmd {
    /// Open the scenario editor on a built-in, the run on the stage, a file
    /// or a blank scenario.
    Open(EditorStart),
    /// The document changed: the new version, and the field typed in
    /// (empty for an add, remove or sort).
    Edit(Box<Draft>, String),
    Undo,
    Redo,
    /// The document kept in this browser on the last visit: it comes back
    /// unless something was already edited.
    Restore(Box<Draft>),
    /// The draft kept in this browser could not be read: it was set aside
    /// (the text, for download) and is said once.
    Unreadable(String),
    /// The person dealt with the unreadable draft (downloaded or dismissed).
    UnreadableDone,
    /// Typing paused: check the latest version.
    Check,
    /// Show page N of a long section.
    Page(Section, usize),
    /// Author mode's form shows this part of the document (`None`: all).
    Part(Option<Section>),
    /// Put the document's scenario on the stage.
    Run,
    /// After a rename: say the new name in the free text (true), or leave it.
    SettleRename(bool),
}

/// The run on the stage, as the editor opens it: (its scenario, its name,
/// whether it is your topology).
pub struct OnStage<'a> {
    pub scenario: &'a Scenario,
    pub name: String,
    pub private: bool,
}

impl<'a> OnStage<'a> {
    pub fn of(run: &'a super::Run) -> OnStage<'a> {
        OnStage { scenario: run.sim().scenario(), name: run.name(), private: *run.origin() == super::Origin::Topology }
    }
}

impl Document {
    pub fn editor(&self) -> Option<&Editor> {
        self.editor.as_ref()
    }
    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        self.editor.as_mut()
    }
    pub fn unreadable(&self) -> Option<&str> {
        self.unreadable.as_deref()
    }

    /// Applies a command (all but `Run`, which changes the stage: the
    /// state does it).
    pub fn apply(&mut self, command: DocumentCmd, stage: OnStage) {
        match command {
            DocumentCmd::Open(start) => self.open(start, stage),
            DocumentCmd::Edit(draft, field) => {
                if let Some(editor) = &mut self.editor {
                    editor.edit(*draft, &field);
                }
            }
            DocumentCmd::SettleRename(replace) => self.editor.iter_mut().for_each(|e| e.settle_rename(replace)),
            DocumentCmd::Undo => self.editor.iter_mut().for_each(Editor::undo),
            DocumentCmd::Redo => self.editor.iter_mut().for_each(Editor::redo),
            DocumentCmd::Restore(draft) => {
                if self.editor.as_ref().is_none_or(|e| !e.can_undo()) {
                    self.editor = Some(Editor::restored(*draft));
                }
            }
            DocumentCmd::Unreadable(text) => self.unreadable = Some(text),
            DocumentCmd::UnreadableDone => self.unreadable = None,
            DocumentCmd::Check => {
                if let Some(editor) = self.editor.as_mut().filter(|e| e.stale()) {
                    editor.check_now();
                }
            }
            DocumentCmd::Page(section, page) => {
                if let Some(editor) = &mut self.editor {
                    editor.show_page(section, page);
                }
            }
            DocumentCmd::Part(part) => self.editor.iter_mut().for_each(|e| e.show_part(part)),
            DocumentCmd::Run => {}
        }
    }

    /// Opens the editor on the run on the stage unless it is open.
    pub fn ensure_open(&mut self, stage: OnStage) {
        if self.editor.is_none() {
            self.open(EditorStart::Current, stage);
        }
    }

    pub fn open(&mut self, start: EditorStart, stage: OnStage) {
        let current = start == EditorStart::Current;
        let opened = match start {
            EditorStart::Builtin(name) => failover_engine::builtin::builtin(name)
                .ok_or_else(|| format!("There is no built-in scenario \"{name}\"."))
                .and_then(|b| b.scenario().map_err(|p| p.render(name)))
                .map(|sc| (Draft::from_scenario(&sc), format!("the built-in {name}"), false)),
            EditorStart::Current => Ok((
                Draft::from_scenario(stage.scenario),
                format!("the run on the stage, {}", stage.name),
                stage.private,
            )),
            EditorStart::Blank => Ok((Draft::blank(), "a blank scenario".into(), false)),
            EditorStart::Template(name) => failover_engine::template::template(name)
                .ok_or_else(|| format!("There is no template \"{name}\"."))
                .and_then(|t| t.scenario().map_err(|p| p.render(name)))
                .map(|sc| {
                    let from =
                        "a new lesson from the template: rename its pools and users, move its orders; the texts follow";
                    (Draft::from_scenario(&sc), from.into(), false)
                }),
            EditorStart::File(file, text) => {
                let shown = failover_engine::scenario::printable(&file);
                // Only the format must be right to open a file: orders the
                // run refuses are shown at their rows, to be mended here.
                Scenario::parse(&text)
                    .map(|sc| (Draft::from_scenario(&sc), shown.clone(), false))
                    .map_err(|p| format!("{shown} cannot be opened in the editor:\n{}", p.render(&shown)))
            }
        };
        match (opened, &mut self.editor) {
            (Ok((draft, from, private)), Some(editor)) => editor.reopen(draft, from, private),
            (Ok((draft, from, private)), None) => self.editor = Some(Editor::open(draft, from, private)),
            (Err(why), _) => {
                if self.editor.is_none() {
                    self.open(EditorStart::Current, stage);
                }
                if let Some(editor) = &mut self.editor {
                    editor.say(Some(why));
                }
                return;
            }
        }
        // Opened from the stage, the document is the run on the stage.
        if let (true, Some(editor)) = (current, &mut self.editor) {
            editor.ran();
        }
    }

    /// Another run went on the stage: the editor's version is not it.
    pub fn stage_replaced(&mut self) {
        if let Some(e) = self.editor.as_mut() {
            e.left_stage();
        }
    }
}
