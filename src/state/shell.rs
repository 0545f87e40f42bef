//! The shell: who the page is for (the mode), what it shows (panels, the
//! drawer's tab, the perspective), its messages and its dealings with the
//! browser and the embedding page. Kept across runs.

use crate::notices::Notices;
use crate::screen::{Mode, Panel, View};

/// Errors told to the embedding page in one visit, at most.
pub const MAX_PARENT_ERRORS: usize = 50;

#[derive(Clone, Debug, Default)]
pub struct Shell {
    pub(super) mode: Mode,
    /// Minimal chrome for iframes.
    pub(super) embed: bool,
    /// What an embed shows (`None`: the mode's default).
    pub(super) panels: Option<Vec<Panel>>,
    /// The drawer tab open, if any.
    pub(super) tab: Option<Panel>,
    pub(super) view: View,
    /// Messages for the user (bad link parameters, refused orders).
    pub(super) notices: Notices,
    /// Origins allowed to send embedding commands.
    pub(super) origins: Vec<String>,
    /// The page said once that messages from an origin not allowed are ignored.
    told_origins: bool,
    /// Why commands from the embedding page failed, in order (sent back to
    /// it as `error` events). Append-only across runs.
    parent_errors: Vec<String>,
    /// The last save in the browser failed (said once).
    save_failed: bool,
    /// The screen opened too slowly to be kept for the next visit.
    pub(super) slow_open: bool,
    /// Launched by a SCORM package (its version) with this pass mark.
    pub(super) scorm: Option<(String, u32)>,
    /// The render bench, when the page was opened in bench mode.
    pub(super) bench: Option<super::Bench>,
    /// The import bench's result (`?bench=import`).
    pub(super) import_bench: Option<String>,
    /// The last import's problems: (file name, `FILE:LINE: message` lines).
    pub(super) import_problem: Option<(String, String)>,
    /// The revision the stage last drew, and the population dots it drew
    /// by state (regular, Resiliency mode, signed out): only a drawn run is saved.
    pub(super) drawn: Option<(u64, [u32; 3])>,
    /// This window is the presenter's console (`console=1`), and what it
    /// heard from the projected window.
    pub(super) console: Option<super::console::Console>,
    /// What this window last asked the other one to do: (sequence, what).
    pub(super) outbox: Option<(u64, super::console::Go)>,
}

/// What the page's frame asks of the shell.
#[derive(Clone, Debug, PartialEq)]
pub enum ShellCmd {
    /// Switch to another mode within this build.
    SetMode(Mode),
    /// Open a drawer tab (or close the drawer).
    OpenTab(Option<Panel>),
    SetView(View),
    /// A message for the user (the page's own, such as a restored session).
    Notice(String),
    /// Saving the screen in the browser failed, and why.
    SaveFailed(String),
    /// The save worked (a later failure is said again).
    Saved,
    /// The screen took this long (ms) to open: too long to be kept for the
    /// next visit, which would wait as long again.
    OpenedSlowly(f64),
    /// A message from an origin not allowed was ignored (said once, in an embed).
    OriginIgnored(String),
    /// A command from the embedding page that could not be carried out:
    /// answered with an `error` event.
    ParentError(String),
    /// A file that could not be read at all: (file name, why).
    ImportFailed(String, String),
    /// Hide the import problems.
    DismissImport,
    /// The person read the notices: clear them.
    DismissNotices,
    /// The console heard the projected window: showing this lesson or not.
    Following(bool),
    /// The console's Back, Next or Reveal: asks the projected window.
    Ask(super::console::Go),
    /// The stage drew this revision, with these population dots by state.
    Drawn {
        revision: u64,
        by_state: [u32; 3],
    },
    /// An import bench ran (`bench=import`, `bench=worst`): its name and JSON.
    ImportBenchDone {
        label: &'static str,
        json: String,
    },
}

impl Shell {
    pub fn mode(&self) -> Mode {
        self.mode
    }
    pub fn embed(&self) -> bool {
        self.embed
    }
    pub fn origins(&self) -> &[String] {
        &self.origins
    }
    pub fn parent_errors(&self) -> &[String] {
        &self.parent_errors
    }
    pub fn save_failed(&self) -> bool {
        self.save_failed
    }

    pub fn apply(&mut self, command: ShellCmd) {
        match command {
            ShellCmd::SetMode(mode) => {
                self.mode = mode;
                self.tab = self.tab.filter(|t| mode.tabs().contains(t));
            }
            ShellCmd::OpenTab(tab) => self.tab = tab.filter(|t| self.mode.tabs().contains(t)),
            ShellCmd::SetView(v) => self.view = v,
            ShellCmd::Notice(text) => self.notices.push(text),
            ShellCmd::SaveFailed(why) => {
                if !self.save_failed {
                    self.save_failed = true;
                    self.notices.push(format!("This screen could not be saved in the browser ({why}): it will not be restored on your next visit. Export the scenario or copy the link to keep it."));
                }
            }
            ShellCmd::Saved => self.save_failed = false,
            ShellCmd::OpenedSlowly(ms) => {
                self.slow_open = true;
                self.notices.push(format!(
                    "This scenario took {} s to open, so it is not kept for your next visit (which would wait as long again). Export it to keep it.",
                    failover_engine::text::decimal(ms / 1000.0, 1)
                ));
            }
            ShellCmd::OriginIgnored(origin) => {
                if self.embed && self.origins.is_empty() && !self.told_origins {
                    self.told_origins = true;
                    let o = crate::url::shorten(&origin);
                    self.notices.push(format!(
                        "This simulator ignores commands from {o}: add origins={o} to its link to allow them."
                    ));
                }
            }
            ShellCmd::ParentError(why) => {
                self.notices.push(format!("The embedding page sent a command that could not be carried out: {why}"));
                self.tell_parent(why);
            }
            ShellCmd::ImportFailed(file, why) => self.import_failed(file.clone(), format!("{file}: {why}")),
            ShellCmd::DismissImport => self.import_problem = None,
            ShellCmd::DismissNotices => self.notices = Notices::default(),
            ShellCmd::Following(yes) => {
                if let Some(c) = &mut self.console {
                    c.following = Some(yes);
                }
            }
            // The state carries it out: it moves the lesson too (`State::ask`).
            ShellCmd::Ask(_) => {}
            ShellCmd::Drawn { revision, by_state } => self.drawn = Some((revision, by_state)),
            ShellCmd::ImportBenchDone { label, json } => {
                self.notices.push(format!("{label}: {json}"));
                self.import_bench = Some(json);
            }
        }
    }

    /// An import's problems are shown with the import: its tab opens.
    pub(super) fn import_failed(&mut self, file: String, problems: String) {
        self.import_problem = Some((file, problems));
        if let Some(&tab) = self.mode.tabs().iter().find(|&&t| t == Panel::Share) {
            self.tab = Some(tab);
        }
    }

    /// An error for the embedding page: bounded, so a flood of bad
    /// messages cannot grow the page (at most `MAX_PARENT_ERRORS`, each at
    /// most 20 lines).
    pub(super) fn tell_parent(&mut self, why: String) {
        if self.parent_errors.len() < MAX_PARENT_ERRORS {
            self.parent_errors.push(why.lines().take(20).collect::<Vec<_>>().join("\n"));
        }
    }

    /// The panels on screen in an embed: those its link names, within the mode.
    pub fn embed_panels(&self) -> Vec<Panel> {
        let allowed = self.mode.panels();
        match &self.panels {
            Some(p) => p.iter().copied().filter(|p| allowed.contains(p)).collect(),
            None => Panel::EMBED_DEFAULT.iter().copied().filter(|p| allowed.contains(p)).collect(),
        }
    }
}
