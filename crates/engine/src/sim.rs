//! The simulation: a run of a scenario that can be asked about any moment.
//!
//! Users live in compact arrays; a user's [`Situation`] at any `t` is a
//! closed-form function of their home pool's disaster-recovery episode and
//! two seeded numbers, so nothing is stepped and seeking is instant. Orders
//! are applied at a moment with [`Simulation::handle_order`]; everything the
//! run shows is then recomputed from the orders (the sessions' tracks and
//! the event log). The caller owns the clock.

use crate::capability::{page, rows, PageTable, SESSION_ENDS_AT_SIGN_OUT};
use crate::capability::{Phase, Source, DISRUPTED, FORCED_SIGN_OUT, LOGGED_OUT_AT_FAILURE, SCHEDULED};
use crate::dr::{Action, DrTimeline, Episode, FailoverMode, Health, NamedIdx, Order, OrderError, PoolIdx, Timings};
use crate::rng::SplitMix64;
use crate::rules;
use crate::scenario::{Scenario, SessionKind, SessionSpec};
use crate::situation::{HomePool, Why};
use crate::time::SimTime;

pub use crate::situation::{Mode, Situation};
pub use sessions::SessionNow;

mod sessions;
mod wording;
pub use wording::up_to_minutes;

/// Users in each state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StateCounts {
    pub regular: u32,
    pub resiliency: u32,
    /// Signed out (counted on their home pool).
    pub signed_out: u32,
}

impl StateCounts {
    /// Signed in, either mode.
    pub fn serving(&self) -> u32 {
        self.regular + self.resiliency
    }

    pub fn total(&self) -> u32 {
        self.regular + self.resiliency + self.signed_out
    }

    fn add(&mut self, other: StateCounts) {
        self.regular += other.regular;
        self.resiliency += other.resiliency;
        self.signed_out += other.signed_out;
    }
}

/// A session's run state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SessionRun {
    Pending,
    /// Running (a conference) or active (peer-to-peer).
    Running,
    /// Ended (peer-to-peer) or terminated (conference); must be re-established.
    Ended,
}

/// A session's state since a moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionState {
    pub run: SessionRun,
    pub reason: String,
    pub source: Source,
    /// For each member (conference: organizer first, then participants;
    /// peer-to-peer: both users): in the session.
    pub members_in: Vec<bool>,
    pub since: SimTime,
}

/// Whether participants can rejoin a terminated conference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rejoin {
    /// Rejoin is shown but nobody can rejoin yet.
    Blocked,
    /// Every participant can click to rejoin.
    Available,
}

impl Rejoin {
    pub fn as_str(self) -> &'static str {
        match self {
            Rejoin::Blocked => "blocked",
            Rejoin::Available => "available",
        }
    }
}

/// Something that happened, for the narration and the animation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub at: SimTime,
    pub kind: EventKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    PoolFailed {
        pool: PoolIdx,
        users_signed_out: u32,
        p2p_ended: u32,
        conferences_ended: u32,
    },
    /// Planned failovers sign users out too: counted like a failure's.
    FailoverInvoked {
        pool: PoolIdx,
        mode: FailoverMode,
        users_signed_out: u32,
        sessions_ended: u32,
    },
    /// Users of the pool can sign in to the backup pool.
    SignInPossible {
        pool: PoolIdx,
        backup: PoolIdx,
        by_timer: bool,
        users: u32,
        until: SimTime,
    },
    FailoverCompleted {
        pool: PoolIdx,
        backup: PoolIdx,
    },
    PoolRestored {
        pool: PoolIdx,
    },
    /// Users go home without failback (no admin failover happened): after
    /// the failback detection interval when they were on the backup pool,
    /// or as soon as the pool is back when it has no backup.
    ReturningHome {
        pool: PoolIdx,
        users: u32,
        paired: bool,
    },
    FailbackInvoked {
        pool: PoolIdx,
        users: u32,
        eta: SimTime,
        conferences_ended: u32,
    },
    FailbackCompleted {
        pool: PoolIdx,
    },
    ChecklistDone {
        pool: PoolIdx,
        item: crate::dr::ChecklistItem,
    },
    /// A named user's connection or mode changed.
    UserChanged {
        user: NamedIdx,
        from: Situation,
        to: Situation,
    },
    SessionChanged {
        session: u32,
        run: SessionRun,
        reason: String,
    },
}

/// How a finished order changed the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// Orders after the moment that were dropped (the run forked).
    pub dropped: usize,
}

/// Whether a named user is signed in of their own accord, and since when
/// (`None`: from the start of the scenario).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Intent {
    wants: bool,
    since: Option<SimTime>,
}

const FROM_THE_START: Intent = Intent { wants: true, since: None };

/// What the situations of a pool's users share at a moment: looked up once
/// per pool, not per user.
#[derive(Clone, Copy)]
struct PoolMoment<'a> {
    episode: Option<&'a Episode>,
    backup: Option<PoolIdx>,
    partner_in_dr: bool,
    home: HomePool,
}

/// What a pool's status line says at a moment, typed; `Simulation::status_text`
/// words it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolStatus {
    /// Down, paired, the registrar resiliency timer running, no failover yet.
    RegistrarTimer {
        expires: SimTime,
    },
    /// Down and nothing to fail over to.
    DownNoBackup,
    /// The timer expired; no failover invoked: users on the backup pool in
    /// Resiliency mode.
    ResiliencyWithoutFailover {
        since: SimTime,
    },
    /// Back up without a failover: users on the backup are redirected home.
    ReturningHome {
        at: SimTime,
    },
    FailingOver {
        started: SimTime,
        done: SimTime,
    },
    FailedOver {
        done: SimTime,
        home_down: bool,
    },
    FailingBack {
        started: SimTime,
        done: SimTime,
        moved: u32,
        total: u32,
    },
}

/// A click on rejoin that could not happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefusedRejoin {
    pub at: SimTime,
    pub session: u32,
    pub user: NamedIdx,
    pub why: &'static str,
    /// Its place among the timeline's clicks on rejoin.
    pub click: usize,
}

/// The sign-in or sign-out a named user can be given now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignChoice {
    pub action: Action,
    /// `Err`: why it cannot be given now.
    pub allowed: Result<(), String>,
}

/// A deterministic run of a scenario.
#[derive(Clone, Debug)]
pub struct Simulation {
    scenario: Scenario,
    timings: Timings,
    dr: DrTimeline,
    /// Pool `p` owns users `pool_start[p]..pool_start[p + 1]`; its named
    /// users come first.
    pool_start: Vec<u32>,
    named_global: Vec<u32>,
    named_of_pool: Vec<Vec<NamedIdx>>,
    reconnect_ms: Vec<u32>,
    rank: Vec<u32>,
    /// Per pool, the population users' reconnect delays, sorted, so counts
    /// at any moment are a binary search.
    sorted_population_reconnect_ms: Vec<Vec<u32>>,
    sessions: Vec<Vec<SessionState>>,
    refused_rejoins: Vec<RefusedRejoin>,
    events: Vec<Event>,
}

/// The timeline of a scenario with no orders applied: the one constructor
/// the simulation and the validator share.
pub fn empty_timeline(scenario: &Scenario) -> DrTimeline {
    let named = scenario.users.iter().map(|u| (u.name.clone(), u.signed_in)).collect();
    DrTimeline::new(scenario.config.timings(), scenario.pool_facts(), named)
}

impl Simulation {
    /// Builds the run. An order the timeline refuses is an error; so is a
    /// refused rejoin (see [`Simulation::build`] to collect those instead).
    pub fn new(scenario: Scenario) -> Result<Simulation, OrderError> {
        let sim = Simulation::build(scenario)?;
        if let Some(r) = sim.refused_rejoins.first() {
            return Err(sim.rejoin_error(r.session, r.user, r.why));
        }
        Ok(sim)
    }

    /// As [`Simulation::new`], but refused rejoins are only recorded (see
    /// [`Simulation::refused_rejoins`]), so a validator can report them all.
    pub fn build(scenario: Scenario) -> Result<Simulation, OrderError> {
        let mut dr = empty_timeline(&scenario);
        for order in &scenario.timeline {
            dr.apply(order.clone())?;
        }
        Ok(Simulation::from_accepted(scenario, dr))
    }

    /// The run of a scenario whose orders `dr` has already accepted.
    pub(crate) fn from_accepted(scenario: Scenario, dr: DrTimeline) -> Simulation {
        let timings = scenario.config.timings();
        let pools = scenario.pools.len();
        let mut pool_start = Vec::with_capacity(pools + 1);
        let mut named_of_pool = vec![Vec::new(); pools];
        for (i, u) in scenario.users.iter().enumerate() {
            named_of_pool[usize::from(u.home)].push(i as NamedIdx);
        }
        let total = scenario.total_users() as usize;
        let mut named_global = vec![0; scenario.users.len()];
        let mut reconnect_ms = Vec::with_capacity(total);
        let mut rank = Vec::with_capacity(total);
        let mut sorted = Vec::with_capacity(pools);
        let spread = timings.reconnect_spread_ms.min(u64::from(u32::MAX - 1)) as u32;
        for (p, pool) in scenario.pools.iter().enumerate() {
            let start = reconnect_ms.len() as u32;
            pool_start.push(start);
            // One stream per pool: a pool's users do not depend on the sizes
            // of the pools before it.
            let mut rng = SplitMix64::new(scenario.config.seed ^ (p as u64 + 1).wrapping_mul(0xA076_1D64_78BD_642F));
            for (k, &u) in named_of_pool[p].iter().enumerate() {
                named_global[u as usize] = start + k as u32;
                // Named users reconnect the moment signing in is possible.
                reconnect_ms.push(0);
            }
            let mut pop = Vec::with_capacity(pool.population as usize);
            for _ in 0..pool.population {
                let d = rng.below(spread + 1);
                reconnect_ms.push(d);
                pop.push(d);
            }
            pop.sort_unstable();
            sorted.push(pop);
            // Failback order: a seeded Fisher-Yates permutation.
            let n = reconnect_ms.len() as u32 - start;
            let base = rank.len();
            rank.extend(0..n);
            for i in (1..n as usize).rev() {
                let j = rng.below(i as u32 + 1) as usize;
                rank.swap(base + i, base + j);
            }
        }
        pool_start.push(reconnect_ms.len() as u32);
        let mut sim = Simulation {
            scenario,
            timings,
            dr,
            pool_start,
            named_global,
            named_of_pool,
            reconnect_ms,
            rank,
            sorted_population_reconnect_ms: sorted,
            sessions: Vec::new(),
            refused_rejoins: Vec::new(),
            events: Vec::new(),
        };
        sim.rebuild();
        sim
    }

    /// The scenario, including the orders given so far.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The pools' disaster-recovery timeline.
    pub fn dr(&self) -> &DrTimeline {
        &self.dr
    }

    pub fn timings(&self) -> &Timings {
        &self.timings
    }

    /// Number of users, named and population.
    pub fn user_count(&self) -> u32 {
        self.reconnect_ms.len() as u32
    }

    /// The users of `pool` as a range of user indices (named users first).
    pub fn pool_users(&self, pool: PoolIdx) -> std::ops::Range<u32> {
        self.pool_start[usize::from(pool)]..self.pool_start[usize::from(pool) + 1]
    }

    /// How many named users are homed on `pool` (they hold the first
    /// indices of its range).
    pub fn named_in_pool(&self, pool: PoolIdx) -> u32 {
        self.named_of_pool[usize::from(pool)].len() as u32
    }

    pub fn named_user_index(&self, user: NamedIdx) -> u32 {
        self.named_global[user as usize]
    }

    /// The named user at a user index, if it is one.
    pub fn named_at(&self, index: u32) -> Option<NamedIdx> {
        let pool = self.home_of(index);
        let k = (index - self.pool_start[usize::from(pool)]) as usize;
        self.named_of_pool[usize::from(pool)].get(k).copied()
    }

    pub fn home_of(&self, index: u32) -> PoolIdx {
        (self.pool_start.partition_point(|&s| s <= index) - 1) as PoolIdx
    }

    /// Bytes held per user by the per-user arrays.
    pub fn bytes_per_user(&self) -> f64 {
        let n = self.reconnect_ms.len().max(1) as f64;
        let bytes = self.reconnect_ms.capacity() * 4
            + self.rank.capacity() * 4
            + self.sorted_population_reconnect_ms.iter().map(|v| v.capacity() * 4).sum::<usize>();
        bytes as f64 / n
    }

    fn pool_moment(&self, pool: PoolIdx, t: SimTime) -> PoolMoment<'_> {
        let backup = self.scenario.pools[usize::from(pool)].backup;
        let episode = self.dr.episode_at(pool, t);
        let home = HomePool {
            down: episode.is_some_and(|e| e.health(t) == Health::Down),
            paired: backup.is_some(),
            planned: episode.is_some_and(|e| e.failed_at.is_none()),
            failover_invoked: episode.is_some_and(|e| e.failover_at.is_some_and(|f| f <= t)),
        };
        PoolMoment {
            episode,
            backup,
            partner_in_dr: backup.is_some_and(|b| self.dr.open_episode_at(b, t).is_some()),
            home,
        }
    }

    fn intent(&self, named: Option<NamedIdx>, t: SimTime) -> Intent {
        match named {
            Some(u) => {
                let (wants, since) = self.dr.named_signed_in(u, t);
                let explicit = !self.dr.named_changes(u).is_empty() && since > SimTime::ZERO;
                Intent { wants, since: explicit.then_some(since) }
            }
            None => FROM_THE_START,
        }
    }

    /// Where user `index` is at `t`.
    pub fn situation(&self, index: u32, t: SimTime) -> Situation {
        let home = self.home_of(index);
        let moment = self.pool_moment(home, t);
        let i = index as usize;
        let intent = self.intent(self.named_at(index), t);
        self.situation_with(home, moment, t, self.reconnect_ms[i], self.rank[i], intent)
    }

    /// Where a named user is at `t`.
    pub fn named_situation(&self, user: NamedIdx, t: SimTime) -> Situation {
        self.situation(self.named_global[user as usize], t)
    }

    /// The phase of `pool` at `t`, as for a user of it signed in from the
    /// start and not yet moved home by failback.
    pub fn pool_phase(&self, pool: PoolIdx, t: SimTime) -> Phase {
        self.pool_user_situation(pool, t, false).phase
    }

    /// Where a user of `pool` is at `t` who was signed in from the start,
    /// reconnects the moment signing in is possible, and is moved home by
    /// failback first (`moved_first`) or last: the plan's typical user.
    pub fn pool_user_situation(&self, pool: PoolIdx, t: SimTime, moved_first: bool) -> Situation {
        let rank = if moved_first { 0 } else { u32::MAX - 1 };
        self.situation_with(pool, self.pool_moment(pool, t), t, 0, rank, FROM_THE_START)
    }

    /// Every moment at which [`Simulation::pool_user_situation`] can change.
    pub fn pool_change_moments(&self, pool: PoolIdx) -> Vec<SimTime> {
        let mut times = vec![SimTime::ZERO];
        for e in self.dr.episodes(pool) {
            times.extend(episode_times(e));
            times.extend(e.move_home_at(0));
        }
        times.sort_unstable();
        times.dedup();
        times
    }

    /// Where a client of `home` that signs in at `t` would be: the answer to
    /// "New user logging in".
    pub fn fresh_sign_in(&self, home: PoolIdx, t: SimTime) -> Situation {
        let intent = Intent { wants: true, since: Some(t) };
        self.situation_with(home, self.pool_moment(home, t), t, 0, u32::MAX - 1, intent)
    }

    /// The sign-in answer for users of `home` at `t`.
    pub fn sign_in_answer(&self, home: PoolIdx, t: SimTime) -> rules::SignInAnswer {
        rules::sign_in(&self.fresh_sign_in(home, t))
    }

    /// Calls `f(index, situation)` for every user of `pool` at `t`.
    pub fn for_each_user(&self, pool: PoolIdx, t: SimTime, mut f: impl FnMut(u32, Situation)) {
        let named = &self.named_of_pool[usize::from(pool)];
        let moment = self.pool_moment(pool, t);
        let start = self.pool_start[usize::from(pool)];
        for index in self.pool_users(pool) {
            let k = (index - start) as usize;
            let intent = if k < named.len() { self.intent(Some(named[k]), t) } else { FROM_THE_START };
            let i = index as usize;
            f(index, self.situation_with(pool, moment, t, self.reconnect_ms[i], self.rank[i], intent));
        }
    }

    /// The closed form. Orders at one moment act in causal order: at the
    /// instant a pool fails (or a planned failover signs users out) everyone
    /// is signed out, and the earliest a client can be back is the next
    /// millisecond, even when failover was invoked in that same instant.
    fn situation_with(
        &self,
        home: PoolIdx,
        m: PoolMoment<'_>,
        t: SimTime,
        reconnect_ms: u32,
        rank: u32,
        intent: Intent,
    ) -> Situation {
        let (paired, pool, down) = (m.home.paired, m.home, m.home.down);
        let Some(e) = m.episode else {
            let why = Why::Unaffected { paired, partner_in_dr: m.partner_in_dr };
            return place(Phase::Normal, why, Some((home, Mode::Regular)), pool, intent, SimTime::ZERO);
        };
        let offset = u64::from(reconnect_ms);
        let st = e.started_at;
        // The client's first attempt once signing in is possible from `s`.
        let reconnect_at = |s: SimTime| {
            let at = s.plus_ms(offset).max(st.plus_ms(1));
            intent.since.map_or(at, |since| at.max(since))
        };
        let at_failure = intent.since.is_none_or(|since| since <= st);
        let fresh_since = |since: SimTime| intent.since.map_or(since, |x| x.max(since));
        let home_regular = |why, since| place(Phase::Normal, why, Some((home, Mode::Regular)), pool, intent, since);

        if let Some(done) = e.failback_done_at.filter(|&d| t >= d) {
            return place(
                Phase::FailedBack,
                Why::FailedBack,
                Some((home, Mode::Regular)),
                pool,
                intent,
                fresh_since(done),
            );
        }
        if let (None, Some(r)) = (e.failover_at, e.restored_at.filter(|&r| t >= r)) {
            // Back without a failover. A client already on the backup pool
            // stays there until the backup registrar redirects it home; any
            // other client tries its home pool first and gets it.
            let on_backup_from = e.signin_at.map(&reconnect_at).filter(|&at| at < r);
            if let (Some(on), Some(rh), Some(b)) = (on_backup_from, e.return_home_at, m.backup) {
                let back = rh.plus_ms(offset);
                if t >= back && intent.since.is_none_or(|since| since < r) {
                    return home_regular(Why::RedirectedHome, back);
                }
                if intent.since.is_none_or(|since| since < r) {
                    let at = Some((b, Mode::Resiliency));
                    return place(Phase::FailingOver, Why::BeforeFailoverComplete, at, pool, intent, on);
                }
            }
            let attempt = match e.signin_at {
                Some(s) => reconnect_at(s).max(r),
                None => reconnect_at(r),
            };
            let attempt = intent.since.filter(|&since| since >= r).unwrap_or(attempt);
            if t >= attempt {
                return home_regular(Why::HomeFirst, attempt);
            }
            return place(Phase::Normal, Why::Reconnecting { planned: false }, None, pool, intent, r);
        }
        if let Some(fb) = e.failback_at.filter(|&fb| t >= fb) {
            let move_at = e.move_home_at(rank).unwrap_or(fb);
            // Signing in afresh during failback lands on the home pool.
            let fresh = intent.since.filter(|&since| since >= fb);
            if t >= move_at || fresh.is_some() {
                let at = Some((home, Mode::Resiliency));
                let why = Why::FailbackMoved { signed_in_at_home: fresh.is_some() };
                return place(Phase::FailingBackMoved, why, at, pool, intent, fresh.unwrap_or(move_at));
            }
            let at = m.backup.map(|b| (b, Mode::Resiliency));
            return place(Phase::FailingBackNotMoved, Why::FailbackNotMoved, at, pool, intent, fb);
        }
        if let Some(done) = e.failover_done_at.filter(|&d| t >= d) {
            let phase = if down { Phase::FailedOver } else { Phase::Restored };
            let at = m.backup.map(|b| (b, Mode::Regular));
            return place(phase, Why::FailedOver, at, pool, intent, fresh_since(done));
        }
        if let Some(s) = e.signin_at.filter(|&s| t >= s) {
            let at = reconnect_at(s);
            if t >= at {
                let on = m.backup.map(|b| (b, Mode::Resiliency));
                return place(Phase::FailingOver, Why::BeforeFailoverComplete, on, pool, intent, at);
            }
            let why = Why::Reconnecting { planned: pool.planned };
            return place(Phase::FailingOver, why, None, pool, intent, st);
        }
        let why = if paired { Why::WaitingForBackup { at_failure } } else { Why::NoBackup { at_failure } };
        place(Phase::Outage, why, None, pool, intent, st)
    }

    /// Counts of the users homed on `pool` at `t`: (served by the home pool
    /// or signed out, served by the backup pool).
    pub fn home_counts(&self, pool: PoolIdx, t: SimTime) -> (StateCounts, StateCounts) {
        let mut home = StateCounts::default();
        let mut backup = StateCounts::default();
        let mut put = |s: Situation| {
            let c = if s.serving.is_some() && s.serving != Some(pool) { &mut backup } else { &mut home };
            match s.mode {
                Some(Mode::Regular) => c.regular += 1,
                Some(Mode::Resiliency) => c.resiliency += 1,
                None => c.signed_out += 1,
            }
        };
        for &u in &self.named_of_pool[usize::from(pool)] {
            put(self.named_situation(u, t));
        }
        let (h, b) = self.population_counts(pool, t);
        home.add(h);
        backup.add(b);
        (home, backup)
    }

    /// The population part of [`Simulation::home_counts`]: the closed form
    /// of `situation_with` counted with binary searches over sorted delays.
    fn population_counts(&self, pool: PoolIdx, t: SimTime) -> (StateCounts, StateCounts) {
        let sorted = &self.sorted_population_reconnect_ms[usize::from(pool)];
        let n = sorted.len() as u32;
        // Users whose delay `d` satisfies `from + d <= t`.
        let within = |from: SimTime| -> u32 {
            match t.ms().checked_sub(from.ms()) {
                Some(elapsed) => sorted.partition_point(|&d| u64::from(d) <= elapsed) as u32,
                None => 0,
            }
        };
        // Users whose delay satisfies `from + d < until`.
        let before = |from: SimTime, until: SimTime| -> u32 {
            match until.ms().checked_sub(from.ms()) {
                Some(gap) => sorted.partition_point(|&d| u64::from(d) < gap) as u32,
                None => 0,
            }
        };
        let mut home = StateCounts::default();
        let mut backup = StateCounts::default();
        let Some(e) = self.dr.episode_at(pool, t) else {
            home.regular = n;
            return (home, backup);
        };
        let first = e.started_at.plus_ms(1);
        // Clients can be back from the millisecond after the disruption.
        let reconnected = |s: SimTime| if t >= first { within(s) } else { 0 };
        if e.failback_done_at.is_some_and(|d| t >= d) {
            home.regular = n;
            return (home, backup);
        }
        if let (None, Some(r)) = (e.failover_at, e.restored_at.filter(|&r| t >= r)) {
            // As `situation_with`: clients that reached the backup before the
            // restore wait there for the redirect; the others go home first.
            let (reached, redirected, home_first) = match (e.signin_at, e.return_home_at) {
                (Some(s), Some(rh)) => {
                    let reached = if first < r { before(s, r) } else { 0 };
                    (reached, reached.min(within(rh)), reconnected(s).saturating_sub(reached))
                }
                _ => (0, 0, if t >= first { within(r) } else { 0 }),
            };
            home.regular = redirected + home_first;
            backup.resiliency = reached - redirected;
            home.signed_out = n - home.regular - backup.resiliency;
            return (home, backup);
        }
        if let Some(p) = e.failback_progress(t, self.pool_users(pool).len() as u32) {
            let start = self.pool_start[usize::from(pool)] as usize;
            let named = self.named_of_pool[usize::from(pool)].len();
            let named_moved = self.rank[start..start + named].iter().filter(|&&r| r < p.moved).count() as u32;
            home.resiliency = p.moved - named_moved;
            backup.resiliency = n - home.resiliency;
            return (home, backup);
        }
        if e.failover_done_at.is_some_and(|d| t >= d) {
            backup.regular = n;
            return (home, backup);
        }
        if let Some(s) = e.signin_at.filter(|&s| t >= s) {
            backup.resiliency = reconnected(s);
            home.signed_out = n - backup.resiliency;
            return (home, backup);
        }
        home.signed_out = n;
        (home, backup)
    }

    /// Per pool at `t`: users it serves, by mode, and users homed on it who
    /// are signed out.
    pub fn pool_counts(&self, t: SimTime) -> Vec<StateCounts> {
        let mut counts = vec![StateCounts::default(); self.scenario.pools.len()];
        for p in 0..self.scenario.pools.len() {
            let (home, backup) = self.home_counts(p as PoolIdx, t);
            counts[p].add(home);
            if let Some(b) = self.scenario.pools[p].backup {
                let c = &mut counts[usize::from(b)];
                c.regular += backup.regular;
                c.resiliency += backup.resiliency;
            }
        }
        counts
    }

    /// Every event of the run, in order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// A hash of the event log: equal runs give equal hashes on every
    /// platform. FNV-1a over a structured encoding of each event (times,
    /// kinds, indices, counts), so rewording a sentence changes nothing.
    pub fn event_log_hash(&self) -> u64 {
        let mut h = Fnv(0xCBF2_9CE4_8422_2325);
        for e in &self.events {
            h.u64(e.at.ms());
            encode(&e.kind, &mut h);
        }
        h.0
    }

    /// The moment the run has nothing more to show: the last event plus ten
    /// minutes, or the scenario's duration if that is later.
    pub fn end_time(&self) -> SimTime {
        let last = self.events.last().map_or(SimTime::ZERO, |e| e.at);
        let by_events = last.plus_ms(600_000);
        self.scenario.duration.map_or(by_events, |d| d.max(by_events))
    }

    /// The error for a refused rejoin.
    pub fn rejoin_error(&self, session: u32, user: NamedIdx, why: &'static str) -> OrderError {
        OrderError::RejoinRefused {
            user: self.scenario.users.get(user as usize).map_or_else(|| format!("user {user}"), |u| u.name.clone()),
            session: self
                .scenario
                .sessions
                .get(session as usize)
                .map_or_else(|| format!("session {session}"), |s| s.id.clone()),
            why,
        }
    }

    /// Checks an order at `at` without giving it.
    pub fn check_order(&self, at: SimTime, action: &Action) -> Result<(), OrderError> {
        if let Action::Rejoin(session, user) = *action {
            let Some(spec) = self.scenario.sessions.get(session as usize) else {
                return Err(self.rejoin_error(session, user, "there is no such session"));
            };
            if user as usize >= self.scenario.users.len() {
                return Err(self.rejoin_error(session, user, "there is no such user"));
            }
            let members = self.session_members(session);
            let current = self.session_history(session, at).clone();
            self.rejoin_outcome(spec, &members, &current, user, at)
                .map_err(|why| self.rejoin_error(session, user, why))?;
        }
        let mut dr = self.timeline_until(at);
        dr.apply(Order { at, action: action.clone() })
    }

    /// What a refused order points to (see `DrTimeline::remedy`).
    pub fn remedy(&self, at: SimTime, action: &Action, error: &OrderError) -> crate::dr::Remedy {
        self.timeline_until(at).remedy(action, error, at)
    }

    fn timeline_until(&self, t: SimTime) -> DrTimeline {
        let mut dr = empty_timeline(&self.scenario);
        for o in self.dr.orders().iter().filter(|o| o.at <= t) {
            // Orders already accepted replay the same way.
            let _ = dr.apply(o.clone());
        }
        dr
    }

    /// Gives an order at `at`. Orders after `at` are dropped: acting after
    /// scrubbing back forks the run.
    pub fn handle_order(&mut self, at: SimTime, action: Action) -> Result<Accepted, OrderError> {
        if matches!(action, Action::Rejoin(..)) {
            self.check_order(at, &action)?;
        }
        let mut dr = self.timeline_until(at);
        dr.apply(Order { at, action })?;
        let dropped = self.dr.orders().len() + 1 - dr.orders().len();
        self.scenario.timeline = dr.orders().to_vec();
        self.dr = dr;
        self.rebuild();
        Ok(Accepted { dropped })
    }

    /// The sign-in or sign-out a named user can be given at `t`: a signed-in
    /// user can be signed out; a signed-out user signed in, unless their
    /// client is already trying (then it says why it cannot get in).
    pub fn sign_choice(&self, user: NamedIdx, t: SimTime) -> SignChoice {
        let s = self.named_situation(user, t);
        if s.signed_in() {
            return SignChoice { action: Action::UserSignsOut(user), allowed: Ok(()) };
        }
        let action = Action::UserSignsIn(user);
        let (wants, _) = self.dr.named_signed_in(user, t);
        let allowed = if wants {
            let answer = self.sign_in_answer(self.scenario.users[user as usize].home, t);
            Err(format!(
                "{}'s client is already trying to sign in. {}.",
                self.scenario.users[user as usize].name, answer.reason
            ))
        } else {
            self.check_order(t, &action).map_err(|e| e.to_string())
        };
        SignChoice { action, allowed }
    }

    /// Every moment at which named user `user`'s situation can change: their
    /// home pool's episode times, their own failback move, their sign-ins.
    pub fn change_moments(&self, user: NamedIdx) -> Vec<SimTime> {
        let home = self.scenario.users[user as usize].home;
        let rank = self.rank[self.named_global[user as usize] as usize];
        let mut times = vec![SimTime::ZERO];
        for e in self.dr.episodes(home) {
            times.extend(episode_times(e));
            times.extend(e.move_home_at(rank));
        }
        times.extend(self.dr.named_changes(user).iter().map(|&(t, _)| t));
        times.sort_unstable();
        times.dedup();
        times
    }

    /// Recomputes sessions and events from the orders.
    fn rebuild(&mut self) {
        // Each named user's change moments, once: the sessions' walks and
        // the users' own events both read them.
        let moments: Vec<Vec<SimTime>> =
            (0..self.scenario.users.len() as NamedIdx).map(|u| self.change_moments(u)).collect();
        let mut refused = Vec::new();

        let mut events = Vec::new();
        let tracks = self.session_tracks(&moments, &mut events, &mut refused);
        self.sessions = tracks;
        // Each named user over their own change moments only (their home
        // pool's episodes, their failback move, their sign-ins): the work
        // grows with the user's own history, not with every pool's.
        for u in 0..self.scenario.users.len() as NamedIdx {
            let mut prev = self.named_situation(u, SimTime::ZERO);
            for &t in moments[u as usize].iter().filter(|&&t| t > SimTime::ZERO) {
                let next = self.named_situation(u, t);
                // Only what the user would notice: where they are served and in which mode.
                if (next.serving, next.mode) != (prev.serving, prev.mode) {
                    events.push(Event { at: t, kind: EventKind::UserChanged { user: u, from: prev, to: next } });
                }
                prev = next;
            }
        }
        for p in 0..self.scenario.pools.len() as PoolIdx {
            self.pool_events(p, &mut events);
        }
        // Pool events first at a moment, then users, then sessions; stable
        // within each, so ties always break the same way.
        crate::sorting::sort_by_pair(&mut events, |e| (e.at.ms(), u64::from(event_rank(&e.kind))));
        self.events = events;
        crate::sorting::sort_by_pair(&mut refused, |r| (r.at.ms(), r.click as u64));
        self.refused_rejoins = refused;
    }

    fn pool_events(&self, p: PoolIdx, events: &mut Vec<Event>) {
        let backup = self.scenario.pools[usize::from(p)].backup;
        let users = self.pool_users(p).len() as u32;
        let signed_in_before = |t: SimTime| {
            let before = SimTime(t.ms().saturating_sub(1));
            if t == SimTime::ZERO {
                // Nothing before the start: everyone who is signed in from
                // the start was signed in when the pool failed at 0:00.
                let population = self.sorted_population_reconnect_ms[usize::from(p)].len() as u32;
                let named =
                    self.named_of_pool[usize::from(p)].iter().filter(|&&u| self.intent(Some(u), t).wants).count();
                population + named as u32
            } else {
                self.home_counts(p, before).0.serving()
            }
        };
        for e in self.dr.episodes(p) {
            if let Some(f) = e.failed_at {
                let (p2p_ended, conferences_ended) = self.sessions_ended_at(f);
                let users_signed_out = signed_in_before(f);
                events.push(Event {
                    at: f,
                    kind: EventKind::PoolFailed { pool: p, users_signed_out, p2p_ended, conferences_ended },
                });
            }
            if let Some(f) = e.failover_at {
                let planned = e.failed_at.is_none();
                let mode = if planned { FailoverMode::Planned } else { FailoverMode::Disaster };
                let (users_signed_out, sessions_ended) = if planned {
                    let (a, b) = self.sessions_ended_at(f);
                    (signed_in_before(f), a + b)
                } else {
                    (0, 0)
                };
                events.push(Event {
                    at: f,
                    kind: EventKind::FailoverInvoked { pool: p, mode, users_signed_out, sessions_ended },
                });
            }
            if let (Some(s), Some(b)) = (e.signin_at, backup) {
                let latest = self.sorted_population_reconnect_ms[usize::from(p)].last().copied().map_or(0, u64::from);
                let until = s.plus_ms(latest).max(e.started_at.plus_ms(1));
                events.push(Event {
                    at: s,
                    kind: EventKind::SignInPossible { pool: p, backup: b, by_timer: e.signin_by_timer, users, until },
                });
            }
            if let (Some(d), Some(b)) = (e.failover_done_at, backup) {
                events.push(Event { at: d, kind: EventKind::FailoverCompleted { pool: p, backup: b } });
            }
            if let Some(r) = e.restored_at {
                events.push(Event { at: r, kind: EventKind::PoolRestored { pool: p } });
            }
            if let Some(r) = e.return_home_at {
                events
                    .push(Event { at: r, kind: EventKind::ReturningHome { pool: p, users, paired: backup.is_some() } });
            }
            for &(item, at) in &e.checklist {
                events.push(Event { at, kind: EventKind::ChecklistDone { pool: p, item } });
            }
            if let (Some(f), Some(eta)) = (e.failback_at, e.failback_done_at) {
                let (_, conferences_ended) = self.sessions_ended_at(f);
                events
                    .push(Event { at: f, kind: EventKind::FailbackInvoked { pool: p, users, eta, conferences_ended } });
                events.push(Event { at: eta, kind: EventKind::FailbackCompleted { pool: p } });
            }
        }
    }

    /// What a pool's status line says at `t`, if anything is happening to it.
    pub fn pool_status(&self, p: PoolIdx, t: SimTime) -> Option<PoolStatus> {
        let e = self.dr.open_episode_at(p, t)?;
        let users = self.pool_users(p).len() as u32;
        if let Some(progress) = e.failback_progress(t, users) {
            let started = e.failback_at?;
            return Some(PoolStatus::FailingBack {
                started,
                done: progress.done_at,
                moved: progress.moved,
                total: progress.total,
            });
        }
        let down = e.health(t) == Health::Down;
        if let (Some(a), Some(d)) = (e.failover_at.filter(|&a| a <= t), e.failover_done_at) {
            if t < d {
                return Some(PoolStatus::FailingOver { started: a, done: d });
            }
            return Some(PoolStatus::FailedOver { done: d, home_down: down });
        }
        if let (Some(rh), Some(r)) = (e.return_home_at, e.restored_at) {
            if t >= r {
                return Some(PoolStatus::ReturningHome { at: rh });
            }
        }
        if self.scenario.pools[usize::from(p)].backup.is_none() {
            return down.then_some(PoolStatus::DownNoBackup);
        }
        if let Some(s) = e.signin_at.filter(|&s| s <= t) {
            return Some(PoolStatus::ResiliencyWithoutFailover { since: s });
        }
        let f = e.failed_at?;
        Some(PoolStatus::RegistrarTimer { expires: f.plus_ms(self.timings.registrar_timer_ms) })
    }
}

/// A situation for a user who wants to be signed in at `at`, or the same
/// phase signed out when they do not.
fn place(
    phase: Phase,
    why: Why,
    at: Option<(PoolIdx, Mode)>,
    home: HomePool,
    intent: Intent,
    since: SimTime,
) -> Situation {
    let since = intent.since.map_or(since, |x| x.max(since));
    if !intent.wants {
        return Situation { phase, serving: None, mode: None, why: Why::NotSignedIn, home, since };
    }
    Situation { phase, serving: at.map(|a| a.0), mode: at.map(|a| a.1), why, home, since }
}

fn episode_times(e: &Episode) -> impl Iterator<Item = SimTime> {
    [
        Some(e.started_at),
        // The earliest moment a client is back after the disruption.
        Some(e.started_at.plus_ms(1)),
        e.failed_at,
        e.signin_at,
        e.failover_at,
        e.failover_done_at,
        e.restored_at,
        e.failback_at,
        e.failback_done_at,
        e.return_home_at,
    ]
    .into_iter()
    .flatten()
}

fn event_rank(kind: &EventKind) -> u8 {
    match kind {
        EventKind::UserChanged { .. } => 2,
        EventKind::SessionChanged { .. } => 3,
        _ => 1,
    }
}

struct Fnv(u64);

impl Fnv {
    fn u64(&mut self, x: u64) {
        for b in x.to_le_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01B3);
        }
    }
}

fn encode(kind: &EventKind, h: &mut Fnv) {
    let pool_or_none = |p: Option<PoolIdx>| p.map_or(u64::MAX, u64::from);
    let mode = |m: Option<Mode>| match m {
        None => 0,
        Some(Mode::Regular) => 1,
        Some(Mode::Resiliency) => 2,
    };
    let (p, u) = (|x: PoolIdx| u64::from(x), |x: u32| u64::from(x));
    let fields: Vec<u64> = match kind {
        EventKind::PoolFailed { pool, users_signed_out, p2p_ended, conferences_ended } => {
            vec![1, p(*pool), u(*users_signed_out), u(*p2p_ended), u(*conferences_ended)]
        }
        EventKind::FailoverInvoked { pool, mode: m, users_signed_out, sessions_ended } => {
            vec![2, p(*pool), u64::from(*m == FailoverMode::Planned), u(*users_signed_out), u(*sessions_ended)]
        }
        EventKind::SignInPossible { pool, backup, by_timer, users, until } => {
            vec![3, p(*pool), p(*backup), u64::from(*by_timer), u(*users), until.ms()]
        }
        EventKind::FailoverCompleted { pool, backup } => vec![4, p(*pool), p(*backup)],
        EventKind::PoolRestored { pool } => vec![5, p(*pool)],
        EventKind::ReturningHome { pool, users, paired } => vec![6, p(*pool), u(*users), u64::from(*paired)],
        EventKind::FailbackInvoked { pool, users, eta, conferences_ended } => {
            vec![7, p(*pool), u(*users), eta.ms(), u(*conferences_ended)]
        }
        EventKind::FailbackCompleted { pool } => vec![8, p(*pool)],
        EventKind::ChecklistDone { pool, item } => vec![9, p(*pool), *item as u64],
        EventKind::UserChanged { user, from, to } => {
            vec![10, u(*user), pool_or_none(from.serving), mode(from.mode), pool_or_none(to.serving), mode(to.mode)]
        }
        EventKind::SessionChanged { session, run, .. } => {
            let run = match run {
                SessionRun::Pending => 0,
                SessionRun::Running => 1,
                SessionRun::Ended => 2,
            };
            vec![11, u(*session), run]
        }
    };
    for x in fields {
        h.u64(x);
    }
}

pub use crate::text::group_thousands;
