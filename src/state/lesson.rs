//! The lesson: the walkthrough's stops (the engine's `Simulation::steps`),
//! where the learner is, their answers and score. A new run starts a new
//! lesson; guided play is kept.

use super::playback::Playback;
use failover_engine::steps::StepKind;
use failover_engine::{CapKey, NamedIdx, SimTime, Simulation};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lesson {
    /// Pause at captions and checkpoints while playing.
    guided: bool,
    /// The learner's answer to each checkpoint.
    answers: Vec<Option<String>>,
    /// Class mode: the trainer revealed the answer to the room without
    /// recording a personal answer.
    revealed: Vec<bool>,
    /// Class mode: the room's show of hands, a count per possible value (in
    /// the capability's order of values).
    hands: Vec<Vec<u32>>,
    /// The walkthrough step the learner is at (index into the steps).
    step: Option<usize>,
    /// The learner's answers came back from the learning platform.
    resumed: bool,
}

/// What the walkthrough band and the learning platform ask of the lesson.
#[derive(Clone, Debug, PartialEq)]
pub enum LessonCmd {
    /// The next stop of the walkthrough.
    Next,
    /// The previous stop (or the start).
    Back,
    /// Go to walkthrough step `k`.
    GoToStep(usize),
    /// Back where the learner left the lesson (from the LMS's suspend data).
    Resume { step: Option<usize>, answers: Vec<Option<String>> },
    /// Guided mode on or off (pausing at captions and checkpoints).
    SetGuided(bool),
    /// Answer checkpoint `index` with a capability value ("yes", "no", "live"...).
    Answer(usize, String),
    /// Class mode: reveal checkpoint `index` to the room (no answer recorded).
    Reveal(usize),
    /// Class mode: the room's show of hands for checkpoint `index`: how many
    /// chose value number `value`.
    Hands { checkpoint: usize, value: usize, count: u32 },
}

impl Lesson {
    /// The lesson of a run, at its start: guided if it has captions or
    /// questions.
    pub fn of(sim: &Simulation) -> Lesson {
        let sc = sim.scenario();
        Lesson {
            guided: !sc.captions.is_empty() || !sc.checkpoints.is_empty(),
            answers: vec![None; sc.checkpoints.len()],
            revealed: vec![false; sc.checkpoints.len()],
            hands: sc.checkpoints.iter().map(|c| vec![0; c.capability.possible_values().len()]).collect(),
            ..Lesson::default()
        }
    }

    pub fn guided(&self) -> bool {
        self.guided
    }
    pub fn answers(&self) -> &[Option<String>] {
        &self.answers
    }
    /// Revealed to the room (class mode), whether answered or not.
    pub fn revealed(&self, i: usize) -> bool {
        self.revealed.get(i).copied().unwrap_or(false)
    }
    /// The room's show of hands for checkpoint `i`, per possible value.
    pub fn hands(&self, i: usize) -> &[u32] {
        self.hands.get(i).map_or(&[], Vec::as_slice)
    }
    /// Answered, or revealed to the room: its answer may show.
    pub fn settled(&self, i: usize) -> bool {
        self.answers.get(i).is_some_and(Option::is_some) || self.revealed(i)
    }
    pub fn step(&self) -> Option<usize> {
        self.step
    }
    pub fn resumed(&self) -> bool {
        self.resumed
    }

    /// Applies a command: the clock moves to the stop. Returns the checkpoint
    /// the learner arrived at, if any (its user goes in the inspector).
    pub fn apply(&mut self, command: LessonCmd, sim: &Simulation, clock: &mut Playback) -> Option<usize> {
        match command {
            LessonCmd::Next => {
                let steps = sim.steps();
                let next = match self.step {
                    Some(k) => k + 1,
                    None => steps.iter().position(|s| s.at >= clock.t()).unwrap_or(steps.len()),
                };
                self.go_to(next, sim, clock)
            }
            LessonCmd::Back => match self.step.and_then(|k| k.checked_sub(1)) {
                Some(k) => self.go_to(k, sim, clock),
                None => self.go_to_start(sim, clock),
            },
            LessonCmd::GoToStep(k) => self.go_to(k, sim, clock),
            LessonCmd::Resume { step, answers } => {
                // Only answers the scenario's questions can take.
                let sc = sim.scenario();
                for (i, a) in answers.into_iter().enumerate().take(self.answers.len()) {
                    let fits = a.as_deref().is_some_and(|a| {
                        sc.checkpoints[i].capability.possible_values().iter().any(|v| v.as_str() == a)
                    });
                    if fits {
                        self.answers[i] = a;
                    }
                }
                self.resumed = true;
                step.and_then(|k| self.go_to(k, sim, clock))
            }
            LessonCmd::SetGuided(on) => {
                self.guided = on;
                None
            }
            LessonCmd::Answer(i, value) => {
                if let Some(slot) = self.answers.get_mut(i) {
                    slot.get_or_insert(value);
                }
                None
            }
            LessonCmd::Reveal(i) => {
                if let Some(slot) = self.revealed.get_mut(i) {
                    *slot = true;
                }
                None
            }
            LessonCmd::Hands { checkpoint, value, count } => {
                if let Some(slot) = self.hands.get_mut(checkpoint).and_then(|h| h.get_mut(value)) {
                    *slot = count.min(100_000);
                }
                None
            }
        }
    }

    pub fn go_to(&mut self, k: usize, sim: &Simulation, clock: &mut Playback) -> Option<usize> {
        let steps = sim.steps();
        let step = steps.get(k)?;
        clock.pause();
        clock.seek(step.at, sim.end_time());
        self.step = Some(k);
        match step.kind {
            StepKind::Checkpoint(i) => Some(i),
            _ => None,
        }
    }

    /// The clock was moved by other means (scrubbing, a link): the learner
    /// is at the last stop at or before `t`.
    pub fn moved_to(&mut self, t: SimTime, sim: &Simulation) {
        self.step = Lesson::stop_at(sim, t);
    }

    /// The stop a moment belongs to: the last at or before `t`; of several
    /// at that one moment (two questions at T+12:30), the first.
    pub fn stop_at(sim: &Simulation, t: SimTime) -> Option<usize> {
        let steps = sim.steps();
        let last = steps.iter().rposition(|s| s.at <= t)?;
        steps.iter().position(|s| s.at == steps[last].at)
    }

    /// Guided play stopped at `t`: the learner is on that stop.
    pub fn stopped_at(&mut self, t: SimTime, sim: &Simulation) -> Option<usize> {
        let steps = sim.steps();
        let k = steps.iter().position(|s| s.at == t)?;
        self.step = Some(k);
        match steps[k].kind {
            StepKind::Checkpoint(i) => Some(i),
            _ => None,
        }
    }

    /// Where play stops: captions and checkpoints, in time order, when
    /// guided (`force`: a learner's lesson always is).
    pub fn stops(&self, sim: &Simulation, force: bool) -> Vec<SimTime> {
        if !self.guided && !force {
            return Vec::new();
        }
        let mut stops: Vec<SimTime> = sim.steps().iter().map(|s| s.at).collect();
        stops.dedup();
        stops
    }

    /// The question on screen and not answered yet: the clock is at its
    /// moment, however it got there (a step, a link, an embed's `seek`,
    /// scrubbing, Back, a resume). What would give its answer away (the
    /// caption, the user's capabilities, the tables' lit column) stays
    /// covered until it is answered. Two questions at one moment: covered
    /// until both are answered.
    pub fn pending_checkpoint(&self, sim: &Simulation, t: SimTime) -> Option<usize> {
        sim.steps()
            .iter()
            .filter_map(|s| match s.kind {
                StepKind::Checkpoint(i) if s.at == t => Some(i),
                _ => None,
            })
            .find(|&i| i < self.answers.len() && !self.settled(i))
    }

    /// The capabilities later questions not answered yet ask about `user`
    /// that read here as they will at the question, nothing changing in
    /// between: shown at the stop before (or Back from the question), they
    /// would answer it early. A learner's inspector covers them.
    pub fn foreseen(&self, sim: &Simulation, t: SimTime, user: NamedIdx) -> Vec<CapKey> {
        let value = |k: CapKey, at: SimTime| failover_engine::rules::cell(k, &sim.named_situation(user, at)).value;
        // The next question ahead about each capability (questions are in
        // time order): covered only while that one is not answered. The
        // user's situation changes only at their own moments.
        let mut seen: Vec<CapKey> = Vec::new();
        let mut next: Vec<(CapKey, SimTime)> = Vec::new();
        for (i, c) in sim.scenario().checkpoints.iter().enumerate() {
            if c.user == user && c.at > t && !seen.contains(&c.capability) {
                seen.push(c.capability);
                if !self.settled(i) {
                    next.push((c.capability, c.at));
                }
            }
        }
        if next.is_empty() {
            return Vec::new();
        }
        let moments = sim.change_moments(user);
        next.into_iter()
            .filter(|&(k, at)| {
                let answer = value(k, at);
                let between = moments.iter().copied().filter(|&m| m > t && m < at);
                std::iter::once(t).chain(between).all(|m| value(k, m) == answer)
            })
            .map(|(k, _)| k)
            .collect()
    }

    /// The first stop that is a question not answered yet: a learner's
    /// lesson goes no further until it is answered.
    pub fn first_unanswered(&self, sim: &Simulation) -> Option<usize> {
        sim.steps().iter().position(|s| match s.kind {
            StepKind::Checkpoint(i) => i < self.answers.len() && !self.settled(i),
            _ => false,
        })
    }

    /// Where a learner may go when asked for stop `k` (or, `None`, the
    /// start): never past the first question not answered yet.
    pub fn allowed(&self, k: Option<usize>, sim: &Simulation) -> Option<usize> {
        match (k, self.first_unanswered(sim)) {
            (Some(k), Some(limit)) => Some(k.min(limit)),
            (k, _) => k,
        }
    }

    /// Before the first stop, paused.
    fn go_to_start(&mut self, sim: &Simulation, clock: &mut Playback) -> Option<usize> {
        clock.pause();
        clock.seek(SimTime::ZERO, sim.end_time());
        self.step = None;
        None
    }

    /// A learner's lesson lands on a stop: the one at or before `t` (within
    /// what they may reach), or the start.
    pub fn land(&mut self, t: SimTime, sim: &Simulation, clock: &mut Playback) -> Option<usize> {
        match self.allowed(Lesson::stop_at(sim, t), sim) {
            Some(k) => self.go_to(k, sim, clock),
            None => self.go_to_start(sim, clock),
        }
    }

    /// The walkthrough has been stepped to its last stop.
    pub fn complete(&self, sim: &Simulation) -> bool {
        let n = sim.steps().len();
        n > 0 && self.step.is_some_and(|k| k + 1 >= n)
    }

    /// The engine's answer to checkpoint `i` (at its moment), with the reason.
    pub fn answer_of(sim: &Simulation, i: usize) -> Option<failover_engine::Cell> {
        let cp = sim.scenario().checkpoints.get(i)?;
        let at = sim.checkpoint_moment(i)?.at;
        Some(failover_engine::rules::cell(cp.capability, &sim.named_situation(cp.user, at)))
    }

    /// (correct, answered, total).
    pub fn score(&self, sim: &Simulation) -> (usize, usize, usize) {
        let mut correct = 0;
        let mut answered = 0;
        for (i, a) in self.answers.iter().enumerate() {
            if let Some(a) = a {
                answered += 1;
                if Lesson::answer_of(sim, i).is_some_and(|c| c.value.as_str() == a) {
                    correct += 1;
                }
            }
        }
        (correct, answered, self.answers.len())
    }
}
