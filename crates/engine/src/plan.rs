//! Plan: an administrator's disaster-recovery plan for their own topology.
//! For the failure of each paired pool, the same failure run under several
//! responses (variants), the runbook of the chosen one, what users can do in
//! each phase and what to tell them. Nothing here decides a rule: every
//! figure is read off a [`Simulation`] of the variant, every order's place
//! in the runbook comes from the engine's refusals and remedies (`dr.rs`),
//! every sentence about users from the rule book (`rules.rs`, through
//! [`Simulation::situation_group`]).

mod render;

use crate::dr::{Action, ChecklistItem, DrTimeline, FailoverMode, Order, PoolIdx, Remedy};
use crate::handout::SheetGroup;
use crate::orders::Names;
use crate::scenario::{Scenario, SETTINGS};
use crate::sim::{up_to_minutes, Simulation};
use crate::situation::Mode;
use crate::time::SimTime;

/// The server version: it sets how many users a paired pool may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    Sfb2015,
    Sfb2019,
}

impl Version {
    pub const ALL: [Version; 2] = [Version::Sfb2015, Version::Sfb2019];

    pub fn as_str(self) -> &'static str {
        match self {
            Version::Sfb2015 => "2015",
            Version::Sfb2019 => "2019",
        }
    }

    pub fn parse(text: &str) -> Option<Version> {
        Version::ALL.into_iter().find(|v| v.as_str() == text.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Version::Sfb2015 => "Skype for Business Server 2015",
            Version::Sfb2019 => "Skype for Business Server 2019",
        }
    }

    /// Users per pool of a disaster-recovery pair (FACTS.md §6).
    pub fn paired_pool_limit(self) -> u32 {
        match self {
            Version::Sfb2015 => 40_000,
            Version::Sfb2019 => 53_000,
        }
    }

    fn limit_source(self) -> &'static str {
        match self {
            Version::Sfb2015 => "Microsoft's SfB Server 2015 user model: \"a maximum of 40,000 users in each of two paired Front End pools\"",
            Version::Sfb2019 => "Microsoft's SfB Server 2019 user model: 53,000 users in each of two paired Front End pools",
        }
    }
}

/// The four questions the exports cannot answer, each with its sourced
/// default: (what is asked, where to find it, what the default rests on).
pub const QUESTIONS: [(&str, &str, &str); 4] = [
    (
        "Registrar resiliency timer (seconds)",
        "Topology Builder, the pool's Registrar settings: \"Failure detection interval\".",
        "120 s is Topology Builder's default; Microsoft's Enterprise Voice resiliency pages say 300 s. The sources disagree: use your topology's value.",
    ),
    (
        "Pool that hosts the Central Management Store",
        "Invoke-CsManagementServerFailover -WhatIf, or Get-CsManagementStoreReplicationStatus -CentralManagementStoreStatus (ActiveMasterFqdn).",
        "If it is on the failed pool, it is failed over first (Invoke-CsManagementServerFailover).",
    ),
    (
        "Pool the Edge uses as its next hop",
        "Topology Builder: the Edge pool's \"Next hop pool\".",
        "If it is the failed pool, the Edge is repointed before the failover, or external access, federation and XMPP stop.",
    ),
    (
        "Server version",
        "Get-CsServerVersion on a Front End server.",
        "Paired pools hold at most 40,000 users each in SfB Server 2015 and 53,000 in 2019 (Microsoft's user models).",
    ),
];

/// The administrator's answers and choices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanInputs {
    pub timer_s: u64,
    pub cms_pool: Option<PoolIdx>,
    pub edge_next_hop: Option<PoolIdx>,
    pub version: Version,
    /// When the admin plans to fail over, after the failure ("a time you type").
    pub failover_after_s: u64,
    /// When the failed pool is back up, after the failure (the admin's estimate).
    pub back_after_s: u64,
}

/// The longest response or outage a plan takes: a day.
pub const MAX_PLAN_S: u64 = 86_400;

impl PlanInputs {
    /// The defaults for a topology: its own timer and flags, SfB 2019, a
    /// failover ten minutes after the failure, the pool back after an hour.
    pub fn for_topology(sc: &Scenario) -> PlanInputs {
        PlanInputs {
            timer_s: sc.config.registrar_timer_s,
            cms_pool: sc.pools.iter().position(|p| p.hosts_cms).map(|i| i as PoolIdx),
            edge_next_hop: sc.pools.iter().position(|p| p.edge_next_hop).map(|i| i as PoolIdx),
            version: Version::Sfb2019,
            failover_after_s: 600,
            back_after_s: 3_600,
        }
    }

    /// Why these answers cannot make a plan, if they cannot.
    pub fn problem(&self, sc: &Scenario) -> Option<String> {
        let timer = SETTINGS.iter().find(|s| s.key == "registrar_timer_s")?;
        if !(timer.min..=timer.max).contains(&self.timer_s) {
            return Some(format!("the registrar timer is {} to {} seconds", timer.min, timer.max));
        }
        if self.failover_after_s > MAX_PLAN_S || self.back_after_s > MAX_PLAN_S {
            return Some("the failover and the pool's return are within a day of the failure".into());
        }
        if self.back_after_s == 0 {
            return Some("the failed pool is back some time after it fails: more than 0 minutes".into());
        }
        let pools = sc.pools.len();
        if self.cms_pool.is_some_and(|p| usize::from(p) >= pools)
            || self.edge_next_hop.is_some_and(|p| usize::from(p) >= pools)
        {
            return Some("the CMS pool and the Edge next hop are pools of the topology".into());
        }
        None
    }
}

/// A response to the failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Response {
    /// The admin fails over this long after the failure (0: at once).
    FailoverAfter(u64),
    /// Nobody fails over: the registrar timer only.
    TimerOnly,
    /// The pool is healthy and failed over for maintenance.
    Planned,
}

impl Response {
    pub fn name(self) -> String {
        match self {
            Response::FailoverAfter(0) => "Fail over at once".into(),
            Response::FailoverAfter(s) => format!("Fail over at {}", SimTime::from_s(s)),
            Response::TimerOnly => "Nobody fails over (registrar timer only)".into(),
            Response::Planned => "Planned failover (pool healthy)".into(),
        }
    }

    pub fn slug(self) -> String {
        match self {
            Response::FailoverAfter(s) => format!("failover-after-{s}s"),
            Response::TimerOnly => "timer-only".into(),
            Response::Planned => "planned".into(),
        }
    }
}

/// The figures of one variant, each read off its run (moments since the
/// failure, or since the planned failover).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figures {
    /// Signing in (to the backup pool) is possible again.
    pub signin_at: Option<SimTime>,
    /// A user signed in from the start is in Resiliency mode (first span).
    pub resiliency: Option<(SimTime, SimTime)>,
    pub failover_done_at: Option<SimTime>,
    /// Full service again: the first moment in regular mode after the failure.
    pub regular_at: Option<SimTime>,
    /// `Invoke-CsPoolFailBack` and failback complete.
    pub failback: Option<(SimTime, SimTime)>,
    /// Every user home in regular mode.
    pub home_at: Option<SimTime>,
}

/// Users of the failed pool by state at a moment: signed out, Resiliency
/// mode (either pool), regular mode on the backup pool, regular mode at home.
pub type ChartPoint = (SimTime, [u32; 4]);

/// The chart's series, in stacking order.
pub const SERIES: [&str; 4] = ["signed out", "Resiliency", "regular, backup pool", "regular, home"];

/// One response run through the engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    pub response: Response,
    /// The administrator's own choice of response.
    pub yours: bool,
    /// The run's orders: the failure, the admin's orders, the return.
    pub orders: Vec<Order>,
    pub figures: Figures,
    pub chart: Vec<ChartPoint>,
}

/// A runbook step: an order at its moment with its PowerShell, why it comes
/// where it does (the engine's refusals), and what users live through until
/// the next step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub at: SimTime,
    pub action: Action,
    pub what: String,
    pub command: String,
    pub why: Vec<String>,
    pub then: Option<String>,
}

/// A phase the failed pool's users live through, from a moment on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhaseSheet {
    pub from: SimTime,
    pub group: SheetGroup,
}

/// Everything about the failure of one paired pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailurePlan {
    pub pool: PoolIdx,
    pub pool_name: String,
    pub pool_id: String,
    pub backup_name: String,
    pub users: u32,
    pub variants: Vec<Variant>,
    pub runbook: Vec<Step>,
    pub phases: Vec<PhaseSheet>,
    pub sources: Vec<String>,
    /// The chart's time axis, shared by every variant.
    pub chart_end: SimTime,
}

/// A figure across the variants, worded, with the best ones marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureRow {
    pub label: String,
    pub cells: Vec<String>,
    pub best: Vec<bool>,
}

/// The whole plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub title: String,
    pub inputs: PlanInputs,
    /// The inputs in words: (question, answer).
    pub answers: Vec<(String, String)>,
    /// Each pool: (name, FQDN, users homed, backup name).
    pub pools: Vec<(String, String, u32, Option<String>)>,
    pub warnings: Vec<String>,
    pub assumptions: Vec<String>,
    pub failures: Vec<FailurePlan>,
    /// Pools with no backup: what their failure means, in the engine's words.
    pub unpaired: Vec<String>,
    /// The topology as planned: the answers applied, no orders.
    pub scenario: Scenario,
}

impl Plan {
    /// Variant `v` of failure `f` as a scenario of its own, to play it.
    pub fn variant_scenario(&self, f: usize, v: usize) -> Option<Scenario> {
        let failure = self.failures.get(f)?;
        let variant = failure.variants.get(v)?;
        let mut sc = self.scenario.clone();
        sc.title = format!("{}: {}, {} fails", self.scenario.title, variant.response.name(), failure.pool_name);
        sc.timeline = variant.orders.clone();
        Some(sc)
    }
}

/// The plan for `topology` with the admin's `inputs`.
pub fn plan(topology: &Scenario, inputs: &PlanInputs) -> Result<Plan, String> {
    if let Some(why) = inputs.problem(topology) {
        return Err(why);
    }
    let mut base = topology.clone();
    base.config.registrar_timer_s = inputs.timer_s;
    for (i, p) in base.pools.iter_mut().enumerate() {
        p.hosts_cms = inputs.cms_pool == Some(i as PoolIdx);
        p.edge_next_hop = inputs.edge_next_hop == Some(i as PoolIdx);
    }
    base.timeline.clear();
    base.sessions.clear();
    base.captions.clear();
    base.checkpoints.clear();
    base.duration = None;
    let names = |p: PoolIdx| base.pools[usize::from(p)].name.clone();
    let pools = (0..base.pools.len() as PoolIdx)
        .map(|p| {
            let spec = &base.pools[usize::from(p)];
            (spec.name.clone(), spec.id.clone(), base.users_homed(p), spec.backup.map(names))
        })
        .collect();
    let mut warnings = Vec::new();
    let limit = inputs.version.paired_pool_limit();
    for (p, spec) in base.pools.iter().enumerate() {
        let n = base.users_homed(p as PoolIdx);
        if spec.backup.is_some() && n > limit {
            warnings.push(format!(
                "{} has {} users: more than the {} a pool of a disaster-recovery pair holds in {} ({}). After a failover its partner serves them all.",
                spec.name,
                crate::text::group_thousands(u64::from(n)),
                crate::text::group_thousands(u64::from(limit)),
                inputs.version.label(),
                inputs.version.limit_source()
            ));
        }
    }
    let mut failures = Vec::new();
    let mut unpaired = Vec::new();
    for p in 0..base.pools.len() as PoolIdx {
        if base.pools[usize::from(p)].backup.is_some() {
            failures.push(failure_plan(&base, p, inputs)?);
        } else {
            let mut sc = base.clone();
            sc.timeline = vec![Order { at: SimTime::ZERO, action: Action::PoolFails(p) }];
            let sim = Simulation::new(sc).map_err(|e| e.to_string())?;
            if let Some(status) = sim.pool_status(p, SimTime::ZERO) {
                unpaired.push(sim.status_text(p, status, SimTime::ZERO));
            }
        }
    }
    let setting =
        |key: &str| SETTINGS.iter().find(|s| s.key == key).map(|s| (s.label, (s.get)(&base.config), s.source));
    let mut assumptions = vec![
        format!(
            "Moments are counted from the failure (T+0:00). Your estimate: the failed pool is back up {} after it fails.",
            minutes(inputs.back_after_s)
        ),
        format!(
            "Your plan fails over {} after the failure: Microsoft's recovery time objective does not include the time to decide.",
            minutes(inputs.failover_after_s)
        ),
    ];
    for key in ["failover_duration_s", "failback_users_per_hour", "failback_min_s", "reconnect_spread_s"] {
        if let Some((label, value, source)) = setting(key) {
            assumptions.push(format!("{label}: {} ({source}).", crate::text::group_thousands(value)));
        }
    }
    assumptions.push(crate::orders::PLANNED_FAILOVER_ASSUMPTION.to_string());
    assumptions.push(crate::orders::NOT_REPLICATED.to_string());
    let who =
        |p: Option<PoolIdx>| p.map_or("none of these pools".to_string(), |p| base.pools[usize::from(p)].name.clone());
    let answers = vec![
        (QUESTIONS[0].0.to_string(), format!("{} s", inputs.timer_s)),
        (QUESTIONS[1].0.to_string(), who(inputs.cms_pool)),
        (QUESTIONS[2].0.to_string(), who(inputs.edge_next_hop)),
        (QUESTIONS[3].0.to_string(), inputs.version.label().to_string()),
    ];
    Ok(Plan {
        title: format!("Disaster-recovery plan: {}", topology.title),
        inputs: inputs.clone(),
        answers,
        pools,
        warnings,
        assumptions,
        failures,
        unpaired,
        scenario: base,
    })
}

/// "10 minutes", "1 hour 30 minutes".
fn minutes(s: u64) -> String {
    let m = s.div_ceil(60);
    let (h, m) = (m / 60, m % 60);
    let hours = crate::text::count(h, "hour", "hours");
    let mins = crate::text::count(m, "minute", "minutes");
    match (h, m) {
        (0, _) => mins,
        (_, 0) => hours,
        _ => format!("{hours} {mins}"),
    }
}

/// A response's orders, placed one by one: an order the engine refuses
/// with a remedy gets the remedy first (repeatedly), so the preparations
/// come from the engine's refusals, not from a list kept here.
struct Orders {
    dr: DrTimeline,
    orders: Vec<Order>,
}

impl Orders {
    fn new(sc: &Scenario) -> Orders {
        Orders { dr: crate::sim::empty_timeline(sc), orders: Vec::new() }
    }

    fn give(&mut self, at: SimTime, action: Action) -> Result<(), String> {
        for _ in 0..=ChecklistItem::ALL.len() {
            let mut trial = self.dr.clone();
            match trial.apply(Order { at, action: action.clone() }) {
                Ok(()) => {
                    self.dr = trial;
                    self.orders.push(Order { at, action });
                    return Ok(());
                }
                Err(e) => match self.dr.remedy(&action, &e, at) {
                    Remedy::Order(first) if first != action => self.give(at, first)?,
                    _ => return Err(e.to_string()),
                },
            }
        }
        Err(format!("{}: the engine keeps refusing it", action.label()))
    }

    /// The checklist items the engine accepts now (the others do not apply).
    fn checklist(&mut self, at: SimTime, pool: PoolIdx) {
        for item in ChecklistItem::ALL {
            let action = Action::Checklist(pool, item);
            let mut trial = self.dr.clone();
            if trial.apply(Order { at, action: action.clone() }).is_ok() {
                self.dr = trial;
                self.orders.push(Order { at, action });
            }
        }
    }

    fn failover_done(&self, pool: PoolIdx) -> Option<SimTime> {
        self.dr.episodes(pool).last()?.failover_done_at
    }
}

fn orders_for(base: &Scenario, p: PoolIdx, response: Response, back: SimTime) -> Result<Vec<Order>, String> {
    let mut o = Orders::new(base);
    let failover = match response {
        Response::Planned => Some((SimTime::ZERO, FailoverMode::Planned)),
        Response::FailoverAfter(s) => Some((SimTime::from_s(s), FailoverMode::Disaster)),
        Response::TimerOnly => None,
    };
    if response != Response::Planned {
        o.give(SimTime::ZERO, Action::PoolFails(p))?;
    }
    let restore =
        |o: &mut Orders| if response == Response::Planned { Ok(()) } else { o.give(back, Action::PoolRestored(p)) };
    match failover {
        Some((at, mode)) if at < back || response == Response::Planned => {
            o.give(at, Action::InvokeFailover(p, mode))?;
            o.checklist(at, p);
            restore(&mut o)?;
            let done = o.failover_done(p).unwrap_or(back);
            o.give(back.max(done), Action::InvokeFailback(p))?;
        }
        // The pool is back before the planned failover: users go home by
        // themselves, and nobody fails over.
        _ => restore(&mut o)?,
    }
    Ok(o.orders)
}

fn failure_plan(base: &Scenario, p: PoolIdx, inputs: &PlanInputs) -> Result<FailurePlan, String> {
    let back = SimTime::from_s(inputs.back_after_s);
    let mut responses = vec![Response::FailoverAfter(0), Response::FailoverAfter(300), Response::FailoverAfter(600)];
    let yours = Response::FailoverAfter(inputs.failover_after_s);
    if !responses.contains(&yours) {
        responses.push(yours);
    }
    responses.extend([Response::TimerOnly, Response::Planned]);
    let mut runs = Vec::new();
    for response in responses {
        let orders = orders_for(base, p, response, back).map_err(|e| format!("{}: {e}", response.name()))?;
        let mut sc = base.clone();
        sc.timeline = orders.clone();
        let sim = Simulation::new(sc).map_err(|e| format!("{}: {e}", response.name()))?;
        let figures = figures(&sim, p);
        runs.push((response, orders, figures, sim));
    }
    let end = runs.iter().filter_map(|r| r.2.home_at).max().unwrap_or(back).plus_ms(300_000);
    // A round axis: whole ten minutes.
    let chart_end = SimTime(end.ms().div_ceil(600_000) * 600_000);
    let variants = runs
        .iter()
        .map(|(response, orders, figures, sim)| Variant {
            response: *response,
            yours: *response == yours,
            orders: orders.clone(),
            figures: figures.clone(),
            chart: chart(sim, p, chart_end),
        })
        .collect();
    let (_, orders, _, sim) = runs.iter().find(|r| r.0 == yours).ok_or("your response did not run")?;
    let mut sources = Vec::new();
    let phases = phases(sim, p, &mut sources);
    let sc = sim.scenario();
    let spec = &sc.pools[usize::from(p)];
    Ok(FailurePlan {
        pool: p,
        pool_name: spec.name.clone(),
        pool_id: spec.id.clone(),
        backup_name: spec.backup.map_or(String::new(), |b| sc.pools[usize::from(b)].name.clone()),
        users: sc.users_homed(p),
        variants,
        runbook: runbook(base, sim, p, orders),
        phases,
        sources,
        chart_end,
    })
}

fn figures(sim: &Simulation, p: PoolIdx) -> Figures {
    let e = sim.dr().episodes(p).first();
    let moments = sim.pool_change_moments(p);
    let at = |t: SimTime| sim.pool_user_situation(p, t, false);
    let started = e.map_or(SimTime::ZERO, |e| e.started_at);
    let from = moments.iter().copied().find(|&t| at(t).mode == Some(Mode::Resiliency));
    let resiliency = from.and_then(|f| {
        moments.iter().copied().find(|&t| t > f && at(t).mode != Some(Mode::Resiliency)).map(|to| (f, to))
    });
    let regular_at = moments.iter().copied().find(|&t| t > started && at(t).mode == Some(Mode::Regular));
    // Everyone home in regular mode: the pool's own counts, so the slowest
    // client to reconnect counts too.
    let users = sim.scenario().users_homed(p);
    let all_home = |t: SimTime| sim.home_counts(p, t).0.regular == users;
    let spread = sim.timings().reconnect_spread_ms;
    let mut candidates: Vec<SimTime> =
        moments.iter().flat_map(|&t| [t, t.plus_ms(spread)]).filter(|&t| t > started).collect();
    candidates.sort_unstable();
    let home_at = candidates.iter().position(|&t| all_home(t)).map(|k| {
        // The first millisecond: between the last candidate that was not
        // and this one, the count only grows.
        let (mut lo, mut hi) = (if k == 0 { started.ms() } else { candidates[k - 1].ms() }, candidates[k].ms());
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if all_home(SimTime(mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        SimTime(hi)
    });
    Figures {
        signin_at: e.and_then(|e| e.signin_at),
        resiliency,
        failover_done_at: e.and_then(|e| e.failover_done_at),
        regular_at,
        failback: e.and_then(|e| e.failback_at.zip(e.failback_done_at)),
        home_at,
    }
}

fn chart(sim: &Simulation, p: PoolIdx, end: SimTime) -> Vec<ChartPoint> {
    const SAMPLES: u64 = 160;
    let mut times: Vec<SimTime> = (0..=SAMPLES).map(|i| SimTime(end.ms() * i / SAMPLES)).collect();
    times.extend(sim.pool_change_moments(p).into_iter().filter(|&t| t <= end));
    times.sort_unstable();
    times.dedup();
    times
        .into_iter()
        .map(|t| {
            let (home, backup) = sim.home_counts(p, t);
            (
                t,
                [
                    home.signed_out + backup.signed_out,
                    home.resiliency + backup.resiliency,
                    backup.regular,
                    home.regular,
                ],
            )
        })
        .collect()
}

fn phases(sim: &Simulation, p: PoolIdx, sources: &mut Vec<String>) -> Vec<PhaseSheet> {
    let mut cite = |s: String| {
        if !sources.contains(&s) {
            sources.push(s);
        }
    };
    let mut out: Vec<PhaseSheet> = Vec::new();
    let mut last = None;
    for t in sim.pool_change_moments(p) {
        let s = sim.pool_user_situation(p, t, true);
        let key = (s.phase_label(), s.serving, s.mode);
        if last == Some(key) {
            continue;
        }
        last = Some(key);
        let mut group = sim.situation_group(&s, p, t, &mut cite);
        group.who = s.phase_label().to_string();
        out.push(PhaseSheet { from: t, group });
    }
    out
}

fn runbook(base: &Scenario, sim: &Simulation, p: PoolIdx, orders: &[Order]) -> Vec<Step> {
    // The timeline before each order, to ask the engine what each order
    // would have met had it come earlier.
    let mut before = Vec::with_capacity(orders.len());
    let mut dr = crate::sim::empty_timeline(base);
    for o in orders {
        before.push(dr.clone());
        let _ = dr.apply(o.clone());
    }
    let refusal = |state: &DrTimeline, at: SimTime, action: &Action| {
        let mut trial = state.clone();
        trial.apply(Order { at, action: action.clone() }).err().map(|e| (e.clone(), trial.remedy(action, &e, at)))
    };
    let mut steps: Vec<Step> = Vec::new();
    for (i, o) in orders.iter().enumerate() {
        if matches!(o.action, Action::PoolFails(_)) {
            continue;
        }
        let mut why: Vec<String> = Vec::new();
        // Had it come earlier: refused, and why (a refusal with nothing to
        // do about it, such as failing back what is not failed over, says
        // nothing about the order of steps).
        for j in (0..i).filter(|&j| !matches!(orders[j].action, Action::PoolFails(_))) {
            if let Some((e, remedy)) = refusal(&before[j], orders[j].at, &o.action) {
                let text = format!("Any earlier, it is refused: {e}.");
                if remedy != Remedy::Nothing && !why.contains(&text) {
                    why.push(text);
                }
            }
        }
        // A preparation: without it, a later order is refused and sent back to it.
        if why.is_empty() {
            for later in &orders[i + 1..] {
                if let Some((e, Remedy::Order(first))) = refusal(&before[i], o.at, &later.action) {
                    let text = format!("{} is refused without it: {e}.", later.action.label());
                    if first == o.action && !why.contains(&text) {
                        why.push(text);
                    }
                }
            }
        }
        steps.push(Step {
            at: o.at,
            action: o.action.clone(),
            what: match o.action {
                // The command itself is the step's code line: its title says what it does.
                Action::InvokeFailover(p, _) | Action::InvokeFailback(p) => {
                    format!("{}: {}", o.action.label(), sim.scenario().pools[usize::from(p)].name)
                }
                _ => o.action.describe(sim.scenario() as &dyn Names),
            },
            command: o.action.command(sim.scenario() as &dyn Names),
            why,
            then: None,
        });
    }
    // What users live through after the last step of each moment.
    for k in 0..steps.len() {
        let at = steps[k].at;
        if steps.get(k + 1).is_some_and(|n| n.at == at) {
            continue;
        }
        let text = match sim.pool_status(p, at) {
            Some(status) => sim.status_text(p, status, at),
            None => crate::rules::banner(&sim.pool_user_situation(p, at, false)).text,
        };
        steps[k].then = Some(text);
    }
    steps
}

impl FailurePlan {
    /// The variants' figures, one row per figure, worded with the precision
    /// their sources allow, the best marked.
    pub fn rows(&self) -> Vec<FigureRow> {
        let f = |v: &Variant| v.figures.clone();
        let never = "never";
        let mut rows = Vec::new();
        let mut row = |label: String, values: Vec<(Option<u64>, String)>| {
            let known: Vec<u64> = values.iter().filter_map(|v| v.0).collect();
            let best = known.iter().min().copied();
            let differ = known.iter().any(|&v| Some(v) != best);
            rows.push(FigureRow {
                label,
                best: values.iter().map(|v| differ && v.0.is_some() && v.0 == best).collect(),
                cells: values.into_iter().map(|v| v.1).collect(),
            });
        };
        row(
            format!("Users can sign in again (to {})", self.backup_name),
            self.variants
                .iter()
                .map(|v| match f(v).signin_at {
                    Some(t) => (Some(t.ms()), to_second(t)),
                    None => (None, "no sign-in to the backup pool".into()),
                })
                .collect(),
        );
        row(
            "In Resiliency mode".into(),
            self.variants
                .iter()
                .map(|v| match f(v).resiliency {
                    Some((a, b)) => {
                        (Some(b.ms() - a.ms()), format!("{} to {}: {}", to_second(a), about(b), span(b.ms() - a.ms())))
                    }
                    None => (None, "not before failback".into()),
                })
                .collect(),
        );
        row(
            "Failover complete".into(),
            self.variants
                .iter()
                .map(|v| match f(v).failover_done_at {
                    Some(t) => (Some(t.ms()), about(t)),
                    None => (None, never.into()),
                })
                .collect(),
        );
        row(
            "Full service again (regular mode)".into(),
            self.variants
                .iter()
                .map(|v| match f(v).regular_at {
                    Some(t) => (Some(t.ms()), about(t)),
                    None => (None, never.into()),
                })
                .collect(),
        );
        row(
            "Failback".into(),
            self.variants
                .iter()
                .map(|v| match f(v).failback {
                    Some((a, b)) => {
                        (Some(b.ms() - a.ms()), format!("from {}, {}", to_second(a), up_to_minutes(b.ms() - a.ms())))
                    }
                    None => (None, "none: the backup registrar sends users home".into()),
                })
                .collect(),
        );
        row(
            "Everyone home, regular mode".into(),
            self.variants
                .iter()
                .map(|v| match f(v).home_at {
                    Some(t) => (Some(t.ms()), format!("by {}", about(t))),
                    None => (None, never.into()),
                })
                .collect(),
        );
        rows
    }

    /// The administrator's own variant.
    pub fn yours(&self) -> &Variant {
        self.variants.iter().find(|v| v.yours).unwrap_or(&self.variants[0])
    }
}

/// A moment derived from an estimate: to the whole minute, later rather
/// than sooner ("T+1:53:00", never "T+1:52:59.820").
pub fn about(t: SimTime) -> String {
    SimTime(t.ms().div_ceil(60_000) * 60_000).to_string()
}

/// A moment set by the inputs (the timer, an order), to the second: the
/// engine's millisecond after an instant is not a figure to plan with.
pub fn to_second(t: SimTime) -> String {
    SimTime::from_s(t.whole_s()).to_string()
}

/// A duration in whole minutes, rounded up ("23 min").
fn span(ms: u64) -> String {
    format!("{} min", ms.div_ceil(60_000))
}

#[cfg(test)]
mod tests;
