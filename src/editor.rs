//! The scenario editor's state: the document being written (the engine's
//! `Draft`), its undo history, and the engine's verdict on the latest
//! version. The verdict is the engine's (`Draft::check`): this file keeps
//! history, never judges.

use failover_engine::draft::{Checked, Draft, Section};
use std::rc::Rc;

/// Undo steps kept.
const HISTORY: usize = 200;

/// Rows of a section shown at once: a long section is paged, so a document
/// of thousands of rows stays quick to show and to type in.
pub const ROWS_PER_PAGE: usize = 40;

/// The rows of page `page` of a section of `len` rows (the last page when
/// `page` is past it).
pub fn page_rows(page: usize, len: usize) -> std::ops::Range<usize> {
    let last = len.saturating_sub(1) / ROWS_PER_PAGE;
    let start = page.min(last) * ROWS_PER_PAGE;
    start..(start + ROWS_PER_PAGE).min(len)
}

/// The page each long section shows.
pub type Pages = Vec<(Section, usize)>;

/// The page `section` shows (0 until another is asked for).
pub fn page_of(pages: &Pages, section: Section) -> usize {
    pages.iter().find(|p| p.0 == section).map_or(0, |p| p.1)
}

/// What the editor opens.
#[derive(Clone, Debug, PartialEq)]
pub enum EditorStart {
    Builtin(&'static str),
    /// The run on the stage, with the admin's orders given so far.
    Current,
    Blank,
    /// A template (`failover_engine::template`): a lesson to make one's own.
    Template(&'static str),
    /// A scenario file: (file name, text).
    File(String, String),
}

/// One version of the document, with what it was opened from.
#[derive(Clone)]
struct Version {
    draft: Rc<Draft>,
    /// What it was opened from, for people.
    from: Rc<str>,
    /// Opened from your topology (SIP addresses): what it runs stays out of
    /// links and the browser's storage, as the topology itself does.
    private: bool,
}

#[derive(Clone)]
pub struct Editor {
    history: Vec<Version>,
    at: usize,
    /// The field the last edit typed in: a run of keystrokes in one field
    /// is one undo step.
    field: Option<String>,
    checked: Rc<Checked>,
    /// A file that could not be opened, or a Run that was refused, and why.
    notice: Option<String>,
    /// Came back from the last visit (so it is kept again, edited or not).
    restored: bool,
    /// The version last put on the stage, with Run or as Author mode's preview.
    ran: Option<usize>,
    /// That version is only a preview: typing on in the same field is
    /// still one undo step (a version that was Run stays in the history).
    previewed: bool,
    /// The page each long section shows.
    pages: Rc<Pages>,
    /// The part of the document Author mode's form shows (`None`: all of
    /// it), chosen in its outline.
    part: Option<Section>,
    /// A large document's latest version is not checked yet: the check
    /// (a whole run) waits until typing pauses (`DocumentCmd::Check.into()`).
    stale: bool,
    /// A pool or user being renamed: the name field typed in and the name
    /// it had before, so the free text that still says it can follow.
    renamed: Option<(String, String)>,
    /// The version last opened or run (its index in the history): edits
    /// since are unsaved work. `None`: it left the history.
    settled: Option<usize>,
}

/// Rows (named users, orders, session members) above which a document is
/// checked when typing pauses rather than at every keystroke: its check
/// replays a run that takes a noticeable fraction of a second.
pub const CHECK_AT_ONCE_ROWS: usize = 400;

impl Editor {
    pub fn open(draft: Draft, from: String, private: bool) -> Editor {
        let checked = Rc::new(draft.check());
        let first = Version { draft: Rc::new(draft), from: from.into(), private };
        Editor {
            history: vec![first],
            at: 0,
            field: None,
            checked,
            notice: None,
            restored: false,
            ran: None,
            previewed: false,
            pages: Rc::new(Vec::new()),
            part: None,
            stale: false,
            renamed: None,
            settled: Some(0),
        }
    }

    /// The document kept in this browser on the last visit.
    pub fn restored(draft: Draft) -> Editor {
        Editor {
            restored: true,
            ..Editor::open(draft, "your draft from your last visit (kept in this browser)".into(), false)
        }
    }

    /// Opens another scenario in place of the document, as one more undo
    /// step: Undo brings the edits back.
    pub fn reopen(&mut self, draft: Draft, from: String, private: bool) {
        self.push(Version { draft: Rc::new(draft), from: from.into(), private });
        self.settled = Some(self.at);
        self.field = None;
        self.part = None;
        self.recheck();
    }

    /// What the browser should keep for the next visit: the document, once
    /// edited (or itself kept from before), never one from your topology.
    pub fn to_keep(&self) -> Option<String> {
        (!self.private() && (self.restored || self.can_undo())).then(|| self.draft().save_text())
    }

    pub fn draft(&self) -> &Rc<Draft> {
        &self.history[self.at].draft
    }

    pub fn checked(&self) -> &Rc<Checked> {
        &self.checked
    }

    pub fn from(&self) -> &str {
        &self.history[self.at].from
    }

    pub fn private(&self) -> bool {
        self.history[self.at].private
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn say(&mut self, notice: Option<String>) {
        self.notice = notice;
    }

    /// Run put this version on the stage.
    pub fn ran(&mut self) {
        self.ran = Some(self.at);
        self.previewed = false;
        self.settled = Some(self.at);
    }

    /// This version is on the stage as Author mode's preview: not run (its
    /// edits are still unsaved work).
    pub fn previewed(&mut self) {
        self.ran = Some(self.at);
        self.previewed = true;
    }

    /// Edits since the document was opened or last run: opening another
    /// asks first (and Undo would bring them back).
    pub fn unsaved(&self) -> bool {
        self.settled != Some(self.at)
    }

    /// The page `section` shows.
    pub fn page(&self, section: Section) -> usize {
        page_of(&self.pages, section)
    }

    pub fn pages(&self) -> &Rc<Pages> {
        &self.pages
    }

    pub fn part(&self) -> Option<Section> {
        self.part
    }

    /// Author mode's form shows `part` of the document (`None`: all of it).
    pub fn show_part(&mut self, part: Option<Section>) {
        self.part = part;
    }

    /// Whether Author mode's form shows `section` (the timings are shown
    /// with the scenario's fields).
    pub fn shows(&self, section: Section) -> bool {
        self.part.is_none_or(|part| part == section.part())
    }

    /// Shows page `page` of `section` (a problem's row, the pager, a row added).
    pub fn show_page(&mut self, section: Section, page: usize) {
        let mut pages = (*self.pages).clone();
        pages.retain(|p| p.0 != section);
        pages.push((section, page));
        self.pages = Rc::new(pages);
    }

    /// The stage put another run on: no version here is on it.
    pub fn left_stage(&mut self) {
        self.ran = None;
    }

    #[cfg(test)]
    fn history_len(&self) -> usize {
        self.history.len()
    }

    /// Undo reaches back this far at most; the panel says so once reached.
    pub fn history_full(&self) -> bool {
        self.history.len() >= HISTORY
    }

    /// The version shown is the one on the stage.
    pub fn on_stage(&self) -> bool {
        self.ran == Some(self.at)
    }

    fn push(&mut self, version: Version) {
        self.history.truncate(self.at + 1);
        self.history.push(version);
        if self.history.len() > HISTORY {
            self.history.remove(0);
            self.ran = self.ran.and_then(|k| k.checked_sub(1));
            self.settled = self.settled.and_then(|k| k.checked_sub(1));
        }
        self.at = self.history.len() - 1;
        if self.ran.is_some_and(|k| k >= self.at) {
            self.ran = None;
        }
    }

    /// A new version of the draft; `field` names the field typed in (empty
    /// for an edit that is a step of its own: add, remove, sort).
    pub fn edit(&mut self, draft: Draft, field: &str) {
        if draft == **self.draft() {
            return;
        }
        // A row added to a long section: show the page it is on.
        for s in Section::ALL {
            if let (Some(before), Some(after)) = (self.draft().rows(s), draft.rows(s)) {
                if after > before {
                    self.show_page(s, (after - 1) / ROWS_PER_PAGE);
                }
            }
        }
        // A name typed: remember the name from before, once per field.
        if name_field(field).is_some() && self.renamed.as_ref().is_none_or(|(f, _)| f != field) {
            let old = name_field(field).and_then(|(section, i)| name_of(self.draft(), section, i)).unwrap_or_default();
            self.renamed = Some((field.to_string(), old));
        }
        let same_field = !field.is_empty()
            && self.field.as_deref() == Some(field)
            && self.at > 0
            && (self.previewed || self.ran != Some(self.at));
        let current = self.history[self.at].clone();
        let version = Version { draft: Rc::new(draft), ..current };
        if same_field {
            self.history.truncate(self.at + 1);
            self.history[self.at] = version;
            // The preview on the stage is of the version before this key.
            if self.ran == Some(self.at) {
                self.ran = None;
            }
        } else {
            self.push(version);
        }
        self.field = (!field.is_empty()).then(|| field.to_string());
        self.recheck();
    }

    /// A rename whose old name the free text still says: (old, new), as
    /// the text says them (in full, or "Pool A" for "Pool A (Redmond)", or
    /// a user's first name).
    pub fn rename(&self) -> Option<(String, String)> {
        let (field, old) = self.renamed.as_ref()?;
        let (section, i) = name_field(field)?;
        let new = name_of(self.draft(), section, i)?;
        if old.trim().is_empty() || *old == new {
            return None;
        }
        said_as(old, section)
            .into_iter()
            .zip(said_as(&new, section))
            .find(|(o, n)| o != n && !self.draft().mentions(o, n).is_empty())
    }

    /// Says the new name in the free text (one undo step), or leaves it.
    pub fn settle_rename(&mut self, replace: bool) {
        if let (true, Some((old, new))) = (replace, self.rename()) {
            let mut draft = (**self.draft()).clone();
            draft.replace_mentions(&old, &new);
            self.edit(draft, "");
        }
        self.renamed = None;
    }

    pub fn can_undo(&self) -> bool {
        self.at > 0
    }

    pub fn can_redo(&self) -> bool {
        self.at + 1 < self.history.len()
    }

    pub fn undo(&mut self) {
        if self.can_undo() {
            self.at -= 1;
            self.field = None;
            self.recheck();
        }
    }

    pub fn redo(&mut self) {
        if self.can_redo() {
            self.at += 1;
            self.field = None;
            self.recheck();
        }
    }

    fn recheck(&mut self) {
        self.notice = None;
        let d = self.draft();
        let rows = d.users.len() + d.timeline.len() + d.sessions.iter().map(|s| s.members.len()).sum::<usize>();
        if rows > CHECK_AT_ONCE_ROWS {
            self.stale = true;
        } else {
            self.check_now();
        }
    }

    /// Checks the latest version now (typing paused).
    pub fn check_now(&mut self) {
        self.checked = Rc::new(self.draft().check());
        self.stale = false;
    }

    /// The latest version waits for its check.
    pub fn stale(&self) -> bool {
        self.stale
    }
}

/// "1 problem stops this scenario", "2 problems stop this scenario".
/// A pool's or user's name field (`pools-3-name`): its section and row.
fn name_field(field: &str) -> Option<(Section, usize)> {
    let rest = field.strip_suffix("-name")?;
    let (section, index) = rest.split_once('-')?;
    let section = match section {
        "pools" => Section::Pools,
        "users" => Section::Users,
        _ => return None,
    };
    Some((section, index.parse().ok()?))
}

/// How a text may say a name: in full, without its parenthesis ("Pool A"
/// for "Pool A (Redmond)"), and a user by their first name.
fn said_as(name: &str, section: Section) -> [String; 3] {
    let bare = name.split_once(" (").map_or(name, |(b, _)| b).trim().to_string();
    let first = match section {
        Section::Users => bare.split_whitespace().next().unwrap_or_default().to_string(),
        _ => bare.clone(),
    };
    [name.to_string(), bare, first]
}

fn name_of(draft: &Draft, section: Section, i: usize) -> Option<String> {
    match section {
        Section::Pools => draft.pools.get(i).map(|p| p.name.clone()),
        Section::Users => draft.users.get(i).map(|u| u.name.clone()),
        _ => None,
    }
}

pub fn problems_stop(n: usize) -> String {
    if n == 1 {
        "1 problem stops this scenario".into()
    } else {
        format!("{n} problems stop this scenario")
    }
}

impl PartialEq for Editor {
    fn eq(&self, other: &Editor) -> bool {
        Rc::ptr_eq(&self.checked, &other.checked)
            && Rc::ptr_eq(&self.pages, &other.pages)
            && self.stale == other.stale
            && Rc::ptr_eq(self.draft(), other.draft())
            && self.notice == other.notice
            && self.at == other.at
            && self.ran == other.ran
    }
}

impl std::fmt::Debug for Editor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Editor({}, step {} of {})", self.from(), self.at + 1, self.history.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{DocumentCmd, LoadCmd, Origin, Panel, PlaybackCmd, ShellCmd, State};
    use failover_engine::builtin::EXPECTED_EVENT_LOG_HASHES;
    use failover_engine::draft::{Row, Section};
    use failover_engine::orders::OrderName;
    use failover_engine::SimTime;

    fn editor(rt: &State) -> &Editor {
        rt.editor().expect("the editor is open")
    }

    fn edit(rt: &mut State, field: &str, change: impl FnOnce(&mut Draft)) {
        let mut draft = (**editor(rt).draft()).clone();
        change(&mut draft);
        rt.apply(DocumentCmd::Edit(Box::new(draft), field.into()).into());
    }

    // Issue 21, finding 1: the largest accepted document stays quick to
    // show and to type in: long sections are paged, a row added or a
    // problem's row is shown on its page, and its check waits for a pause.
    #[test]
    fn a_large_document_is_paged_and_checked_when_typing_pauses() {
        use crate::editor::{page_rows, ROWS_PER_PAGE};
        assert_eq!(page_rows(0, 1800), 0..ROWS_PER_PAGE);
        assert_eq!(page_rows(99, 1800), 1800 - ROWS_PER_PAGE..1800, "past the end: the last page");
        assert_eq!(page_rows(3, 0), 0..0);
        let mut rt = State::default_builtin();
        rt.apply(
            DocumentCmd::Open(EditorStart::File("worst.toml".into(), failover_engine::builtin::worst_legal())).into(),
        );
        assert!(editor(&rt).checked().run.is_some(), "opened and checked once");
        assert_eq!(editor(&rt).page(Section::Users), 0);
        edit(&mut rt, "users-0-name", |d| d.users[0].name = "Ana".into());
        assert!(editor(&rt).stale(), "a keystroke does not replay the run");
        rt.apply(DocumentCmd::Check.into());
        assert!(!editor(&rt).stale());
        edit(&mut rt, "", |d| d.add_user());
        let last = (editor(&rt).draft().users.len() - 1) / ROWS_PER_PAGE;
        assert_eq!(editor(&rt).page(Section::Users), last, "the new row's page is shown");
        rt.apply(DocumentCmd::Page(Section::Users, 2).into());
        assert_eq!(editor(&rt).page(Section::Users), 2);
        // Run checks the latest version first.
        edit(&mut rt, "users-1-name", |d| d.users[1].name = "Bo".into());
        rt.apply(DocumentCmd::Run.into());
        assert!(!editor(&rt).stale());
    }

    // Issue 23: Author mode's stage previews each version the engine can
    // run, at the same moment, without a "Back to" step or counting as run;
    // the drawer in Explore changes nothing until Run.
    #[test]
    fn author_mode_previews_the_document_and_the_drawer_waits_for_run() {
        use crate::screen::Mode;
        let mut rt = State::default_builtin();
        rt.apply(PlaybackCmd::Seek(SimTime::from_s(600)).into());
        rt.apply(ShellCmd::OpenTab(Some(Panel::Editor)).into());
        edit(&mut rt, "scenario-0-title", |d| d.title = "Drawer".into());
        assert_ne!(rt.sim().title(), "Drawer", "the class's stage waits for Run");
        rt.apply(ShellCmd::SetMode(Mode::Author).into());
        assert_eq!(rt.sim().title(), "Drawer", "in Author mode the stage is the preview");
        assert_eq!(rt.t(), SimTime::from_s(600), "at the same moment");
        assert!(rt.previous().is_none(), "a preview is no step to go back to");
        assert!(editor(&rt).unsaved(), "a preview is not a run");
        edit(&mut rt, "pools-0-population", |d| d.pools[0].population = "lots".into());
        assert_eq!(rt.sim().title(), "Drawer", "a version the engine refuses leaves the last good preview");
        edit(&mut rt, "pools-0-population", |d| d.pools[0].population = "100".into());
        assert_eq!(rt.sim().scenario().pools[0].population, 100);
        rt.apply(DocumentCmd::Run.into());
        assert!(
            !editor(&rt).unsaved() && rt.previous().is_none(),
            "Run settles it; Back still goes before the editing"
        );
        // Presented from Author mode, the lesson starts at its first stop.
        rt.apply(PlaybackCmd::Seek(SimTime::from_s(3000)).into());
        rt.apply(ShellCmd::SetMode(Mode::Present).into());
        if let Some(first) = rt.sim().steps().first() {
            assert_eq!(rt.t(), first.at);
        }
        rt.apply(ShellCmd::SetMode(Mode::Author).into());
        // A long text typed key by key, each key previewed: one undo step.
        let steps = editor(&rt).history_len();
        for k in 1..=250 {
            edit(&mut rt, "scenario-0-title", |d| d.title = format!("Typed {k}"));
            assert_eq!(rt.sim().title(), format!("Typed {k}"), "each key previewed");
        }
        assert_eq!(editor(&rt).history_len(), steps + 1);
        assert!(!editor(&rt).history_full());
    }

    // Issue 21, finding 8: the status follows the stage, and undo says
    // when it reaches its limit.
    #[test]
    fn the_editor_knows_when_the_stage_changed_and_when_undo_is_full() {
        let mut rt = State::default_builtin();
        rt.apply(ShellCmd::OpenTab(Some(Panel::Editor)).into());
        assert!(editor(&rt).on_stage());
        rt.apply(LoadCmd::Builtin("timer-only").into());
        assert!(!editor(&rt).on_stage(), "another scenario is on the stage now");
        rt.apply(DocumentCmd::Run.into());
        assert!(editor(&rt).on_stage(), "run again, it is");
        for k in 0..250 {
            // Two fields in turn: each edit is its own undo step.
            edit(&mut rt, "scenario-0-title", |d| d.title = format!("Title {k}"));
            edit(&mut rt, "scenario-0-description", |d| d.description = format!("About {k}"));
        }
        assert!(editor(&rt).history_full());
    }

    #[test]
    fn opening_the_tab_edits_the_run_on_the_stage_and_run_starts_a_lesson_at_its_first_stop() {
        let mut rt = State::default_builtin();
        rt.apply(PlaybackCmd::Seek(SimTime::from_s(1800)).into());
        rt.apply(ShellCmd::OpenTab(Some(Panel::Editor)).into());
        let hash = rt.sim().event_log_hash();
        assert!(editor(&rt).checked().problems.is_empty());
        assert!(editor(&rt).on_stage(), "opened from the stage, it is the run on the stage");
        assert_eq!(editor(&rt).checked().run.as_ref().map(|s| s.event_log_hash()), Some(hash));
        // Opening a built-in changes nothing on the stage until Run.
        rt.apply(DocumentCmd::Open(EditorStart::Builtin("fast-failover")).into());
        assert_eq!(rt.sim().event_log_hash(), hash);
        rt.apply(DocumentCmd::Run.into());
        let expected = EXPECTED_EVENT_LOG_HASHES.iter().find(|(n, _)| *n == "fast-failover").unwrap().1;
        assert_eq!(rt.sim().event_log_hash(), expected, "a built-in through the editor is the same run");
        assert_eq!(rt.t(), SimTime::from_s(1800), "a scenario that is no lesson keeps the moment");
        assert_eq!(rt.tab(), Some(Panel::Editor), "the editor stays open");
        assert!(rt.editor().is_some(), "and keeps its document");
        assert!(matches!(rt.origin(), Origin::Custom(_)));
        assert!(rt.link().is_some(), "a link can be copied for the result");
        // A lesson runs from its first stop (issue 23: not at the moment, whose
        // next step was the end of the lesson).
        rt.apply(PlaybackCmd::Seek(SimTime::from_s(9000)).into());
        rt.apply(DocumentCmd::Open(EditorStart::Builtin("working-day")).into());
        rt.apply(DocumentCmd::Run.into());
        assert_eq!(rt.t(), rt.sim().steps()[0].at, "a lesson runs from its first stop");
        assert_eq!(rt.step(), Some(0), "on it, so Next goes to the second");
    }

    #[test]
    fn a_refused_order_keeps_the_last_good_run_and_undo_redo_step_through_edits() {
        let mut rt = State::default_builtin();
        rt.apply(DocumentCmd::Open(EditorStart::Blank).into());
        edit(&mut rt, "", |d| d.add_pool_pair());
        edit(&mut rt, "", |d| d.add_order());
        rt.apply(DocumentCmd::Run.into());
        let good = rt.sim().event_log_hash();
        edit(&mut rt, "", |d| d.add_order());
        // Typing "40:00" is one undo step, not five.
        for typed in ["4", "40", "40:", "40:0", "40:00"] {
            edit(&mut rt, "timeline-1-at", |d| d.timeline[1].at = typed.into());
        }
        edit(&mut rt, "timeline-1-action", |d| d.timeline[1].action = OrderName::InvokeFailback.as_str().into());
        let checked = editor(&rt).checked().clone();
        assert_eq!(checked.problems.len(), 1, "{:?}", checked.problems);
        assert_eq!(checked.problems[0].row, Row::new(Section::Timeline, 1));
        assert!(
            checked.problems[0].message.starts_with("Invoke-CsPoolFailBack refused at 40:00: "),
            "{}",
            checked.problems[0].message
        );
        rt.apply(DocumentCmd::Run.into());
        assert_eq!(rt.sim().event_log_hash(), good, "the last good run keeps playing");
        assert!(editor(&rt).notice().is_some_and(|n| n.starts_with("Not run: 1 problem stops")));

        rt.apply(DocumentCmd::Undo.into());
        // The added row suggested the failover, 5 minutes after the failure.
        assert_eq!(editor(&rt).draft().timeline[1].action, OrderName::InvokeFailover.as_str());
        assert_eq!(editor(&rt).draft().timeline[1].at, "40:00");
        rt.apply(DocumentCmd::Undo.into());
        assert_eq!(editor(&rt).draft().timeline[1].at, "10:00", "the typing was one step");
        rt.apply(DocumentCmd::Redo.into());
        rt.apply(DocumentCmd::Redo.into());
        assert_eq!(editor(&rt).checked().problems.len(), 1);
        assert!(!editor(&rt).can_redo());
    }

    #[test]
    fn a_file_that_does_not_parse_is_not_opened_and_the_document_stays() {
        let mut rt = State::default_builtin();
        rt.apply(ShellCmd::OpenTab(Some(Panel::Editor)).into());
        edit(&mut rt, "scenario-0-title", |d| d.title = "Mine".into());
        rt.apply(
            DocumentCmd::Open(EditorStart::File("bad.toml".into(), "version = 1\n[[pools]]\nid = 3\n".into())).into(),
        );
        assert_eq!(editor(&rt).draft().title, "Mine");
        assert!(editor(&rt).notice().is_some_and(|n| n.contains("bad.toml:3:")), "{:?}", editor(&rt).notice());
        // A file whose orders are refused opens, with the refusal at its row.
        let refused = "version = 1\n[[pools]]\nid = 'a'\nbackup = 'b'\n[[pools]]\nid = 'b'\nbackup = 'a'\n\n[[timeline]]\nat = '10:00'\naction = 'invoke-failback'\npool = 'a'\n";
        rt.apply(DocumentCmd::Open(EditorStart::File("refused.toml".into(), refused.into())).into());
        let checked = editor(&rt).checked();
        assert_eq!(checked.problems.iter().map(|p| p.row).collect::<Vec<_>>(), vec![Row::new(Section::Timeline, 0)]);
    }

    #[test]
    fn the_document_is_kept_for_the_next_visit_once_edited_and_never_from_your_topology() {
        let mut rt = State::default_builtin();
        rt.apply(ShellCmd::OpenTab(Some(Panel::Editor)).into());
        assert_eq!(editor(&rt).to_keep(), None, "nothing edited, nothing kept");
        edit(&mut rt, "scenario-0-title", |d| d.title = "Half-typed \"".into());
        let kept = editor(&rt).to_keep().expect("an edit is kept");
        // The next visit: it comes back as typed, and is kept again.
        let mut next = State::default_builtin();
        next.apply(DocumentCmd::Restore(Box::new(Draft::from_save_text(&kept).unwrap())).into());
        assert_eq!(editor(&next).draft().title, "Half-typed \"");
        assert!(editor(&next).from().contains("last visit"));
        assert_eq!(editor(&next).to_keep(), Some(kept.clone()));
        // A restore never replaces work already begun in this visit.
        edit(&mut rt, "scenario-0-title", |d| d.title = "Newer".into());
        rt.apply(DocumentCmd::Restore(Box::new(Draft::blank())).into());
        assert_eq!(editor(&rt).draft().title, "Newer");
        // Your topology is never kept.
        let private = Editor::open(Draft::blank(), "topology".into(), true);
        let mut private_edited = private.clone();
        private_edited.edit(Draft { title: "x".into(), ..Draft::blank() }, "");
        assert_eq!(private_edited.to_keep(), None);
    }

    #[test]
    fn every_builtin_opened_in_the_page_s_editor_and_run_is_the_same_run() {
        for (name, hash) in EXPECTED_EVENT_LOG_HASHES {
            let mut rt = State::default_builtin();
            rt.apply(
                DocumentCmd::Open(EditorStart::Builtin(
                    failover_engine::builtin::builtin(name).expect("built-in").name,
                ))
                .into(),
            );
            rt.apply(DocumentCmd::Run.into());
            assert_eq!(rt.sim().event_log_hash(), hash, "{name}");
            // And the same through a downloaded file opened again.
            let toml = editor(&rt).checked().toml.clone();
            rt.apply(DocumentCmd::Open(EditorStart::File(format!("{name}.toml"), toml)).into());
            rt.apply(DocumentCmd::Run.into());
            assert_eq!(rt.sim().event_log_hash(), hash, "{name} through its file");
        }
    }

    #[test]
    fn opening_another_scenario_is_one_undo_step_and_the_status_knows_what_is_on_stage() {
        let mut rt = State::default_builtin();
        rt.apply(ShellCmd::OpenTab(Some(Panel::Editor)).into());
        edit(&mut rt, "scenario-0-title", |d| d.title = "Mine".into());
        rt.apply(DocumentCmd::Open(EditorStart::Blank).into());
        assert_eq!(editor(&rt).draft().title, Draft::blank().title);
        assert_eq!(editor(&rt).from(), "a blank scenario");
        rt.apply(DocumentCmd::Undo.into());
        assert_eq!(editor(&rt).draft().title, "Mine", "Undo brings the edits back");
        assert!(editor(&rt).from().starts_with("the run on the stage"));
        assert!(!editor(&rt).on_stage());
        rt.apply(DocumentCmd::Run.into());
        assert!(editor(&rt).on_stage());
        edit(&mut rt, "scenario-0-title", |d| d.title = "Mine again".into());
        assert!(!editor(&rt).on_stage(), "an edit after Run is not on the stage yet");
        rt.apply(DocumentCmd::Undo.into());
        assert!(editor(&rt).on_stage());
    }

    /// Issue 23: renaming a pool offers to say the new name in the free
    /// text, keystroke by keystroke, and replaces it in one undo step.
    #[test]
    fn renaming_a_pool_offers_to_say_the_new_name_in_the_text() {
        let mut rt = State::default_builtin();
        rt.apply(ShellCmd::OpenTab(Some(Panel::Editor)).into());
        // "Pool A (Redmond)": its captions say "Pool A".
        let old = "Pool A".to_string();
        assert!(editor(&rt).draft().pools[0].name.starts_with("Pool A ("));
        let said = editor(&rt).draft().mentions(&old, "Dublin").len();
        assert!(said > 0, "the built-in's captions name {old}");
        for typed in ["D", "Du", "Dublin"] {
            edit(&mut rt, "pools-0-name", |d| d.pools[0].name = typed.into());
        }
        assert_eq!(editor(&rt).rename(), Some((old.clone(), "Dublin".to_string())), "from the name before typing");
        rt.apply(DocumentCmd::SettleRename(true).into());
        assert!(editor(&rt).rename().is_none());
        assert!(editor(&rt).draft().mentions(&old, "Dublin").is_empty(), "every text follows");
        assert_eq!(editor(&rt).draft().mentions("Dublin", "x").len(), said);
        rt.apply(DocumentCmd::Undo.into());
        assert_eq!(editor(&rt).draft().mentions(&old, "Dublin").len(), said, "one undo step brings the texts back");
        assert_eq!(editor(&rt).draft().pools[0].name, "Dublin", "and keeps the rename");
        // Keeping the texts: the offer goes, nothing changes.
        edit(&mut rt, "pools-0-name", |d| d.pools[0].name = "Dublin North".into());
        rt.apply(DocumentCmd::SettleRename(false).into());
        assert!(editor(&rt).rename().is_none());
    }

    /// Issue 23: opening another scenario over edits asks first; the page
    /// asks the editor whether there are any.
    #[test]
    fn edits_not_run_are_unsaved_until_run_or_replaced() {
        let mut rt = State::default_builtin();
        rt.apply(ShellCmd::OpenTab(Some(Panel::Editor)).into());
        assert!(!editor(&rt).unsaved(), "just opened");
        edit(&mut rt, "scenario-0-title", |d| d.title = "Mine".into());
        assert!(editor(&rt).unsaved());
        rt.apply(DocumentCmd::Undo.into());
        assert!(!editor(&rt).unsaved(), "undone back to what was opened");
        rt.apply(DocumentCmd::Redo.into());
        rt.apply(DocumentCmd::Run.into());
        assert!(!editor(&rt).unsaved(), "run: on the stage");
        edit(&mut rt, "scenario-0-title", |d| d.title = "Mine again".into());
        rt.apply(DocumentCmd::Open(EditorStart::Blank).into());
        assert!(!editor(&rt).unsaved(), "another document, nothing edited in it yet");
    }

    /// After a trainer's try: each Run's notice replaces the last one's,
    /// which no longer holds (they piled up in a scrolling box).
    #[test]
    fn a_new_run_from_the_editor_replaces_the_last_runs_notice() {
        let mut rt = State::default_builtin();
        rt.apply(ShellCmd::OpenTab(Some(Panel::Editor)).into());
        rt.apply(DocumentCmd::Run.into());
        edit(&mut rt, "scenario-0-title", |d| d.title = "Renamed".into());
        rt.apply(DocumentCmd::Run.into());
        let running: Vec<String> = rt.notices().into_iter().filter(|n| n.starts_with("Running ")).collect();
        assert_eq!(running.len(), 1, "{running:?}");
        assert!(running[0].contains("Renamed"), "{running:?}");
    }
}
