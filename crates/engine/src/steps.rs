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
    /// See [`CaptionMoment::happened`]; always true for a checkpoint.
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
        let Some(anchor) = cap.anchor else { return Some(CaptionMoment { at: cap.at, happened: true }) };
        let occurrences = self.anchor_occurrences(anchor);
        let found = match cap.occurrence {
            Some(k) => occurrences.get(k as usize - 1).copied(),
            None => occurrences.iter().copied().min_by_key(|at| at.ms().abs_diff(cap.at.ms())),
        };
        Some(match found {
            Some(at) => CaptionMoment { at, happened: true },
            None => CaptionMoment { at: cap.at, happened: false },
        })
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
            .chain(sc.checkpoints.iter().enumerate().map(|(i, c)| Step {
                at: c.at,
                kind: StepKind::Checkpoint(i),
                happened: true,
            }))
            .collect();
        steps.sort_by_key(|s| match s.kind {
            StepKind::Checkpoint(i) => (s.at, 0, i),
            StepKind::Caption(i) => (s.at, 1, i),
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
