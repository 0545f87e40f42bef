//! The page's model: the engine's run plus the clock, the selection and the
//! view. Pure Rust (no web types), so it is tested natively; the components
//! only read it and send it [`Command`]s.

pub use crate::editor::{Editor, EditorStart};
pub use crate::screen::{Panel, Variant, View, SPEEDS};
use crate::url::Link;
use failover_engine::builtin::{builtin, BUILTINS, REFERENCE};
use failover_engine::{Action, NamedIdx, OrderError, Scenario, SimTime, Simulation};
use std::rc::Rc;

/// Who is selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    Named(NamedIdx),
    /// A population user by index.
    Anonymous(u32),
}

/// Where the scenario came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A built-in, by name.
    Builtin(&'static str),
    /// A file or link, with its text.
    Custom(String),
    /// The benchmark's reference scenario with N users.
    Bench(u32),
    /// Built from the admin's own Get-CsUser exports: it may hold their
    /// users' SIP addresses, so it never goes into a link or the browser's
    /// storage; only an export on purpose takes it out of the tab.
    Topology,
}

/// What the UI asks of the model.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Play,
    Pause,
    /// Jump to a moment (paused state kept).
    Seek(SimTime),
    Speed(u32),
    /// Jump to the next event.
    NextEvent,
    /// Jump to the previous event.
    PrevEvent,
    /// Select a user (or nobody).
    Select(Option<Selection>),
    /// The observer for the observer view.
    Observe(Option<NamedIdx>),
    SetView(View),
    /// An admin order (or a user's own action) at the current moment.
    Order(Action),
    /// Load a built-in scenario.
    LoadBuiltin(&'static str),
    /// Import a scenario file: (file name, text). A bad file changes nothing
    /// but the message shown next to it.
    Import(String, String),
    /// Import your topology: the users export and the optional pairs export
    /// (file name, text each), and which users keep their names.
    ImportTopology {
        users: (String, String),
        pairs: Option<(String, String)>,
        named: failover_engine::import::Named,
    },
    /// A file that could not be read at all: (file name, why).
    ImportFailed(String, String),
    /// A scenario file's text sent by the embedding page: a bad one changes
    /// nothing, shows a notice and is reported back to the parent.
    LoadFromParent(String),
    /// Hide the import problems.
    DismissImport,
    /// Jump to the next caption.
    NextCaption,
    /// Jump to the previous caption.
    PrevCaption,
    /// Guided mode on or off (pausing at captions and checkpoints).
    SetGuided(bool),
    /// Presenter mode on or off.
    SetPresenter(bool),
    /// Answer checkpoint `index` with a capability value ("yes", "no", "live"...).
    Answer(usize, String),
    /// Compare with a variant of the run, or stop comparing.
    Compare(Option<Variant>),
    /// One speed step up (true) or down.
    SpeedStep(bool),
    /// Go back to the run that the last load or import replaced.
    RestorePrevious,
    /// Open a drawer tab (or close the drawer).
    OpenTab(Option<Panel>),
    /// Go to walkthrough step `k` (see `Runtime::steps`).
    GoToStep(usize),
    /// Back where the learner left the lesson (from the LMS's suspend data).
    ResumeLesson {
        step: Option<usize>,
        answers: Vec<Option<String>>,
    },
    /// The clock hook's frame: `real_ms` of wall time passed; `now_ms` is
    /// the wall clock (for the DOM's ten refreshes a second).
    Advance {
        real_ms: f64,
        now_ms: f64,
    },
    /// The stage drew this revision, with these population dots by state
    /// (regular, Resiliency mode, signed out).
    Drawn {
        revision: u64,
        by_state: [u32; 3],
    },
    /// One frame of the render bench: work and interval in ms, dots moving.
    BenchFrame {
        work_ms: f64,
        interval_ms: f64,
        moving: u32,
    },
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
    /// A message for the user (the page's own, such as a restored session).
    Notice(String),
    /// Open the scenario editor on a built-in, the run on the stage, a file
    /// or a blank scenario.
    EditorOpen(EditorStart),
    /// The editor's document changed: the new version, and the field typed
    /// in (empty for an add, remove or sort).
    EditorEdit(Box<failover_engine::draft::Draft>, String),
    EditorUndo,
    EditorRedo,
    /// The editor's document kept in this browser on the last visit: it
    /// comes back unless something was already edited.
    EditorRestore(Box<failover_engine::draft::Draft>),
    /// The draft kept in this browser could not be read: it was set aside
    /// (the text, for download) and is said once.
    DraftUnreadable(String),
    /// The person dealt with the unreadable draft (downloaded or dismissed).
    DraftUnreadableDone,
    /// Typing paused: check the editor's latest version.
    EditorCheck,
    /// Show page N of a long section of the editor.
    EditorPage(failover_engine::draft::Section, usize),
    /// Put the editor's scenario on the stage, at the same moment when the
    /// new run still has it.
    EditorRun,
}

/// While playing, the DOM shows the moment at most this often (the stage
/// draws every frame).
pub const DOM_REFRESH_MS: f64 = 100.0;

/// Guided training state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Guide {
    /// Pause at captions and checkpoints while playing.
    pub enabled: bool,
    /// Large type and keyboard stepping for a room.
    pub presenter: bool,
    /// The learner's answer to each checkpoint.
    pub answers: Vec<Option<String>>,
}

/// The page's state: one reducer (`impl Reducible`), every change a
/// [`Command`], fields private. The heavy parts (the runs) are shared
/// behind `Rc`, so a new state costs a few pointers; an order copies the run
/// it changes only if an older state still holds it.
#[derive(Clone)]
pub struct Runtime {
    sim: Rc<Simulation>,
    /// Where the scenario came from.
    origin: Origin,
    t: SimTime,
    playing: bool,
    /// Simulated seconds per real second.
    speed: u32,
    selected: Option<Selection>,
    /// Observer for the observer view.
    observer: Option<NamedIdx>,
    view: View,
    /// Bumped whenever the run itself changes (orders, scenario).
    revision: u64,
    /// Messages for the user (bad link parameters, refused orders).
    notices: crate::notices::Notices,
    /// The last order's outcome, for the admin panel.
    last_order: Option<Result<String, String>>,
    /// Bumped whenever the DOM should show a change: on every command, and
    /// at most ten times a second while the clock runs (the stage draws
    /// every frame from the state itself).
    tick: u64,
    /// Wall-clock ms of the last tick while playing.
    tick_ms: f64,
    /// Minimal chrome for iframes.
    embed: bool,
    /// The render bench, when the page was opened in bench mode.
    bench: Option<Bench>,
    /// The last import's problems: (file name, `FILE:LINE: message` lines).
    import_problem: Option<(String, String)>,
    /// Origins allowed to send embedding commands.
    origins: Vec<String>,
    guide: Guide,
    /// The run being compared with, if any.
    compare: Option<(Variant, Rc<Result<Simulation, String>>)>,
    /// The run the last load or import replaced (with its origin and
    /// moment), so switching scenarios never loses the user's orders.
    previous: Option<Rc<(Rc<Simulation>, Origin, SimTime)>>,
    /// The revision the stage last drew, and the population dots it drew
    /// by state: only a drawn run is saved.
    drawn: Option<(u64, [u32; 3])>,
    /// The last save in the browser failed (said once).
    save_failed: bool,
    /// A kept editor draft that could not be read, set aside, for download.
    unreadable_draft: Option<String>,
    /// The screen opened too slowly to be kept for the next visit.
    slow_open: bool,
    /// Why commands from the embedding page failed, in order (sent back to
    /// it as `error` events).
    parent_errors: Vec<String>,
    /// What an embed shows (`None`: the default for the mode).
    panels: Option<Vec<Panel>>,
    /// The drawer tab open, if any.
    tab: Option<Panel>,
    /// The page said once that messages from an origin not allowed are ignored.
    told_origins: bool,
    /// Launched by a SCORM package (its version) with this pass mark.
    scorm: Option<(String, u32)>,
    /// The learner's answers came back from the learning platform.
    lesson_resumed: bool,
    /// The walkthrough step the learner is at (index into `steps()`).
    step: Option<usize>,
    /// The learner stepped onto it (Next, Back, a guided stop), rather than
    /// scrubbing or following a link there: only then is a question covered.
    stepped: bool,
    /// The orders the scenario was loaded with: a run that differs is
    /// "modified" and its captions may no longer fit.
    script: Vec<failover_engine::Order>,
    /// The scenario editor, once opened (kept across runs and tabs).
    editor: Option<Editor>,
    /// The import bench's result (`?bench=import`).
    import_bench: Option<String>,
}

// A stop of the walkthrough, as the engine orders them (`Simulation::steps`).
/// Errors told to the embedding page in one visit, at most.
pub const MAX_PARENT_ERRORS: usize = 50;

pub use failover_engine::steps::StepKind as Step;

impl yew::Reducible for Runtime {
    type Action = Command;

    fn reduce(self: Rc<Self>, action: Command) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(action);
        Rc::new(next)
    }
}

impl PartialEq for Runtime {
    /// Equal states render the same: what a component shows changes with
    /// `tick` (and the stage's picture with the moment).
    fn eq(&self, other: &Runtime) -> bool {
        (self.tick, self.t, self.revision) == (other.tick, other.t, other.revision)
    }
}

/// The in-page render bench (`?bench=render&users=N&frames=F`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bench {
    /// Frames to measure.
    pub frames: u32,
    /// Per-frame work, ms.
    pub samples_ms: Vec<f64>,
    /// Time between animation frames, ms (includes the DOM's re-renders).
    pub intervals_ms: Vec<f64>,
    /// Most dots in motion in one frame.
    pub moving_max: u32,
    /// The JSON result, once done.
    pub result: Option<String>,
}

impl Bench {
    /// Records one frame; returns the JSON when the last one is in.
    pub fn record(&mut self, work_ms: f64, interval_ms: f64, moving: u32, users: u32) -> Option<String> {
        if self.result.is_some() {
            return None;
        }
        self.samples_ms.push(work_ms);
        if interval_ms > 0.0 {
            self.intervals_ms.push(interval_ms);
        }
        self.moving_max = self.moving_max.max(moving);
        if self.samples_ms.len() < self.frames as usize {
            return None;
        }
        let sorted = |v: &[f64]| {
            let mut v = v.to_vec();
            v.sort_by(f64::total_cmp);
            v
        };
        let pct = |v: &[f64], p: f64| if v.is_empty() { 0.0 } else { v[((v.len() as f64 - 1.0) * p).round() as usize] };
        let s = sorted(&self.samples_ms);
        let iv = sorted(&self.intervals_ms);
        let json = format!(
            "{{\"users\":{users},\"frames\":{},\"p50_ms\":{:.3},\"p95_ms\":{:.3},\"max_ms\":{:.3},\"moving_max\":{},\"interval_p50_ms\":{:.3},\"interval_p95_ms\":{:.3}}}",
            s.len(),
            pct(&s, 0.5),
            pct(&s, 0.95),
            s[s.len() - 1],
            self.moving_max,
            pct(&iv, 0.5),
            pct(&iv, 0.95),
        );
        self.result = Some(json.clone());
        Some(json)
    }
}

impl Runtime {
    /// A runtime on a scenario, at 0, paused.
    pub fn new(sim: Simulation, origin: Origin) -> Runtime {
        let script = sim.scenario().timeline.clone();
        let mut rt = Runtime::fresh(sim, origin);
        rt.script = script;
        rt.step = rt.step_at(rt.t);
        rt
    }

    fn fresh(sim: Simulation, origin: Origin) -> Runtime {
        let selected = (!sim.scenario().users.is_empty()).then_some(Selection::Named(0));
        let observer = default_observer(&sim, selected);
        let sc = sim.scenario();
        let guide = Guide {
            enabled: !sc.captions.is_empty() || !sc.checkpoints.is_empty(),
            presenter: false,
            answers: vec![None; sc.checkpoints.len()],
        };
        Runtime {
            sim: Rc::new(sim),
            origin,
            t: SimTime::ZERO,
            playing: false,
            speed: 60,
            selected,
            observer,
            view: View::Affected,
            revision: 0,
            notices: crate::notices::Notices::default(),
            last_order: None,
            tick: 0,
            tick_ms: 0.0,
            embed: false,
            bench: None,
            import_problem: None,
            origins: Vec::new(),
            guide,
            compare: None,
            previous: None,
            drawn: None,
            save_failed: false,
            unreadable_draft: None,
            slow_open: false,
            parent_errors: Vec::new(),
            panels: None,
            tab: None,
            told_origins: false,
            scorm: None,
            lesson_resumed: false,
            step: None,
            stepped: false,
            script: Vec::new(),
            editor: None,
            import_bench: None,
        }
    }

    pub fn sim(&self) -> &Simulation {
        &self.sim
    }
    pub fn origin(&self) -> &Origin {
        &self.origin
    }
    /// The moment shown.
    pub fn t(&self) -> SimTime {
        self.t
    }
    pub fn playing(&self) -> bool {
        self.playing
    }
    pub fn speed(&self) -> u32 {
        self.speed
    }
    pub fn selected(&self) -> Option<Selection> {
        self.selected
    }
    pub fn observer(&self) -> Option<NamedIdx> {
        self.observer
    }
    pub fn view(&self) -> View {
        self.view
    }
    pub fn revision(&self) -> u64 {
        self.revision
    }
    /// A kept editor draft that could not be read (set aside).
    pub fn unreadable_draft(&self) -> Option<&str> {
        self.unreadable_draft.as_deref()
    }

    /// The screen opened too slowly to be kept for the next visit.
    pub fn slow_open(&self) -> bool {
        self.slow_open
    }
    /// The notices to show, bounded (`notices.rs`).
    pub fn notices(&self) -> Vec<String> {
        self.notices.lines()
    }
    pub fn last_order(&self) -> Option<&Result<String, String>> {
        self.last_order.as_ref()
    }
    pub fn tick(&self) -> u64 {
        self.tick
    }
    pub fn embed(&self) -> bool {
        self.embed
    }
    pub fn bench(&self) -> Option<&Bench> {
        self.bench.as_ref()
    }
    pub fn import_bench(&self) -> Option<&str> {
        self.import_bench.as_deref()
    }
    pub fn import_problem(&self) -> Option<&(String, String)> {
        self.import_problem.as_ref()
    }
    pub fn origins(&self) -> &[String] {
        &self.origins
    }
    pub fn guide(&self) -> &Guide {
        &self.guide
    }
    /// The variant compared with and its run (or why it cannot run).
    pub fn compare(&self) -> Option<(Variant, &Result<Simulation, String>)> {
        self.compare.as_ref().map(|(v, run)| (*v, run.as_ref()))
    }
    /// The run the last load or import replaced: (run, origin, moment).
    pub fn previous(&self) -> Option<(&Simulation, &Origin, SimTime)> {
        self.previous.as_ref().map(|p| (p.0.as_ref(), &p.1, p.2))
    }
    /// The revision the stage last drew and the dots it drew by state.
    pub fn drawn(&self) -> Option<(u64, [u32; 3])> {
        self.drawn
    }
    /// The last save in the browser failed.
    pub fn save_failed(&self) -> bool {
        self.save_failed
    }
    pub fn parent_errors(&self) -> &[String] {
        &self.parent_errors
    }
    pub fn panels(&self) -> Option<&[Panel]> {
        self.panels.as_deref()
    }
    pub fn tab(&self) -> Option<Panel> {
        self.tab
    }
    /// The pass mark when launched by a SCORM package.
    /// The learner's answers came back from the learning platform.
    pub fn lesson_resumed(&self) -> bool {
        self.lesson_resumed
    }

    pub fn pass_mark(&self) -> u32 {
        self.scorm.as_ref().map_or(80, |s| s.1)
    }

    pub fn default_builtin() -> Runtime {
        let b = BUILTINS[0];
        Runtime::new(simulate_builtin(b.name).unwrap_or_else(|e| fallback(&e)), Origin::Builtin(b.name))
    }

    /// The end of the time axis.
    pub fn end(&self) -> SimTime {
        self.sim.end_time()
    }

    /// Advances the clock by `real_ms` of wall time at the current speed.
    /// Returns true if the moment changed.
    pub fn advance(&mut self, real_ms: f64) -> bool {
        if !self.playing {
            return false;
        }
        let step = (real_ms.max(0.0) * f64::from(self.speed)).round() as u64;
        let end = self.end();
        let mut next = self.t.plus_ms(step).min(end);
        if next >= end {
            self.playing = false;
        }
        // Guided training: stop at the next caption or checkpoint crossed.
        if self.guide.enabled {
            if let Some(stop) = self.guide_stops().into_iter().find(|&s| s > self.t && s <= next) {
                next = stop;
                self.playing = false;
                self.step = self.steps().iter().position(|s| s.0 == stop);
                self.stepped = true;
                self.select_for_step();
            }
        }
        let changed = next != self.t;
        self.seek(next);
        changed
    }

    fn seek(&mut self, t: SimTime) {
        self.t = t.min(self.end());
    }

    /// Applies a command.
    pub fn apply(&mut self, command: Command) {
        // Everything but the clock's frames and the stage's reports is shown at once.
        // (The stage's report of a frame shows when the run was redrawn while
        // paused; while playing the moment's own ticks show it.)
        let shown = match &command {
            Command::Advance { .. } | Command::BenchFrame { .. } => false,
            Command::Drawn { revision, .. } => !self.playing || self.drawn.map(|d| d.0) != Some(*revision),
            _ => true,
        };
        if shown {
            self.tick += 1;
        }
        match command {
            Command::Advance { real_ms, now_ms } => {
                let was_playing = self.playing;
                let moved = self.advance(real_ms);
                if (moved && now_ms - self.tick_ms >= DOM_REFRESH_MS) || (was_playing && !self.playing) {
                    self.tick += 1;
                    self.tick_ms = now_ms;
                }
            }
            Command::Drawn { revision, by_state } => self.drawn = Some((revision, by_state)),
            Command::BenchFrame { work_ms, interval_ms, moving } => {
                let users = self.sim.user_count();
                if let Some(bench) = self.bench.as_mut() {
                    if bench.record(work_ms, interval_ms, moving, users).is_some() {
                        self.playing = false;
                        self.tick += 1;
                    }
                }
            }
            Command::SaveFailed(why) => {
                if !self.save_failed {
                    self.save_failed = true;
                    self.notices.push(format!("This screen could not be saved in the browser ({why}): it will not be restored on your next visit. Export the scenario or copy the link to keep it."));
                }
            }
            Command::Saved => self.save_failed = false,
            Command::OpenedSlowly(ms) => {
                self.slow_open = true;
                self.notices.push(format!(
                    "This scenario took {:.1} s to open, so it is not kept for your next visit (which would wait as long again). Export it to keep it.",
                    ms / 1000.0
                ));
            }
            Command::Notice(text) => self.notices.push(text),
            Command::OriginIgnored(origin) => {
                if self.embed && self.origins.is_empty() && !self.told_origins {
                    self.told_origins = true;
                    let o = crate::url::shorten(&origin);
                    self.notices.push(format!(
                        "This simulator ignores commands from {o}: add origins={o} to its link to allow them."
                    ));
                }
            }
            Command::Play => {
                if self.t >= self.end() {
                    self.seek(SimTime::ZERO);
                }
                self.playing = true;
            }
            Command::Pause => self.playing = false,
            Command::Seek(t) => {
                self.seek(t);
                self.step = self.step_at(self.t);
                self.stepped = false;
            }
            Command::Speed(s) => self.speed = s.clamp(1, 1000),
            Command::NextEvent => {
                let t = self.t;
                if let Some(e) = self.sim.events().iter().find(|e| e.at > t) {
                    let at = e.at;
                    self.seek(at);
                }
            }
            Command::PrevEvent => {
                let t = self.t;
                let at = self.sim.events().iter().rev().find(|e| e.at < t).map_or(SimTime::ZERO, |e| e.at);
                self.seek(at);
            }
            Command::Select(s) => {
                self.selected = s;
                if self.observer.is_none() || self.observer == self.selected_named() {
                    self.observer = default_observer(&self.sim, s);
                }
            }
            Command::Observe(o) => self.observer = o,
            Command::SetView(v) => self.view = v,
            Command::Order(action) => {
                let label = action.describe(self.sim.scenario());
                match Rc::make_mut(&mut self.sim).handle_order(self.t, action) {
                    Ok(accepted) => {
                        self.revision += 1;
                        let forked = if accepted.dropped > 0 {
                            format!(" The run forked here: {} later order(s) dropped.", accepted.dropped)
                        } else {
                            String::new()
                        };
                        self.last_order = Some(Ok(format!("{} {label}.{forked}", self.t)));
                        self.seek(self.t);
                    }
                    Err(e) => self.last_order = Some(Err(format!("Refused: {e}"))),
                }
            }
            Command::LoadBuiltin(name) => match simulate_builtin(name) {
                Ok(sim) => {
                    self.replace(sim, Origin::Builtin(name));
                    self.warn_sizing();
                }
                Err(e) => self.notices.push(e),
            },
            Command::Import(file, text) => match simulate_text(&text, &file) {
                Ok(sim) => {
                    self.replace(sim, Origin::Custom(text));
                    self.notices.push(format!("Imported {file}."));
                    self.warn_sizing();
                }
                Err(problems) => {
                    self.import_problem = Some((file, problems));
                    // The problems are shown with the import: open it.
                    self.tab = Some(Panel::Share);
                }
            },
            Command::ImportTopology { users, pairs, named } => {
                let (file, shown) = (users.0.clone(), failover_engine::scenario::printable(&users.0));
                let pairs_shown = pairs.as_ref().map(|(f, t)| (failover_engine::scenario::printable(f), t));
                let built = failover_engine::import::topology(
                    (&shown, &users.1),
                    pairs_shown.as_ref().map(|(f, t)| (f.as_str(), t.as_str())),
                    &named,
                )
                .and_then(|topology| Ok((simulate_text(&topology.toml, &shown)?, topology.notes)));
                match built {
                    Ok((sim, notes)) => {
                        let (pools, people) = {
                            let sc = sim.scenario();
                            (sc.pools.len(), u64::from(sc.total_users()))
                        };
                        self.replace(sim, Origin::Topology);
                        self.notices.push(format!(
                            "Imported your topology from {shown}: {pools} pools, {} users. It stays in this tab (no link, not saved in the browser): export the scenario to keep it.",
                            failover_engine::text::group_thousands(people)
                        ));
                        self.notices.extend(notes);
                        self.warn_sizing();
                    }
                    Err(problems) => {
                        self.import_problem = Some((file, problems));
                        self.tab = Some(Panel::Share);
                    }
                }
            }
            Command::ImportFailed(file, why) => {
                self.import_problem = Some((file.clone(), format!("{file}: {why}")));
                self.tab = Some(Panel::Share);
            }
            Command::LoadFromParent(text) => match simulate_text(&text, "scenario from the embedding page") {
                Ok(sim) => {
                    self.replace(sim, Origin::Custom(text));
                    self.warn_sizing();
                }
                Err(problems) => {
                    let shown: String = problems.lines().take(5).collect::<Vec<_>>().join("\n");
                    self.notices
                        .push(format!("The embedding page sent a scenario that cannot run; nothing changed:\n{shown}"));
                    self.tell_parent(problems);
                }
            },
            Command::ParentError(why) => {
                self.notices.push(format!("The embedding page sent a command that could not be carried out: {why}"));
                self.tell_parent(why);
            }
            Command::DismissImport => self.import_problem = None,
            Command::NextCaption => {
                let steps = self.steps();
                let next = match self.step {
                    Some(k) => k + 1,
                    None => steps.iter().position(|s| s.0 >= self.t).unwrap_or(steps.len()),
                };
                self.go_to_step(next);
            }
            Command::PrevCaption => {
                if let Some(k) = self.step.and_then(|k| k.checked_sub(1)) {
                    self.go_to_step(k);
                } else {
                    self.playing = false;
                    self.seek(SimTime::ZERO);
                    self.step = None;
                }
            }
            Command::GoToStep(k) => self.go_to_step(k),
            Command::ResumeLesson { step, answers } => {
                // Only answers the scenario's questions can take.
                let sc = self.sim.scenario();
                for (i, a) in answers.into_iter().enumerate().take(self.guide.answers.len()) {
                    let fits = a.as_deref().is_some_and(|a| {
                        sc.checkpoints[i].capability.possible_values().iter().any(|v| v.as_str() == a)
                    });
                    if fits {
                        self.guide.answers[i] = a;
                    }
                }
                if let Some(k) = step {
                    self.go_to_step(k);
                }
                self.lesson_resumed = true;
                self.notices.push("Welcome back: the lesson resumes where you left it, with your answers.");
            }
            Command::SetGuided(on) => self.guide.enabled = on,
            Command::SetPresenter(on) => self.guide.presenter = on,
            Command::Answer(i, value) => {
                if let Some(slot) = self.guide.answers.get_mut(i) {
                    slot.get_or_insert(value);
                }
            }
            Command::Compare(None) => self.compare = None,
            Command::Compare(Some(v)) => {
                let run = Simulation::new(v.apply(self.sim.scenario()))
                    .map_err(|e| format!("This comparison cannot run: {e}"));
                self.compare = Some((v, Rc::new(run)));
            }
            Command::RestorePrevious => {
                if let Some(previous) = self.previous.take() {
                    let (sim, origin, t) = Rc::unwrap_or_clone(previous);
                    self.replace_keeping(Rc::unwrap_or_clone(sim), origin);
                    self.seek(t);
                    self.notices.push("Back to the previous run, with its orders.");
                }
            }
            Command::OpenTab(tab) => {
                self.tab = tab.filter(|t| Panel::TABS.contains(t));
                if self.tab == Some(Panel::Editor) && self.editor.is_none() {
                    self.open_editor(EditorStart::Current);
                }
            }
            Command::EditorOpen(start) => self.open_editor(start),
            Command::EditorEdit(draft, field) => {
                if let Some(editor) = &mut self.editor {
                    editor.edit(*draft, &field);
                }
            }
            Command::EditorUndo => self.editor.iter_mut().for_each(Editor::undo),
            Command::EditorRedo => self.editor.iter_mut().for_each(Editor::redo),
            Command::EditorRestore(draft) => {
                if self.editor.as_ref().is_none_or(|e| !e.can_undo()) {
                    self.editor = Some(Editor::restored(*draft));
                }
            }
            Command::EditorRun => self.run_editor(),
            Command::DraftUnreadable(text) => self.unreadable_draft = Some(text),
            Command::DraftUnreadableDone => self.unreadable_draft = None,
            Command::EditorCheck => {
                if let Some(editor) = self.editor.as_mut().filter(|e| e.stale()) {
                    editor.check_now();
                }
            }
            Command::EditorPage(section, page) => {
                if let Some(editor) = &mut self.editor {
                    editor.show_page(section, page);
                }
            }
            Command::SpeedStep(up) => {
                let i = SPEEDS.iter().position(|&s| s == self.speed).unwrap_or(3);
                let j = if up { (i + 1).min(SPEEDS.len() - 1) } else { i.saturating_sub(1) };
                self.speed = SPEEDS[j];
            }
        }
    }

    fn open_editor(&mut self, start: EditorStart) {
        use failover_engine::draft::Draft;
        let current = start == EditorStart::Current;
        let opened = match start {
            EditorStart::Builtin(name) => simulate_builtin(name)
                .map(|sim| (Draft::from_scenario(sim.scenario()), format!("the built-in {name}"), false)),
            EditorStart::Current => Ok((
                Draft::from_scenario(self.sim.scenario()),
                format!("the run on the stage, {}", self.run_name()),
                self.origin == Origin::Topology,
            )),
            EditorStart::Blank => Ok((Draft::blank(), "a blank scenario".into(), false)),
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
                    self.open_editor(EditorStart::Current);
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

    /// The editor's scenario on the stage; refused (and said in the editor)
    /// while a problem stops it, so the last good run keeps playing.
    fn run_editor(&mut self) {
        let Some(editor) = &mut self.editor else { return };
        // Run is the latest version: checked now if typing had not paused yet.
        if editor.stale() {
            editor.check_now();
        }
        let checked = editor.checked().clone();
        let Some(sim) = checked.run.clone() else {
            editor.say(Some(format!(
                "Not run: {} (listed above). The run on the stage is unchanged.",
                crate::editor::problems_stop(checked.problems.len())
            )));
            return;
        };
        let origin = if editor.private() { Origin::Topology } else { Origin::Custom(checked.toml.clone()) };
        editor.say(None);
        let (t, playing) = (self.t, self.playing);
        self.replace(sim, origin);
        // After the replace, which tells the editor the stage changed.
        if let Some(editor) = &mut self.editor {
            editor.ran();
        }
        self.playing = playing;
        self.seek(t);
        self.step = self.step_at(self.t);
        let at = if self.t == t { format!("at {}", t.clock()) } else { format!("at its end, {}", self.t.clock()) };
        self.notices.push(format!("Running {} from the editor, {at}.", self.run_name()));
        self.warn_sizing();
    }

    pub fn editor(&self) -> Option<&Editor> {
        self.editor.as_ref()
    }

    /// An error for the embedding page: bounded, so a flood of bad
    /// messages cannot grow the page (at most `MAX_PARENT_ERRORS`, each at
    /// most 20 lines).
    fn tell_parent(&mut self, why: String) {
        if self.parent_errors.len() < MAX_PARENT_ERRORS {
            self.parent_errors.push(why.lines().take(20).collect::<Vec<_>>().join("\n"));
        }
    }

    /// The engine's sizing warnings for the scenario on screen, as notices.
    pub fn warn_sizing(&mut self) {
        for w in failover_engine::check::warnings(self.sim.scenario()) {
            self.notices.push(format!("Warning: {w}"));
        }
    }

    /// Replaces the run (keeps speed and view; the old run can be restored).
    pub fn replace(&mut self, sim: Simulation, origin: Origin) {
        let previous = Rc::new((self.sim.clone(), self.origin.clone(), self.t));
        self.replace_keeping(sim, origin);
        self.previous = Some(previous);
    }

    fn replace_keeping(&mut self, sim: Simulation, origin: Origin) {
        let (speed, view, embed, revision, tick) = (self.speed, self.view, self.embed, self.revision, self.tick);
        let bench = self.bench.take();
        let (panels, tab, scorm) = (self.panels.take(), self.tab, self.scorm.take());
        let mut editor = self.editor.take();
        // Another run goes on the stage: the editor's version is not it.
        if let Some(e) = editor.as_mut() {
            e.left_stage();
        }
        let origins = std::mem::take(&mut self.origins);
        // Append-only across runs: the embedding page is told each error once.
        let parent_errors = std::mem::take(&mut self.parent_errors);
        let save_failed = self.save_failed;
        let unreadable_draft = self.unreadable_draft.take();
        *self = Runtime::new(sim, origin);
        self.unreadable_draft = unreadable_draft;
        self.origins = origins;
        self.parent_errors = parent_errors;
        self.panels = panels;
        self.tab = tab;
        self.scorm = scorm;
        self.editor = editor;
        self.bench = bench;
        self.save_failed = save_failed;
        self.speed = speed;
        self.view = view;
        self.embed = embed;
        self.revision = revision + 1;
        self.tick = tick + 1;
    }

    /// When caption `i` is shown in this run, and whether its event happened.
    pub fn caption_moment(&self, i: usize) -> Option<failover_engine::steps::CaptionMoment> {
        self.sim.caption_moment(i)
    }

    /// The walkthrough's stops in order: (moment, step), as the engine
    /// places them in this run.
    pub fn steps(&self) -> Vec<(SimTime, Step)> {
        self.sim.steps().into_iter().map(|s| (s.at, s.kind)).collect()
    }

    /// The walkthrough step the learner is at.
    pub fn step(&self) -> Option<usize> {
        self.step
    }

    /// The last step at or before `t` (where a seek leaves the learner).
    fn step_at(&self, t: SimTime) -> Option<usize> {
        self.steps().iter().rposition(|s| s.0 <= t)
    }

    fn go_to_step(&mut self, k: usize) {
        let steps = self.steps();
        let Some(&(at, _)) = steps.get(k) else { return };
        self.playing = false;
        self.seek(at);
        self.step = Some(k);
        self.stepped = true;
        self.select_for_step();
    }

    /// At a checkpoint, the user it asks about is the one in the inspector.
    fn select_for_step(&mut self) {
        let steps = self.steps();
        if let Some(&(_, Step::Checkpoint(i))) = self.step.and_then(|k| steps.get(k)) {
            if let Some(cp) = self.sim.scenario().checkpoints.get(i) {
                self.selected = Some(Selection::Named(cp.user));
            }
        }
    }

    /// The checkpoint the learner is at and has not answered yet: what
    /// would give its answer away (the caption, the user's capabilities,
    /// the tables' lit column) stays covered until they answer.
    /// Two questions at one moment: the screen stays covered until both are
    /// answered (the first one's reveal is shown, not the situation).
    pub fn pending_checkpoint(&self) -> Option<usize> {
        let steps = self.steps();
        let Some(&(at, Step::Checkpoint(_))) = self.step.and_then(|k| steps.get(k)) else { return None };
        if !self.stepped || at != self.t {
            return None;
        }
        steps
            .iter()
            .filter_map(|s| match s.1 {
                Step::Checkpoint(i) if s.0 == at => Some(i),
                _ => None,
            })
            .find(|&i| self.guide.answers.get(i).is_some_and(Option::is_none))
    }

    /// The walkthrough has been stepped to its last stop.
    pub fn lesson_complete(&self) -> bool {
        let n = self.steps().len();
        n > 0 && self.step.is_some_and(|k| k + 1 >= n)
    }

    /// The run no longer follows the scenario's script (orders were given).
    pub fn modified(&self) -> bool {
        self.sim.scenario().timeline != self.script
    }

    /// The run's name for lists and files: a built-in's title, a file's
    /// title marked as yours, "(modified)" once orders changed it.
    pub fn run_name(&self) -> String {
        let title = &self.sim.scenario().title;
        let base = match &self.origin {
            Origin::Custom(_) => format!("{title} (your file)"),
            Origin::Topology => format!("{title} (your topology)"),
            _ => title.clone(),
        };
        if self.modified() {
            format!("{base} (modified)")
        } else {
            base
        }
    }

    /// Where guided play stops: captions and checkpoints, in time order.
    pub fn guide_stops(&self) -> Vec<SimTime> {
        let mut stops: Vec<SimTime> = self.sim.steps().iter().map(|s| s.at).collect();
        stops.dedup();
        stops
    }

    /// The caption on screen: the latest at or before now, in run order.
    pub fn current_caption(&self) -> Option<usize> {
        self.sim.caption_at(self.t)
    }

    /// The engine's answer to checkpoint `i` (at its moment), with the reason.
    pub fn checkpoint_answer(&self, i: usize) -> Option<failover_engine::Cell> {
        let cp = self.sim.scenario().checkpoints.get(i)?;
        Some(failover_engine::rules::cell(cp.capability, &self.sim.named_situation(cp.user, cp.at)))
    }

    /// (correct, answered, total).
    pub fn score(&self) -> (usize, usize, usize) {
        let total = self.guide.answers.len();
        let mut correct = 0;
        let mut answered = 0;
        for (i, a) in self.guide.answers.iter().enumerate() {
            if let Some(a) = a {
                answered += 1;
                if self.checkpoint_answer(i).is_some_and(|c| c.value.as_str() == a) {
                    correct += 1;
                }
            }
        }
        (correct, answered, total)
    }

    /// The scenario as a file, including the orders given so far.
    pub fn scenario_toml(&self) -> String {
        self.sim.scenario().to_toml()
    }

    /// The link to this screen: every field of [`Link`]. The scenario is a
    /// built-in by name, or (a built-in with orders added, anything else)
    /// the file itself; none in bench mode, whose screens are not shared.
    pub fn link(&self) -> Option<Link> {
        let scenario = match &self.origin {
            Origin::Builtin(name) if self.revision_is_pristine() => name.to_string(),
            Origin::Builtin(_) | Origin::Custom(_) => self.scenario_toml(),
            Origin::Bench(_) | Origin::Topology => return None,
        };
        let sc = self.sim.scenario();
        let id = |u: NamedIdx| sc.users.get(u as usize).map(|u| u.id.clone());
        Some(Link {
            scenario: Some(scenario),
            t_s: Some(self.t.whole_s()),
            user: self.selected_named().and_then(id),
            view: Some(self.view),
            speed: Some(self.speed),
            play: self.playing,
            embed: self.embed,
            bench: None,
            import_bench: None,
            worst_bench: false,
            origins: self.origins.clone(),
            guide: Some(self.guide.enabled),
            presenter: self.guide.presenter,
            compare: self.compare.as_ref().map(|(v, _)| *v),
            observer: self.observer.and_then(id),
            panels: self.panels.clone(),
            tab: self.tab,
            scorm: self.scorm.as_ref().map(|s| s.0.clone()),
            pass: self.scorm.as_ref().map(|s| s.1),
            notices: Vec::new(),
        })
    }

    /// The link to this screen as a query string.
    pub fn link_query(&self) -> Option<String> {
        self.link().map(|l| l.write())
    }

    /// The runtime a link asks for; every bad part becomes a notice.
    pub fn from_link(link: &Link) -> Runtime {
        let mut notices = link.notices.clone();
        let mut rt = if let Some((users, frames)) = link.bench {
            let sim = builtin(REFERENCE)
                .and_then(|b| b.scenario().ok())
                .and_then(|s| Simulation::new(s.with_population(users)).ok());
            match sim {
                Some(sim) => {
                    let mut rt = Runtime::new(sim, Origin::Bench(users));
                    rt.bench = Some(Bench { frames, ..Bench::default() });
                    rt
                }
                None => Runtime::default_builtin(),
            }
        } else {
            match link.scenario.as_deref() {
                None => Runtime::default_builtin(),
                Some(name) if builtin(name).is_some() => match simulate_builtin(name) {
                    Ok(sim) => Runtime::new(sim, Origin::Builtin(builtin(name).map_or("", |b| b.name))),
                    Err(e) => {
                        notices.push(e);
                        Runtime::default_builtin()
                    }
                },
                Some(text) if text.contains('=') => match simulate_text(text, "scenario in the link") {
                    Ok(sim) => Runtime::new(sim, Origin::Custom(text.to_string())),
                    Err(e) => {
                        notices.push(format!(
                            "The link's scenario file has problems, so the default scenario is shown:\n{e}"
                        ));
                        Runtime::default_builtin()
                    }
                },
                Some(other) => {
                    notices.push(format!(
                        "There is no built-in scenario \"{}\"; showing the default.",
                        crate::url::shorten(other)
                    ));
                    Runtime::default_builtin()
                }
            }
        };
        rt.embed = link.embed;
        rt.origins = link.origins.clone();
        rt.scorm = link.scorm.clone().map(|v| (v, link.pass.unwrap_or(80)));
        rt.panels = link.panels.clone();
        rt.tab = link.tab;
        if let Some(on) = link.guide {
            rt.guide.enabled = on;
        }
        rt.guide.presenter = link.presenter;
        if rt.bench.is_some() {
            rt.guide.enabled = false;
        }
        if let Some(v) = link.compare {
            rt.apply(Command::Compare(Some(v)));
            // A link to a comparison opens on it.
            if link.tab.is_none() && !link.embed {
                rt.tab = Some(Panel::Compare);
            }
        }
        if let Some(view) = link.view {
            rt.view = view;
        }
        let editor_shown =
            rt.tab == Some(Panel::Editor) || rt.panels.as_ref().is_some_and(|p| p.contains(&Panel::Editor));
        if editor_shown {
            rt.open_editor(EditorStart::Current);
        }
        if let Some(rows) = link.import_bench {
            let json = crate::import_bench::run(rows, crate::browser::now_ms);
            notices.push(format!("Import bench: {json}"));
            rt.import_bench = Some(json);
        }
        if link.worst_bench {
            let json = crate::import_bench::worst(crate::browser::now_ms);
            notices.push(format!("Worst-scenario bench: {json}"));
            rt.import_bench = Some(json);
        }
        if let Some(speed) = link.speed {
            rt.speed = speed;
        }
        if let Some(user) = &link.user {
            match rt.sim.scenario().user_by_id(user) {
                Some(u) => rt.apply(Command::Select(Some(Selection::Named(u)))),
                None => notices.push(format!(
                    "The scenario has no user \"{}\"; nobody extra is selected.",
                    crate::url::shorten(user)
                )),
            }
        }
        if let Some(o) = &link.observer {
            match rt.sim.scenario().user_by_id(o) {
                Some(u) => rt.observer = Some(u),
                None => notices.push(format!(
                    "The scenario has no observer \"{}\"; the default is shown.",
                    crate::url::shorten(o)
                )),
            }
        }
        if let Some(t) = link.t_s {
            let end = rt.end();
            if SimTime::from_s(t) > end {
                notices.push(format!("t={t} is after the scenario's end ({}); showing the end.", end.clock()));
            }
            rt.apply(Command::Seek(SimTime::from_s(t)));
        }
        if rt.bench.is_some() {
            // The bench plays through the reconnect wave (the timer expires at
            // 12:00): the moment when the most dots move.
            if link.t_s.is_none() {
                rt.apply(Command::Seek(SimTime::from_s(11 * 60 + 55)));
            }
            if link.speed.is_none() {
                rt.speed = 30;
            }
        }
        if link.play || rt.bench.is_some() {
            rt.apply(Command::Play);
        }
        rt.notices = notices.into_iter().collect();
        // Sizing warnings for a run opened from a link, as for any other.
        rt.warn_sizing();
        rt
    }

    /// No order was given since the built-in was loaded.
    fn revision_is_pristine(&self) -> bool {
        match &self.origin {
            Origin::Builtin(name) => builtin(name)
                .and_then(|b| b.scenario().ok())
                .is_some_and(|s| s.timeline == self.sim.scenario().timeline),
            _ => false,
        }
    }

    /// The selected named user, if any.
    pub fn selected_named(&self) -> Option<NamedIdx> {
        match self.selected {
            Some(Selection::Named(u)) => Some(u),
            _ => None,
        }
    }

    /// Whether an order is legal now (Err says why not).
    pub fn check(&self, action: &Action) -> Result<(), OrderError> {
        self.sim.check_order(self.t, action)
    }
}

fn default_observer(sim: &Simulation, selected: Option<Selection>) -> Option<NamedIdx> {
    let sc = sim.scenario();
    let home = match selected {
        Some(Selection::Named(u)) => sc.users.get(u as usize).map(|u| u.home),
        Some(Selection::Anonymous(i)) => Some(sim.home_of(i)),
        None => None,
    }?;
    sc.users.iter().position(|u| u.home != home).map(|i| i as NamedIdx)
}

/// A built-in scenario's run.
pub fn simulate_builtin(name: &str) -> Result<Simulation, String> {
    let b = builtin(name).ok_or_else(|| format!("There is no built-in scenario \"{name}\"."))?;
    failover_engine::check::load(b.toml).map_err(|p| p.render(name))
}

/// A run from scenario text: the same check as `failover check`.
pub fn simulate_text(text: &str, file: &str) -> Result<Simulation, String> {
    failover_engine::check::load(text).map_err(|p| p.render(file))
}

fn fallback(error: &str) -> Simulation {
    // Built-ins are tested; if one ever failed, show an empty run with the
    // error rather than a blank page.
    let text =
        format!("version = 1\ntitle = {:?}\n[[pools]]\nid = \"pool\"\n", format!("Built-in scenario failed: {error}"));
    Scenario::parse(&text).ok().and_then(|s| Simulation::new(s).ok()).unwrap_or_else(unreachable_minimal)
}

fn unreachable_minimal() -> Simulation {
    let s = Scenario {
        version: 1,
        title: "Empty".into(),
        description: String::new(),
        config: Default::default(),
        pools: vec![failover_engine::scenario::PoolSpec {
            id: "pool".into(),
            name: "Pool".into(),
            backup: None,
            edge_next_hop: false,
            hosts_cms: false,
            population: 0,
        }],
        users: vec![],
        sessions: vec![],
        timeline: vec![],
        captions: vec![],
        checkpoints: vec![],
        duration: None,
    };
    // A scenario with no orders cannot be refused.
    Simulation::new(s).unwrap_or_else(|_| panic!("an empty scenario always builds"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn play_advances_and_stops_at_the_end() {
        let mut rt = Runtime::default_builtin();
        rt.apply(Command::SetGuided(false));
        rt.apply(Command::Speed(100));
        rt.apply(Command::Play);
        assert!(rt.advance(1000.0));
        assert_eq!(rt.t, SimTime::from_s(100));
        rt.advance(1e9);
        assert!(!rt.playing);
        assert_eq!(rt.t, rt.end());
    }

    #[test]
    fn next_and_previous_event() {
        let mut rt = Runtime::default_builtin();
        rt.apply(Command::NextEvent);
        let first = rt.t;
        assert!(first > SimTime::ZERO);
        rt.apply(Command::NextEvent);
        assert!(rt.t > first);
        rt.apply(Command::PrevEvent);
        assert_eq!(rt.t, first);
    }

    #[test]
    fn bench_reports_percentiles_after_the_last_frame() {
        let mut b = Bench { frames: 3, ..Bench::default() };
        assert!(b.record(1.0, 0.0, 10, 5).is_none());
        assert!(b.record(3.0, 16.0, 30, 5).is_none());
        let json = b.record(2.0, 18.0, 20, 5).unwrap();
        assert_eq!(
            json,
            r#"{"users":5,"frames":3,"p50_ms":2.000,"p95_ms":3.000,"max_ms":3.000,"moving_max":30,"interval_p50_ms":18.000,"interval_p95_ms":18.000}"#
        );
    }

    #[test]
    fn a_bad_import_keeps_the_run_and_says_where() {
        let mut rt = Runtime::default_builtin();
        let before = rt.sim.event_log_hash();
        rt.apply(Command::Import("bad.toml".into(), "version = 1\n[[pools]]\nid = 'a'\nbackup = 'zz'\n".into()));
        assert_eq!(rt.sim.event_log_hash(), before);
        let (file, problems) = rt.import_problem.clone().unwrap();
        assert_eq!(file, "bad.toml");
        assert!(problems.starts_with("bad.toml:4: backup pool `zz`"), "{problems}");
        rt.apply(Command::Import("ok.toml".into(), "version = 1\n[[pools]]\nid = 'solo'\n".into()));
        assert_eq!(rt.sim.scenario().pools[0].id, "solo");
    }

    #[test]
    fn a_bad_scenario_from_the_embedding_page_changes_nothing_and_is_reported() {
        let mut rt = Runtime::default_builtin();
        let before = rt.sim.event_log_hash();
        rt.apply(Command::LoadFromParent("version = 1\n[[pools]]\nid = 'a'\nbackup = 'zz'\n".into()));
        assert_eq!(rt.sim.event_log_hash(), before);
        assert_eq!(rt.parent_errors.len(), 1);
        assert!(rt.parent_errors[0].contains(":4: backup pool `zz`"), "{}", rt.parent_errors[0]);
        assert!(rt.notices.iter().any(|n| n.contains("cannot run")), "{:?}", rt.notices);
        rt.apply(Command::LoadFromParent("version = 1\n[[pools]]\nid = 'solo'\n".into()));
        assert_eq!(rt.sim.scenario().pools[0].id, "solo");
        assert_eq!(rt.parent_errors.len(), 1);
    }

    const USERS_CSV: &str = "\u{feff}#TYPE Selected.Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser\r\n\"SipAddress\",\"DisplayName\",\"RegistrarPool\"\r\n\"sip:ana@dublin.example\",\"Ana, Dublin\",\"dub.example\"\r\n\"sip:bo@ams.example\",\"Bo\",\"ams.example\"\r\n\"sip:cy@ams.example\",\"Cy\",\"ams.example\"\r\n";
    const PAIRS_CSV: &str = "PrimaryPoolFqdn,BackupPoolFqdn\r\ndub.example,ams.example\r\nams.example,dub.example\r\n";

    #[test]
    fn a_link_that_shows_the_editor_opens_it_on_the_run() {
        for query in ["?scenario=fast-failover&tab=editor", "?scenario=fast-failover&embed=1&panels=stage,editor"] {
            let rt = Runtime::from_link(&crate::url::parse(query));
            let editor = rt.editor().unwrap_or_else(|| panic!("{query}: the editor is open"));
            assert!(editor.from().starts_with("the run on the stage"), "{query}");
            assert_eq!(editor.checked().run.as_ref().map(|s| s.event_log_hash()), Some(rt.sim.event_log_hash()));
        }
        assert!(Runtime::from_link(&crate::url::parse("?scenario=fast-failover")).editor().is_none());
    }

    #[test]
    fn your_topology_edited_in_the_editor_stays_out_of_links_and_storage() {
        let mut rt = Runtime::default_builtin();
        rt.apply(Command::ImportTopology {
            users: ("users.csv".into(), USERS_CSV.into()),
            pairs: Some(("pairs.csv".into(), PAIRS_CSV.into())),
            named: failover_engine::import::Named::First(1),
        });
        rt.apply(Command::OpenTab(Some(Panel::Editor)));
        assert!(rt.editor().is_some_and(|e| e.private()));
        let mut draft = (**rt.editor().unwrap().draft()).clone();
        draft.add_order();
        rt.apply(Command::EditorEdit(Box::new(draft), String::new()));
        rt.apply(Command::EditorRun);
        assert_eq!(rt.origin, Origin::Topology);
        assert_eq!(rt.sim.scenario().timeline.len(), 1);
        assert!(rt.link().is_none(), "no link, so no address bar and no saved screen");
    }

    #[test]
    fn your_topology_runs_paired_and_stays_out_of_links_and_storage() {
        let mut rt = Runtime::default_builtin();
        rt.apply(Command::ImportTopology {
            users: ("users.csv".into(), USERS_CSV.into()),
            pairs: Some(("pairs.csv".into(), PAIRS_CSV.into())),
            named: failover_engine::import::Named::First(1),
        });
        assert!(rt.import_problem.is_none(), "{:?}", rt.import_problem);
        let sc = rt.sim.scenario();
        assert_eq!(sc.pools.len(), 2);
        assert_eq!(sc.total_users(), 3);
        assert_eq!(sc.users.len(), 1);
        assert_eq!(sc.users[0].name, "Ana, Dublin");
        let dub = sc.pool_by_id("dub.example").unwrap();
        assert_eq!(
            sc.pools[usize::from(dub)].backup.map(|b| sc.pools[usize::from(b)].id.as_str()),
            Some("ams.example")
        );
        assert!(rt.run_name().ends_with("(your topology)"), "{}", rt.run_name());
        // Private: no link (so no address bar and no saved screen), but it exports.
        assert!(rt.link().is_none());
        assert!(rt.scenario_toml().contains("id = \"ana@dublin.example\""), "{}", rt.scenario_toml());
        assert!(rt.notices.iter().any(|n| n.contains("2 pools, 3 users") && n.contains("export")), "{:?}", rt.notices);
    }

    #[test]
    fn a_bad_topology_export_says_file_and_line_and_keeps_the_run() {
        let mut rt = Runtime::default_builtin();
        let before = rt.sim.event_log_hash();
        let bad_pairs = "PrimaryPoolFqdn,BackupPoolFqdn\ndub.example,ams.example\nlon.example,dub.example\n";
        rt.apply(Command::ImportTopology {
            users: ("users.csv".into(), USERS_CSV.into()),
            pairs: Some(("pairs.csv".into(), bad_pairs.into())),
            named: failover_engine::import::Named::These(vec!["bo@ams.example".into()]),
        });
        assert_eq!(rt.sim.event_log_hash(), before);
        let (file, problems) = rt.import_problem.clone().unwrap();
        assert_eq!(file, "users.csv");
        assert!(problems.contains("pairs.csv:3: unknown pool `lon.example`"), "{problems}");
        assert!(
            problems.contains(
                "pairs.csv:3: pool `dub.example` is paired with `lon.example` here but with `ams.example` at line 2"
            ),
            "{problems}"
        );
        rt.apply(Command::ImportTopology {
            users: ("users.csv".into(), "SipAddress,Pool\n".into()),
            pairs: None,
            named: failover_engine::import::Named::These(vec!["bo@ams.example".into()]),
        });
        let (_, problems) = rt.import_problem.clone().unwrap();
        assert!(problems.starts_with("users.csv:1: missing column"), "{problems}");
        assert_eq!(rt.sim.event_log_hash(), before);
    }

    #[test]
    fn the_users_you_choose_keep_their_names() {
        let mut rt = Runtime::default_builtin();
        let users = ("users.csv".to_string(), USERS_CSV.to_string());
        let these = |list: &[&str]| failover_engine::import::Named::These(list.iter().map(|s| s.to_string()).collect());
        rt.apply(Command::ImportTopology { users: users.clone(), pairs: None, named: these(&["sip:bo@ams.example"]) });
        let names: Vec<&str> = rt.sim.scenario().users.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["Bo"]);
        assert_eq!(rt.sim.scenario().total_users(), 3);
        let before = rt.sim.event_log_hash();
        rt.apply(Command::ImportTopology { users, pairs: None, named: these(&["zed@nowhere.example"]) });
        assert_eq!(rt.sim.event_log_hash(), before, "the run is kept");
        let (_, problems) = rt.import_problem.clone().unwrap();
        assert!(problems.contains("no user `zed@nowhere.example` in the users file"), "{problems}");
    }

    // Issue 21, finding 8: a paired pool over 53,000 users opened from a
    // link gets the same sizing warning as one imported.
    #[test]
    fn a_link_to_an_oversized_pool_warns() {
        let text = "version = 1\n[[pools]]\nid = \"a\"\nbackup = \"b\"\n[[pools]]\nid = \"b\"\nbackup = \"a\"\n[[population]]\npool = \"a\"\ncount = 60000\n";
        let link = crate::url::parse(&format!("?scenario={}", crate::url::compact_scenario(text)));
        let rt = Runtime::from_link(&link);
        assert!(rt.notices().iter().any(|n| n.starts_with("Warning:") && n.contains("53,000")), "{:?}", rt.notices());
    }

    #[test]
    fn a_save_that_fails_says_so_once() {
        let mut rt = Runtime::default_builtin();
        rt.apply(Command::SaveFailed("the browser's storage for this page is full or blocked".into()));
        rt.apply(Command::SaveFailed("the browser's storage for this page is full or blocked".into()));
        let said: Vec<_> = rt.notices().into_iter().filter(|n| n.contains("could not be saved")).collect();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].contains("full or blocked") && said[0].contains("Export"), "{}", said[0]);
        // After a save that works, a new failure is said again.
        rt.apply(Command::Saved);
        rt.apply(Command::SaveFailed("blocked".into()));
        assert_eq!(rt.notices().iter().filter(|n| n.contains("could not be saved")).count(), 2);
    }

    #[test]
    fn an_oversized_import_says_the_size_limit() {
        let mut rt = Runtime::default_builtin();
        let big = format!("version = 1\n# {}\n", "x".repeat(9 * 1024 * 1024));
        rt.apply(Command::Import("big.toml".into(), big));
        let (_, problem) = rt.import_problem.clone().unwrap();
        assert!(problem.contains("at most 2048 KB") && !problem.contains("version"), "{problem}");
    }

    /// Every field of a screen survives `link()` -> `write` -> `parse` ->
    /// `from_link`: a copied link reopens the same screen.
    #[test]
    fn a_link_round_trips_every_field_of_the_screen() {
        let mut rt = Runtime::default_builtin();
        rt.apply(Command::Seek(SimTime::from_s(700)));
        rt.apply(Command::Order(Action::Checklist(0, failover_engine::ChecklistItem::RepointEdge)));
        rt.apply(Command::Seek(SimTime::from_s(1850)));
        let sc = rt.sim.scenario();
        let (bob, dave) = (sc.user_by_id("bob").unwrap(), sc.user_by_id("dave").unwrap());
        rt.apply(Command::Select(Some(Selection::Named(bob))));
        rt.apply(Command::Observe(Some(dave)));
        rt.apply(Command::SetView(View::Observer));
        rt.apply(Command::Speed(300));
        rt.apply(Command::SetGuided(false));
        rt.apply(Command::SetPresenter(true));
        rt.apply(Command::Compare(Some(Variant::TimerOnly)));
        rt.apply(Command::OpenTab(Some(Panel::Tables)));
        rt.embed = true;
        rt.origins = vec!["https://lms.example.com".into()];
        rt.panels = Some(vec![Panel::Stage, Panel::Inspector, Panel::Tables]);
        rt.apply(Command::Play);
        let link = rt.link().unwrap();
        let query = link.write();
        let parsed = crate::url::parse(&query);
        assert!(parsed.notices.is_empty(), "{:?}", parsed.notices);
        let again = Runtime::from_link(&parsed);
        assert_eq!(again.link().unwrap(), link, "{query}");
        assert_eq!(again.sim.event_log_hash(), rt.sim.event_log_hash(), "the orders came along");
        assert_eq!((again.observer, again.view, again.tab), (Some(dave), View::Observer, Some(Panel::Tables)));
        assert_eq!(again.origins, rt.origins);
        assert!(again.compare.is_some() && again.guide.presenter && !again.guide.enabled && again.playing);
    }

    #[test]
    fn export_with_orders_imports_back_to_the_same_run() {
        let mut rt = Runtime::default_builtin();
        rt.apply(Command::Seek(SimTime::from_s(700)));
        rt.apply(Command::Order(Action::Checklist(0, failover_engine::ChecklistItem::RepointEdge)));
        rt.apply(Command::Seek(SimTime::from_s(720)));
        rt.apply(Command::Order(Action::InvokeFailover(0, failover_engine::FailoverMode::Disaster)));
        let hash = rt.sim.event_log_hash();
        let link = rt.link_query().unwrap();
        assert!(link.contains("scenario=b64%3A") || link.contains("scenario=b64:"), "{link}");
        let mut other = Runtime::default_builtin();
        other.apply(Command::Import("export.toml".into(), rt.scenario_toml()));
        assert_eq!(other.sim.event_log_hash(), hash);
        let parsed = crate::url::parse(&link);
        let again = simulate_text(parsed.scenario.as_deref().unwrap(), "link").unwrap();
        assert_eq!(again.event_log_hash(), hash);
    }

    #[test]
    fn guided_play_stops_at_captions_and_checkpoints() {
        let mut rt = Runtime::default_builtin();
        assert!(rt.guide.enabled, "the reference scenario has captions");
        rt.apply(Command::Seek(SimTime::from_s(500)));
        rt.apply(Command::Speed(1000));
        rt.apply(Command::Play);
        rt.advance(10_000.0);
        assert!(!rt.playing);
        assert_eq!(rt.t, SimTime::from_s(600), "stopped at the failure caption");
        let c = rt.current_caption().unwrap();
        assert!(rt.sim.scenario().captions[c].text.contains("logged out"));
        rt.apply(Command::NextCaption);
        assert!(rt.t > SimTime::from_s(600));
        rt.apply(Command::PrevCaption);
        assert_eq!(rt.t, SimTime::from_s(600));
    }

    /// Stepping with Next only: every checkpoint is its own stop, at its own
    /// moment, before the caption that would answer it; its answer is covered
    /// until given.
    #[test]
    fn next_meets_every_checkpoint_at_its_own_moment_before_its_answer_shows() {
        let mut rt = Runtime::default_builtin();
        let n = rt.sim.scenario().checkpoints.len();
        let mut met = vec![false; n];
        for _ in 0..100 {
            let before = (rt.step, rt.t);
            rt.apply(Command::NextCaption);
            if (rt.step, rt.t) == before {
                break;
            }
            // Two questions at one moment: the screen stays covered until
            // the last of them is answered.
            while let Some(i) = rt.pending_checkpoint() {
                assert!(!met[i], "checkpoint {i} asked once");
                let cp = &rt.sim.scenario().checkpoints[i];
                assert_eq!(rt.t, cp.at, "checkpoint {i} met at its own moment");
                assert_eq!(rt.selected_named(), Some(cp.user), "the inspector shows the user asked about");
                // No caption after the question's moment is on screen yet.
                let caption = rt.current_caption().and_then(|c| rt.caption_moment(c)).map(|m| m.at);
                assert!(caption.is_none_or(|at| at <= cp.at));
                met[i] = true;
                let right = rt.checkpoint_answer(i).unwrap().value.as_str().to_string();
                rt.apply(Command::Answer(i, right));
                assert_ne!(rt.pending_checkpoint(), Some(i), "answered: no longer asked");
            }
            assert_eq!(rt.pending_checkpoint(), None, "all answered: revealed");
        }
        assert!(met.iter().all(|&m| m), "every checkpoint met: {met:?}");
        assert_eq!(rt.score(), (n, n, n));
    }

    #[test]
    fn a_link_to_a_checkpoint_moment_shows_the_screen_uncovered() {
        let rt = Runtime::from_link(&crate::url::parse("?scenario=working-day&t=660&user=alice"));
        assert_eq!(rt.pending_checkpoint(), None);
    }

    #[test]
    fn checkpoints_score_against_the_engine() {
        let mut rt = Runtime::default_builtin();
        let n = rt.sim.scenario().checkpoints.len();
        assert!(n >= 3);
        for i in 0..n {
            let right = rt.checkpoint_answer(i).unwrap().value.as_str().to_string();
            let answer = if i == 0 { "wrong".to_string() } else { right };
            rt.apply(Command::Answer(i, answer));
        }
        // A second answer does not change the first.
        rt.apply(Command::Answer(1, "wrong".into()));
        assert_eq!(rt.score(), (n - 1, n, n));
    }

    #[test]
    fn compare_variants_run() {
        let mut rt = Runtime::default_builtin();
        rt.apply(Command::Compare(Some(Variant::FailoverAtOnce)));
        let (_, run) = rt.compare().unwrap();
        let other = run.as_ref().unwrap();
        let alice = other.scenario().user_by_id("alice").unwrap();
        // Failed over at 10:00, so regular mode on Pool B from 25:00 instead of 35:00.
        assert_eq!(other.named_situation(alice, SimTime::from_s(1600)).mode, Some(failover_engine::sim::Mode::Regular));
        assert_eq!(
            rt.sim.named_situation(alice, SimTime::from_s(1600)).mode,
            Some(failover_engine::sim::Mode::Resiliency)
        );
        rt.apply(Command::Compare(Some(Variant::TimerOnly)));
        let other = rt.compare().unwrap().1.as_ref().unwrap();
        assert_eq!(
            other.named_situation(alice, SimTime::from_s(3000)).mode,
            Some(failover_engine::sim::Mode::Resiliency)
        );
    }

    #[test]
    fn switching_scenarios_can_be_undone_with_the_orders_kept() {
        let mut rt = Runtime::default_builtin();
        rt.apply(Command::Seek(SimTime::from_s(60)));
        rt.apply(Command::Order(Action::PoolFails(2)));
        let hash = rt.sim.event_log_hash();
        rt.apply(Command::LoadBuiltin("timer-only"));
        assert_ne!(rt.sim.event_log_hash(), hash);
        rt.apply(Command::RestorePrevious);
        assert_eq!(rt.sim.event_log_hash(), hash);
        assert_eq!(rt.t, SimTime::from_s(60));
        assert!(rt.previous.is_none());
    }

    #[test]
    fn refused_orders_say_why_and_change_nothing() {
        let mut rt = Runtime::default_builtin();
        let before = rt.sim.event_log_hash();
        rt.apply(Command::Order(Action::InvokeFailback(0)));
        assert!(matches!(&rt.last_order, Some(Err(m)) if m.contains("not failed over")));
        assert_eq!(before, rt.sim.event_log_hash());
    }
}
