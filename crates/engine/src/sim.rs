//! The simulation: users in compact arrays, their situation at any moment in
//! closed form, sessions, and the event log.
//!
//! Run loop (as in quinn-proto and str0m): give orders with
//! [`Simulation::handle_order`], move time with [`Simulation::handle_time`],
//! then drain [`Simulation::poll_event`] until it returns `None`.

use crate::capability::{self, CapKey, Cell, Phase, Source, DISRUPTED, LOGGED_OUT_AT_FAILURE, ONLY_THEN_SESSIONS};
use crate::dr::{Action, DrTimeline, Episode, FailoverMode, Health, NamedIdx, Order, OrderError, PoolIdx, Timings};
use crate::rng::SplitMix64;
use crate::scenario::{Scenario, SessionKind};
use crate::time::SimTime;

/// The mode of a signed-in user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Every service.
    Regular,
    /// No persistent change (Resiliency mode).
    Resiliency,
}

impl Mode {
    /// As in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Regular => "regular",
            Mode::Resiliency => "resiliency",
        }
    }
}

/// Where a user is at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Situation {
    /// The user's phase (MODEL.md numbering); unaffected users are `Normal`.
    pub phase: Phase,
    /// The pool serving them, if signed in.
    pub serving: Option<PoolIdx>,
    /// Their mode, if signed in.
    pub mode: Option<Mode>,
    /// When their connection or mode last changed (for animation).
    pub since: SimTime,
}

impl Situation {
    /// Signed in?
    pub fn signed_in(&self) -> bool {
        self.serving.is_some()
    }

    /// The answer for one capability, with reason and source.
    pub fn cell(&self, key: CapKey) -> Cell {
        capability::cell(key, self.phase, self.signed_in())
    }
}

/// Users in each state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StateCounts {
    /// Signed in, regular mode.
    pub regular: u32,
    /// Signed in, Resiliency mode.
    pub resiliency: u32,
    /// Signed out (counted on their home pool).
    pub signed_out: u32,
}

impl StateCounts {
    /// Signed in, either mode.
    pub fn serving(&self) -> u32 {
        self.regular + self.resiliency
    }

    /// Everybody counted.
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
    /// Not started yet.
    Pending,
    /// Running (a conference) or active (peer-to-peer).
    Running,
    /// Ended (peer-to-peer) or terminated (conference); must be re-established.
    Ended,
}

/// A session's state since a moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionState {
    /// Run state.
    pub run: SessionRun,
    /// Why, in a sentence.
    pub reason: &'static str,
    /// Where that comes from.
    pub source: Source,
    /// For each member (conference: organizer first, then participants;
    /// peer-to-peer: both users): still in the session.
    pub members_in: Vec<bool>,
    /// Since when.
    pub since: SimTime,
}

/// Whether participants can rejoin a terminated conference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejoin {
    /// Rejoin is shown but nobody can rejoin yet.
    Blocked,
    /// Every participant can click to rejoin.
    Available,
}

impl Rejoin {
    /// As in the JSON.
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
    /// When.
    pub at: SimTime,
    /// What.
    pub kind: EventKind,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A pool failed.
    PoolFailed {
        /// The pool.
        pool: PoolIdx,
        /// Users logged out.
        users_signed_out: u32,
        /// Peer-to-peer sessions ended.
        p2p_ended: u32,
        /// Conferences ended.
        conferences_ended: u32,
    },
    /// The admin ran `Invoke-CsPoolFailover`.
    FailoverInvoked {
        /// The home pool.
        pool: PoolIdx,
        /// Disaster or planned.
        mode: FailoverMode,
    },
    /// Users of the pool can sign in to the backup pool.
    SignInPossible {
        /// The home pool.
        pool: PoolIdx,
        /// The backup pool.
        backup: PoolIdx,
        /// Because the registrar resiliency timer expired (else: failover).
        by_timer: bool,
        /// Users reconnecting.
        users: u32,
        /// When the last one is back.
        until: SimTime,
    },
    /// Failover complete.
    FailoverCompleted {
        /// The home pool.
        pool: PoolIdx,
        /// The backup pool.
        backup: PoolIdx,
    },
    /// The pool is back up.
    PoolRestored {
        /// The pool.
        pool: PoolIdx,
    },
    /// Users go home without failback (no admin failover happened).
    ReturningHome {
        /// The pool.
        pool: PoolIdx,
        /// How many.
        users: u32,
    },
    /// The admin ran `Invoke-CsPoolFailBack`.
    FailbackInvoked {
        /// The home pool.
        pool: PoolIdx,
        /// Users to move.
        users: u32,
        /// When it completes.
        eta: SimTime,
        /// Conferences terminated.
        conferences_ended: u32,
    },
    /// Failback complete.
    FailbackCompleted {
        /// The home pool.
        pool: PoolIdx,
    },
    /// A checklist item was done.
    ChecklistDone {
        /// The pool.
        pool: PoolIdx,
        /// The item.
        item: crate::dr::ChecklistItem,
    },
    /// A named user's connection or mode changed.
    UserChanged {
        /// The user.
        user: NamedIdx,
        /// Before.
        from: Situation,
        /// After.
        to: Situation,
    },
    /// A session changed.
    SessionChanged {
        /// Index in the scenario.
        session: u32,
        /// Its new run state.
        run: SessionRun,
        /// Why.
        reason: &'static str,
    },
}

/// How a finished order changed the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// Orders after the moment that were dropped (the run forked).
    pub dropped: usize,
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
    refused_rejoins: Vec<(SimTime, u32, NamedIdx, &'static str)>,
    events: Vec<Event>,
    now: SimTime,
    cursor: usize,
}

impl Simulation {
    /// Builds the run. The scenario's own timeline was checked when it was
    /// parsed; an order in it that is refused here is reported all the same.
    pub fn new(scenario: Scenario) -> Result<Simulation, OrderError> {
        let sim = Simulation::build(scenario)?;
        if let Some(&(_, session, user, why)) = sim.refused_rejoins.first() {
            return Err(sim.rejoin_error(session, user, why));
        }
        Ok(sim)
    }

    /// As [`Simulation::new`], but a refused rejoin is only recorded (see
    /// [`Simulation::refused_rejoins`]), so a validator can report them all.
    pub fn build(scenario: Scenario) -> Result<Simulation, OrderError> {
        let timings = scenario.config.timings();
        let named: Vec<(String, bool)> = scenario.users.iter().map(|u| (u.name.clone(), u.signed_in)).collect();
        let mut dr = DrTimeline::new(timings.clone(), scenario.pool_facts(), named);
        for order in &scenario.timeline {
            dr.apply(order.clone())?;
        }
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
            now: SimTime::ZERO,
            cursor: 0,
        };
        sim.rebuild();
        Ok(sim)
    }

    /// The scenario, including the orders given so far.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The pools' disaster-recovery timeline.
    pub fn dr(&self) -> &DrTimeline {
        &self.dr
    }

    /// The timings in force.
    pub fn timings(&self) -> &Timings {
        &self.timings
    }

    /// The current moment.
    pub fn now(&self) -> SimTime {
        self.now
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

    /// The user index of a named user.
    pub fn named_user_index(&self, user: NamedIdx) -> u32 {
        self.named_global[user as usize]
    }

    /// The named user at a user index, if it is one.
    pub fn named_at(&self, index: u32) -> Option<NamedIdx> {
        let pool = self.home_of(index);
        let k = (index - self.pool_start[usize::from(pool)]) as usize;
        self.named_of_pool[usize::from(pool)].get(k).copied()
    }

    /// The home pool of a user index.
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

    /// Where user `index` is at `t`.
    pub fn situation(&self, index: u32, t: SimTime) -> Situation {
        let home = self.home_of(index);
        let named = self.named_at(index);
        let episode = self.dr.episode_at(home, t);
        self.situation_with(home, episode, t, self.reconnect_ms[index as usize], self.rank[index as usize], named)
    }

    /// Where a named user is at `t`.
    pub fn named_situation(&self, user: NamedIdx, t: SimTime) -> Situation {
        self.situation(self.named_global[user as usize], t)
    }

    /// Calls `f(index, home, situation)` for every user of `pool` at `t`.
    pub fn for_each_user(&self, pool: PoolIdx, t: SimTime, mut f: impl FnMut(u32, Situation)) {
        let named = &self.named_of_pool[usize::from(pool)];
        // The pool's episode is the same for all its users: look it up once.
        let episode = self.dr.episode_at(pool, t);
        let start = self.pool_start[usize::from(pool)];
        for index in self.pool_users(pool) {
            let n = named.get((index - start) as usize).copied();
            let i = index as usize;
            f(index, self.situation_with(pool, episode, t, self.reconnect_ms[i], self.rank[i], n));
        }
    }

    fn situation_with(
        &self,
        home: PoolIdx,
        episode: Option<&Episode>,
        t: SimTime,
        reconnect_ms: u32,
        rank: u32,
        named: Option<NamedIdx>,
    ) -> Situation {
        let (wants, signed_in_at) = match named {
            Some(u) => self.dr.named_signed_in(u, t),
            None => (true, SimTime::ZERO),
        };
        let backup = self.scenario.pools[usize::from(home)].backup;
        let at = |phase, pool: Option<PoolIdx>, mode, since: SimTime| {
            let on = wants && pool.is_some();
            Situation {
                phase,
                serving: if on { pool } else { None },
                mode: if on { Some(mode) } else { None },
                since: since.max(signed_in_at),
            }
        };
        let out = |phase, since| Situation { phase, serving: None, mode: None, since };
        let Some(e) = episode else {
            return at(Phase::Normal, Some(home), Mode::Regular, SimTime::ZERO);
        };
        if let Some(done) = e.failback_done_at {
            if t >= done {
                return at(Phase::FailedBack, Some(home), Mode::Regular, done);
            }
        }
        let offset = u64::from(reconnect_ms);
        if let Some(rh) = e.return_home_at {
            let back = rh.plus_ms(offset);
            if t >= back {
                return at(Phase::Normal, Some(home), Mode::Regular, back);
            }
            if e.signin_at.is_none() && t >= rh {
                return out(Phase::Normal, rh);
            }
        }
        if let Some(fb) = e.failback_at {
            if t >= fb {
                let move_at = fb.plus_ms(u64::from(rank + 1) * self.timings.failback_ms_per_user);
                // Signing in afresh during failback lands on the home pool.
                let fresh = named.is_some() && signed_in_at >= fb;
                if t >= move_at || fresh {
                    return at(
                        Phase::FailingBackMoved,
                        Some(home),
                        Mode::Resiliency,
                        if fresh { signed_in_at } else { move_at },
                    );
                }
                return at(Phase::FailingBackNotMoved, backup, Mode::Resiliency, fb);
            }
        }
        if let Some(done) = e.failover_done_at {
            if t >= done {
                let phase = if e.health(t) == Health::Down { Phase::FailedOver } else { Phase::Restored };
                return at(phase, backup, Mode::Regular, done);
            }
        }
        if let Some(s) = e.signin_at {
            if t >= s {
                let reconnect_at = s.plus_ms(offset);
                if t >= reconnect_at {
                    return at(Phase::FailingOver, backup, Mode::Resiliency, reconnect_at);
                }
                return out(Phase::FailingOver, e.started_at);
            }
        }
        out(Phase::Outage, e.started_at)
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

    /// The population part of [`Simulation::home_counts`], in closed form.
    fn population_counts(&self, pool: PoolIdx, t: SimTime) -> (StateCounts, StateCounts) {
        let sorted = &self.sorted_population_reconnect_ms[usize::from(pool)];
        let n = sorted.len() as u32;
        let within = |since: SimTime| -> u32 {
            // Users whose reconnect delay has elapsed since `since`.
            let elapsed = t.ms().saturating_sub(since.ms());
            sorted.partition_point(|&d| u64::from(d) <= elapsed) as u32
        };
        let mut home = StateCounts::default();
        let mut backup = StateCounts::default();
        let Some(e) = self.dr.episode_at(pool, t) else {
            home.regular = n;
            return (home, backup);
        };
        if e.failback_done_at.is_some_and(|d| t >= d) {
            home.regular = n;
            return (home, backup);
        }
        if let Some(rh) = e.return_home_at.filter(|&rh| t >= rh) {
            let back = within(rh);
            home.regular = back;
            match e.signin_at {
                None => home.signed_out = n - back,
                Some(s) => {
                    let on_backup = within(s).max(back) - back;
                    backup.resiliency = on_backup;
                    home.signed_out = n - back - on_backup;
                }
            }
            return (home, backup);
        }
        if let Some(fb) = e.failback_at.filter(|&fb| t >= fb) {
            let all = self.pool_users(pool).len() as u64;
            let per = self.timings.failback_ms_per_user.max(1);
            let moved_total = ((t.ms() - fb.ms()) / per).min(all) as u32;
            let start = self.pool_start[usize::from(pool)] as usize;
            let named = self.named_of_pool[usize::from(pool)].len();
            let named_moved = self.rank[start..start + named].iter().filter(|&&r| r < moved_total).count() as u32;
            home.resiliency = moved_total - named_moved;
            backup.resiliency = n - home.resiliency;
            return (home, backup);
        }
        if e.failover_done_at.is_some_and(|d| t >= d) {
            backup.regular = n;
            return (home, backup);
        }
        if let Some(s) = e.signin_at.filter(|&s| t >= s) {
            backup.resiliency = within(s);
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

    /// A session's state at `t`.
    pub fn session_state(&self, session: u32, t: SimTime) -> &SessionState {
        let track = &self.sessions[session as usize];
        let n = track.partition_point(|s| s.since <= t).max(1);
        &track[n - 1]
    }

    /// Whether a terminated conference can be rejoined at `t`.
    pub fn rejoin(&self, session: u32, t: SimTime) -> Option<Rejoin> {
        let spec = &self.scenario.sessions[session as usize];
        let SessionKind::Conference { organizer, .. } = spec.kind else { return None };
        if self.session_state(session, t).run != SessionRun::Ended {
            return None;
        }
        let org = self.named_situation(organizer, t);
        Some(if org.mode == Some(Mode::Regular) { Rejoin::Available } else { Rejoin::Blocked })
    }

    /// The members of a session: conference organizer first.
    pub fn session_members(&self, session: u32) -> Vec<NamedIdx> {
        match &self.scenario.sessions[session as usize].kind {
            SessionKind::Conference { organizer, participants } => {
                std::iter::once(*organizer).chain(participants.iter().copied()).collect()
            }
            SessionKind::P2p { users } => users.to_vec(),
        }
    }

    /// Every event of the run, in order (including those after now).
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// A hash of the event log: equal runs give equal hashes on every
    /// platform (FNV-1a over each event's time and sentence).
    pub fn event_log_hash(&self) -> u64 {
        let mut h: u64 = 0xCBF2_9CE4_8422_2325;
        for e in &self.events {
            for b in format!("{}|{}\n", e.at.ms(), self.describe(e)).bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01B3);
            }
        }
        h
    }

    /// The moment the run has nothing more to show: the last event plus ten
    /// minutes, or the scenario's duration if that is later.
    pub fn end_time(&self) -> SimTime {
        let last = self.events.last().map_or(SimTime::ZERO, |e| e.at);
        let by_events = last.plus_ms(600_000);
        self.scenario.duration.map_or(by_events, |d| d.max(by_events))
    }

    /// Moves the clock to `now` (backwards too: a seek). Events up to `now`
    /// become available from [`Simulation::poll_event`]; after a seek
    /// backwards, polling starts again from `now`.
    pub fn handle_time(&mut self, now: SimTime) {
        if now < self.now {
            self.cursor = self.events.partition_point(|e| e.at <= now);
        }
        self.now = now;
    }

    /// The next event at or before now, if any. Call until `None`.
    pub fn poll_event(&mut self) -> Option<&Event> {
        let e = self.events.get(self.cursor).filter(|e| e.at <= self.now)?;
        self.cursor += 1;
        Some(e)
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

    /// Checks an order at the current moment without giving it.
    pub fn check_order(&self, action: &Action) -> Result<(), OrderError> {
        if let Action::Rejoin(session, user) = *action {
            let Some(spec) = self.scenario.sessions.get(session as usize) else {
                return Err(self.rejoin_error(session, user, "there is no such session"));
            };
            if user as usize >= self.scenario.users.len() {
                return Err(self.rejoin_error(session, user, "there is no such user"));
            }
            let members = self.session_members(session);
            let current = self.session_state(session, self.now).clone();
            self.rejoin_outcome(spec, &members, &current, user, self.now)
                .map_err(|why| self.rejoin_error(session, user, why))?;
        }
        let mut dr = self.timeline_until(self.now);
        dr.apply(Order { at: self.now, action: action.clone() })
    }

    fn timeline_until(&self, t: SimTime) -> DrTimeline {
        let named = self.scenario.users.iter().map(|u| (u.name.clone(), u.signed_in)).collect();
        let mut dr = DrTimeline::new(self.timings.clone(), self.scenario.pool_facts(), named);
        for o in self.dr.orders().iter().filter(|o| o.at <= t) {
            // Orders already accepted replay the same way.
            let _ = dr.apply(o.clone());
        }
        dr
    }

    /// Gives an order at the current moment. Orders after now are dropped:
    /// acting after scrubbing back forks the run.
    pub fn handle_order(&mut self, action: Action) -> Result<Accepted, OrderError> {
        if matches!(action, Action::Rejoin(..)) {
            self.check_order(&action)?;
        }
        let mut dr = self.timeline_until(self.now);
        let order = Order { at: self.now, action };
        dr.apply(order)?;
        let dropped = self.dr.orders().len() + 1 - dr.orders().len();
        self.scenario.timeline = dr.orders().to_vec();
        self.dr = dr;
        self.rebuild();
        self.cursor = self.events.partition_point(|e| e.at < self.now);
        Ok(Accepted { dropped })
    }

    /// Recomputes sessions and events from the orders.
    fn rebuild(&mut self) {
        let mut times: Vec<SimTime> = vec![SimTime::ZERO];
        for p in 0..self.scenario.pools.len() {
            for e in self.dr.episodes(p as PoolIdx) {
                times.extend(episode_times(e));
                // Named users' own failback moves.
                for &u in &self.named_of_pool[p] {
                    let r = self.rank[self.named_global[u as usize] as usize];
                    times.extend(e.move_home_at(r, &self.timings));
                }
            }
        }
        for u in 0..self.scenario.users.len() {
            times.extend(self.dr.named_changes(u as NamedIdx).iter().map(|&(t, _)| t));
        }
        times.extend(self.scenario.sessions.iter().map(|s| s.at));
        times.extend(self.dr.rejoins().iter().map(|&(t, _, _)| t));
        times.sort_unstable();
        times.dedup();
        let mut refused = Vec::new();

        let mut events = Vec::new();
        // Sessions and named users, walked over every moment that can change them.
        let mut tracks: Vec<Vec<SessionState>> = Vec::with_capacity(self.scenario.sessions.len());
        for (i, spec) in self.scenario.sessions.iter().enumerate() {
            let members = self.session_members(i as u32);
            let mut track = vec![SessionState {
                run: SessionRun::Pending,
                reason: "Not started yet",
                source: Source::Assumption { note: "scheduled by the scenario" },
                members_in: vec![false; members.len()],
                since: SimTime::ZERO,
            }];
            for &t in times.iter().filter(|&&t| t >= spec.at) {
                // Never empty: a track starts with its pending state.
                let prev = track[track.len() - 1].clone();
                let mut next = self.next_session_state(spec, &members, &prev, t);
                // Then the clicks on rejoin at this moment, in order.
                for &(_, _, u) in self.dr.rejoins().iter().filter(|r| r.0 == t && r.1 == i as u32) {
                    let current = next.clone().unwrap_or_else(|| prev.clone());
                    match self.rejoin_outcome(spec, &members, &current, u, t) {
                        Ok(state) => next = Some(state),
                        Err(why) => refused.push((t, i as u32, u, why)),
                    }
                }
                if let Some(next) = next {
                    events.push(Event {
                        at: t,
                        kind: EventKind::SessionChanged { session: i as u32, run: next.run, reason: next.reason },
                    });
                    if next.since == SimTime::ZERO && track.len() == 1 {
                        track[0] = next;
                    } else if track.last().is_some_and(|l| l.since == t) {
                        // Several changes at one moment: keep the last.
                        if let Some(last) = track.last_mut() {
                            *last = next;
                        }
                    } else {
                        track.push(next);
                    }
                }
            }
            tracks.push(track);
        }
        self.sessions = tracks;
        for u in 0..self.scenario.users.len() as NamedIdx {
            let mut prev = self.named_situation(u, SimTime::ZERO);
            for &t in times.iter().filter(|&&t| t > SimTime::ZERO) {
                let next = self.named_situation(u, t);
                // Only what the user would notice: where they are served and in which mode.
                if (next.serving, next.mode) != (prev.serving, prev.mode) {
                    events.push(Event { at: t, kind: EventKind::UserChanged { user: u, from: prev, to: next } });
                }
                prev = next;
            }
        }
        // Pool events.
        for p in 0..self.scenario.pools.len() as PoolIdx {
            let backup = self.scenario.pools[usize::from(p)].backup;
            let users = self.pool_users(p).len() as u32;
            for e in self.dr.episodes(p) {
                if let Some(f) = e.failed_at {
                    let before = if f == SimTime::ZERO { f } else { SimTime(f.ms() - 1) };
                    let (h, _) = self.home_counts(p, before);
                    let (p2p_ended, conferences_ended) = self.sessions_ended_at(f);
                    events.push(Event {
                        at: f,
                        kind: EventKind::PoolFailed {
                            pool: p,
                            users_signed_out: h.serving(),
                            p2p_ended,
                            conferences_ended,
                        },
                    });
                }
                if let Some(f) = e.failover_at {
                    let mode = if e.failed_at.is_some() { FailoverMode::Disaster } else { FailoverMode::Planned };
                    events.push(Event { at: f, kind: EventKind::FailoverInvoked { pool: p, mode } });
                }
                if let (Some(s), Some(b)) = (e.signin_at, backup) {
                    let until = s.plus_ms(
                        self.sorted_population_reconnect_ms[usize::from(p)].last().copied().map_or(0, u64::from),
                    );
                    events.push(Event {
                        at: s,
                        kind: EventKind::SignInPossible {
                            pool: p,
                            backup: b,
                            by_timer: e.signin_by_timer,
                            users,
                            until,
                        },
                    });
                }
                if let (Some(d), Some(b)) = (e.failover_done_at, backup) {
                    events.push(Event { at: d, kind: EventKind::FailoverCompleted { pool: p, backup: b } });
                }
                if let Some(r) = e.restored_at {
                    events.push(Event { at: r, kind: EventKind::PoolRestored { pool: p } });
                }
                if let Some(r) = e.return_home_at {
                    events.push(Event { at: r, kind: EventKind::ReturningHome { pool: p, users } });
                }
                for &(item, at) in &e.checklist {
                    events.push(Event { at, kind: EventKind::ChecklistDone { pool: p, item } });
                }
                if let (Some(f), Some(eta)) = (e.failback_at, e.failback_done_at) {
                    let (_, conferences_ended) = self.sessions_ended_at(f);
                    events.push(Event {
                        at: f,
                        kind: EventKind::FailbackInvoked { pool: p, users, eta, conferences_ended },
                    });
                    events.push(Event { at: eta, kind: EventKind::FailbackCompleted { pool: p } });
                }
            }
        }
        // Pool events first at a moment, then users, then sessions; stable
        // within each, so ties always break the same way.
        events.sort_by_key(|e| (e.at, event_rank(&e.kind)));
        self.events = events;
        self.refused_rejoins = refused;
    }

    /// A click on rejoin by member `u` at `t`: the session's new state, or why not.
    fn rejoin_outcome(
        &self,
        spec: &crate::scenario::SessionSpec,
        members: &[NamedIdx],
        current: &SessionState,
        u: NamedIdx,
        t: SimTime,
    ) -> Result<SessionState, &'static str> {
        use crate::capability::rows;
        let k = members.iter().position(|&m| m == u).ok_or("they are not a member of it")?;
        let me = self.named_situation(u, t);
        if !me.signed_in() {
            return Err("they are not signed in");
        }
        let state = |run, reason, source, members_in| SessionState { run, reason, source, members_in, since: t };
        // After failback the page's own row says it; before, the failover text.
        let org_phase = self.named_situation(members[0], t).phase;
        let conference_source = if org_phase == Phase::FailedBack {
            Source::PageRow { table: crate::PageTable::AffectedUser, row: rows::CONF_BY_AFFECTED, column: rows::AFTER }
        } else {
            DISRUPTED
        };
        match (&spec.kind, current.run) {
            (_, SessionRun::Pending) => Err("it has not started"),
            (SessionKind::Conference { .. }, SessionRun::Running) if current.members_in[k] => {
                Err("they are already in it")
            }
            (SessionKind::Conference { .. }, SessionRun::Running) => {
                let mut members_in = current.members_in.clone();
                members_in[k] = true;
                Ok(state(SessionRun::Running, "Running; a participant rejoined", conference_source, members_in))
            }
            (SessionKind::Conference { .. }, SessionRun::Ended) => {
                let org = self.named_situation(members[0], t);
                if org.mode != Some(Mode::Regular) {
                    return Err(if org.signed_in() {
                        "no users can rejoin while the organizer is in Resiliency mode"
                    } else {
                        "the organizer is not signed in"
                    });
                }
                let mut members_in = vec![false; members.len()];
                members_in[k] = true;
                Ok(state(
                    SessionRun::Running,
                    "Running again: participants rejoin one by one",
                    conference_source,
                    members_in,
                ))
            }
            (SessionKind::P2p { .. }, SessionRun::Running) => Err("it is already active"),
            (SessionKind::P2p { .. }, SessionRun::Ended) => {
                let all =
                    members.iter().all(|&m| self.named_situation(m, t).cell(CapKey::P2p).value == crate::CapValue::Yes);
                if !all {
                    return Err(
                        "both users must be able to start sessions (no new sessions before failover completes)",
                    );
                }
                Ok(state(SessionRun::Running, "Re-established", DISRUPTED, vec![true; members.len()]))
            }
        }
    }

    /// Clicks on rejoin that could not happen, as (time, session, user, why).
    pub fn refused_rejoins(&self) -> &[(SimTime, u32, NamedIdx, &'static str)] {
        &self.refused_rejoins
    }

    fn sessions_ended_at(&self, t: SimTime) -> (u32, u32) {
        let mut p2p = 0;
        let mut conf = 0;
        for (i, track) in self.sessions.iter().enumerate() {
            if track.iter().any(|s| s.since == t && s.run == SessionRun::Ended)
                && track.iter().any(|s| s.run == SessionRun::Running && s.since < t)
            {
                match self.scenario.sessions[i].kind {
                    SessionKind::P2p { .. } => p2p += 1,
                    SessionKind::Conference { .. } => conf += 1,
                }
            }
        }
        (p2p, conf)
    }

    fn next_session_state(
        &self,
        spec: &crate::scenario::SessionSpec,
        members: &[NamedIdx],
        prev: &SessionState,
        t: SimTime,
    ) -> Option<SessionState> {
        use crate::capability::rows;
        let now: Vec<Situation> = members.iter().map(|&u| self.named_situation(u, t)).collect();
        let state = |run, reason, source, members_in| Some(SessionState { run, reason, source, members_in, since: t });
        match (&spec.kind, prev.run) {
            (_, SessionRun::Ended) => None,
            (SessionKind::P2p { .. }, SessionRun::Pending) => {
                if now.iter().all(|s| s.cell(CapKey::P2p).value == crate::CapValue::Yes) {
                    state(SessionRun::Running, "Established", P2P_SOURCE, vec![true, true])
                } else {
                    state(
                        SessionRun::Ended,
                        "Could not be established: a member cannot start sessions now",
                        ONLY_THEN_SESSIONS,
                        vec![false, false],
                    )
                }
            }
            (SessionKind::P2p { .. }, SessionRun::Running) => {
                if now.iter().all(|s| s.signed_in()) {
                    return None;
                }
                let failed = now.iter().any(|s| s.phase == Phase::Outage);
                let (reason, source) = if failed {
                    ("Ended: a member's pool failed and logged them out", LOGGED_OUT_AT_FAILURE)
                } else {
                    (
                        "Ended: a member signed out",
                        Source::Assumption { note: "a session ends when a member signs out" },
                    )
                };
                state(SessionRun::Ended, reason, source, now.iter().map(|s| s.signed_in()).collect())
            }
            (SessionKind::Conference { .. }, SessionRun::Pending) => {
                let org = now[0];
                if org.mode == Some(Mode::Regular) {
                    state(
                        SessionRun::Running,
                        "Running",
                        ONLY_THEN_SESSIONS,
                        now.iter().map(|s| s.signed_in()).collect(),
                    )
                } else {
                    state(
                        SessionRun::Ended,
                        "Could not start: the organizer cannot host a conference now",
                        ONLY_THEN_SESSIONS,
                        vec![false; members.len()],
                    )
                }
            }
            (SessionKind::Conference { .. }, SessionRun::Running) => {
                let org = now[0];
                let org_prev = self.named_situation(members[0], SimTime(t.ms().saturating_sub(1)));
                if !org.signed_in() {
                    let failed = org.phase == Phase::Outage;
                    let (reason, source) = if failed {
                        ("Terminated: the organizer's pool failed", LOGGED_OUT_AT_FAILURE)
                    } else {
                        (
                            "Terminated: the organizer signed out",
                            Source::Assumption { note: "a conference ends when its organizer signs out" },
                        )
                    };
                    return state(SessionRun::Ended, reason, source, vec![false; members.len()]);
                }
                if org.phase.is_failing_back() && !org_prev.phase.is_failing_back() {
                    return state(
                        SessionRun::Ended,
                        "All modalities terminated: the organizer's pool is failing back",
                        Source::PageRow {
                            table: crate::PageTable::AffectedUser,
                            row: rows::CONF_BY_AFFECTED,
                            column: rows::DURING,
                        },
                        vec![false; members.len()],
                    );
                }
                let members_in: Vec<bool> =
                    prev.members_in.iter().zip(&now).map(|(&was, s)| was && s.signed_in()).collect();
                if members_in != prev.members_in {
                    return state(
                        SessionRun::Running,
                        "Running; a participant was disconnected and must rejoin",
                        DISRUPTED,
                        members_in,
                    );
                }
                None
            }
        }
    }

    /// One sentence for an event, as the event log shows it.
    pub fn describe(&self, e: &Event) -> String {
        let pool = |p: PoolIdx| self.scenario.pools[usize::from(p)].name.as_str();
        let fqdn = |p: PoolIdx| self.scenario.pools[usize::from(p)].id.as_str();
        let user = |u: NamedIdx| self.scenario.users[u as usize].name.as_str();
        let n = |x: u32| group_thousands(u64::from(x));
        match &e.kind {
            EventKind::PoolFailed { pool: p, users_signed_out, p2p_ended, conferences_ended } => format!(
                "{} failed: {} users signed out, {} peer-to-peer sessions and {} conferences ended",
                pool(*p), n(*users_signed_out), n(*p2p_ended), n(*conferences_ended)
            ),
            EventKind::FailoverInvoked { pool: p, mode } => match mode {
                FailoverMode::Disaster => format!("Admin ran Invoke-CsPoolFailover -PoolFqdn {} -DisasterMode ({} is down)", fqdn(*p), pool(*p)),
                FailoverMode::Planned => format!("Admin ran Invoke-CsPoolFailover -PoolFqdn {} (planned): the users of {} sign out and move to the backup pool", fqdn(*p), pool(*p)),
            },
            EventKind::SignInPossible { pool: p, backup, by_timer, users, until } => format!(
                "{} users of {} can sign in to {} in Resiliency mode ({}); reconnects spread until {}",
                n(*users), pool(*p), pool(*backup),
                if *by_timer { "the registrar resiliency timer expired" } else { "the admin invoked failover" },
                until
            ),
            EventKind::FailoverCompleted { pool: p, backup } => format!("Failover of {} complete: its users get all services from {}", pool(*p), pool(*backup)),
            EventKind::PoolRestored { pool: p } => format!("{} is restored", pool(*p)),
            EventKind::ReturningHome { pool: p, users } => format!("{} users of {} are redirected home (no failover was invoked)", n(*users), pool(*p)),
            EventKind::FailbackInvoked { pool: p, users, eta, conferences_ended } => format!(
                "Admin ran Invoke-CsPoolFailBack -PoolFqdn {}: {} users of {} move home one by one until {eta}; {} conferences organized by its users terminated",
                fqdn(*p), n(*users), pool(*p), n(*conferences_ended)
            ),
            EventKind::FailbackCompleted { pool: p } => format!("Failback of {} complete: its users are in regular mode at home", pool(*p)),
            EventKind::ChecklistDone { pool: p, item } => {
                let backup = self.scenario.pools[usize::from(*p)].backup.map_or("<B>", fqdn);
                format!("Admin for {}: {} ({})", pool(*p), item.label(), item.command_for(backup))
            }
            EventKind::UserChanged { user: u, from, to } => {
                let where_ = |s: &Situation| match (s.serving, s.mode) {
                    (Some(p), Some(Mode::Regular)) => format!("signed in to {} in regular mode", pool(p)),
                    (Some(p), Some(Mode::Resiliency)) => format!("signed in to {} in Resiliency mode", pool(p)),
                    _ => "signed out".to_string(),
                };
                format!("{}: {} (was {})", user(*u), where_(to), where_(from))
            }
            EventKind::SessionChanged { session, run: _, reason } => {
                format!("{} \"{}\": {}", match self.scenario.sessions[*session as usize].kind {
                    SessionKind::P2p { .. } => "Peer-to-peer session",
                    SessionKind::Conference { .. } => "Conference",
                }, self.scenario.sessions[*session as usize].id, reason)
            }
        }
    }
}

const P2P_SOURCE: Source = Source::PageRow {
    table: crate::PageTable::AffectedUser,
    row: capability::rows::P2P,
    column: capability::rows::DURING,
};

fn episode_times(e: &Episode) -> impl Iterator<Item = SimTime> {
    [
        Some(e.started_at),
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

/// `20002` as `20,002`.
pub fn group_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
