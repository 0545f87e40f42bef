//! Scenario files: the public TOML format trainers author (documented in
//! `docs/SCENARIOS.md`). [`Scenario::parse`] checks the format and reports
//! every problem at once, each with its line; whether the orders are legal at
//! their moment is checked against the run, a layer up, in `check.rs`.

use crate::dr::{NamedIdx, Order, PoolFacts, PoolIdx, Timings};
use crate::orders::Names;
use crate::time::SimTime;

use std::fmt;

/// The largest pool SfB Server 2019 supports (FACTS.md §6).
pub const MAX_USERS_PER_POOL: u32 = 106_000;
/// The most pools a scenario may have: what the stage can draw as readable
/// columns in an 800 px frame, and beyond any pairing story a trainer tells.
pub const MAX_POOLS: usize = 12;
/// The most users a scenario may have in all (ten full pools): about 12 MB
/// of per-user arrays, so a page never runs out of memory.
pub const MAX_TOTAL_USERS: u32 = 1_060_000;
/// The longest scenario: every time in a file is within a week of its start.
pub const MAX_SCENARIO_S: u64 = 7 * 24 * 3600;
/// The largest scenario file read, in bytes (the built-ins are under 20 KB).
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// The longest id (pool, user, session) and the longest name or title.
pub const MAX_ID_CHARS: usize = 64;
pub const MAX_NAME_CHARS: usize = 200;

/// Characters that must not hide in ids, names and messages: control
/// characters, and the invisible formatting ones (bidi overrides, zero-width
/// spaces and joiners, the byte-order mark) that make text read reversed or
/// two different ids look the same.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}' | '\u{00AD}')
}

/// `text` with hidden characters shown as escapes (`\u{1b}`), so a value
/// echoed in a message cannot forge lines, drive a terminal or read reversed.
pub fn printable(text: &str) -> String {
    text.chars().flat_map(|c| if is_hidden(c) { c.escape_default().collect::<Vec<_>>() } else { vec![c] }).collect()
}

/// One problem in a scenario file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line.
    pub line: u32,
    /// What is wrong and, where it helps, what to write instead.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.message)
    }
}

/// Every problem of a file, in line order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// `FILE:LINE: message`, one per line.
    pub fn render(&self, file: &str) -> String {
        self.0.iter().map(|p| format!("{file}:{p}")).collect::<Vec<_>>().join("\n")
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("scenario"))
    }
}

impl std::error::Error for Problems {}

/// The settings of a run (defaults from MODEL.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// Seeds the reconnect spread and the failback order.
    pub seed: u64,
    /// Registrar resiliency timer, seconds (default 120; some pages say 300).
    pub registrar_timer_s: u64,
    /// `Invoke-CsPoolFailover` to complete, seconds (SfB RTO 15-20 min).
    pub failover_duration_s: u64,
    /// Failback rate (the page: up to 60 minutes for 20,000 users).
    pub failback_users_per_hour: u64,
    /// The least failback takes, seconds (the page: "several minutes").
    pub failback_min_s: u64,
    /// Population users reconnect within this many seconds (assumption).
    pub reconnect_spread_s: u64,
    /// Failback detection interval, seconds (Topology Builder default 240).
    pub fallback_detection_s: u64,
}

/// A `[config]` setting: its key in files, its label, its default with
/// where that comes from, and its bounds. The one table of timing settings:
/// the parser, the file writer, the editor and the notes all read it.
#[derive(Clone, Copy, Debug)]
pub struct Setting {
    pub key: &'static str,
    pub label: &'static str,
    pub default: u64,
    pub min: u64,
    pub max: u64,
    /// Where the default comes from, for people.
    pub source: &'static str,
    /// The default is our choice where the sources give no number.
    pub assumption: bool,
    pub get: fn(&Config) -> u64,
    pub set: fn(&mut Config, u64),
}

/// A row of [`SETTINGS`]: the key is the `Config` field's name, so the
/// getter and setter cannot name another field.
macro_rules! setting {
    ($field:ident, $label:expr, $default:expr, $min:literal..=$max:expr, $assumption:expr, $source:expr) => {
        Setting {
            key: stringify!($field),
            label: $label,
            default: $default,
            min: $min,
            max: $max,
            source: $source,
            assumption: $assumption,
            get: |c| c.$field,
            set: |c, v| c.$field = v,
        }
    };
}

/// Every setting. Kept drafts store values by position: add at the end.
pub const SETTINGS: [Setting; 7] = [
    setting!(registrar_timer_s, "Registrar resiliency timer (s)", 120, 1..=86_400, false,
        "Topology Builder's default; Microsoft's Enterprise Voice pages say 300 s"),
    setting!(failover_duration_s, "Invoke-CsPoolFailover takes (s)", 900, 0..=86_400, false,
        "Microsoft's recovery time objective for a pool: 15 to 20 minutes"),
    setting!(failback_users_per_hour, "Failback moves up to users per hour", 20_000, 1..=3_600_000, false,
        "the page: \"expected to take up to 60 minutes for a pool of 20,000 users\""),
    setting!(fallback_detection_s, "Failback detection interval (s)", 240, 0..=86_400, false,
        "Topology Builder's default"),
    setting!(reconnect_spread_s, "Clients reconnect within (s)", 60, 0..=3_600, true,
        "assumption: clients retry within a minute"),
    setting!(seed, "Random variation: the same number, the same run", 1, 0..=i64::MAX as u64, false,
        "any number: the same seed gives the same run"),
    setting!(failback_min_s, "Failback takes at least (s)", 300, 0..=86_400, true,
        "assumption: the page says failback \"takes several minutes to complete\" and gives no minimum; we take 5 minutes"),
];

impl Config {
    /// The default timings and where they come from, for people.
    pub fn defaults_note() -> String {
        let parts: Vec<String> = SETTINGS
            .iter()
            .filter(|s| s.key != "seed")
            .map(|s| format!("{} {} ({})", s.label, crate::text::group_thousands(s.default), s.source))
            .collect();
        format!("Timings are configurable per scenario: {}.", parts.join("; "))
    }
}

impl Default for Config {
    fn default() -> Config {
        let mut c = Config {
            seed: 0,
            registrar_timer_s: 0,
            failover_duration_s: 0,
            failback_users_per_hour: 0,
            failback_min_s: 0,
            reconnect_spread_s: 0,
            fallback_detection_s: 0,
        };
        for s in SETTINGS {
            (s.set)(&mut c, s.default);
        }
        c
    }
}

impl Config {
    /// The engine's timings in milliseconds.
    pub fn timings(&self) -> Timings {
        Timings {
            registrar_timer_ms: self.registrar_timer_s * 1000,
            failover_duration_ms: self.failover_duration_s * 1000,
            failback_ms_per_user: 3_600_000 / self.failback_users_per_hour.max(1),
            failback_min_ms: self.failback_min_s * 1000,
            reconnect_spread_ms: self.reconnect_spread_s * 1000,
            fallback_detection_ms: self.fallback_detection_s * 1000,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolSpec {
    /// Id used in files and links.
    pub id: String,
    pub name: String,
    pub backup: Option<PoolIdx>,
    /// The Edge uses this pool as its next hop.
    pub edge_next_hop: bool,
    /// The Central Management Store lives here.
    pub hosts_cms: bool,
    /// Anonymous users homed here.
    pub population: u32,
}

/// The presence a user sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Presence {
    Available,
    Busy,
    /// Do not disturb.
    DoNotDisturb,
    /// Be right back.
    BeRightBack,
    Away,
}

impl Presence {
    pub const ALL: [Presence; 5] =
        [Presence::Available, Presence::Busy, Presence::DoNotDisturb, Presence::BeRightBack, Presence::Away];

    /// As in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Available => "available",
            Presence::Busy => "busy",
            Presence::DoNotDisturb => "do-not-disturb",
            Presence::BeRightBack => "be-right-back",
            Presence::Away => "away",
        }
    }

    /// Parses the file form.
    pub fn parse(text: &str) -> Option<Presence> {
        Presence::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserSpec {
    pub id: String,
    pub name: String,
    /// Home pool (never changes).
    pub home: PoolIdx,
    /// Signed in at the start.
    pub signed_in: bool,
    /// The presence they set.
    pub presence: Presence,
}

impl UserSpec {
    /// The name on the stage: the first name, from "Alice (Pool A)" or from
    /// the "Murphy, Seán" form directory exports often hold.
    pub fn short_name(&self) -> &str {
        let name = self.name.split('(').next().unwrap_or_default().trim();
        let name = match name.split_once(',') {
            Some((_, first)) if !first.trim().is_empty() => first.trim(),
            _ => name,
        };
        name.split_whitespace().next().unwrap_or(&self.id)
    }
}

/// What kind of session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionKind {
    Conference {
        /// Who organized it.
        organizer: NamedIdx,
        /// Who else is in it.
        participants: Vec<NamedIdx>,
    },
    /// A two-party session (IM, audio, video).
    P2p { users: [NamedIdx; 2] },
}

/// A session between named users.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionSpec {
    pub id: String,
    /// Kind and members.
    pub kind: SessionKind,
    /// When it starts.
    pub at: SimTime,
}

/// A caption shown when the run reaches a moment (guided training): the run
/// pauses there and explains what happened and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caption {
    /// The scripted moment; an anchored caption is shown when its event
    /// happens instead, and at this moment only if it never happens.
    pub at: SimTime,
    /// The engine event the caption belongs to (`on = "..."`).
    pub anchor: Option<Anchor>,
    /// Which occurrence of the anchor's event (1 = the first in the run);
    /// `None`: the occurrence nearest the scripted moment.
    pub occurrence: Option<u32>,
    /// Starts a chapter with this name (chapter links jump here).
    pub chapter: Option<String>,
    pub title: String,
    /// What to say.
    pub text: String,
    /// The row of the source page (or other source) it rests on.
    pub source: Option<String>,
    /// Speaker notes: for the presenter's eyes only (`notes = "..."`).
    pub notes: Option<String>,
}

/// The largest `occurrence` a caption can name (no run has more episodes).
pub const MAX_OCCURRENCE: u32 = 10_000;

/// An engine event a caption can be anchored to, so it lands when the thing
/// happens in this run (after admin orders or changed timings too).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Anchor {
    PoolFails(PoolIdx),
    /// Users of the pool can sign in to the backup (timer or failover).
    SignInPossible(PoolIdx),
    FailoverComplete(PoolIdx),
    PoolRestored(PoolIdx),
    FailbackStarts(PoolIdx),
    FailbackComplete(PoolIdx),
    /// A named user moves: signs out, signs in, or is served by another pool
    /// (a change of mode alone is not a move).
    UserMoves(NamedIdx),
}

impl Anchor {
    pub const NAMES: [&'static str; 7] = [
        "pool-fails",
        "sign-in-possible",
        "failover-complete",
        "pool-restored",
        "failback-starts",
        "failback-complete",
        "user-moves",
    ];

    /// The pool event named `name`, of pool `p` (not `user-moves`).
    pub fn of_pool(name: &str, p: PoolIdx) -> Option<Anchor> {
        Some(match name {
            "pool-fails" => Anchor::PoolFails(p),
            "sign-in-possible" => Anchor::SignInPossible(p),
            "failover-complete" => Anchor::FailoverComplete(p),
            "pool-restored" => Anchor::PoolRestored(p),
            "failback-starts" => Anchor::FailbackStarts(p),
            "failback-complete" => Anchor::FailbackComplete(p),
            _ => return None,
        })
    }

    /// The pool whose event it is (`None` for a user's move).
    pub fn pool(self) -> Option<PoolIdx> {
        match self {
            Anchor::PoolFails(p)
            | Anchor::SignInPossible(p)
            | Anchor::FailoverComplete(p)
            | Anchor::PoolRestored(p)
            | Anchor::FailbackStarts(p)
            | Anchor::FailbackComplete(p) => Some(p),
            Anchor::UserMoves(_) => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Anchor::PoolFails(_) => "pool-fails",
            Anchor::SignInPossible(_) => "sign-in-possible",
            Anchor::FailoverComplete(_) => "failover-complete",
            Anchor::PoolRestored(_) => "pool-restored",
            Anchor::FailbackStarts(_) => "failback-starts",
            Anchor::FailbackComplete(_) => "failback-complete",
            Anchor::UserMoves(_) => "user-moves",
        }
    }
}

/// A question asked when the run reaches a moment ("Can Alice add a contact
/// now?"); the engine's answer is revealed after the learner answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// The scripted moment; an anchored question is asked when its event
    /// happens instead (as a caption is shown), and at this moment only if
    /// it never happens.
    pub at: SimTime,
    /// The engine event it is asked at (`on = "..."`); `user-moves` is the
    /// move of the user it asks about.
    pub anchor: Option<Anchor>,
    /// Which occurrence of the event (1 = the first); `None`: the nearest.
    pub occurrence: Option<u32>,
    pub user: NamedIdx,
    /// Which capability the answer is.
    pub capability: crate::capability::CapKey,
    pub question: String,
    /// Speaker notes: for the presenter's eyes only.
    pub notes: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// Format version (1).
    pub version: u32,
    pub title: String,
    /// One line saying what it shows.
    pub description: String,
    pub config: Config,
    pub pools: Vec<PoolSpec>,
    pub users: Vec<UserSpec>,
    pub sessions: Vec<SessionSpec>,
    /// Orders and events, in time order.
    pub timeline: Vec<Order>,
    /// Captions, in time order.
    pub captions: Vec<Caption>,
    /// Predict-then-reveal questions, in time order.
    pub checkpoints: Vec<Checkpoint>,
    /// How long the scenario runs, if the file says.
    pub duration: Option<SimTime>,
}

#[cfg(feature = "text")]
mod parse;
#[cfg(feature = "text")]
pub use parse::NO_POOLS;

impl Scenario {
    /// The facts the DR timeline needs.
    pub fn pool_facts(&self) -> Vec<PoolFacts> {
        pool_facts(&self.pools, &self.users)
    }

    /// Users homed on `pool`, named and population.
    pub fn users_homed(&self, pool: PoolIdx) -> u32 {
        self.pools[usize::from(pool)].population + self.users.iter().filter(|u| u.home == pool).count() as u32
    }

    pub fn total_users(&self) -> u32 {
        (0..self.pools.len()).map(|p| self.users_homed(p as PoolIdx)).sum()
    }

    /// A pool's index by id.
    pub fn pool_by_id(&self, id: &str) -> Option<PoolIdx> {
        self.pools.iter().position(|p| p.id == id).map(|i| i as PoolIdx)
    }

    /// A named user's index by id.
    pub fn user_by_id(&self, id: &str) -> Option<NamedIdx> {
        self.users.iter().position(|u| u.id == id).map(|i| i as NamedIdx)
    }

    /// The same scenario with `total` population users spread evenly over the
    /// paired pools (for benchmarks).
    pub fn with_population(mut self, total: u32) -> Scenario {
        let paired: Vec<usize> = (0..self.pools.len()).filter(|&i| self.pools[i].backup.is_some()).collect();
        let targets = if paired.is_empty() { vec![0] } else { paired };
        for p in &mut self.pools {
            p.population = 0;
        }
        let n = targets.len() as u32;
        for (k, &i) in targets.iter().enumerate() {
            self.pools[i].population = total / n + u32::from((k as u32) < total % n);
        }
        self
    }
}

fn pool_facts(pools: &[PoolSpec], users: &[UserSpec]) -> Vec<PoolFacts> {
    pools
        .iter()
        .enumerate()
        .map(|(i, p)| PoolFacts {
            name: p.name.clone(),
            backup: p.backup,
            users: p.population + users.iter().filter(|u| usize::from(u.home) == i).count() as u32,
            edge_next_hop: p.edge_next_hop,
            hosts_cms: p.hosts_cms,
        })
        .collect()
}

impl Names for Scenario {
    fn pool_id(&self, pool: PoolIdx) -> &str {
        self.pools.get(usize::from(pool)).map_or("?", |p| p.id.as_str())
    }

    fn pool_name(&self, pool: PoolIdx) -> &str {
        self.pools.get(usize::from(pool)).map_or("?", |p| p.name.as_str())
    }

    fn backup_id(&self, pool: PoolIdx) -> Option<&str> {
        let b = self.pools.get(usize::from(pool))?.backup?;
        Some(self.pool_id(b))
    }

    fn user_name(&self, user: NamedIdx) -> &str {
        self.users.get(user as usize).map_or("?", |u| u.name.as_str())
    }

    fn session_id(&self, session: u32) -> &str {
        self.sessions.get(session as usize).map_or("?", |s| s.id.as_str())
    }
}
