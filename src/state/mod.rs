//! The page's state, split by what each part lives for:
//!
//! - [`shell`]: the mode, panels, notices and the page's dealings with the
//!   browser and the embedding page; kept across runs;
//! - [`run`]: the simulation, its origin, orders and selection; replaced
//!   whole on every load;
//! - [`playback`]: the clock and the speed;
//! - [`lesson`]: the walkthrough's stops, the answers and the score;
//! - `document` (full build): the scenario editor's document.
//!
//! Each slice has its own commands; [`State::apply`] routes them and does
//! what crosses slices (a load replaces the run and the lesson and restarts
//! the clock; a step of the lesson moves the clock and the selection). Pure
//! Rust, no web types and no web clock: tested natively.

pub mod console;
#[cfg(feature = "full")]
pub mod document;
pub mod lesson;
pub mod link;

#[cfg(feature = "plan")]
pub mod plan;
pub mod playback;
pub mod run;
pub mod shell;

#[cfg(feature = "full")]
pub use document::{Document, DocumentCmd};
pub use lesson::{Lesson, LessonCmd};
#[cfg(feature = "plan")]
pub use plan::{Answer, PlanCmd, PlanSlice};
pub use playback::{Playback, PlaybackCmd, DOM_REFRESH_MS};
#[cfg(feature = "full")]
pub use run::simulate_text;
pub use run::{simulate_builtin, simulate_packed, Origin, Run, RunCmd, Selection};
pub use shell::{Shell, ShellCmd, MAX_PARENT_ERRORS};

#[cfg(feature = "full")]
pub use crate::editor::{Editor, EditorStart};
pub use crate::screen::{Mode, Panel, Variant, View, SPEEDS};
use failover_engine::builtin::BUILTINS;
use failover_engine::{Action, NamedIdx, OrderError, SimTime, Simulation};
use std::rc::Rc;

/// A stop of the walkthrough, as the engine orders them (`Simulation::steps`).
pub use failover_engine::steps::StepKind as Step;

/// Everything the page can be asked to do, by the slice it concerns.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Shell(ShellCmd),
    Playback(PlaybackCmd),
    Run(RunCmd),
    Lesson(LessonCmd),
    Load(LoadCmd),
    #[cfg(feature = "full")]
    Document(DocumentCmd),
    #[cfg(feature = "plan")]
    Plan(PlanCmd),
    /// One frame of the render bench: work and interval in ms, dots moving.
    BenchFrame {
        work_ms: f64,
        interval_ms: f64,
        moving: u32,
    },
}

/// What replaces the run on the stage.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadCmd {
    /// Load a built-in scenario.
    Builtin(&'static str),
    /// Import a scenario file: (file name, text). A bad file changes nothing
    /// but the message shown next to it.
    #[cfg(feature = "full")]
    File(String, String),
    /// Import your topology: the users export and the optional pairs export
    /// (file name, text each), and which users keep their names. The
    /// planner's: an administrator's exports never load elsewhere.
    #[cfg(feature = "plan")]
    Topology { users: (String, String), pairs: Option<(String, String)>, named: failover_engine::import::Named },
    /// A scenario file's text sent by the embedding page: a bad one changes
    /// nothing, shows a notice and is reported back to the parent.
    FromParent(String),
    /// Go back to the run that the last load or import replaced.
    RestorePrevious,
}

macro_rules! into_command {
    ($($slice:ident($cmd:ty)),*) => {$(
        impl From<$cmd> for Command {
            fn from(c: $cmd) -> Command {
                Command::$slice(c)
            }
        }
    )*};
}
into_command!(Shell(ShellCmd), Playback(PlaybackCmd), Run(RunCmd), Lesson(LessonCmd), Load(LoadCmd));
#[cfg(feature = "full")]
into_command!(Document(DocumentCmd));
#[cfg(feature = "plan")]
into_command!(Plan(PlanCmd));

/// The run a load replaced, with its moment, so switching scenarios never
/// loses the user's orders.
#[derive(Clone)]
struct Previous {
    run: Run,
    t: SimTime,
}

/// The page's state: one reducer (`impl Reducible`) over the slices. The
/// heavy parts (the runs) are shared behind `Rc`, so a new state costs a
/// few pointers; an order copies the run it changes only if an older state
/// still holds it.
#[derive(Clone)]
pub struct State {
    shell: Shell,
    run: Run,
    playback: Playback,
    lesson: Lesson,
    #[cfg(feature = "full")]
    document: Document,
    #[cfg(feature = "plan")]
    plan: PlanSlice,
    previous: Option<Rc<Previous>>,
    /// Bumped whenever the DOM should show a change: on every command, and
    /// at most ten times a second while the clock runs (the stage draws
    /// every frame from the state itself).
    tick: u64,
}

impl yew::Reducible for State {
    type Action = Command;

    fn reduce(self: Rc<Self>, action: Command) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(action);
        Rc::new(next)
    }
}

impl PartialEq for State {
    /// Equal states render the same: what a component shows changes with
    /// `tick` (and the stage's picture with the moment).
    fn eq(&self, other: &State) -> bool {
        (self.tick, self.t(), self.revision()) == (other.tick, other.t(), other.revision())
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
        let ms3 = |x: f64| failover_engine::text::decimal(x, 3);
        let s = sorted(&self.samples_ms);
        let iv = sorted(&self.intervals_ms);
        let json = format!(
            "{{\"users\":{users},\"frames\":{},\"p50_ms\":{},\"p95_ms\":{},\"max_ms\":{},\"moving_max\":{},\"interval_p50_ms\":{},\"interval_p95_ms\":{}}}",
            s.len(),
            ms3(pct(&s, 0.5)),
            ms3(pct(&s, 0.95)),
            ms3(s[s.len() - 1]),
            self.moving_max,
            ms3(pct(&iv, 0.5)),
            ms3(pct(&iv, 0.95)),
        );
        self.result = Some(json.clone());
        Some(json)
    }
}

impl State {
    /// A state on a run, at 0, paused.
    pub fn new(sim: Simulation, origin: Origin) -> State {
        let run = Run::new(sim, origin, 0);
        let mut lesson = Lesson::of(run.sim());
        // On the stop of the moment from the start, as after any load: the
        // first Next moves on.
        lesson.moved_to(SimTime::ZERO, run.sim());
        State {
            shell: Shell::default(),
            run,
            playback: Playback::default(),
            lesson,
            #[cfg(feature = "full")]
            document: Document::default(),
            #[cfg(feature = "plan")]
            plan: PlanSlice::default(),
            previous: None,
            tick: 0,
        }
    }

    pub fn default_builtin() -> State {
        let b = BUILTINS[0];
        State::new(simulate_builtin(b.name).unwrap_or_else(|e| run::fallback(&e)), Origin::Builtin(b.name))
    }

    // The slices, for what reads them.
    pub fn shell(&self) -> &Shell {
        &self.shell
    }
    pub fn run(&self) -> &Run {
        &self.run
    }
    pub fn playback(&self) -> &Playback {
        &self.playback
    }
    pub fn lesson(&self) -> &Lesson {
        &self.lesson
    }
    #[cfg(feature = "full")]
    pub fn document(&self) -> &Document {
        &self.document
    }
    #[cfg(feature = "plan")]
    pub fn plan(&self) -> &PlanSlice {
        &self.plan
    }

    // What most components read.
    pub fn sim(&self) -> &Simulation {
        self.run.sim()
    }
    pub fn origin(&self) -> &Origin {
        self.run.origin()
    }
    /// The moment shown.
    pub fn t(&self) -> SimTime {
        self.playback.t()
    }
    pub fn playing(&self) -> bool {
        self.playback.playing()
    }
    pub fn speed(&self) -> u32 {
        self.playback.speed()
    }
    pub fn end(&self) -> SimTime {
        self.run.end()
    }
    pub fn revision(&self) -> u64 {
        self.run.revision()
    }
    pub fn selected(&self) -> Option<Selection> {
        self.run.selected()
    }
    pub fn selected_named(&self) -> Option<NamedIdx> {
        self.run.selected_named()
    }
    pub fn observer(&self) -> Option<NamedIdx> {
        self.run.observer()
    }
    pub fn last_order(&self) -> Option<&Result<String, String>> {
        self.run.last_order()
    }
    pub fn compare(&self) -> Option<(Variant, &Result<Simulation, String>)> {
        self.run.compare()
    }
    pub fn run_name(&self) -> String {
        self.run.name()
    }
    pub fn modified(&self) -> bool {
        self.run.modified()
    }
    /// Whether an order is legal now (Err says why not).
    pub fn check(&self, action: &Action) -> Result<(), OrderError> {
        self.run.check(self.t(), action)
    }
    /// Whether an order is legal at `at`.
    pub fn check_at(&self, at: SimTime, action: &Action) -> Result<(), OrderError> {
        self.run.check(at, action)
    }
    pub fn mode(&self) -> Mode {
        self.shell.mode
    }
    pub fn view(&self) -> View {
        self.shell.view
    }
    pub fn tick(&self) -> u64 {
        self.tick
    }
    pub fn embed(&self) -> bool {
        self.shell.embed
    }
    pub fn tab(&self) -> Option<Panel> {
        self.shell.tab
    }
    pub fn panels(&self) -> Option<&[Panel]> {
        self.shell.panels.as_deref()
    }
    pub fn origins(&self) -> &[String] {
        self.shell.origins()
    }
    pub fn parent_errors(&self) -> &[String] {
        self.shell.parent_errors()
    }
    /// The notices to show, bounded (`notices.rs`).
    pub fn notices(&self) -> Vec<String> {
        self.shell.notices.lines()
    }
    pub fn bench(&self) -> Option<&Bench> {
        self.shell.bench.as_ref()
    }
    pub fn import_bench(&self) -> Option<&str> {
        self.shell.import_bench.as_deref()
    }
    pub fn import_problem(&self) -> Option<&(String, String)> {
        self.shell.import_problem.as_ref()
    }
    pub fn drawn(&self) -> Option<(u64, [u32; 3])> {
        self.shell.drawn
    }
    pub fn save_failed(&self) -> bool {
        self.shell.save_failed()
    }
    pub fn slow_open(&self) -> bool {
        self.shell.slow_open
    }
    /// The pass mark when launched by a SCORM package.
    pub fn pass_mark(&self) -> u32 {
        self.shell.scorm.as_ref().map_or(80, |s| s.1)
    }
    #[cfg(feature = "full")]
    pub fn editor(&self) -> Option<&Editor> {
        self.document.editor()
    }
    #[cfg(feature = "full")]
    pub fn unreadable_draft(&self) -> Option<&str> {
        self.document.unreadable()
    }
    pub fn lesson_resumed(&self) -> bool {
        self.lesson.resumed()
    }
    /// The run the last load or import replaced: (run, origin, moment).
    pub fn previous(&self) -> Option<(&Simulation, &Origin, SimTime)> {
        self.previous.as_ref().map(|p| (p.run.sim(), p.run.origin(), p.t))
    }

    // The lesson, asked about this run at this moment.
    /// The walkthrough's stops in order: (moment, step), as the engine
    /// places them in this run.
    pub fn steps(&self) -> Vec<(SimTime, Step)> {
        self.sim().steps().into_iter().map(|s| (s.at, s.kind)).collect()
    }
    pub fn step(&self) -> Option<usize> {
        self.lesson.step()
    }
    /// Stop `k` of the walkthrough in a line: its caption's title, or its
    /// question (the presenter's console, Author mode's lesson strip).
    pub fn step_title(&self, k: usize) -> Option<String> {
        Some(match self.sim().steps().get(k)?.kind {
            Step::Caption(i) => self.sim().caption_words(i).0,
            Step::Checkpoint(i) => format!("Question: {}", self.sim().question_words(i)),
        })
    }
    /// The question waiting for an answer at this moment, whose answer is
    /// covered meanwhile. Never in Author mode: its author sees every answer.
    pub fn pending_checkpoint(&self) -> Option<usize> {
        if self.mode() == Mode::Author {
            return None;
        }
        self.lesson.pending_checkpoint(self.sim(), self.t())
    }
    pub fn lesson_complete(&self) -> bool {
        self.lesson.complete(self.sim())
    }
    pub fn checkpoint_answer(&self, i: usize) -> Option<failover_engine::Cell> {
        Lesson::answer_of(self.sim(), i)
    }
    /// (correct, answered, total).
    pub fn score(&self) -> (usize, usize, usize) {
        self.lesson.score(self.sim())
    }
    /// The caption on screen: the latest at or before now, in run order.
    pub fn current_caption(&self) -> Option<usize> {
        self.sim().caption_at(self.t())
    }
    /// When caption `i` is shown in this run, and whether its event happened.
    pub fn caption_moment(&self, i: usize) -> Option<failover_engine::steps::CaptionMoment> {
        self.sim().caption_moment(i)
    }

    /// The run packed for the light player (see `Run::packed`).
    #[cfg(feature = "full")]
    pub fn packed_run(&self) -> &[u8] {
        self.run.packed()
    }

    /// The scenario as a file, including the orders given so far.
    #[cfg(feature = "full")]
    pub fn scenario_toml(&self) -> &str {
        self.run.toml()
    }

    /// Applies a command.
    pub fn apply(&mut self, command: Command) {
        // Everything but the clock's frames and the stage's reports is shown at once.
        // (The stage's report of a frame shows when the run was redrawn while
        // paused; while playing the moment's own ticks show it.)
        let shown = match &command {
            Command::Playback(PlaybackCmd::Advance { .. }) | Command::BenchFrame { .. } => false,
            Command::Shell(ShellCmd::Drawn { revision, .. }) => {
                !self.playing() || self.shell.drawn.map(|d| d.0) != Some(*revision)
            }
            _ => true,
        };
        if shown {
            self.tick += 1;
        }
        match command {
            Command::Shell(ShellCmd::Ask(go)) => self.ask(go),
            Command::Shell(c) => {
                #[cfg(feature = "full")]
                let opens_editor =
                    matches!(c, ShellCmd::OpenTab(Some(Panel::Editor)) | ShellCmd::SetMode(Mode::Author));
                // What the editor told its author is not for the room, and a
                // lesson presented from Author mode starts at its first stop
                // (wherever the author's preview was).
                #[cfg(feature = "full")]
                let presents_the_document = c == ShellCmd::SetMode(Mode::Present) && self.mode() == Mode::Author;
                #[cfg(feature = "full")]
                if c == ShellCmd::SetMode(Mode::Present) {
                    self.shell.notices.dismiss(RUNNING_FROM_THE_EDITOR);
                }
                self.shell.apply(c);
                #[cfg(feature = "full")]
                if presents_the_document && !self.sim().steps().is_empty() {
                    if let Some(checkpoint) = self.lesson.go_to(0, self.run.sim(), &mut self.playback) {
                        self.select_asked_about(checkpoint);
                    }
                }
                #[cfg(feature = "full")]
                if opens_editor {
                    self.document.ensure_open(document::OnStage::of(&self.run));
                    self.preview_document();
                }
            }
            Command::Playback(c) => self.playback_command(c),
            Command::Run(c) => {
                // An order at a typed moment takes the clock there, to its outcome.
                let t = match c {
                    RunCmd::OrderAt(at, _) => at,
                    _ => self.t(),
                };
                if self.run.apply(c, t) {
                    self.playback.seek(t, self.end());
                    self.lesson.moved_to(self.t(), self.run.sim());
                }
            }
            Command::Lesson(c) => {
                let resumes = matches!(c, LessonCmd::Resume { .. });
                if let Some(checkpoint) = self.lesson_command(c) {
                    self.select_asked_about(checkpoint);
                }
                if resumes {
                    self.shell.notices.push("Welcome back: the lesson resumes where you left it, with your answers.");
                }
            }
            Command::Load(c) => self.load(c),
            #[cfg(feature = "full")]
            Command::Document(DocumentCmd::Run) => self.run_document(),
            #[cfg(feature = "full")]
            Command::Document(c) => {
                self.document.apply(c, document::OnStage::of(&self.run));
                self.preview_document();
            }
            #[cfg(feature = "plan")]
            Command::Plan(c) => self.plan_command(c),
            Command::BenchFrame { work_ms, interval_ms, moving } => {
                let users = self.sim().user_count();
                if let Some(bench) = self.shell.bench.as_mut() {
                    if bench.record(work_ms, interval_ms, moving, users).is_some() {
                        self.playback.pause();
                        self.tick += 1;
                    }
                }
            }
        }
    }

    /// A learner's lesson (Learn mode) moves only from stop to stop, and
    /// never past a question not answered yet, whatever asks.
    fn learning(&self) -> bool {
        self.mode() == Mode::Learn && !self.sim().steps().is_empty()
    }

    fn lesson_command(&mut self, command: LessonCmd) -> Option<usize> {
        let sim = self.run.sim();
        if !self.learning() {
            return self.lesson.apply(command, sim, &mut self.playback);
        }
        match command {
            // Next waits for the answer to the question on screen.
            LessonCmd::Next if self.lesson.pending_checkpoint(sim, self.playback.t()).is_some() => None,
            // A learner answers; revealing to a room is the presenter's.
            LessonCmd::Reveal(_) | LessonCmd::Hands { .. } => None,
            LessonCmd::GoToStep(k) => {
                let k = self.lesson.allowed(Some(k), sim)?;
                self.lesson.go_to(k, sim, &mut self.playback)
            }
            LessonCmd::Resume { step, answers } => {
                // The answers first: they decide how far the learner may go.
                self.lesson.apply(LessonCmd::Resume { step: None, answers }, sim, &mut self.playback);
                let k = self.lesson.allowed(step, sim)?;
                self.lesson.go_to(k, sim, &mut self.playback)
            }
            other => self.lesson.apply(other, sim, &mut self.playback),
        }
    }

    fn playback_command(&mut self, command: PlaybackCmd) {
        let end = self.end();
        match command {
            // Play waits for the answer to the question on screen.
            PlaybackCmd::Play if self.learning() && self.pending_checkpoint().is_some() => {}
            PlaybackCmd::Play => self.playback.play(end),
            PlaybackCmd::Pause => self.playback.pause(),
            // A learner lands on a stop, never beside it or past a question.
            PlaybackCmd::Seek(t) if self.learning() => {
                if let Some(checkpoint) = self.lesson.land(t, self.run.sim(), &mut self.playback) {
                    self.select_asked_about(checkpoint);
                }
            }
            PlaybackCmd::NextEvent | PlaybackCmd::PrevEvent if self.learning() => {}
            PlaybackCmd::Seek(t) => {
                self.playback.seek(t, end);
                self.lesson.moved_to(self.t(), self.run.sim());
            }
            PlaybackCmd::Speed(s) => self.playback.set_speed(s),
            PlaybackCmd::SpeedStep(up) => self.playback.speed_step(up),
            PlaybackCmd::NextEvent => {
                let t = self.t();
                if let Some(e) = self.sim().events().iter().find(|e| e.at > t) {
                    let at = e.at;
                    self.playback.seek(at, end);
                }
            }
            PlaybackCmd::PrevEvent => {
                let t = self.t();
                let at = self.sim().events().iter().rev().find(|e| e.at < t).map_or(SimTime::ZERO, |e| e.at);
                self.playback.seek(at, end);
            }
            PlaybackCmd::Advance { real_ms, now_ms } => {
                let stops = self.lesson.stops(self.run.sim(), self.learning());
                let Some((next, stop)) = self.playback.target(real_ms, end, &stops) else { return };
                let moved = next != self.t();
                self.playback.seek(next, end);
                if stop {
                    self.playback.pause();
                    // A guided stop: the learner is on it, as if stepped.
                    if let Some(checkpoint) = self.lesson.stopped_at(next, self.run.sim()) {
                        self.select_asked_about(checkpoint);
                    }
                }
                if self.playback.refresh_due(moved, stop, now_ms) {
                    self.tick += 1;
                }
            }
        }
    }

    /// At a checkpoint, the user it asks about is the one in the inspector.
    fn select_asked_about(&mut self, checkpoint: usize) {
        if let Some(cp) = self.sim().scenario().checkpoints.get(checkpoint) {
            let user = cp.user;
            self.run.select(Some(Selection::Named(user)));
        }
    }

    fn load(&mut self, command: LoadCmd) {
        // A plan is of the topology it was made from: another one on the
        // stage clears it (going back to the previous run keeps it).
        #[cfg(feature = "plan")]
        let (revision, back) = (self.revision(), command == LoadCmd::RestorePrevious);
        self.load_command(command);
        #[cfg(feature = "plan")]
        if self.revision() != revision && !back {
            self.plan.clear();
        }
    }

    /// The topology the plan's questions are about: with a variant on the
    /// stage, the plan's own; else the run's.
    #[cfg(feature = "plan")]
    pub fn planned_topology(&self) -> &failover_engine::Scenario {
        let planned = self.plan.made().and_then(|m| m.as_ref().ok()).map(|p| &p.scenario);
        match (self.plan.shown(), planned) {
            (Some(_), Some(sc)) => sc,
            _ => self.sim().scenario(),
        }
    }

    #[cfg(feature = "plan")]
    fn plan_command(&mut self, command: PlanCmd) {
        match command {
            // Cloned once per answer or plan, not per render: the slice
            // changes while the topology is read.
            PlanCmd::Set(answer) => {
                let topology = self.planned_topology().clone();
                self.plan.set(answer, &topology);
            }
            PlanCmd::Make => {
                let topology = self.planned_topology().clone();
                self.plan.make(&topology);
            }
            PlanCmd::Show { failure, variant } => {
                let private = *self.origin() == Origin::Topology;
                let Some(scenario) = self.plan.show(failure, variant) else { return };
                match Simulation::new(scenario) {
                    Ok(sim) => {
                        let origin = if private { Origin::Topology } else { Origin::Custom(sim.scenario().to_toml()) };
                        self.replace(sim, origin);
                    }
                    Err(e) => self.shell.notices.push(format!("This variant cannot run: {e}")),
                }
            }
        }
    }

    fn load_command(&mut self, command: LoadCmd) {
        match command {
            LoadCmd::Builtin(name) => match simulate_builtin(name) {
                Ok(sim) => {
                    self.replace(sim, Origin::Builtin(name));
                    self.warn_sizing();
                }
                Err(e) => self.shell.notices.push(e),
            },
            #[cfg(feature = "full")]
            LoadCmd::File(file, text) => match simulate_text(&text, &file) {
                Ok(sim) => {
                    self.replace(sim, Origin::Custom(text));
                    self.shell.notices.push(format!("Imported {file}."));
                    self.warn_sizing();
                }
                Err(problems) => self.shell.import_failed(file, problems),
            },
            #[cfg(feature = "plan")]
            LoadCmd::Topology { users, pairs, named } => self.load_topology(users, pairs, named),
            LoadCmd::FromParent(text) => match self.simulate_from_parent(&text) {
                Ok((sim, origin)) => {
                    self.replace(sim, origin);
                    self.warn_sizing();
                }
                Err(problems) => {
                    let shown: String = problems.lines().take(5).collect::<Vec<_>>().join("\n");
                    self.shell
                        .notices
                        .push(format!("The embedding page sent a scenario that cannot run; nothing changed:\n{shown}"));
                    self.shell.tell_parent(problems);
                }
            },
            LoadCmd::RestorePrevious => {
                if let Some(previous) = self.previous.take() {
                    let Previous { run, t } = Rc::unwrap_or_clone(previous);
                    self.put_on_stage(run);
                    self.playback.seek(t, self.end());
                    self.shell.notices.push("Back to the previous run, with its orders.");
                }
            }
        }
    }

    /// A scenario sent by the embedding page: a file in the full page, a
    /// packed one (`pk:`) in either build.
    fn simulate_from_parent(&self, text: &str) -> Result<(Simulation, Origin), String> {
        if text.starts_with("pk:") {
            return simulate_packed(text).map(|sim| (sim, Origin::Packed(text.to_string())));
        }
        #[cfg(feature = "full")]
        return simulate_text(text, "scenario from the embedding page").map(|sim| (sim, Origin::Custom(text.into())));
        #[cfg(not(feature = "full"))]
        Err(PLAYER_READS.to_string())
    }

    #[cfg(feature = "plan")]
    fn load_topology(
        &mut self,
        users: (String, String),
        pairs: Option<(String, String)>,
        named: failover_engine::import::Named,
    ) {
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
                self.shell.notices.push(format!(
                    "Imported your topology from {shown}: {}, {}. It stays in this tab (no link, not saved in the browser): export the scenario to keep it.",
                    failover_engine::text::count(pools as u64, "pool", "pools"),
                    failover_engine::text::count(people, "user", "users")
                ));
                self.shell.notices.extend(notes);
                self.warn_sizing();
            }
            Err(problems) => self.shell.import_failed(file, problems),
        }
    }

    /// The editor's scenario on the stage; refused (and said in the editor)
    /// while a problem stops it, so the last good run keeps playing.
    #[cfg(feature = "full")]
    fn run_document(&mut self) {
        let Some(editor) = self.document.editor_mut() else { return };
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
        let previewed = editor.on_stage();
        let (t, playing) = (self.t(), self.playing());
        // Author mode's preview already shows this version: Run starts it
        // afresh, and "Back to" keeps the run from before the editing.
        if previewed {
            self.put_on_stage(Run::shared(sim, origin, 0));
        } else {
            self.replace_with(Run::shared(sim, origin, 0));
        }
        // After the replace, which tells the editor the stage changed.
        if let Some(editor) = self.document.editor_mut() {
            editor.ran();
        }
        // A lesson runs from its first stop, as its class will meet it.
        if !self.sim().steps().is_empty() {
            if let Some(checkpoint) = self.lesson.go_to(0, self.run.sim(), &mut self.playback) {
                self.select_asked_about(checkpoint);
            }
            let at = self.t().clock();
            let said = format!("Running {} from the editor: the lesson from its first stop, at {at}.", self.run_name());
            self.say_running(said);
            self.warn_sizing();
            return;
        }
        self.playback.seek(t, self.end());
        if playing {
            self.playback.play(self.end());
        }
        self.lesson.moved_to(self.t(), self.run.sim());
        let at = if self.t() == t { format!("at {}", t.clock()) } else { format!("at its end, {}", self.t().clock()) };
        self.say_running(format!("Running {} from the editor, {at}.", self.run_name()));
        self.warn_sizing();
    }

    /// What a Run from the editor tells: in the drawer, a notice (the stage
    /// changed under the class); in Author mode nothing more than its status
    /// line and lesson strip say, so the preview keeps its room.
    #[cfg(feature = "full")]
    fn say_running(&mut self, said: String) {
        if self.mode() == Mode::Author {
            self.shell.notices.dismiss(RUNNING_FROM_THE_EDITOR);
        } else {
            self.shell.notices.replace(RUNNING_FROM_THE_EDITOR, said);
        }
    }

    /// Author mode's stage is the document's live preview: each version the
    /// engine can run goes on the stage at the same moment (no lesson start,
    /// no "Back to" step, not counted as run). Elsewhere the class watches
    /// the stage, and only Run changes it.
    #[cfg(feature = "full")]
    fn preview_document(&mut self) {
        if self.mode() != Mode::Author {
            return;
        }
        let Some(editor) = self.document.editor_mut() else { return };
        if editor.on_stage() || editor.stale() {
            return;
        }
        let checked = editor.checked().clone();
        let Some(sim) = checked.run.clone() else { return };
        let origin = if editor.private() { Origin::Topology } else { Origin::Custom(checked.toml.clone()) };
        let t = self.t();
        self.put_on_stage(Run::shared(sim, origin, 0));
        if let Some(editor) = self.document.editor_mut() {
            editor.previewed();
        }
        self.playback.seek(t, self.end());
        self.lesson.moved_to(self.t(), self.run.sim());
    }

    /// The engine's sizing warnings for the scenario on screen, as notices.
    pub fn warn_sizing(&mut self) {
        for w in failover_engine::check::warnings(self.sim().scenario()) {
            self.shell.notices.push(format!("Warning: {w}"));
        }
    }

    /// Replaces the run (the old one can be restored).
    pub fn replace(&mut self, sim: Simulation, origin: Origin) {
        self.replace_with(Run::new(sim, origin, 0));
    }

    fn replace_with(&mut self, run: Run) {
        let previous = Previous { run: self.run.clone(), t: self.t() };
        self.put_on_stage(run);
        self.previous = Some(Rc::new(previous));
    }

    /// A run on the stage: the run slice and the lesson are replaced whole,
    /// the clock starts again; the shell and the editor's document stay.
    fn put_on_stage(&mut self, run: Run) {
        let revision = self.run.revision().max(run.revision()) + 1;
        self.run = run.with_revision(revision);
        self.lesson = Lesson::of(self.run.sim());
        self.playback.restart();
        #[cfg(feature = "full")]
        self.document.stage_replaced();
        self.lesson.moved_to(SimTime::ZERO, self.run.sim());
    }
}

/// How the notice of a Run from the editor starts: a new Run's replaces it.
#[cfg(feature = "full")]
const RUNNING_FROM_THE_EDITOR: &str = "Running ";

/// What the light player says of a scenario file it cannot read.
pub const PLAYER_READS: &str =
    "This lesson player reads built-in and packaged lessons only: open the scenario in the full simulator.";

#[cfg(test)]
mod tests;
