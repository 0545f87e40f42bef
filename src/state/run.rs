//! The run on the stage: the simulation, where it came from, the orders the
//! scenario was loaded with, and who is selected in it. A load replaces the
//! whole slice at once (`State::replace`), so nothing of the old run can be
//! left behind by a forgotten field.

use crate::screen::Variant;
use failover_engine::builtin::builtin;
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
    /// A packed scenario from a link (`pk:` and its base64url), as a SCORM
    /// package's lesson.
    Packed(String),
    /// The benchmark's reference scenario with N users.
    Bench(u32),
    /// Built from the admin's own Get-CsUser exports: it may hold their
    /// users' SIP addresses, so it never goes into a link or the browser's
    /// storage; only an export on purpose takes it out of the tab.
    Topology,
}

/// What the inspector and the admin ask of the run.
#[derive(Clone, Debug, PartialEq)]
pub enum RunCmd {
    /// Select a user (or nobody).
    Select(Option<Selection>),
    /// The observer for the observer view.
    Observe(Option<NamedIdx>),
    /// An admin order (or a user's own action) at the current moment.
    Order(Action),
    /// Give an order at a typed moment (Explore's admin panel), not the clock's.
    OrderAt(SimTime, Action),
    /// Compare with a variant of the run, or stop comparing.
    Compare(Option<Variant>),
}

#[derive(Clone)]
pub struct Run {
    sim: Rc<Simulation>,
    origin: Origin,
    /// The orders the scenario was loaded with: a run that differs is
    /// "modified" and its captions may no longer fit.
    script: Vec<failover_engine::Order>,
    /// Bumped whenever the run itself changes (orders, scenario); a new run
    /// continues the count, so the stage never mistakes it for the old one.
    revision: u64,
    selected: Option<Selection>,
    /// Observer for the observer view.
    observer: Option<NamedIdx>,
    /// The last order's outcome, for the admin panel.
    last_order: Option<Result<String, String>>,
    /// The run being compared with, if any.
    compare: Option<(Variant, Rc<Result<Simulation, String>>)>,
    /// The run packed for the light player, its texts filled in (the link
    /// that opens a lesson from the editor there carries it): packed once,
    /// when first asked, not on every render of the link.
    #[cfg(feature = "full")]
    packed: std::cell::OnceCell<Rc<[u8]>>,
    /// The scenario as a file, with the orders given so far (links, exports):
    /// written once per version of the run, not on every render of a link.
    #[cfg(feature = "full")]
    toml: std::cell::OnceCell<Rc<str>>,
}

impl Run {
    pub fn new(sim: Simulation, origin: Origin, revision: u64) -> Run {
        Run::shared(Rc::new(sim), origin, revision)
    }

    /// A run of a simulation another part of the page holds too (the
    /// editor's checked document), without copying it.
    pub fn shared(sim: Rc<Simulation>, origin: Origin, revision: u64) -> Run {
        let selected = (!sim.scenario().users.is_empty()).then_some(Selection::Named(0));
        let observer = default_observer(&sim, selected);
        Run {
            script: sim.scenario().timeline.clone(),
            sim,
            origin,
            revision,
            selected,
            observer,
            last_order: None,
            compare: None,
            #[cfg(feature = "full")]
            packed: std::cell::OnceCell::new(),
            #[cfg(feature = "full")]
            toml: std::cell::OnceCell::new(),
        }
    }

    #[cfg(feature = "full")]
    pub fn packed(&self) -> &[u8] {
        self.packed.get_or_init(|| self.sim.resolved().pack().into())
    }

    #[cfg(feature = "full")]
    pub fn toml(&self) -> &str {
        self.toml.get_or_init(|| self.sim.scenario().to_toml().into())
    }

    /// The same run counted as a new revision (it goes back on the stage).
    pub fn with_revision(mut self, revision: u64) -> Run {
        self.revision = revision;
        self
    }

    pub fn sim(&self) -> &Simulation {
        &self.sim
    }
    pub fn shared_sim(&self) -> Rc<Simulation> {
        self.sim.clone()
    }
    pub fn origin(&self) -> &Origin {
        &self.origin
    }
    pub fn revision(&self) -> u64 {
        self.revision
    }
    pub fn selected(&self) -> Option<Selection> {
        self.selected
    }
    pub fn observer(&self) -> Option<NamedIdx> {
        self.observer
    }
    pub fn last_order(&self) -> Option<&Result<String, String>> {
        self.last_order.as_ref()
    }
    /// The variant compared with and its run (or why it cannot run).
    pub fn compare(&self) -> Option<(Variant, &Result<Simulation, String>)> {
        self.compare.as_ref().map(|(v, run)| (*v, run.as_ref()))
    }
    pub fn end(&self) -> SimTime {
        self.sim.end_time()
    }

    /// The selected named user, if any.
    pub fn selected_named(&self) -> Option<NamedIdx> {
        match self.selected {
            Some(Selection::Named(u)) => Some(u),
            _ => None,
        }
    }

    /// Applies a command at moment `t`; true if the run itself changed.
    pub fn apply(&mut self, command: RunCmd, t: SimTime) -> bool {
        match command {
            RunCmd::Select(s) => self.select(s),
            RunCmd::Observe(o) => self.observer = o,
            RunCmd::Order(action) | RunCmd::OrderAt(_, action) => {
                let label = action.describe(self.sim.scenario());
                match Rc::make_mut(&mut self.sim).handle_order(t, action) {
                    Ok(accepted) => {
                        self.revision += 1;
                        // The run changed: what was written of it no longer holds.
                        #[cfg(feature = "full")]
                        {
                            self.packed = std::cell::OnceCell::new();
                            self.toml = std::cell::OnceCell::new();
                        }
                        let forked = if accepted.dropped > 0 {
                            format!(
                                " The run forked here: {} dropped.",
                                failover_engine::text::count(accepted.dropped as u64, "later order", "later orders")
                            )
                        } else {
                            String::new()
                        };
                        self.last_order = Some(Ok(format!("{t} {label}.{forked}")));
                        return true;
                    }
                    Err(e) => self.last_order = Some(Err(format!("Refused: {e}"))),
                }
            }
            RunCmd::Compare(None) => self.compare = None,
            RunCmd::Compare(Some(v)) => {
                let run = Simulation::new(v.apply(self.sim.scenario()))
                    .map_err(|e| format!("This comparison cannot run: {e}"));
                self.compare = Some((v, Rc::new(run)));
            }
        }
        false
    }

    pub fn select(&mut self, s: Option<Selection>) {
        self.selected = s;
        if self.observer.is_none() || self.observer == self.selected_named() {
            self.observer = default_observer(&self.sim, s);
        }
    }

    pub fn set_observer(&mut self, o: Option<NamedIdx>) {
        self.observer = o;
    }

    /// The run no longer follows the scenario's script (orders were given).
    pub fn modified(&self) -> bool {
        self.sim.scenario().timeline != self.script
    }

    /// No order was given since the built-in was loaded.
    pub fn pristine_builtin(&self) -> bool {
        matches!(self.origin, Origin::Builtin(_)) && !self.modified()
    }

    /// The run's name for lists and files: a built-in's title, a file's
    /// title marked as yours, "(modified)" once orders changed it.
    pub fn name(&self) -> String {
        let title = &self.sim.title();
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

    /// Whether an order is legal at `t` (Err says why not).
    pub fn check(&self, t: SimTime, action: &Action) -> Result<(), OrderError> {
        self.sim.check_order(t, action)
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
    let scenario = b.scenario().map_err(|p| p.render(name))?;
    failover_engine::check::run(scenario, &[]).map_err(|p| p.render(name))
}

/// A run from scenario text: the same check as `failover check`.
#[cfg(feature = "full")]
pub fn simulate_text(text: &str, file: &str) -> Result<Simulation, String> {
    failover_engine::check::load(text).map_err(|p| p.render(file))
}

/// A run from a packed scenario in a link (`pk:` and base64url).
pub fn simulate_packed(value: &str) -> Result<Simulation, String> {
    let bytes = crate::url::base64url_decode(value.trim_start_matches("pk:"))?;
    let scenario = Scenario::unpack(&bytes)?;
    failover_engine::check::run(scenario, &[]).map_err(|p| p.render("the packed scenario"))
}

/// An empty run that says why, rather than a blank page, if a built-in
/// ever failed (they are tested).
pub fn fallback(error: &str) -> Simulation {
    let s = Scenario {
        version: 1,
        title: format!("Built-in scenario failed: {error}"),
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
