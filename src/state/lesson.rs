//! The lesson: the walkthrough's stops (the engine's `Simulation::steps`),
//! where the learner is, their answers and score. A new run starts a new
//! lesson; guided play is kept.

use super::playback::Playback;
use failover_engine::steps::StepKind;
use failover_engine::{SimTime, Simulation};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lesson {
    /// Pause at captions and checkpoints while playing.
    guided: bool,
    /// The learner's answer to each checkpoint.
    answers: Vec<Option<String>>,
    /// The walkthrough step the learner is at (index into the steps).
    step: Option<usize>,
    /// The learner stepped onto it (Next, Back, a guided stop), rather than
    /// scrubbing or following a link there: only then is a question covered.
    stepped: bool,
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
}

impl Lesson {
    /// The lesson of a run, at its start: guided if it has captions or
    /// questions.
    pub fn of(sim: &Simulation) -> Lesson {
        let sc = sim.scenario();
        Lesson {
            guided: !sc.captions.is_empty() || !sc.checkpoints.is_empty(),
            answers: vec![None; sc.checkpoints.len()],
            ..Lesson::default()
        }
    }

    pub fn guided(&self) -> bool {
        self.guided
    }
    pub fn answers(&self) -> &[Option<String>] {
        &self.answers
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
                None => {
                    clock.pause();
                    clock.seek(SimTime::ZERO, sim.end_time());
                    self.step = None;
                    None
                }
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
        }
    }

    fn go_to(&mut self, k: usize, sim: &Simulation, clock: &mut Playback) -> Option<usize> {
        let steps = sim.steps();
        let step = steps.get(k)?;
        clock.pause();
        clock.seek(step.at, sim.end_time());
        self.step = Some(k);
        self.stepped = true;
        match step.kind {
            StepKind::Checkpoint(i) => Some(i),
            _ => None,
        }
    }

    /// The clock was moved by other means (scrubbing, a link): the learner
    /// is at the last stop at or before `t`, not stepped onto it.
    pub fn moved_to(&mut self, t: SimTime, sim: &Simulation) {
        self.step = sim.steps().iter().rposition(|s| s.at <= t);
        self.stepped = false;
    }

    /// Guided play stopped at `t`: the learner is on that stop.
    pub fn stopped_at(&mut self, t: SimTime, sim: &Simulation) -> Option<usize> {
        let steps = sim.steps();
        let k = steps.iter().position(|s| s.at == t)?;
        self.step = Some(k);
        self.stepped = true;
        match steps[k].kind {
            StepKind::Checkpoint(i) => Some(i),
            _ => None,
        }
    }

    /// Where guided play stops: captions and checkpoints, in time order.
    pub fn stops(&self, sim: &Simulation) -> Vec<SimTime> {
        if !self.guided {
            return Vec::new();
        }
        let mut stops: Vec<SimTime> = sim.steps().iter().map(|s| s.at).collect();
        stops.dedup();
        stops
    }

    /// The checkpoint the learner is at and has not answered yet: what
    /// would give its answer away (the caption, the user's capabilities,
    /// the tables' lit column) stays covered until they answer.
    /// Two questions at one moment: the screen stays covered until both are
    /// answered (the first one's reveal is shown, not the situation).
    pub fn pending_checkpoint(&self, sim: &Simulation, t: SimTime) -> Option<usize> {
        let steps = sim.steps();
        let step = self.step.and_then(|k| steps.get(k))?;
        if !matches!(step.kind, StepKind::Checkpoint(_)) || !self.stepped || step.at != t {
            return None;
        }
        steps
            .iter()
            .filter_map(|s| match s.kind {
                StepKind::Checkpoint(i) if s.at == step.at => Some(i),
                _ => None,
            })
            .find(|&i| self.answers.get(i).is_some_and(Option::is_none))
    }

    /// The walkthrough has been stepped to its last stop.
    pub fn complete(&self, sim: &Simulation) -> bool {
        let n = sim.steps().len();
        n > 0 && self.step.is_some_and(|k| k + 1 >= n)
    }

    /// The engine's answer to checkpoint `i` (at its moment), with the reason.
    pub fn answer_of(sim: &Simulation, i: usize) -> Option<failover_engine::Cell> {
        let cp = sim.scenario().checkpoints.get(i)?;
        Some(failover_engine::rules::cell(cp.capability, &sim.named_situation(cp.user, cp.at)))
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
