//! The administrator's plan (full build only): the answers to the plan's
//! questions and the plan made from the topology on the stage
//! (`failover_engine::plan`). Kept across runs, so a variant shown on the
//! stage keeps its plan beside it; a new topology or scenario clears it.
//! Like the topology itself, never put in a link or the browser's storage.

use failover_engine::plan::{Plan, PlanInputs, Version};
use failover_engine::{PoolIdx, Scenario};
use std::rc::Rc;

#[derive(Clone, Default)]
pub struct PlanSlice {
    /// The answers given so far; `None`: the topology's defaults.
    inputs: Option<PlanInputs>,
    made: Option<Rc<Result<Plan, String>>>,
    /// The variant on the stage: (failure, variant).
    shown: Option<(usize, usize)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PlanCmd {
    /// An answer changed (the others stay as they are now).
    Set(Answer),
    /// Make the plan from the topology on the stage with the answers.
    Make,
    /// Put variant `variant` of failure `failure` on the stage.
    Show { failure: usize, variant: usize },
}

/// One answer of the plan's questions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Answer {
    TimerS(u64),
    CmsPool(Option<PoolIdx>),
    EdgeNextHop(Option<PoolIdx>),
    Version(Version),
    FailoverAfterS(u64),
    BackAfterS(u64),
}

impl PlanSlice {
    /// The answers: those given, or the topology's defaults.
    pub fn inputs(&self, topology: &Scenario) -> PlanInputs {
        self.inputs.clone().unwrap_or_else(|| PlanInputs::for_topology(topology))
    }

    pub fn made(&self) -> Option<&Result<Plan, String>> {
        self.made.as_deref()
    }

    /// The plan shared, for a view that redraws only when it changes.
    pub fn made_rc(&self) -> Option<Rc<Result<Plan, String>>> {
        self.made.clone()
    }

    pub fn shown(&self) -> Option<(usize, usize)> {
        self.shown
    }

    pub fn set(&mut self, answer: Answer, topology: &Scenario) {
        let mut inputs = self.inputs(topology);
        match answer {
            Answer::TimerS(s) => inputs.timer_s = s,
            Answer::CmsPool(p) => inputs.cms_pool = p,
            Answer::EdgeNextHop(p) => inputs.edge_next_hop = p,
            Answer::Version(v) => inputs.version = v,
            Answer::FailoverAfterS(s) => inputs.failover_after_s = s,
            Answer::BackAfterS(s) => inputs.back_after_s = s,
        }
        self.inputs = Some(inputs);
    }

    pub fn make(&mut self, topology: &Scenario) {
        let inputs = self.inputs(topology);
        self.made = Some(Rc::new(failover_engine::plan::plan(topology, &inputs)));
        self.shown = None;
    }

    /// The scenario of a variant, to put on the stage.
    pub fn show(&mut self, failure: usize, variant: usize) -> Option<Scenario> {
        let sc = self.made.as_deref()?.as_ref().ok()?.variant_scenario(failure, variant)?;
        self.shown = Some((failure, variant));
        Some(sc)
    }

    /// Another topology or scenario came on the stage: the plan was not of it.
    pub fn clear(&mut self) {
        *self = PlanSlice::default();
    }
}
