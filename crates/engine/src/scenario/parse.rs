//! Reading scenario files: the TOML format checked field by field, every
//! problem with its line. Only with the `text` feature (the player reads
//! scenarios packed at build time instead: `packed.rs`).

use super::*;
use crate::dr::{Action, FailoverMode};
use crate::orders::OrderName;
use std::collections::HashMap;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

mod read;
use read::Scalar;

struct RawScenario {
    version: Spanned<i64>,
    title: Option<String>,
    description: Option<String>,
    duration: Option<Spanned<Scalar>>,
    config: Option<RawConfig>,
    pools: Vec<RawPool>,
    users: Vec<RawUser>,
    population: Vec<RawPopulation>,
    sessions: Vec<RawSession>,
    timeline: Vec<RawTimed>,
    captions: Vec<RawCaption>,
    checkpoints: Vec<RawCheckpoint>,
}

/// `[config]`: keys checked against `SETTINGS`.
type RawConfig = std::collections::BTreeMap<String, Spanned<i64>>;

struct RawPool {
    id: Spanned<String>,
    name: Option<String>,
    backup: Option<Spanned<String>>,
    edge_next_hop: Option<bool>,
    hosts_cms: Option<bool>,
}

struct RawUser {
    id: Spanned<String>,
    name: Option<String>,
    home: Spanned<String>,
    signed_in: Option<bool>,
    presence: Option<Spanned<String>>,
}

struct RawPopulation {
    pool: Spanned<String>,
    count: Spanned<i64>,
}

struct RawSession {
    id: Spanned<String>,
    kind: Spanned<String>,
    organizer: Option<Spanned<String>>,
    participants: Option<Vec<Spanned<String>>>,
    users: Option<Vec<Spanned<String>>>,
    at: Option<Spanned<Scalar>>,
}

struct RawTimed {
    at: Spanned<Scalar>,
    action: Spanned<String>,
    pool: Option<Spanned<String>>,
    user: Option<Spanned<String>>,
    session: Option<Spanned<String>>,
    mode: Option<Spanned<String>>,
    note: Option<String>,
}

struct RawCaption {
    at: Spanned<Scalar>,
    on: Option<Spanned<String>>,
    pool: Option<Spanned<String>>,
    user: Option<Spanned<String>>,
    occurrence: Option<Spanned<i64>>,
    chapter: Option<String>,
    title: Option<String>,
    text: String,
    source: Option<String>,
    notes: Option<String>,
}

struct RawCheckpoint {
    at: Spanned<Scalar>,
    on: Option<Spanned<String>>,
    pool: Option<Spanned<String>>,
    occurrence: Option<Spanned<i64>>,
    user: Spanned<String>,
    capability: Spanned<String>,
    question: Option<String>,
    notes: Option<String>,
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

/// What a scenario without pools is told (the editor says it at its Pools).
pub const NO_POOLS: &str = "a scenario needs at least one [[pools]] entry";

struct Collector<'a> {
    lines: &'a LineIndex,
    problems: Vec<Problem>,
}

/// The `on`, `pool` and `occurrence` of a caption or a question: its anchor
/// and occurrence (`Some(None)`: none), or `None` once a problem is said.
/// `user-moves` is the move of the user `moving` names.
fn anchor_of(
    c: &mut Collector<'_>,
    on: &Option<Spanned<String>>,
    pool: &Option<Spanned<String>>,
    occurrence: &Option<Spanned<i64>>,
    pools: &HashMap<String, PoolIdx>,
    moving: &dyn Fn(&mut Collector<'_>, &Spanned<String>) -> Option<NamedIdx>,
) -> (Option<Option<Anchor>>, Option<Option<u32>>) {
    let anchor = match on {
        None => Some(None),
        Some(on) if on.get_ref() == "user-moves" => moving(c, on).map(|u| Some(Anchor::UserMoves(u))),
        Some(on) if !Anchor::NAMES.contains(&on.get_ref().as_str()) => {
            c.at(on, format!("unknown event `{}`: use one of {}", on.get_ref(), Anchor::NAMES.join(", ")));
            None
        }
        Some(on) => match pool {
            None => {
                c.at(on, format!("`on = \"{}\"` needs `pool = \"...\"`", on.get_ref()));
                None
            }
            Some(p) => match pools.get(p.get_ref()) {
                None => {
                    c.at(p, format!("unknown pool `{}`: define it in [[pools]]", p.get_ref()));
                    None
                }
                Some(&idx) => Anchor::of_pool(on.get_ref(), idx).map(Some),
            },
        },
    };
    let occurrence = match occurrence {
        None => Some(None),
        Some(n) if on.is_none() => {
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
    (anchor, occurrence)
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

fn parse_time(value: &Scalar) -> Result<SimTime, String> {
    let t = match value {
        Scalar::Integer(s) if *s >= 0 => SimTime::from_s(*s as u64),
        Scalar::Integer(_) => return Err("a time cannot be before the start of the scenario (0)".into()),
        Scalar::String(s) => SimTime::parse(s)?,
        Scalar::Other => return Err("a time is \"M:SS\", \"H:MM:SS\" or whole seconds".into()),
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
        let read = DeTable::parse(text)
            .map_err(|e| (e.span().unwrap_or(0..0), e.message().trim().to_string()))
            .and_then(|table| RawScenario::read(&table));
        let raw = match read {
            Ok(raw) => raw,
            Err((span, message)) => {
                let line = lines.line(span.start);
                return Err(Problems(vec![Problem { line, message: printable(&message) }]));
            }
        };
        let mut c = Collector { lines: &lines, problems: Vec::new() };
        let scenario = Scenario::validate(raw, &mut c);
        let mut problems = c.problems;
        crate::sorting::sort_by_pair(&mut problems, |p| (p.line as u64, 0));
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
            c.problems.push(Problem { line: 1, message: NO_POOLS.into() });
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

        // Placeholders name pools and users that exist; answers only where
        // the text has a moment.
        {
            let pool = |id: &str| pool_index.contains_key(id);
            let user = |id: &str| user_index.contains_key(id);
            for cap in &raw.captions {
                for text in [cap.title.as_deref().unwrap_or_default(), cap.text.as_str()] {
                    for m in crate::authored::problems(text, true, &pool, &user) {
                        c.at(&cap.at, format!("the caption's text: {m}"));
                    }
                }
            }
            for cp in &raw.checkpoints {
                for m in crate::authored::problems(cp.question.as_deref().unwrap_or_default(), true, &pool, &user) {
                    c.at(&cp.at, format!("the question: {m}"));
                }
            }
            for text in [raw.title.as_deref().unwrap_or_default(), raw.description.as_deref().unwrap_or_default()] {
                for m in crate::authored::problems(text, false, &pool, &user) {
                    c.problems.push(Problem { line: 1, message: printable(&format!("the title or description: {m}")) });
                }
            }
        }
        let mut captions: Vec<Caption> = Vec::new();
        for cap in &raw.captions {
            let at = parse_time(cap.at.get_ref()).map_err(|e| c.at(&cap.at, e)).ok();
            c.printable_name(&cap.at, "the caption's title", cap.title.as_deref());
            c.printable_name(&cap.at, "the caption's chapter", cap.chapter.as_deref());
            c.printable_text(&cap.at, "the caption's text", Some(&cap.text));
            c.printable_text(&cap.at, "the caption's source", cap.source.as_deref());
            c.printable_text(&cap.at, "the caption's notes", cap.notes.as_deref());
            let moving = |c: &mut Collector<'_>, on: &Spanned<String>| match &cap.user {
                None => {
                    c.at(on, "`on = \"user-moves\"` needs `user = \"...\"`");
                    None
                }
                Some(u) => user_ref(c, u),
            };
            let (anchor, occurrence) = anchor_of(c, &cap.on, &cap.pool, &cap.occurrence, &pool_index, &moving);
            if let (Some(at), Some(anchor), Some(occurrence)) = (at, anchor, occurrence) {
                captions.push(Caption {
                    at,
                    anchor,
                    occurrence,
                    chapter: cap.chapter.clone(),
                    title: cap.title.clone().unwrap_or_default(),
                    text: cap.text.clone(),
                    source: cap.source.clone(),
                    notes: cap.notes.clone(),
                });
            }
        }
        crate::sorting::sort_by_pair(&mut captions, |cap| (cap.at.ms(), 0));
        let mut checkpoints = Vec::new();
        for cp in &raw.checkpoints {
            let at = parse_time(cp.at.get_ref()).map_err(|e| c.at(&cp.at, e)).ok();
            c.printable_text(&cp.at, "the question", cp.question.as_deref());
            c.printable_text(&cp.at, "the question's notes", cp.notes.as_deref());
            let user = user_ref(c, &cp.user);
            let capability = crate::capability::CapKey::ALL.into_iter().find(|k| k.key() == cp.capability.get_ref());
            if capability.is_none() {
                let keys: Vec<&str> = crate::capability::CapKey::ALL.iter().map(|k| k.key()).collect();
                c.at(
                    &cp.capability,
                    format!("unknown capability `{}`: use one of {}", cp.capability.get_ref(), keys.join(", ")),
                );
            }
            // Asked at an engine event, like a caption; `user-moves` is the
            // move of the user it asks about.
            let (anchor, occurrence) = anchor_of(c, &cp.on, &cp.pool, &cp.occurrence, &pool_index, &|_, _| user);
            if let (Some(at), Some(user), Some(capability), Some(anchor), Some(occurrence)) =
                (at, user, capability, anchor, occurrence)
            {
                let name = &users[user as usize].name;
                let question = cp.question.clone().unwrap_or_else(|| default_question(capability, name));
                checkpoints.push(Checkpoint {
                    at,
                    anchor,
                    occurrence,
                    user,
                    capability,
                    question,
                    notes: cp.notes.clone(),
                });
            }
        }
        crate::sorting::sort_by_pair(&mut checkpoints, |cp| (cp.at.ms(), 0));

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
}

/// A question left empty, asked in plain words about its capability.
fn default_question(capability: crate::CapKey, name: &str) -> String {
    match (capability.verb(), capability) {
        (Some(verb), _) => format!("Can {name} {verb} now?"),
        (None, crate::CapKey::PresenceSamePool) => format!("How do users on {name}'s pool see {name}'s presence now?"),
        (None, _) => format!("How do users on other pools see {name}'s presence now?"),
    }
}
