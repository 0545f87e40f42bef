//! The admin's side: pools, their disaster-recovery episodes and the orders
//! that drive them. Orders are replayed in time order through
//! [`DrTimeline::apply`], which refuses an illegal one with an [`OrderError`]
//! that says why. Everything here is per pool, never per user, so replaying a
//! whole scenario costs microseconds whatever the number of users.

use crate::time::SimTime;
use std::fmt;

/// Index of a pool in the scenario.
pub type PoolIdx = u16;
/// Index of a named user in the scenario.
pub type NamedIdx = u32;

/// The timings of the simulation, in milliseconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timings {
    /// Registrar resiliency timer ("failure detection interval").
    pub registrar_timer_ms: u64,
    /// From `Invoke-CsPoolFailover` to failover complete.
    pub failover_duration_ms: u64,
    /// How long failback takes per user moved (from the users-per-hour rate).
    pub failback_ms_per_user: u64,
    /// The least failback takes ("several minutes").
    pub failback_min_ms: u64,
    /// Clients' reconnect spread after sign-in becomes possible.
    pub reconnect_spread_ms: u64,
    /// "Failback detection interval": after the home pool is back, how long
    /// the backup registrar keeps clients before redirecting them home when
    /// no admin failover happened.
    pub fallback_detection_ms: u64,
}

/// How `Invoke-CsPoolFailover` is run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FailoverMode {
    /// `-DisasterMode`: the pool is no longer accessible.
    Disaster,
    /// Without `-DisasterMode`: a planned failover of a healthy pool.
    Planned,
}

/// Items of the admin's failover checklist that are not replicated by the
/// Backup Service (FACTS.md §1, §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChecklistItem {
    /// Repoint the Edge next hop away from the failed pool.
    RepointEdge,
    /// Fail over the Central Management Store hosted on the failed pool.
    FailoverCms,
    /// Restore the Location Information Server database in the backup pool.
    RestoreLis,
    /// Import the Response Group configuration into the backup pool.
    ImportRgs,
    /// Re-create custom announcements (and custom Call Park music on hold)
    /// in the backup pool: neither is backed up.
    RecreateAnnouncements,
}

impl ChecklistItem {
    /// Every item, in checklist order.
    pub const ALL: [ChecklistItem; 5] = [
        ChecklistItem::RepointEdge,
        ChecklistItem::FailoverCms,
        ChecklistItem::RestoreLis,
        ChecklistItem::ImportRgs,
        ChecklistItem::RecreateAnnouncements,
    ];

    /// The action name in scenario files.
    pub fn action(self) -> &'static str {
        match self {
            ChecklistItem::RepointEdge => "repoint-edge",
            ChecklistItem::FailoverCms => "failover-cms",
            ChecklistItem::RestoreLis => "restore-lis",
            ChecklistItem::ImportRgs => "import-rgs",
            ChecklistItem::RecreateAnnouncements => "recreate-announcements",
        }
    }

    /// What it is, for people.
    pub fn label(self) -> &'static str {
        match self {
            ChecklistItem::RepointEdge => "Repoint the Edge next hop",
            ChecklistItem::FailoverCms => "Fail over the Central Management Store",
            ChecklistItem::RestoreLis => "Restore the LIS database in the backup pool",
            ChecklistItem::ImportRgs => "Import Response Group configuration",
            ChecklistItem::RecreateAnnouncements => "Re-create announcements (and custom Call Park music)",
        }
    }

    /// The PowerShell it stands for (P: failed pool, B: backup pool).
    pub fn command(self) -> &'static str {
        match self {
            ChecklistItem::RepointEdge => "Set-CsEdgeServer -Identity EdgeServer:<edge> -Registrar Registrar:<B>",
            ChecklistItem::FailoverCms => {
                "Invoke-CsManagementServerFailover -BackupSQLServerFqdn <B-sql> -BackupSQLInstanceName <instance>"
            }
            ChecklistItem::RestoreLis => {
                "Import-CsLisConfiguration -FileName <latest backup>; Publish-CsLisConfiguration"
            }
            ChecklistItem::ImportRgs => {
                "Import-CsRgsConfiguration -Destination \"service:ApplicationServer:<B>\" -FileName <latest Export-CsRgsConfiguration file>"
            }
            ChecklistItem::RecreateAnnouncements => {
                "Import-CsAnnouncementFile -Parent \"service:ApplicationServer:<B>\" -FileName <audio file> -Content <its bytes>; New-CsAnnouncement -Parent \"service:ApplicationServer:<B>\" -Name <name> -AudioFilePrompt <audio file>; Set-CsUnassignedNumber -Identity <range> -AnnouncementService \"service:ApplicationServer:<B>\" -AnnouncementName <name>"
            }
        }
    }

    /// What to know when doing it (FACTS.md §1, §4, §7).
    pub fn note(self) -> Option<&'static str> {
        match self {
            ChecklistItem::RestoreLis => Some("Restore the latest Export-CsLisConfiguration backup: the LIS database is not replicated."),
            ChecklistItem::ImportRgs => Some("Formal agents must sign in again after the import, and imported Response Groups can be managed only in PowerShell. SfB Server 2019's Backup Service can sync Response Groups instead (Set-CsBackupServiceConfiguration -EnableRgsBackupService)."),
            ChecklistItem::RecreateAnnouncements => Some("Custom announcement audio and Call Park music on hold are not backed up; failed-over users use the backup pool's Call Park application and its settings."),
            ChecklistItem::FailoverCms => Some("Check first with Invoke-CsManagementServerFailover -WhatIf and Get-CsDatabaseMirrorState -DatabaseType Centralmgmt; afterwards verify that ActiveMasterFqdn moved and every replica is True (Get-CsManagementStoreReplicationStatus). If the CMS was not fully failed over, Invoke-CsPoolFailover must be run again."),
            ChecklistItem::RepointEdge => None,
        }
    }

    /// The PowerShell with the backup pool's FQDN filled in.
    pub fn command_for(self, backup_fqdn: &str) -> String {
        self.command().replace("<B>", backup_fqdn)
    }

    /// Parses a scenario action name.
    pub fn from_action(name: &str) -> Option<ChecklistItem> {
        ChecklistItem::ALL.into_iter().find(|i| i.action() == name)
    }
}

/// Something that happens at a moment: an admin order, a pool event, or a
/// named user's own action.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// The pool fails (not an order: a disaster; still checked for sense).
    PoolFails(PoolIdx),
    /// `Invoke-CsPoolFailover -PoolFqdn P [-DisasterMode]`.
    InvokeFailover(PoolIdx, FailoverMode),
    /// The failed pool is back up.
    PoolRestored(PoolIdx),
    /// `Invoke-CsPoolFailBack -PoolFqdn P`.
    InvokeFailback(PoolIdx),
    /// A checklist item done for the pool's failover.
    Checklist(PoolIdx, ChecklistItem),
    /// A named user signs in.
    UserSignsIn(NamedIdx),
    /// A named user signs out.
    UserSignsOut(NamedIdx),
    /// A named user clicks rejoin on a session (index in the scenario):
    /// rejoins a conference or re-establishes a peer-to-peer session.
    Rejoin(u32, NamedIdx),
}

/// An action at a moment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Order {
    pub at: SimTime,
    pub action: Action,
}

/// Why an order was refused. Every message says what to do instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderError {
    /// Orders must be given in time order.
    OutOfOrder {
        /// The refused order's time.
        at: SimTime,
        /// The latest order already given.
        last: SimTime,
    },
    /// A pool that is already down cannot fail.
    AlreadyDown(String),
    /// A pool that is up cannot be restored.
    NotDown(String),
    /// Failover or failback needs a paired pool.
    Unpaired(String),
    /// Both pools of a pair down at once: beyond the source page.
    PairDown {
        /// The pool that would fail.
        pool: String,
        /// Its partner, already in disaster recovery.
        partner: String,
    },
    /// `-DisasterMode` on a pool that is up.
    DisasterOnHealthyPool(String),
    /// A planned failover of a pool that is down.
    PlannedOnFailedPool(String),
    /// A failover while one runs or is done.
    AlreadyFailedOver(String),
    /// Failing over a pool whose partner is in disaster recovery, worded
    /// from the partner's actual state.
    PartnerInRecovery {
        pool: String,
        partner: String,
        state: PartnerState,
    },
    /// The Edge still uses the pool as its next hop.
    EdgeNextHop(String),
    /// The CMS lives on the pool and was not failed over first.
    CmsNotFailedOver(String),
    /// Failback of a pool that is not failed over.
    NotFailedOver(String),
    /// Failback before failover completed.
    FailoverNotComplete(String),
    /// Failback of a pool still down.
    FailbackPoolDown(String),
    AlreadyFailingBack(String),
    /// Users are already on their way home without an admin failover.
    ReturningHome(String),
    /// A failure while the pool is failed over or failing back.
    InDisasterRecovery(String),
    /// A checklist item that does not apply now.
    ChecklistNotApplicable {
        pool: String,
        item: ChecklistItem,
        why: &'static str,
    },
    /// An order naming a pool or user the scenario does not have.
    UnknownTarget(String),
    /// A rejoin that cannot happen now.
    RejoinRefused {
        user: String,
        session: String,
        why: &'static str,
    },
    /// Sign-in of a user already signed in (or out of one signed out).
    UserAlready {
        user: String,
        /// "signed in" or "signed out".
        state: &'static str,
    },
}

impl fmt::Display for OrderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use OrderError::*;
        match self {
            OutOfOrder { at, last } => write!(f, "an order at {at} comes before the previous one at {last}: give orders in time order"),
            AlreadyDown(p) => write!(f, "{p} is already down"),
            NotDown(p) => write!(f, "{p} is up: only a failed pool can be restored"),
            Unpaired(p) => write!(f, "{p} has no backup pool: failover and failback need a paired pool"),
            PairDown { pool, partner } => write!(f, "{pool} cannot fail while its partner {partner} is in disaster recovery: both pools of a pair down is beyond what the source page describes"),
            DisasterOnHealthyPool(p) => write!(f, "{p} is up: Invoke-CsPoolFailover -DisasterMode is for a pool that is no longer accessible; choose a planned failover (without -DisasterMode)"),
            PlannedOnFailedPool(p) => write!(f, "{p} is down: only Invoke-CsPoolFailover -DisasterMode can fail it over"),
            AlreadyFailedOver(p) => write!(f, "{p} is already failed over (or failing over)"),
            PartnerInRecovery { pool, partner, state } => match state {
                PartnerState::Waiting => write!(f, "{partner} is down and its users wait to sign in to {pool}: {pool} cannot be failed over until {partner} is restored and its users are home"),
                PartnerState::OnBackupByTimer => write!(f, "{partner} is down and its users are signed in to {pool} in Resiliency mode (no failover was invoked): {pool} cannot be failed over until {partner} is restored and its users are home"),
                PartnerState::ReturningHome => write!(f, "{partner} is back and the backup registrar is redirecting its users home: wait until they are home before failing over {pool}"),
                PartnerState::FailingOver => write!(f, "{partner} is failing over to {pool}: wait for the failover to complete, then fail back {partner}'s users before failing over {pool}"),
                PartnerState::FailedOverDown => write!(f, "{partner} is failed over to {pool} and still down: once it is restored, fail back {partner}'s users before failing over {pool}"),
                PartnerState::FailedOverUp => write!(f, "{partner} is failed over to {pool}: fail back {partner}'s users (Invoke-CsPoolFailBack) before failing over {pool}"),
                PartnerState::FailingBack => write!(f, "{partner} is failing back from {pool}: wait until failback completes before failing over {pool}"),
            },
            EdgeNextHop(p) => write!(f, "{p} is specified in topology as the next hop for the Edge server. Failing over this pool may cause External access/Federation/Split-domain/XMPP features to stop working: repoint the Edge next hop first"),
            CmsNotFailedOver(p) => write!(f, "the Central Management Store is on {p}: run Invoke-CsManagementServerFailover before failing over the pool"),
            NotFailedOver(p) => write!(f, "{p} is not failed over: there is nothing to fail back"),
            FailoverNotComplete(p) => write!(f, "the failover of {p} is not complete yet: wait for it before Invoke-CsPoolFailBack"),
            FailbackPoolDown(p) => write!(f, "{p} is still down: restore it before Invoke-CsPoolFailBack"),
            AlreadyFailingBack(p) => write!(f, "{p} is already failing back"),
            ReturningHome(p) => write!(f, "{p} is back up and its users are returning home through the backup registrar: wait until they are home"),
            InDisasterRecovery(p) => write!(f, "{p} is failed over or failing back: a new failure before failback completes is beyond what the source page describes"),
            ChecklistNotApplicable { pool, item, why } => write!(f, "{} for {pool}: not now, {why}", item.label()),
            UserAlready { user, state } => write!(f, "{user} is already {state}"),
            UnknownTarget(what) => write!(f, "{what} is not in this scenario"),
            RejoinRefused { user, session, why } => write!(f, "{user} cannot rejoin \"{session}\" now: {why}"),
        }
    }
}

impl std::error::Error for OrderError {}

/// A partner pool's state, for the wording of a refusal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartnerState {
    Waiting,
    OnBackupByTimer,
    ReturningHome,
    FailingOver,
    FailedOverDown,
    FailedOverUp,
    FailingBack,
}

/// What a refused order's reason points the admin to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Remedy {
    /// Give this order instead (it may itself need a step first: follow it).
    Order(Action),
    /// A change outside the admin's hands.
    Wait(Awaited),
    /// What the order asks for already holds, or can never apply to this
    /// pool or user: nothing to do.
    Nothing,
}

/// Changes the admin waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Awaited {
    PoolRestored(PoolIdx),
    FailoverComplete(PoolIdx),
    FailbackComplete(PoolIdx),
    UsersHome(PoolIdx),
}

/// What the pool reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Health {
    Up,
    Down,
}

impl Health {
    /// As in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Up => "up",
            Health::Down => "down",
        }
    }
}

/// The pool's disaster-recovery state (`PoolState` of the registrar).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DrState {
    Normal,
    /// `Invoke-CsPoolFailover` running.
    FailingOver,
    FailedOver,
    /// `Invoke-CsPoolFailBack` running.
    FailingBack,
}

impl DrState {
    /// As in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DrState::Normal => "normal",
            DrState::FailingOver => "failing-over",
            DrState::FailedOver => "failed-over",
            DrState::FailingBack => "failing-back",
        }
    }
}

/// The static facts of a pool that the timeline needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolFacts {
    pub name: String,
    pub backup: Option<PoolIdx>,
    /// Users homed on the pool (named and population).
    pub users: u32,
    /// The Edge uses this pool as its next hop.
    pub edge_next_hop: bool,
    /// The Central Management Store lives on this pool.
    pub hosts_cms: bool,
}

impl PoolFacts {
    /// Why checklist `item` does not apply to this pool, if it does not.
    fn not_applicable(&self, item: ChecklistItem) -> Option<&'static str> {
        match item {
            _ if self.backup.is_none() => Some("the pool has no backup pool"),
            ChecklistItem::RepointEdge if !self.edge_next_hop => {
                Some("the Edge does not use this pool as its next hop")
            }
            ChecklistItem::FailoverCms if !self.hosts_cms => Some("the Central Management Store is not on this pool"),
            _ => None,
        }
    }
}

/// One disaster of one pool, from the failure (or a planned failover) until
/// its users are home again. Derived times are recomputed after every order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Episode {
    /// The failure, or the planned failover.
    pub started_at: SimTime,
    /// When the pool went down (`None` for a planned failover).
    pub failed_at: Option<SimTime>,
    /// `Invoke-CsPoolFailover`.
    pub failover_at: Option<SimTime>,
    /// The pool is back up.
    pub restored_at: Option<SimTime>,
    /// `Invoke-CsPoolFailBack`.
    pub failback_at: Option<SimTime>,
    /// Checklist items done, in order.
    pub checklist: Vec<(ChecklistItem, SimTime)>,
    /// Derived: sign-in to the backup pool becomes possible (registrar timer
    /// or failover, whichever first).
    pub signin_at: Option<SimTime>,
    /// Derived: why sign-in became possible.
    pub signin_by_timer: bool,
    /// Derived: failover complete.
    pub failover_done_at: Option<SimTime>,
    /// Derived: failback complete.
    pub failback_done_at: Option<SimTime>,
    /// Derived: the time between two users moved home during failback (the
    /// rate, stretched so failback never takes less than its minimum).
    pub failback_step_ms: u64,
    /// Derived: users are redirected home without failback (the pool came
    /// back before any admin failover).
    pub return_home_at: Option<SimTime>,
}

impl Episode {
    fn new(started_at: SimTime, failed: bool) -> Episode {
        Episode {
            started_at,
            failed_at: failed.then_some(started_at),
            failover_at: None,
            restored_at: None,
            failback_at: None,
            checklist: Vec::new(),
            signin_at: None,
            signin_by_timer: false,
            failover_done_at: None,
            failback_done_at: None,
            failback_step_ms: 0,
            return_home_at: None,
        }
    }

    fn derive(&mut self, timings: &Timings, paired: bool, users: u32) {
        self.signin_at = None;
        self.signin_by_timer = false;
        if paired {
            let timer = self.failed_at.map(|f| f.plus_ms(timings.registrar_timer_ms));
            let candidate = match (timer, self.failover_at) {
                (Some(a), Some(b)) if a < b => Some((a, true)),
                (_, Some(b)) => Some((b, false)),
                (Some(a), None) => Some((a, true)),
                (None, None) => None,
            };
            // The timer only matters if it fires before the pool is back.
            if let Some((at, by_timer)) = candidate {
                if self.failover_at.is_some() || self.restored_at.is_none_or(|r| at < r) {
                    self.signin_at = Some(at);
                    self.signin_by_timer = by_timer;
                }
            }
        }
        self.failover_done_at = self.failover_at.map(|f| f.plus_ms(timings.failover_duration_ms));
        // "The failback process takes several minutes to complete": never
        // less than the minimum, however few users move.
        let n = u64::from(users);
        self.failback_step_ms = timings.failback_ms_per_user.max(timings.failback_min_ms.div_ceil(n.max(1)));
        let span = (n * self.failback_step_ms).max(timings.failback_min_ms);
        self.failback_done_at = self.failback_at.map(|f| f.plus_ms(span));
        self.return_home_at = match (self.failover_at, self.restored_at) {
            (None, Some(r)) if self.signin_at.is_some() => Some(r.plus_ms(timings.fallback_detection_ms)),
            (None, Some(r)) => Some(r),
            _ => None,
        };
    }

    /// When the users of the pool are all home again (`None`: not yet known).
    pub fn end_at(&self, timings: &Timings) -> Option<SimTime> {
        self.failback_done_at.or(self.return_home_at.map(|r| r.plus_ms(timings.reconnect_spread_ms)))
    }

    /// True if the item was done at or before `t`.
    pub fn done(&self, item: ChecklistItem, t: SimTime) -> bool {
        self.checklist.iter().any(|&(i, at)| i == item && at <= t)
    }

    /// The moment the user of failback rank `rank` (0-based) is moved home.
    pub fn move_home_at(&self, rank: u32) -> Option<SimTime> {
        self.failback_at.map(|f| f.plus_ms(u64::from(rank).saturating_add(1).saturating_mul(self.failback_step_ms)))
    }

    /// Failback under way at `t`: how many of the pool's `users` have moved
    /// home (users of rank below `moved` have), and when it completes.
    pub fn failback_progress(&self, t: SimTime, users: u32) -> Option<FailbackProgress> {
        let (start, done) = (self.failback_at?, self.failback_done_at?);
        if t < start {
            return None;
        }
        let per = self.failback_step_ms.max(1);
        let moved = ((t.ms() - start.ms()) / per).min(u64::from(users)) as u32;
        Some(FailbackProgress { moved, total: users, done_at: done })
    }

    /// The pool's health at `t` (within the episode).
    pub fn health(&self, t: SimTime) -> Health {
        match (self.failed_at, self.restored_at) {
            (Some(f), r) if f <= t && r.is_none_or(|r| t < r) => Health::Down,
            _ => Health::Up,
        }
    }

    /// The pool's DR state at `t` (within the episode).
    pub fn dr_state(&self, t: SimTime) -> DrState {
        if let Some(done) = self.failback_done_at {
            if t >= done {
                return DrState::Normal;
            }
        }
        if self.failback_at.is_some_and(|f| t >= f) {
            return DrState::FailingBack;
        }
        if self.failover_done_at.is_some_and(|d| t >= d) {
            return DrState::FailedOver;
        }
        if self.failover_at.is_some_and(|f| t >= f) {
            return DrState::FailingOver;
        }
        DrState::Normal
    }
}

/// How far a failback has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FailbackProgress {
    pub moved: u32,
    pub total: u32,
    pub done_at: SimTime,
}

/// All pools' episodes and the named users' sign-in actions, built by
/// replaying orders.
#[derive(Clone, Debug)]
pub struct DrTimeline {
    timings: Timings,
    pools: Vec<PoolFacts>,
    named_names: Vec<String>,
    episodes: Vec<Vec<Episode>>,
    /// Per named user: initial state, then (time, signed in?) changes.
    sign_ins: Vec<(bool, Vec<(SimTime, bool)>)>,
    /// (time, session, user) clicks on rejoin, in time order.
    rejoins: Vec<(SimTime, u32, NamedIdx)>,
    /// Per pool: checklist steps done before any episode opened (moved into
    /// the next episode when it opens).
    prepared: Vec<Vec<(ChecklistItem, SimTime)>>,
    orders: Vec<Order>,
}

impl DrTimeline {
    /// Every order an admin could give for pool `p` (whether legal now or
    /// not): the page's admin panel lists these.
    pub fn admin_orders(&self, p: PoolIdx) -> Vec<Action> {
        let facts = &self.pools[usize::from(p)];
        let mut out = vec![Action::PoolFails(p), Action::PoolRestored(p)];
        if facts.backup.is_some() {
            out.push(Action::InvokeFailover(p, FailoverMode::Disaster));
            out.push(Action::InvokeFailover(p, FailoverMode::Planned));
            out.push(Action::InvokeFailback(p));
            let items = ChecklistItem::ALL.into_iter().filter(|&i| facts.not_applicable(i).is_none());
            out.extend(items.map(|i| Action::Checklist(p, i)));
        }
        out
    }

    /// What failing pool `p` over in a disaster takes, in order: the
    /// preparations the cmdlet insists on, then `Invoke-CsPoolFailover
    /// -DisasterMode`. Empty for a pool with no backup.
    pub fn failover_procedure(&self, p: PoolIdx) -> Vec<Action> {
        let facts = &self.pools[usize::from(p)];
        if facts.backup.is_none() {
            return Vec::new();
        }
        let before = [ChecklistItem::RepointEdge, ChecklistItem::FailoverCms];
        let mut out: Vec<Action> = before
            .into_iter()
            .filter(|&i| facts.not_applicable(i).is_none())
            .map(|i| Action::Checklist(p, i))
            .collect();
        out.push(Action::InvokeFailover(p, FailoverMode::Disaster));
        out
    }

    /// A timeline with no orders.
    pub fn new(timings: Timings, pools: Vec<PoolFacts>, named: Vec<(String, bool)>) -> DrTimeline {
        let episodes = vec![Vec::new(); pools.len()];
        let prepared_len = pools.len();
        let (named_names, initial): (Vec<String>, Vec<bool>) = named.into_iter().unzip();
        DrTimeline {
            timings,
            pools,
            named_names,
            episodes,
            sign_ins: initial.into_iter().map(|s| (s, Vec::new())).collect(),
            rejoins: Vec::new(),
            prepared: vec![Vec::new(); prepared_len],
            orders: Vec::new(),
        }
    }

    pub fn timings(&self) -> &Timings {
        &self.timings
    }

    /// The pools' facts.
    pub fn pools(&self) -> &[PoolFacts] {
        &self.pools
    }

    /// The orders accepted so far, in time order.
    pub fn orders(&self) -> &[Order] {
        &self.orders
    }

    /// A pool's episodes, in time order.
    pub fn episodes(&self, pool: PoolIdx) -> &[Episode] {
        &self.episodes[usize::from(pool)]
    }

    /// The episode that governs `pool` at `t`: the latest one started at or
    /// before `t` (a finished one still tells that failback completed).
    pub fn episode_at(&self, pool: PoolIdx, t: SimTime) -> Option<&Episode> {
        let eps = &self.episodes[usize::from(pool)];
        let n = eps.partition_point(|e| e.started_at <= t);
        n.checked_sub(1).map(|i| &eps[i])
    }

    /// The episode of `pool` still running at `t`.
    pub fn open_episode_at(&self, pool: PoolIdx, t: SimTime) -> Option<&Episode> {
        self.episode_at(pool, t).filter(|e| e.end_at(&self.timings).is_none_or(|end| t < end))
    }

    /// Whether a named user wants to be signed in at `t`, and since when.
    pub fn named_signed_in(&self, user: NamedIdx, t: SimTime) -> (bool, SimTime) {
        let (initial, changes) = &self.sign_ins[user as usize];
        let n = changes.partition_point(|&(at, _)| at <= t);
        match n.checked_sub(1) {
            Some(i) => (changes[i].1, changes[i].0),
            None => (*initial, SimTime::ZERO),
        }
    }

    /// Rejoin clicks: (time, session, user), in time order.
    pub fn rejoins(&self) -> &[(SimTime, u32, NamedIdx)] {
        &self.rejoins
    }

    /// A named user's sign-in changes.
    pub fn named_changes(&self, user: NamedIdx) -> &[(SimTime, bool)] {
        &self.sign_ins[user as usize].1
    }

    /// Health at `t`.
    pub fn health(&self, pool: PoolIdx, t: SimTime) -> Health {
        self.episode_at(pool, t).map_or(Health::Up, |e| e.health(t))
    }

    /// DR state at `t`.
    pub fn dr_state(&self, pool: PoolIdx, t: SimTime) -> DrState {
        self.episode_at(pool, t).map_or(DrState::Normal, |e| e.dr_state(t))
    }

    fn name(&self, pool: PoolIdx) -> String {
        self.pools[usize::from(pool)].name.clone()
    }

    /// Applies an order given at or after every earlier one.
    pub fn apply(&mut self, order: Order) -> Result<(), OrderError> {
        if let Some(last) = self.orders.last() {
            if order.at < last.at {
                return Err(OrderError::OutOfOrder { at: order.at, last: last.at });
            }
        }
        let t = order.at;
        // Indices come from callers of the public API: check, never panic.
        match order.action {
            Action::PoolFails(p)
            | Action::InvokeFailover(p, _)
            | Action::PoolRestored(p)
            | Action::InvokeFailback(p)
            | Action::Checklist(p, _)
                if usize::from(p) >= self.pools.len() =>
            {
                return Err(OrderError::UnknownTarget(format!("pool #{p}")));
            }
            Action::UserSignsIn(u) | Action::UserSignsOut(u) | Action::Rejoin(_, u)
                if u as usize >= self.sign_ins.len() =>
            {
                return Err(OrderError::UnknownTarget(format!("user #{u}")));
            }
            _ => {}
        }
        match order.action {
            Action::PoolFails(p) => self.pool_fails(p, t)?,
            Action::InvokeFailover(p, mode) => self.invoke_failover(p, mode, t)?,
            Action::PoolRestored(p) => self.pool_restored(p, t)?,
            Action::InvokeFailback(p) => self.invoke_failback(p, t)?,
            Action::Checklist(p, item) => self.checklist(p, item, t)?,
            Action::UserSignsIn(u) => self.sign(u, true, t)?,
            Action::UserSignsOut(u) => self.sign(u, false, t)?,
            // Checked against the sessions by the simulation, which owns them.
            Action::Rejoin(session, u) => self.rejoins.push((t, session, u)),
        }
        self.orders.push(order);
        Ok(())
    }

    fn rederive(&mut self, pool: PoolIdx) {
        let facts = &self.pools[usize::from(pool)];
        let (paired, users) = (facts.backup.is_some(), facts.users);
        if let Some(e) = self.episodes[usize::from(pool)].last_mut() {
            e.derive(&self.timings, paired, users);
        }
    }

    fn open_mut(&mut self, pool: PoolIdx, t: SimTime) -> Option<&mut Episode> {
        let timings = self.timings.clone();
        self.episodes[usize::from(pool)]
            .last_mut()
            .filter(|e| e.started_at <= t && e.end_at(&timings).is_none_or(|end| t < end))
    }

    fn open_episode(&mut self, p: PoolIdx, t: SimTime, failed: bool) {
        let mut episode = Episode::new(t, failed);
        episode.checklist = std::mem::take(&mut self.prepared[usize::from(p)]);
        self.episodes[usize::from(p)].push(episode);
    }

    /// Whether a step of the failover checklist is done for `p` at `t`: in
    /// its open episode, or as a preparation before any episode.
    fn done_before_failover(&self, p: PoolIdx, item: ChecklistItem, t: SimTime) -> bool {
        match self.open_episode_at(p, t) {
            Some(e) => e.done(item, t),
            None => self.prepared[usize::from(p)].iter().any(|&(i, at)| i == item && at <= t),
        }
    }

    /// The state of partner pool `b` if it is in disaster recovery at `t`.
    fn partner_state(&self, b: PoolIdx, t: SimTime) -> Option<PartnerState> {
        let e = self.open_episode_at(b, t)?;
        let down = e.health(t) == Health::Down;
        Some(match e.dr_state(t) {
            DrState::FailingBack => PartnerState::FailingBack,
            DrState::FailedOver if down => PartnerState::FailedOverDown,
            DrState::FailedOver => PartnerState::FailedOverUp,
            DrState::FailingOver => PartnerState::FailingOver,
            DrState::Normal if !down => PartnerState::ReturningHome,
            DrState::Normal if e.signin_at.is_some_and(|s| s <= t) => PartnerState::OnBackupByTimer,
            DrState::Normal => PartnerState::Waiting,
        })
    }

    /// What the refusal `error` of `action` at `t` points the admin to.
    pub fn remedy(&self, action: &Action, error: &OrderError, t: SimTime) -> Remedy {
        use OrderError::*;
        let pool = match *action {
            Action::PoolFails(p)
            | Action::InvokeFailover(p, _)
            | Action::PoolRestored(p)
            | Action::InvokeFailback(p)
            | Action::Checklist(p, _) => p,
            _ => return Remedy::Nothing,
        };
        let partner = self.pools.get(usize::from(pool)).and_then(|f| f.backup);
        match error {
            DisasterOnHealthyPool(_) => Remedy::Order(Action::InvokeFailover(pool, FailoverMode::Planned)),
            PlannedOnFailedPool(_) => Remedy::Order(Action::InvokeFailover(pool, FailoverMode::Disaster)),
            EdgeNextHop(_) => Remedy::Order(Action::Checklist(pool, ChecklistItem::RepointEdge)),
            CmsNotFailedOver(_) => Remedy::Order(Action::Checklist(pool, ChecklistItem::FailoverCms)),
            FailoverNotComplete(_) => Remedy::Wait(Awaited::FailoverComplete(pool)),
            FailbackPoolDown(_) => Remedy::Wait(Awaited::PoolRestored(pool)),
            ReturningHome(_) => Remedy::Wait(Awaited::UsersHome(pool)),
            ChecklistNotApplicable { why, .. } if why.contains("invoke failover first") => {
                let down = self.health(pool, t) == Health::Down;
                let mode = if down { FailoverMode::Disaster } else { FailoverMode::Planned };
                Remedy::Order(Action::InvokeFailover(pool, mode))
            }
            PartnerInRecovery { state, .. } => {
                let Some(b) = partner else { return Remedy::Nothing };
                match state {
                    PartnerState::Waiting | PartnerState::OnBackupByTimer | PartnerState::FailedOverDown => {
                        Remedy::Wait(Awaited::PoolRestored(b))
                    }
                    PartnerState::ReturningHome => Remedy::Wait(Awaited::UsersHome(b)),
                    PartnerState::FailingOver => Remedy::Wait(Awaited::FailoverComplete(b)),
                    PartnerState::FailedOverUp => Remedy::Order(Action::InvokeFailback(b)),
                    PartnerState::FailingBack => Remedy::Wait(Awaited::FailbackComplete(b)),
                }
            }
            _ => Remedy::Nothing,
        }
    }

    fn pool_fails(&mut self, p: PoolIdx, t: SimTime) -> Result<(), OrderError> {
        if self.health(p, t) == Health::Down {
            return Err(OrderError::AlreadyDown(self.name(p)));
        }
        if let Some(b) = self.pools[usize::from(p)].backup {
            if self.open_episode_at(b, t).is_some() {
                return Err(OrderError::PairDown { pool: self.name(p), partner: self.name(b) });
            }
        }
        if let Some(e) = self.open_mut(p, t) {
            // Restored (or planned) and not yet failed back: its users are on
            // the backup, and a second disaster is not modelled.
            if e.failover_at.is_some() {
                return Err(OrderError::InDisasterRecovery(self.name(p)));
            }
            return Err(OrderError::ReturningHome(self.name(p)));
        }
        self.open_episode(p, t, true);
        self.rederive(p);
        Ok(())
    }

    fn invoke_failover(&mut self, p: PoolIdx, mode: FailoverMode, t: SimTime) -> Result<(), OrderError> {
        let Some(b) = self.pools[usize::from(p)].backup else {
            return Err(OrderError::Unpaired(self.name(p)));
        };
        if let Some(state) = self.partner_state(b, t) {
            return Err(OrderError::PartnerInRecovery { pool: self.name(p), partner: self.name(b), state });
        }
        let down = self.health(p, t) == Health::Down;
        match (mode, down) {
            (FailoverMode::Disaster, false) if self.open_episode_at(p, t).is_none() => {
                return Err(OrderError::DisasterOnHealthyPool(self.name(p)))
            }
            (FailoverMode::Planned, true) => return Err(OrderError::PlannedOnFailedPool(self.name(p))),
            _ => {}
        }
        if let Some(e) = self.open_episode_at(p, t) {
            if e.failover_at.is_some() {
                return Err(OrderError::AlreadyFailedOver(self.name(p)));
            }
            if e.restored_at.is_some() {
                return Err(OrderError::ReturningHome(self.name(p)));
            }
        }
        let facts = &self.pools[usize::from(p)];
        let (edge, cms) = (facts.edge_next_hop, facts.hosts_cms);
        let done = |item| self.done_before_failover(p, item, t);
        if edge && !done(ChecklistItem::RepointEdge) {
            return Err(OrderError::EdgeNextHop(self.name(p)));
        }
        if cms && !done(ChecklistItem::FailoverCms) {
            return Err(OrderError::CmsNotFailedOver(self.name(p)));
        }
        if self.open_episode_at(p, t).is_none() {
            self.open_episode(p, t, false);
        }
        if let Some(e) = self.open_mut(p, t) {
            e.failover_at = Some(t);
        }
        self.rederive(p);
        Ok(())
    }

    fn pool_restored(&mut self, p: PoolIdx, t: SimTime) -> Result<(), OrderError> {
        if self.health(p, t) == Health::Up {
            return Err(OrderError::NotDown(self.name(p)));
        }
        if let Some(e) = self.open_mut(p, t) {
            e.restored_at = Some(t);
        }
        self.rederive(p);
        Ok(())
    }

    fn invoke_failback(&mut self, p: PoolIdx, t: SimTime) -> Result<(), OrderError> {
        if self.pools[usize::from(p)].backup.is_none() {
            return Err(OrderError::Unpaired(self.name(p)));
        }
        let name = self.name(p);
        let health = self.health(p, t);
        let Some(e) = self.open_mut(p, t) else {
            return Err(OrderError::NotFailedOver(name));
        };
        if e.failover_at.is_none() {
            return Err(OrderError::NotFailedOver(name));
        }
        if e.failback_at.is_some() {
            return Err(OrderError::AlreadyFailingBack(name));
        }
        if e.failover_done_at.is_some_and(|d| t < d) {
            return Err(OrderError::FailoverNotComplete(name));
        }
        if health == Health::Down {
            return Err(OrderError::FailbackPoolDown(name));
        }
        e.failback_at = Some(t);
        self.rederive(p);
        Ok(())
    }

    fn checklist(&mut self, p: PoolIdx, item: ChecklistItem, t: SimTime) -> Result<(), OrderError> {
        let facts = self.pools[usize::from(p)].clone();
        let not = |why| OrderError::ChecklistNotApplicable { pool: facts.name.clone(), item, why };
        if let Some(why) = facts.not_applicable(item) {
            return Err(not(why));
        }
        let preparation = matches!(item, ChecklistItem::RepointEdge | ChecklistItem::FailoverCms);
        if self.open_episode_at(p, t).is_none() {
            // FACTS.md §4 steps 0 and 4: the Edge next hop and the CMS are
            // moved before failing over, so a healthy pool about to be failed
            // over (planned) can be prepared.
            if !preparation {
                return Err(not("it is part of the failover: invoke failover first"));
            }
            if self.prepared[usize::from(p)].iter().any(|&(i, _)| i == item) {
                return Err(not("it is already done"));
            }
            self.prepared[usize::from(p)].push((item, t));
            return Ok(());
        }
        let Some(e) = self.open_mut(p, t) else {
            return Err(not("the pool is not in disaster recovery"));
        };
        if e.failback_at.is_some() {
            return Err(not("failback has started"));
        }
        if e.checklist.iter().any(|&(i, _)| i == item) {
            return Err(not("it is already done"));
        }
        let needs_failover =
            matches!(item, ChecklistItem::RestoreLis | ChecklistItem::ImportRgs | ChecklistItem::RecreateAnnouncements);
        if needs_failover && e.failover_at.is_none() {
            return Err(not("it is part of the failover: invoke failover first"));
        }
        e.checklist.push((item, t));
        Ok(())
    }

    fn sign(&mut self, u: NamedIdx, signed_in: bool, t: SimTime) -> Result<(), OrderError> {
        let (now, _) = self.named_signed_in(u, t);
        if now == signed_in {
            let state = if signed_in { "signed in" } else { "signed out" };
            return Err(OrderError::UserAlready { user: self.named_names[u as usize].clone(), state });
        }
        self.sign_ins[u as usize].1.push((t, signed_in));
        Ok(())
    }
}
