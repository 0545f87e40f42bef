//! The walkthrough's steps: every caption and checkpoint at its moment in
//! this run, in time order. An anchored caption lands on an occurrence of
//! its engine event (the one it names, else the one nearest its scripted
//! moment); the page and the editor's preview both ask here.

use crate::scenario::Anchor;
use crate::sim::{EventKind, Simulation};
use crate::time::SimTime;

/// When a caption is shown in this run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaptionMoment {
    pub at: SimTime,
    /// False for an anchored caption whose event (or the occurrence it
    /// names) does not happen in this run: it is shown at its scripted
    /// moment, and says so.
    pub happened: bool,
}

/// What a step shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepKind {
    /// Caption `i` of the scenario.
    Caption(usize),
    /// Checkpoint (question) `i` of the scenario.
    Checkpoint(usize),
}

/// A stop of the walkthrough.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub at: SimTime,
    pub kind: StepKind,
    /// See [`CaptionMoment::happened`].
    pub happened: bool,
}

impl Simulation {
    /// Every moment `anchor`'s event happens in this run, in order.
    pub fn anchor_occurrences(&self, anchor: Anchor) -> Vec<SimTime> {
        let mut at: Vec<SimTime> = self
            .events()
            .iter()
            .filter(|e| match (anchor, &e.kind) {
                (Anchor::PoolFails(p), EventKind::PoolFailed { pool, .. })
                | (Anchor::SignInPossible(p), EventKind::SignInPossible { pool, .. })
                | (Anchor::FailoverComplete(p), EventKind::FailoverCompleted { pool, .. })
                | (Anchor::PoolRestored(p), EventKind::PoolRestored { pool })
                | (Anchor::FailbackStarts(p), EventKind::FailbackInvoked { pool, .. })
                | (Anchor::FailbackComplete(p), EventKind::FailbackCompleted { pool }) => *pool == p,
                // A move: where the user is served changes (a change of mode
                // alone, such as failback completing at home, is not one).
                (Anchor::UserMoves(u), EventKind::UserChanged { user, from, to }) => {
                    *user == u && from.serving != to.serving
                }
                _ => false,
            })
            .map(|e| e.at)
            .collect();
        at.dedup();
        at
    }

    /// The moment caption `i` is shown: the occurrence of its anchor's event
    /// it names, or the one nearest its scripted moment (the earlier on a
    /// tie); its scripted moment when it has no anchor or the event does
    /// not happen.
    pub fn caption_moment(&self, i: usize) -> Option<CaptionMoment> {
        let cap = self.scenario().captions.get(i)?;
        Some(self.anchored_moment(cap.at, cap.anchor, cap.occurrence))
    }

    /// The moment question `i` is asked, found as a caption's is.
    pub fn checkpoint_moment(&self, i: usize) -> Option<CaptionMoment> {
        let cp = self.scenario().checkpoints.get(i)?;
        Some(self.anchored_moment(cp.at, cp.anchor, cp.occurrence))
    }

    fn anchored_moment(&self, at: SimTime, anchor: Option<Anchor>, occurrence: Option<u32>) -> CaptionMoment {
        let Some(anchor) = anchor else { return CaptionMoment { at, happened: true } };
        let occurrences = self.anchor_occurrences(anchor);
        let found = match occurrence {
            Some(k) => occurrences.get(k as usize - 1).copied(),
            None => occurrences.iter().copied().min_by_key(|t| t.ms().abs_diff(at.ms())),
        };
        match found {
            Some(at) => CaptionMoment { at, happened: true },
            None => CaptionMoment { at, happened: false },
        }
    }

    /// The walkthrough's stops in this run, in time order. At one moment a
    /// checkpoint comes before a caption (the question before the
    /// explanation), then scenario order.
    pub fn steps(&self) -> Vec<Step> {
        let sc = self.scenario();
        let mut steps: Vec<Step> = (0..sc.captions.len())
            .filter_map(|i| {
                self.caption_moment(i).map(|m| Step { at: m.at, kind: StepKind::Caption(i), happened: m.happened })
            })
            .chain((0..sc.checkpoints.len()).filter_map(|i| {
                self.checkpoint_moment(i).map(|m| Step {
                    at: m.at,
                    kind: StepKind::Checkpoint(i),
                    happened: m.happened,
                })
            }))
            .collect();
        // A question before the caption of its moment, each kind in file order.
        crate::sorting::sort_by_pair(&mut steps, |s| match s.kind {
            StepKind::Checkpoint(i) => (s.at.ms(), i as u64),
            StepKind::Caption(i) => (s.at.ms(), (1 << 32) + i as u64),
        });
        steps
    }

    /// The caption on screen at `t`: the latest step at or before `t` that
    /// is a caption.
    pub fn caption_at(&self, t: SimTime) -> Option<usize> {
        self.steps().iter().rev().filter(|s| s.at <= t).find_map(|s| match s.kind {
            StepKind::Caption(i) => Some(i),
            StepKind::Checkpoint(_) => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::Simulation;
    use crate::time::SimTime;

    fn run(checkpoint: &str) -> Simulation {
        let toml = format!(
            "version = 1\n[[pools]]\nid = \"dub\"\nbackup = \"ams\"\n[[pools]]\nid = \"ams\"\nbackup = \"dub\"\n[[users]]\nid = \"niamh\"\nname = \"Niamh\"\nhome = \"dub\"\n[[timeline]]\nat = \"1:00\"\naction = \"pool-fails\"\npool = \"dub\"\n[[timeline]]\nat = \"5:00\"\naction = \"invoke-failover\"\npool = \"dub\"\n[[timeline]]\nat = \"1:00:00\"\naction = \"pool-restored\"\npool = \"dub\"\n[[timeline]]\nat = \"1:10:00\"\naction = \"invoke-failback\"\npool = \"dub\"\n[[checkpoints]]\nuser = \"niamh\"\ncapability = \"add_contact\"\n{checkpoint}\n"
        );
        crate::check::load(&toml).unwrap_or_else(|p| panic!("{}", p.render("q")))
    }

    /// Issue 23: a question anchored to an engine event is asked when it
    /// happens in this run, as a caption is shown: no working out by hand
    /// when failback runs.
    #[test]
    fn a_question_anchored_to_failback_starting_is_asked_then() {
        let sim = run("at = \"0:00\"\non = \"failback-starts\"\npool = \"dub\"");
        let at = sim.checkpoint_moment(0).unwrap();
        assert!(at.happened);
        assert_eq!(at.at, SimTime::from_s(70 * 60));
        assert_eq!(sim.steps()[0].at, at.at, "the walkthrough asks it there");
        // Its answer is the engine's at that moment, not at 0:00.
        let moved = run("at = \"0:00\"\non = \"user-moves\"\noccurrence = 2");
        let second = moved.checkpoint_moment(0).unwrap();
        // Her second move: signed out at 1:00, then into Amsterdam when the
        // registrar timer (120 s) expires.
        assert!(second.happened && second.at == SimTime::from_s(180), "{second:?}");
        // An event that never happens: asked at its scripted moment, and said so.
        let never = run("at = \"3:00\"\non = \"failback-starts\"\npool = \"ams\"");
        assert_eq!(never.checkpoint_moment(0).map(|m| (m.at, m.happened)), Some((SimTime::from_s(180), false)));
        // The file says what it needs.
        let problems = crate::check::load(
            "version = 1\n[[pools]]\nid = \"a\"\n[[users]]\nid = \"u\"\nname = \"U\"\nhome = \"a\"\n[[checkpoints]]\nat = \"1:00\"\non = \"pool-fails\"\nuser = \"u\"\ncapability = \"p2p\"\n",
        )
        .unwrap_err()
        .render("q");
        assert!(problems.contains("needs `pool = \"...\"`"), "{problems}");
    }
}
