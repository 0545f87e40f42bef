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

/// Topology Builder's caution: "less than 120 seconds ... may result in
/// [them] not working as expected" (FACTS.md §2).
const CAUTIOUS_TIMER_S: u64 = 120;

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
    /// The PowerShell; empty for what is not a command (the pool's repair).
    pub command: String,
    pub why: Vec<String>,
    /// What to know when doing it.
    pub note: Option<&'static str>,
    pub then: Option<String>,
}

/// Checks before the failover (FACTS.md §4, steps 1 to 3): (what, PowerShell
/// with `<P>` the failed pool).
pub const CHECKS_BEFORE: [(&str, &str); 3] = [
    ("Where the Central Management Store is", "Invoke-CsManagementServerFailover -WhatIf"),
    ("The failed pool's backup pool", "Get-CsPoolBackupRelationship -PoolFqdn <P>"),
    (
        "Whether the CMS is up (ActiveMasterFqdn empty if not)",
        "Get-CsManagementStoreReplicationStatus -CentralManagementStoreStatus",
    ),
];

/// After failback (FACTS.md §5, and the announcements' recovery): (what,
/// PowerShell with `<P>` the home pool and `<B>` the backup).
pub const AFTER_FAILBACK: [(&str, &str); 3] = [
    ("Copy conference content back (done when the sync state is Steady)", "Invoke-CsBackupServiceSync -PoolFqdn <B> -BackupModule ConfServices.DataConf"),
    ("Move Response Groups back, if they were imported", "Export-CsRgsConfiguration -Source \"service:ApplicationServer:<B>\" -Owner \"service:ApplicationServer:<P>\" -FileName <file>; Import-CsRgsConfiguration -Destination \"service:ApplicationServer:<P>\" -OverwriteOwner -FileName <file>"),
    ("Point unassigned numbers back at the home pool's announcements, if they were moved", "Set-CsUnassignedNumber -Identity <range> -AnnouncementService \"service:ApplicationServer:<P>\" -AnnouncementName <name>"),
];

/// What the helpdesk should know of any failure, beyond each phase's
/// answers (FACTS.md §4, §7): (the note, whether it needs the Edge on the pool).
const HELPDESK_NOTES: [(&str, bool); 4] = [
    ("Changes made in the last minutes before the failure (contacts, meetings) may be lost: the recovery point objective for a pool is 5 minutes (SfB Server 2015 and 2019).", false),
    ("Parked calls not yet retrieved are disconnected when the pool fails; calls can be put on hold and transferred in Resiliency mode, but not parked.", false),
    ("Response Group calls queued on the failed pool are dropped; agents homed on it must sign in again once the Response Groups are imported.", false),
    ("External access, federation and XMPP stop until the Edge's next hop is repointed away from the failed pool (the runbook's first step).", true),
];

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
    pub backup_id: String,
    pub users: u32,
    pub variants: Vec<Variant>,
    pub runbook: Vec<Step>,
    pub phases: Vec<PhaseSheet>,
    /// What the helpdesk should know of this failure in any phase.
    pub helpdesk_notes: Vec<&'static str>,
    pub sources: Vec<String>,
    /// The chart's time axis, shared by every variant.
    pub chart_end: SimTime,
    /// How long `Invoke-CsPoolFailover` takes in these runs.
    pub failover_s: u64,
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
        let Some(b) = spec.backup else { continue };
        if n > limit {
            warnings.push(format!(
                "{} has {} users: more than the {} a pool of a disaster-recovery pair holds in {} ({}). After a failover its partner {} serves {} users.",
                spec.name,
                crate::text::group_thousands(u64::from(n)),
                crate::text::group_thousands(u64::from(limit)),
                inputs.version.label(),
                inputs.version.limit_source(),
                base.pools[usize::from(b)].name,
                crate::text::group_thousands(u64::from(n + base.users_homed(b)))
            ));
        }
    }
    if inputs.timer_s < CAUTIOUS_TIMER_S {
        warnings.push(format!(
            "A registrar timer of {} s: Topology Builder cautions that less than {CAUTIOUS_TIMER_S} seconds may result in failover and failback not working as expected.",
            inputs.timer_s
        ));
    }
    if inputs.failover_after_s >= inputs.back_after_s {
        warnings.push(format!(
            "Your failover ({}) is not before the pool is back ({}): users go home by themselves, and your plan has no failover. Fail over earlier, or plan for a longer outage.",
            SimTime::from_s(inputs.failover_after_s),
            SimTime::from_s(inputs.back_after_s)
        ));
    }
    let mut failures = Vec::new();
    let mut unpaired = Vec::new();
    for p in 0..base.pools.len() as PoolIdx {
        let spec = &base.pools[usize::from(p)];
        if base.users_homed(p) == 0 {
            unpaired.push(format!("{} has no users of its own: its failure affects nobody (a dedicated backup pool, or none of the users file is homed on it).", spec.name));
        } else if spec.backup.is_some() {
            failures.push(failure_plan(&base, p, inputs)?);
        } else {
            let mut sc = base.clone();
            sc.timeline = vec![Order { at: SimTime::ZERO, action: Action::PoolFails(p) }];
            let sim = Simulation::new(sc).map_err(|e| e.to_string())?;
            if let Some(status) = sim.pool_status(p, SimTime::ZERO) {
                unpaired.push(format!("If it fails: {}", sim.status_text(p, status, SimTime::ZERO)));
            }
        }
    }
    if failures.is_empty() {
        warnings.push("No pool with users has a backup pool: there is nothing to fail over. Export the pairs too (Get-CsUser | Get-CsUserPoolInfo | Select-Object PrimaryPoolFqdn,BackupPoolFqdn) and give them to the plan.".into());
    }
    let setting = |key: &str| SETTINGS.iter().find(|s| s.key == key).map_or(0, |s| (s.get)(&base.config));
    let source = |key: &str| SETTINGS.iter().find(|s| s.key == key).map_or("", |s| s.source);
    let assumptions = vec![
        format!(
            "Moments are counted from the failure (T+0:00). Your estimate: the failed pool is back up {} after it fails.",
            minutes(inputs.back_after_s)
        ),
        format!(
            "Your plan fails over {} after the failure: Microsoft's recovery time objective does not include the time to decide.",
            minutes(inputs.failover_after_s)
        ),
        format!(
            "Registrar resiliency timer: {} s, your answer. The sources disagree: {}.",
            inputs.timer_s,
            source("registrar_timer_s")
        ),
        format!(
            "Invoke-CsPoolFailover completes {} after it is run ({}; the objective does not include the time users take to sign in again, and the Central Management Store's own failover is not timed here).",
            minutes(setting("failover_duration_s")),
            source("failover_duration_s")
        ),
        format!(
            "Failback moves up to {} users an hour: scaled from the page's one figure ({}) to your pools' sizes.",
            crate::text::group_thousands(setting("failback_users_per_hour")),
            source("failback_users_per_hour")
        ),
        format!("Failback takes at least {} ({}).", minutes(setting("failback_min_s")), source("failback_min_s")),
        format!("Clients reconnect within {} s of signing in becoming possible ({}).", setting("reconnect_spread_s"), source("reconnect_spread_s")),
        format!(
            "When the pool returns before any failover, the backup registrar sends users home after {} s ({}: the failback detection interval).",
            setting("fallback_detection_s"),
            source("fallback_detection_s")
        ),
        crate::orders::PLANNED_FAILOVER_ASSUMPTION.to_string(),
        crate::orders::NOT_REPLICATED.to_string(),
    ];
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
        backup_id: spec.backup.map_or(String::new(), |b| sc.pools[usize::from(b)].id.clone()),
        users: sc.users_homed(p),
        variants,
        runbook: runbook(base, sim, p, orders),
        phases,
        helpdesk_notes: HELPDESK_NOTES
            .iter()
            .filter(|(_, edge)| !edge || spec.edge_next_hop)
            .map(|(n, _)| *n)
            .collect(),
        sources,
        chart_end,
        failover_s: base.config.failover_duration_s,
    })
}

fn figures(sim: &Simulation, p: PoolIdx) -> Figures {
    let e = sim.dr().episodes(p).first();
    let moments = sim.pool_change_moments(p);
    let at = |t: SimTime| sim.pool_user_situation(p, t, false);
    let started = e.map_or(SimTime::ZERO, |e| e.started_at);
    // Counted over all the pool's users who were signed in before the
    // failure (a named user who never signs in is never "home again"), so
    // the slowest client counts too.
    let sc = sim.scenario();
    let users = sc.users_homed(p) - sc.users.iter().filter(|u| u.home == p && !u.signed_in).count() as u32;
    let spread = sim.timings().reconnect_spread_ms;
    let all_regular = |t: SimTime| {
        let (home, backup) = sim.home_counts(p, t);
        home.regular + backup.regular == users
    };
    let all_home = |t: SimTime| sim.home_counts(p, t).0.regular == users;
    let regular_at = first_moment(&moments, spread, started, &all_regular);
    let from = moments.iter().copied().find(|&t| at(t).mode == Some(Mode::Resiliency));
    Figures {
        signin_at: e.and_then(|e| e.signin_at),
        resiliency: from.zip(regular_at),
        failover_done_at: e.and_then(|e| e.failover_done_at),
        regular_at,
        failback: e.and_then(|e| e.failback_at.zip(e.failback_done_at)),
        home_at: first_moment(&moments, spread, started, &all_home),
    }
}

/// The first moment after `started` at which `holds` does and keeps doing
/// until the next change: among the moments the pool's users change (and
/// those plus the clients' reconnect spread), then to the millisecond.
fn first_moment(
    moments: &[SimTime],
    spread: u64,
    started: SimTime,
    holds: &dyn Fn(SimTime) -> bool,
) -> Option<SimTime> {
    let mut candidates: Vec<SimTime> =
        moments.iter().flat_map(|&t| [t, t.plus_ms(spread)]).filter(|&t| t > started).collect();
    candidates.sort_unstable();
    candidates.dedup();
    let k = candidates.iter().position(|&t| holds(t))?;
    // Between the last candidate that did not hold and this one, the count only grows.
    let (mut lo, mut hi) = (if k == 0 { started.ms() } else { candidates[k - 1].ms() }, candidates[k].ms());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if holds(SimTime(mid)) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(SimTime(hi))
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
        // A new sheet when what users live through or can do changes:
        // signing in may change without the phase (the pool back, say).
        let key = (s.phase_label(), s.serving, s.mode, sim.sign_in_answer(p, t).reason);
        if last == Some(key) {
            continue;
        }
        last = Some(key);
        let mut group = sim.situation_group(&s, p, t, &mut cite);
        group.who = if s.signed_in() || s.phase == crate::capability::Phase::Outage {
            s.phase_label().to_string()
        } else {
            format!("{} (signed out, reconnecting)", s.phase_label())
        };
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
                let text = format!("Any earlier, the simulator refuses it: {e}.");
                if remedy != Remedy::Nothing && !why.contains(&text) {
                    why.push(text);
                }
            }
        }
        // A preparation: without it, a later cmdlet is refused and sent back to it.
        if why.is_empty() {
            let cmdlet = |a: &Action| matches!(a, Action::InvokeFailover(..) | Action::InvokeFailback(_));
            for later in orders[i + 1..].iter().filter(|l| cmdlet(&l.action)) {
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
            command: match o.action {
                Action::PoolRestored(_) => String::new(),
                _ => o.action.command(sim.scenario() as &dyn Names),
            },
            why,
            note: match o.action {
                Action::Checklist(_, item) => item.note(),
                Action::PoolRestored(_) => Some("Not a command: the pool repaired and back up, at your estimate."),
                _ => None,
            },
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
        let mut rows = Vec::new();
        // The best among the responses to a failure: a planned failover of
        // a healthy pool is shown beside them, never starred.
        let choosable: Vec<bool> = self.variants.iter().map(|v| v.response != Response::Planned).collect();
        // A row: each variant's figure as (the value compared, its words).
        let mut row = |label: String, cell: &dyn Fn(&Figures) -> (Option<u64>, String)| {
            let values: Vec<(Option<u64>, String)> = self.variants.iter().map(|v| cell(&v.figures)).collect();
            let known: Vec<u64> = values.iter().zip(&choosable).filter(|(_, c)| **c).filter_map(|(v, _)| v.0).collect();
            let best = known.iter().min().copied();
            let differ = known.iter().any(|&v| Some(v) != best);
            rows.push(FigureRow {
                label,
                best: values
                    .iter()
                    .zip(&choosable)
                    .map(|(v, c)| *c && differ && v.0.is_some() && v.0 == best)
                    .collect(),
                cells: values.into_iter().map(|v| v.1).collect(),
            });
        };
        // A moment, in words, or what stands when it never comes.
        let moment = |t: Option<SimTime>, words: &dyn Fn(SimTime) -> String, never: &str| match t {
            Some(t) => (Some(t.ms()), words(t)),
            None => (None, never.to_string()),
        };
        row(format!("Users can sign in again (to {})", self.backup_name), &|f| {
            moment(f.signin_at, &to_second, "no sign-in to the backup pool")
        });
        row("In Resiliency mode until full service".into(), &|f| match f.resiliency {
            Some((a, b)) => {
                (Some(b.ms() - a.ms()), format!("{} to {}: {}", to_second(a), about(b), span(b.ms() - a.ms())))
            }
            None => (None, "never".into()),
        });
        let duration = SETTINGS.iter().find(|s| s.key == "failover_duration_s");
        let failover_label = match duration {
            Some(d) => format!("Failover complete ({} min after the order; {})", self.failover_s / 60, d.source),
            None => "Failover complete".into(),
        };
        row(failover_label, &|f| moment(f.failover_done_at, &about, "never"));
        row("Everyone has full service again (regular mode)".into(), &|f| moment(f.regular_at, &about, "never"));
        row("Failback".into(), &|f| match f.failback {
            Some((a, b)) => {
                (Some(b.ms() - a.ms()), format!("from {}, {}", to_second(a), up_to_minutes(b.ms() - a.ms())))
            }
            None => (None, "none: the backup registrar sends users home".into()),
        });
        row("Everyone home, regular mode".into(), &|f| moment(f.home_at, &|t| format!("by {}", about(t)), "never"));
        rows
    }

    /// The checks before your failover, with the pools' FQDNs; none if
    /// your plan has no failover.
    pub fn checks_before(&self) -> Vec<(&'static str, String)> {
        self.with_fqdns(&CHECKS_BEFORE, |a| matches!(a, Action::InvokeFailover(..)))
    }

    /// What follows failback, with the pools' FQDNs; none if your plan has
    /// no failback.
    pub fn after_failback(&self) -> Vec<(&'static str, String)> {
        self.with_fqdns(&AFTER_FAILBACK, |a| matches!(a, Action::InvokeFailback(_)))
    }

    fn with_fqdns(
        &self,
        list: &[(&'static str, &'static str)],
        when: fn(&Action) -> bool,
    ) -> Vec<(&'static str, String)> {
        if !self.runbook.iter().any(|s| when(&s.action)) {
            return Vec::new();
        }
        list.iter()
            .map(|(what, cmd)| (*what, cmd.replace("<P>", &self.pool_id).replace("<B>", &self.backup_id)))
            .collect()
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
