//! The administrator's plan (full build only): the answers to the plan's
//! questions and the plan made from the topology on the stage
//! (`failover_engine::plan`). Kept across runs, so a variant shown on the
//! stage keeps its plan beside it; a new topology or scenario clears it.
//! Like the topology itself, never put in a link or the browser's storage.

use failover_engine::plan::{Plan, PlanInputs};
use failover_engine::Scenario;
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
    /// An answer changed.
    Edit(PlanInputs),
    /// Make the plan from the topology on the stage with the answers.
    Make,
    /// Put variant `variant` of failure `failure` on the stage.
    Show { failure: usize, variant: usize },
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

    pub fn edit(&mut self, inputs: PlanInputs) {
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
