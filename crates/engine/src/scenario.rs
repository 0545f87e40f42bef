//! Scenario files: the public TOML format trainers author (documented in
//! `docs/SCENARIOS.md`). [`Scenario::parse`] checks the format and reports
//! every problem at once, each with its line; whether the orders are legal at
//! their moment is checked against the run, a layer up, in `check.rs`.

use crate::dr::{Action, FailoverMode, NamedIdx, Order, PoolFacts, PoolIdx, Timings};
use crate::orders::{Names, OrderName};
use crate::time::SimTime;
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use toml::Spanned;

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
        "Topology Builder default (FACTS.md §2); the Enterprise Voice pages say 300 s"),
    setting!(failover_duration_s, "Invoke-CsPoolFailover takes (s)", 900, 0..=86_400, false,
        "SfB pool recovery time objective, 15-20 min (FACTS.md §4)"),
    setting!(failback_users_per_hour, "Failback moves up to users per hour", 20_000, 1..=3_600_000, false,
        "the page: \"expected to take up to 60 minutes for a pool of 20,000 users\""),
    setting!(fallback_detection_s, "Failback detection interval (s)", 240, 0..=86_400, false,
        "Topology Builder default (FACTS.md §2)"),
    setting!(reconnect_spread_s, "Clients reconnect within (s)", 60, 0..=3_600, true,
        "assumption: clients retry within a minute"),
    setting!(seed, "Seed (reconnect spread, failback order)", 1, 0..=i64::MAX as u64, false,
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
    pub at: SimTime,
    pub user: NamedIdx,
    /// Which capability the answer is.
    pub capability: crate::capability::CapKey,
    pub question: String,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    version: Spanned<i64>,
    title: Option<String>,
    description: Option<String>,
    duration: Option<Spanned<toml::Value>>,
    config: Option<RawConfig>,
    #[serde(default)]
    pools: Vec<RawPool>,
    #[serde(default)]
    users: Vec<RawUser>,
    #[serde(default)]
    population: Vec<RawPopulation>,
    #[serde(default)]
    sessions: Vec<RawSession>,
    #[serde(default)]
    timeline: Vec<RawTimed>,
    #[serde(default)]
    captions: Vec<RawCaption>,
    #[serde(default)]
    checkpoints: Vec<RawCheckpoint>,
}

/// `[config]`: keys checked against `SETTINGS`.
type RawConfig = std::collections::BTreeMap<String, Spanned<i64>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPool {
    id: Spanned<String>,
    name: Option<String>,
    backup: Option<Spanned<String>>,
    edge_next_hop: Option<bool>,
    hosts_cms: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUser {
    id: Spanned<String>,
    name: Option<String>,
    home: Spanned<String>,
    signed_in: Option<bool>,
    presence: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPopulation {
    pool: Spanned<String>,
    count: Spanned<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSession {
    id: Spanned<String>,
    kind: Spanned<String>,
    organizer: Option<Spanned<String>>,
    participants: Option<Vec<Spanned<String>>>,
    users: Option<Vec<Spanned<String>>>,
    at: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimed {
    at: Spanned<toml::Value>,
    action: Spanned<String>,
    pool: Option<Spanned<String>>,
    user: Option<Spanned<String>>,
    session: Option<Spanned<String>>,
    mode: Option<Spanned<String>>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCaption {
    at: Spanned<toml::Value>,
    on: Option<Spanned<String>>,
    pool: Option<Spanned<String>>,
    user: Option<Spanned<String>>,
    occurrence: Option<Spanned<i64>>,
    chapter: Option<String>,
    title: Option<String>,
    text: String,
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheckpoint {
    at: Spanned<toml::Value>,
    user: Spanned<String>,
    capability: Spanned<String>,
    question: Option<String>,
}

struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        LineIndex(text.match_indices('\n').map(|(i, _)| i).collect())
    }
    fn line(&self, offset: usize) -> u32 {
        (self.0.partition_point(|&nl| nl < offset) + 1) as u32
    }
}

struct Collector<'a> {
    lines: &'a LineIndex,
    problems: Vec<Problem>,
}

impl Collector<'_> {
    fn at<T>(&mut self, spanned: &Spanned<T>, message: impl Into<String>) {
        let line = self.lines.line(spanned.span().start);
        self.problems.push(Problem { line, message: printable(&message.into()) });
    }

    /// Ids are shown everywhere: no hidden characters, and short enough to
    /// read.
    fn printable_field(&mut self, spanned: &Spanned<String>, what: &str) {
        let id = spanned.get_ref();
        if id.chars().any(is_hidden) {
            self.at(spanned, format!("{what} `{id}` contains control or invisible formatting characters"));
        }
        if id.chars().count() > MAX_ID_CHARS {
            let short: String = id.chars().take(24).collect();
            self.at(spanned, format!("{what} `{short}…` is longer than {MAX_ID_CHARS} characters"));
        }
    }

    /// Paragraphs (a caption's text, a question): line breaks and tabs are
    /// fine, other hidden characters are not.
    fn printable_text<T>(&mut self, at: &Spanned<T>, what: &str, text: Option<&str>) {
        if text.is_some_and(|t| t.chars().any(|ch| is_hidden(ch) && !matches!(ch, '\n' | '\t' | '\r'))) {
            self.at(at, format!("{what} contains control or invisible formatting characters"));
        }
    }

    /// Names and titles: the same, with room for a sentence.
    fn printable_name<T>(&mut self, at: &Spanned<T>, what: &str, name: Option<&str>) {
        let Some(name) = name else { return };
        if name.chars().any(is_hidden) {
            self.at(at, format!("{what} contains control or invisible formatting characters"));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            self.at(at, format!("{what} is longer than {MAX_NAME_CHARS} characters"));
        }
    }
}

fn parse_time(value: &toml::Value) -> Result<SimTime, String> {
    let t = match value {
        toml::Value::Integer(s) if *s >= 0 => SimTime::from_s(*s as u64),
        toml::Value::Integer(_) => return Err("a time cannot be before the start of the scenario (0)".into()),
        toml::Value::String(s) => SimTime::parse(s)?,
        _ => return Err("a time is \"M:SS\", \"H:MM:SS\" or whole seconds".into()),
    };
    if t > SimTime::from_s(MAX_SCENARIO_S) {
        return Err(format!(
            "time {} is beyond the longest scenario: every time is within {} of the start",
            t.clock(),
            SimTime::from_s(MAX_SCENARIO_S).clock()
        ));
    }
    Ok(t)
}

impl Scenario {
    /// Parses a scenario file and checks its format, reporting every
    /// problem found. Orders are not replayed here: see `check::load`.
    pub fn parse(text: &str) -> Result<Scenario, Problems> {
        Scenario::parse_located(text).map(|(s, _)| s)
    }

    /// As [`Scenario::parse`], with the line of each timeline entry.
    pub fn parse_located(text: &str) -> Result<(Scenario, Vec<u32>), Problems> {
        if text.len() > MAX_FILE_BYTES {
            let message = format!(
                "the file is {} KB: a scenario file is at most {} KB",
                text.len().div_ceil(1024),
                MAX_FILE_BYTES / 1024
            );
            return Err(Problems(vec![Problem { line: 1, message }]));
        }
        let lines = LineIndex::new(text);
        let raw: RawScenario = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let line = e.span().map_or(1, |s| lines.line(s.start));
                let mut message = printable(e.message().trim());
                // A number beyond 64 bits: toml's words are about its own
                // integer types; say which field and that it is too large.
                if message.starts_with("invalid type: integer") && message.contains("as i128") {
                    let key = text.lines().nth(line as usize - 1).and_then(|l| l.split('=').next()).map(str::trim);
                    message = match key.filter(|k| !k.is_empty() && k.len() <= 64) {
                        Some(k) => format!("`{}` is far too large a number", printable(k)),
                        None => "a number here is far too large".to_string(),
                    };
                }
                return Err(Problems(vec![Problem { line, message }]));
            }
        };
        let mut c = Collector { lines: &lines, problems: Vec::new() };
        let scenario = Scenario::validate(raw, &mut c);
        let mut problems = c.problems;
        problems.sort_by_key(|p| p.line);
        match scenario {
            Some(s) if problems.is_empty() => Ok(s),
            _ => Err(Problems(problems)),
        }
    }

    fn validate(raw: RawScenario, c: &mut Collector<'_>) -> Option<(Scenario, Vec<u32>)> {
        c.printable_name(&raw.version, "the title", raw.title.as_deref());
        if *raw.version.get_ref() != 1 {
            c.at(
                &raw.version,
                format!("version {} is not supported: this simulator reads version = 1", raw.version.get_ref()),
            );
        }
        let config = Scenario::validate_config(raw.config, c);
        let duration = raw.duration.as_ref().and_then(|d| match parse_time(d.get_ref()) {
            Ok(t) => Some(t),
            Err(e) => {
                c.at(d, format!("duration: {e}"));
                None
            }
        });

        // Pools.
        let mut pool_index: HashMap<String, PoolIdx> = HashMap::new();
        for pool in &raw.pools {
            let id = pool.id.get_ref();
            c.printable_field(&pool.id, "pool id");
            c.printable_name(&pool.id, "the pool's name", pool.name.as_deref());
            if id.trim().is_empty() {
                c.at(&pool.id, "a pool id cannot be empty");
            } else if pool_index.contains_key(id) {
                c.at(&pool.id, format!("duplicate pool id `{id}`"));
            } else if pool_index.len() >= MAX_POOLS {
                c.at(&pool.id, format!("too many pools: a scenario has at most {MAX_POOLS}"));
            } else {
                pool_index.insert(id.clone(), pool_index.len() as PoolIdx);
            }
        }
        if raw.pools.is_empty() {
            c.problems.push(Problem { line: 1, message: "a scenario needs at least one [[pools]] entry".into() });
        }
        let mut pools: Vec<PoolSpec> = Vec::new();
        for pool in &raw.pools {
            let backup = pool.backup.as_ref().and_then(|b| match pool_index.get(b.get_ref()) {
                Some(&idx) if b.get_ref() == pool.id.get_ref() => {
                    c.at(b, format!("pool `{}` cannot be its own backup", b.get_ref()));
                    let _ = idx;
                    None
                }
                Some(&idx) => Some(idx),
                None => {
                    c.at(b, format!("backup pool `{}` is not defined in [[pools]]", b.get_ref()));
                    None
                }
            });
            pools.push(PoolSpec {
                id: pool.id.get_ref().clone(),
                name: pool.name.clone().unwrap_or_else(|| pool.id.get_ref().clone()),
                backup,
                edge_next_hop: pool.edge_next_hop.unwrap_or(false),
                hosts_cms: pool.hosts_cms.unwrap_or(false),
                population: 0,
            });
        }
        // Pairing is 1:1 and mutual.
        for (i, pool) in raw.pools.iter().enumerate() {
            if let (Some(b), Some(bspan)) = (pools.get(i).and_then(|p| p.backup), pool.backup.as_ref()) {
                let back = pools[usize::from(b)].backup;
                if back.map(usize::from) != Some(i) {
                    c.at(bspan, format!(
                        "pairing is not mutual: `{}` names `{}` as backup, so `{}` must name `{}` (each pool backs up exactly one other)",
                        pool.id.get_ref(), bspan.get_ref(), bspan.get_ref(), pool.id.get_ref()
                    ));
                }
            }
        }

        // Named users.
        let mut user_index: HashMap<String, NamedIdx> = HashMap::new();
        let mut users = Vec::new();
        for user in &raw.users {
            let id = user.id.get_ref();
            c.printable_field(&user.id, "user id");
            c.printable_name(&user.id, "the user's name", user.name.as_deref());
            if id.trim().is_empty() {
                c.at(&user.id, "a user id cannot be empty");
                continue;
            }
            if user_index.contains_key(id) {
                c.at(&user.id, format!("duplicate user id `{id}`"));
                continue;
            }
            let Some(&home) = pool_index.get(user.home.get_ref()) else {
                c.at(
                    &user.home,
                    format!("user `{id}` is homed on `{}`, which is not defined in [[pools]]", user.home.get_ref()),
                );
                continue;
            };
            let presence = match &user.presence {
                None => Presence::Available,
                Some(p) => Presence::parse(p.get_ref()).unwrap_or_else(|| {
                    let names: Vec<_> = Presence::ALL.iter().map(|p| p.as_str()).collect();
                    c.at(p, format!("unknown presence `{}`: use one of {}", p.get_ref(), names.join(", ")));
                    Presence::Available
                }),
            };
            user_index.insert(id.clone(), users.len() as NamedIdx);
            users.push(UserSpec {
                id: id.clone(),
                name: user.name.clone().unwrap_or_else(|| id.clone()),
                home,
                signed_in: user.signed_in.unwrap_or(true),
                presence,
            });
        }

        // Populations.
        for pop in &raw.population {
            let Some(&p) = pool_index.get(pop.pool.get_ref()) else {
                c.at(&pop.pool, format!("population pool `{}` is not defined in [[pools]]", pop.pool.get_ref()));
                continue;
            };
            let count = *pop.count.get_ref();
            if !(0..=i64::from(MAX_USERS_PER_POOL)).contains(&count) {
                c.at(
                    &pop.count,
                    format!("count must be between 0 and {MAX_USERS_PER_POOL} (the SfB Server 2019 maximum per pool)"),
                );
                continue;
            }
            // Saturating: many entries for one pool must not wrap around.
            let slot = &mut pools[usize::from(p)].population;
            *slot = slot.saturating_add(count as u32);
        }
        let mut total: u64 = 0;
        for (i, pool) in pools.iter().enumerate() {
            let named = users.iter().filter(|u| usize::from(u.home) == i).count() as u64;
            let users_here = u64::from(pool.population) + named;
            total += users_here;
            if users_here > u64::from(MAX_USERS_PER_POOL) {
                c.at(
                    &raw.pools[i].id,
                    format!(
                        "pool `{}` has {} users: more than {MAX_USERS_PER_POOL}, the SfB Server 2019 maximum per pool",
                        pool.id, users_here
                    ),
                );
            }
        }
        if total > u64::from(MAX_TOTAL_USERS) {
            c.problems.push(Problem {
                line: 1,
                message: format!("the scenario has {total} users in all: at most {MAX_TOTAL_USERS} (ten full pools)"),
            });
        }

        let user_ref = |c: &mut Collector<'_>, s: &Spanned<String>| -> Option<NamedIdx> {
            let found = user_index.get(s.get_ref()).copied();
            if found.is_none() {
                c.at(s, format!("unknown user `{}`: define it in [[users]]", s.get_ref()));
            }
            found
        };

        // Sessions.
        let mut session_ids: HashMap<String, ()> = HashMap::new();
        let mut sessions = Vec::new();
        for s in &raw.sessions {
            c.printable_field(&s.id, "session id");
            if s.id.get_ref().trim().is_empty() {
                c.at(&s.id, "a session id cannot be empty");
                continue;
            }
            if session_ids.insert(s.id.get_ref().clone(), ()).is_some() {
                c.at(&s.id, format!("duplicate session id `{}`", s.id.get_ref()));
                continue;
            }
            let at = match &s.at {
                None => SimTime::ZERO,
                Some(at) => match parse_time(at.get_ref()) {
                    Ok(t) => t,
                    Err(e) => {
                        c.at(at, e);
                        continue;
                    }
                },
            };
            let kind = match s.kind.get_ref().as_str() {
                "conference" => {
                    let Some(org) = &s.organizer else {
                        c.at(&s.id, format!("conference `{}` needs an organizer", s.id.get_ref()));
                        continue;
                    };
                    let organizer = user_ref(c, org);
                    let mut participants = Vec::new();
                    for p in s.participants.iter().flatten() {
                        if let Some(u) = user_ref(c, p) {
                            if Some(u) == organizer || participants.contains(&u) {
                                c.at(
                                    p,
                                    format!("`{}` is listed twice in conference `{}`", p.get_ref(), s.id.get_ref()),
                                );
                            } else {
                                participants.push(u);
                            }
                        }
                    }
                    if s.users.is_some() {
                        c.at(&s.id, "a conference lists `participants`, not `users`");
                    }
                    let Some(organizer) = organizer else { continue };
                    SessionKind::Conference { organizer, participants }
                }
                "p2p" => {
                    let members: Vec<_> = s.users.iter().flatten().collect();
                    if members.len() != 2 {
                        c.at(&s.id, format!("p2p session `{}` needs exactly two `users`", s.id.get_ref()));
                        continue;
                    }
                    if s.organizer.is_some() || s.participants.is_some() {
                        c.at(&s.id, "a p2p session lists `users`, not an organizer or participants");
                    }
                    let (Some(a), Some(b)) = (user_ref(c, members[0]), user_ref(c, members[1])) else { continue };
                    if a == b {
                        c.at(members[1], "a p2p session needs two different users");
                        continue;
                    }
                    SessionKind::P2p { users: [a, b] }
                }
                other => {
                    c.at(&s.kind, format!("unknown session kind `{other}`: use \"conference\" or \"p2p\""));
                    continue;
                }
            };
            sessions.push(SessionSpec { id: s.id.get_ref().clone(), kind, at });
        }

        let mut captions: Vec<Caption> = Vec::new();
        for cap in &raw.captions {
            let at = parse_time(cap.at.get_ref()).map_err(|e| c.at(&cap.at, e)).ok();
            c.printable_name(&cap.at, "the caption's title", cap.title.as_deref());
            c.printable_name(&cap.at, "the caption's chapter", cap.chapter.as_deref());
            c.printable_text(&cap.at, "the caption's text", Some(&cap.text));
            c.printable_text(&cap.at, "the caption's source", cap.source.as_deref());
            let anchor = match &cap.on {
                None => Some(None),
                Some(on) => {
                    let pool = |c: &mut Collector<'_>| match &cap.pool {
                        None => {
                            c.at(on, format!("`on = \"{}\"` needs `pool = \"...\"`", on.get_ref()));
                            None
                        }
                        Some(p) => pool_index.get(p.get_ref()).copied().or_else(|| {
                            c.at(p, format!("unknown pool `{}`: define it in [[pools]]", p.get_ref()));
                            None
                        }),
                    };
                    match on.get_ref().as_str() {
                        "pool-fails" => pool(c).map(|p| Some(Anchor::PoolFails(p))),
                        "sign-in-possible" => pool(c).map(|p| Some(Anchor::SignInPossible(p))),
                        "failover-complete" => pool(c).map(|p| Some(Anchor::FailoverComplete(p))),
                        "pool-restored" => pool(c).map(|p| Some(Anchor::PoolRestored(p))),
                        "failback-starts" => pool(c).map(|p| Some(Anchor::FailbackStarts(p))),
                        "failback-complete" => pool(c).map(|p| Some(Anchor::FailbackComplete(p))),
                        "user-moves" => match &cap.user {
                            None => {
                                c.at(on, "`on = \"user-moves\"` needs `user = \"...\"`");
                                None
                            }
                            Some(u) => user_ref(c, u).map(|u| Some(Anchor::UserMoves(u))),
                        },
                        other => {
                            c.at(on, format!("unknown event `{other}`: use one of {}", Anchor::NAMES.join(", ")));
                            None
                        }
                    }
                }
            };
            let occurrence = match &cap.occurrence {
                None => Some(None),
                Some(n) if cap.on.is_none() => {
                    c.at(n, "`occurrence` needs `on = \"...\"`: it says which time that event happens");
                    None
                }
                Some(n) => match u32::try_from(*n.get_ref()) {
                    Ok(k) if (1..=MAX_OCCURRENCE).contains(&k) => Some(Some(k)),
                    _ => {
                        c.at(n, format!("`occurrence` must be a whole number from 1 to {MAX_OCCURRENCE}"));
                        None
                    }
                },
            };
            if let (Some(at), Some(anchor), Some(occurrence)) = (at, anchor, occurrence) {
                captions.push(Caption {
                    at,
                    anchor,
                    occurrence,
                    chapter: cap.chapter.clone(),
                    title: cap.title.clone().unwrap_or_default(),
                    text: cap.text.clone(),
                    source: cap.source.clone(),
                });
            }
        }
        captions.sort_by_key(|cap| cap.at);
        let mut checkpoints = Vec::new();
        for cp in &raw.checkpoints {
            let at = parse_time(cp.at.get_ref()).map_err(|e| c.at(&cp.at, e)).ok();
            c.printable_text(&cp.at, "the question", cp.question.as_deref());
            let user = user_ref(c, &cp.user);
            let capability = crate::capability::CapKey::ALL.into_iter().find(|k| k.key() == cp.capability.get_ref());
            if capability.is_none() {
                let keys: Vec<&str> = crate::capability::CapKey::ALL.iter().map(|k| k.key()).collect();
                c.at(
                    &cp.capability,
                    format!("unknown capability `{}`: use one of {}", cp.capability.get_ref(), keys.join(", ")),
                );
            }
            if let (Some(at), Some(user), Some(capability)) = (at, user, capability) {
                let name = &users[user as usize].name;
                let question = cp.question.clone().unwrap_or_else(|| format!("{}: {name}?", capability.label()));
                checkpoints.push(Checkpoint { at, user, capability, question });
            }
        }
        checkpoints.sort_by_key(|cp| cp.at);

        let mut timeline = Vec::new();
        let mut last_at = SimTime::ZERO;
        let mut timeline_lines: Vec<u32> = Vec::new();
        for entry in &raw.timeline {
            // A bad time is reported and the entry's other fields are still
            // checked, so one pass shows every problem.
            let at = match parse_time(entry.at.get_ref()) {
                Ok(t) if t < last_at => {
                    c.at(
                        &entry.at,
                        format!(
                            "timeline entries must be in time order: {} comes after {}",
                            t.clock(),
                            last_at.clock()
                        ),
                    );
                    None
                }
                Ok(t) => Some(t),
                Err(e) => {
                    c.at(&entry.at, e);
                    None
                }
            };
            if let Some(t) = at {
                last_at = t;
            }
            let pool = |c: &mut Collector<'_>| -> Option<PoolIdx> {
                match &entry.pool {
                    None => {
                        c.at(&entry.action, format!("`{}` needs `pool = \"...\"`", entry.action.get_ref()));
                        None
                    }
                    Some(p) => {
                        let found = pool_index.get(p.get_ref()).copied();
                        if found.is_none() {
                            c.at(p, format!("unknown pool `{}`: define it in [[pools]]", p.get_ref()));
                        }
                        found
                    }
                }
            };
            let user = |c: &mut Collector<'_>| -> Option<NamedIdx> {
                match &entry.user {
                    None => {
                        c.at(&entry.action, format!("`{}` needs `user = \"...\"`", entry.action.get_ref()));
                        None
                    }
                    Some(u) => user_ref(c, u),
                }
            };
            let session = |c: &mut Collector<'_>| -> Option<u32> {
                match &entry.session {
                    None => {
                        c.at(&entry.action, format!("`{}` needs `session = \"...\"`", entry.action.get_ref()));
                        None
                    }
                    Some(id) => {
                        let found = sessions.iter().position(|s: &SessionSpec| &s.id == id.get_ref());
                        if found.is_none() {
                            c.at(id, format!("unknown session `{}`: define it in [[sessions]]", id.get_ref()));
                        }
                        found.map(|i| i as u32)
                    }
                }
            };
            let action = match OrderName::parse(entry.action.get_ref()) {
                None => {
                    c.at(
                        &entry.action,
                        format!("unknown action `{}`: use {}", entry.action.get_ref(), OrderName::list()),
                    );
                    None
                }
                Some(name) => match name {
                    OrderName::InvokeFailover => {
                        let mode = match entry.mode.as_ref() {
                            None => Some(FailoverMode::Disaster),
                            Some(m) => FailoverMode::parse(m.get_ref()).or_else(|| {
                                c.at(
                                    m,
                                    format!("unknown failover mode `{}`: use \"disaster\" or \"planned\"", m.get_ref()),
                                );
                                None
                            }),
                        };
                        match (pool(c), mode) {
                            (Some(p), Some(m)) => Some(Action::InvokeFailover(p, m)),
                            _ => None,
                        }
                    }
                    OrderName::PoolFails => pool(c).map(Action::PoolFails),
                    OrderName::PoolRestored => pool(c).map(Action::PoolRestored),
                    OrderName::InvokeFailback => pool(c).map(Action::InvokeFailback),
                    OrderName::Checklist(item) => pool(c).map(|p| Action::Checklist(p, item)),
                    OrderName::UserSignsIn => user(c).map(Action::UserSignsIn),
                    OrderName::UserSignsOut => user(c).map(Action::UserSignsOut),
                    OrderName::UserRejoins => {
                        let (s, u) = (session(c), user(c));
                        s.zip(u).map(|(s, u)| Action::Rejoin(s, u))
                    }
                },
            };
            let _ = &entry.note;
            let (Some(action), Some(at)) = (action, at) else {
                continue;
            };
            let order = Order { at, action };
            timeline_lines.push(c.lines.line(entry.action.span().start));
            timeline.push(order);
        }

        let scenario = Scenario {
            version: 1,
            title: raw.title.unwrap_or_else(|| "Untitled scenario".into()),
            description: raw.description.unwrap_or_default(),
            config,
            pools,
            users,
            sessions,
            timeline,
            captions,
            checkpoints,
            duration,
        };
        Some((scenario, timeline_lines))
    }

    fn validate_config(raw: Option<RawConfig>, c: &mut Collector<'_>) -> Config {
        let mut config = Config::default();
        let Some(raw) = raw else { return config };
        for (key, v) in &raw {
            let Some(setting) = SETTINGS.iter().find(|s| s.key == key) else {
                let keys: Vec<&str> = SETTINGS.iter().map(|s| s.key).collect();
                c.at(v, format!("unknown setting `{}` in [config]: use one of {}", printable(key), keys.join(", ")));
                continue;
            };
            let n = *v.get_ref();
            match u64::try_from(n) {
                Ok(x) if (setting.min..=setting.max).contains(&x) => (setting.set)(&mut config, x),
                _ => c.at(v, format!("{} must be between {} and {}, not {n}", setting.key, setting.min, setting.max)),
            }
        }
        let (spread, duration) = (raw.get("reconnect_spread_s"), raw.get("failover_duration_s"));
        if config.reconnect_spread_s > config.failover_duration_s {
            // Reported at whichever of the two the file wrote (the other is a default).
            let message = format!(
                "reconnect_spread_s ({} s) cannot exceed failover_duration_s ({} s): every client reconnects before failover completes",
                config.reconnect_spread_s, config.failover_duration_s
            );
            if let Some(v) = spread.or(duration) {
                c.at(v, message);
            }
        }
        config
    }

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
