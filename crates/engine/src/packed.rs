//! Scenarios packed into bytes: what the page's light player reads instead of
//! TOML. The built-in lessons are packed when they change (`scenarios/*.pfs`,
//! kept current by a test) and a SCORM package's lesson when it is made, so
//! the player carries no TOML parser. Every file is checked by the TOML
//! reader before it is packed; unpacking still checks every count, index and
//! bound, because a packed scenario can also arrive in a link.
//!
//! The format: `PFS` and a version byte, then the fields in declaration
//! order; numbers as LEB128 varints, text as a varint length and UTF-8,
//! options as a 0/1 byte before the value, lists as a count and the items.

use crate::capability::CapKey;
use crate::dr::{Action, ChecklistItem, FailoverMode, Order};
use crate::scenario::{
    Anchor, Caption, Checkpoint, Config, PoolSpec, Presence, Scenario, SessionKind, SessionSpec, UserSpec,
    MAX_FILE_BYTES, MAX_POOLS, MAX_SCENARIO_S, MAX_TOTAL_USERS, MAX_USERS_PER_POOL, SETTINGS,
};
use crate::time::SimTime;

const MAGIC: &[u8; 4] = b"PFS\x01";

/// Why packed bytes cannot be read, for people.
const DAMAGED: &str = "the packed scenario is damaged or from another version of the simulator";

impl Scenario {
    /// The scenario as bytes for [`Scenario::unpack`].
    pub fn pack(&self) -> Vec<u8> {
        let mut w = Writer(MAGIC.to_vec());
        w.num(u64::from(self.version));
        w.text(&self.title);
        w.text(&self.description);
        w.num(SETTINGS.len() as u64);
        for s in SETTINGS {
            w.num((s.get)(&self.config));
        }
        w.num(self.pools.len() as u64);
        for p in &self.pools {
            w.text(&p.id);
            w.text(&p.name);
            w.option(p.backup.map(u64::from));
            w.num(u64::from(p.edge_next_hop) | u64::from(p.hosts_cms) << 1);
            w.num(u64::from(p.population));
        }
        w.num(self.users.len() as u64);
        for u in &self.users {
            w.text(&u.id);
            w.text(&u.name);
            w.num(u64::from(u.home));
            w.num(u64::from(u.signed_in));
            w.num(Presence::ALL.iter().position(|&p| p == u.presence).unwrap_or(0) as u64);
        }
        w.num(self.sessions.len() as u64);
        for s in &self.sessions {
            w.text(&s.id);
            w.num(s.at.ms());
            match &s.kind {
                SessionKind::Conference { organizer, participants } => {
                    w.num(0);
                    w.num(u64::from(*organizer));
                    w.num(participants.len() as u64);
                    participants.iter().for_each(|&p| w.num(u64::from(p)));
                }
                SessionKind::P2p { users } => {
                    w.num(1);
                    users.iter().for_each(|&u| w.num(u64::from(u)));
                }
            }
        }
        w.num(self.timeline.len() as u64);
        for o in &self.timeline {
            w.num(o.at.ms());
            let (tag, a, b) = match o.action {
                Action::PoolFails(p) => (0, u64::from(p), 0),
                Action::InvokeFailover(p, FailoverMode::Disaster) => (1, u64::from(p), 0),
                Action::InvokeFailover(p, FailoverMode::Planned) => (1, u64::from(p), 1),
                Action::PoolRestored(p) => (2, u64::from(p), 0),
                Action::InvokeFailback(p) => (3, u64::from(p), 0),
                Action::Checklist(p, item) => {
                    (4, u64::from(p), ChecklistItem::ALL.iter().position(|&i| i == item).unwrap_or(0) as u64)
                }
                Action::UserSignsIn(u) => (5, u64::from(u), 0),
                Action::UserSignsOut(u) => (6, u64::from(u), 0),
                Action::Rejoin(s, u) => (7, u64::from(s), u64::from(u)),
            };
            w.num(tag);
            w.num(a);
            w.num(b);
        }
        w.num(self.captions.len() as u64);
        for c in &self.captions {
            w.num(c.at.ms());
            match c.anchor {
                None => w.num(0),
                Some(anchor) => {
                    let (tag, index) = anchor_parts(anchor);
                    w.num(tag);
                    w.num(index);
                }
            }
            w.option(c.occurrence.map(u64::from));
            w.option_text(c.chapter.as_deref());
            w.text(&c.title);
            w.text(&c.text);
            w.option_text(c.source.as_deref());
        }
        w.num(self.checkpoints.len() as u64);
        for c in &self.checkpoints {
            w.num(c.at.ms());
            w.num(u64::from(c.user));
            w.num(CapKey::ALL.iter().position(|&k| k == c.capability).unwrap_or(0) as u64);
            w.text(&c.question);
        }
        w.option(self.duration.map(SimTime::ms));
        // Speaker notes last, and only when there are some: a lesson
        // without notes packs as it did before notes existed.
        let notes = self.captions.iter().map(|c| &c.notes).chain(self.checkpoints.iter().map(|c| &c.notes));
        if notes.clone().any(Option::is_some) {
            for n in notes {
                w.option_text(n.as_deref());
            }
        }
        w.0
    }

    /// Reads [`Scenario::pack`]'s bytes; every count, index and bound is
    /// checked (the orders are checked by the run, as for a file).
    pub fn unpack(bytes: &[u8]) -> Result<Scenario, String> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(format!("the packed scenario is larger than {} KB", MAX_FILE_BYTES / 1024));
        }
        let rest = bytes.strip_prefix(MAGIC.as_slice()).ok_or_else(|| DAMAGED.to_string())?;
        read(&mut Reader(rest)).ok_or_else(|| DAMAGED.to_string())
    }
}

/// An anchor as (tag, index); tag 0 is "no anchor".
fn anchor_parts(anchor: Anchor) -> (u64, u64) {
    match anchor {
        Anchor::PoolFails(p) => (1, u64::from(p)),
        Anchor::SignInPossible(p) => (2, u64::from(p)),
        Anchor::FailoverComplete(p) => (3, u64::from(p)),
        Anchor::PoolRestored(p) => (4, u64::from(p)),
        Anchor::FailbackStarts(p) => (5, u64::from(p)),
        Anchor::FailbackComplete(p) => (6, u64::from(p)),
        Anchor::UserMoves(u) => (7, u64::from(u)),
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn num(&mut self, mut n: u64) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.0.push(byte);
                return;
            }
            self.0.push(byte | 0x80);
        }
    }
    fn text(&mut self, s: &str) {
        self.num(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn option(&mut self, n: Option<u64>) {
        self.num(u64::from(n.is_some()));
        if let Some(n) = n {
            self.num(n);
        }
    }
    fn option_text(&mut self, s: Option<&str>) {
        self.num(u64::from(s.is_some()));
        if let Some(s) = s {
            self.text(s);
        }
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn num(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let (&byte, rest) = self.0.split_first()?;
            self.0 = rest;
            n |= u64::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }
    /// A number below `limit`.
    fn below(&mut self, limit: usize) -> Option<u64> {
        self.num().filter(|&n| n < limit as u64)
    }
    /// A list's length: each item takes at least a byte.
    fn count(&mut self) -> Option<usize> {
        self.num().filter(|&n| n <= self.0.len() as u64).map(|n| n as usize)
    }
    fn flag(&mut self) -> Option<bool> {
        Some(self.below(2)? == 1)
    }
    fn text(&mut self) -> Option<String> {
        let n = self.count()?;
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        let s = std::str::from_utf8(head).ok()?;
        (!s.chars().any(|c| crate::scenario::is_hidden(c) && !matches!(c, '\n' | '\t'))).then(|| s.to_string())
    }
    fn time(&mut self) -> Option<SimTime> {
        self.num().filter(|&ms| ms <= MAX_SCENARIO_S * 1000).map(SimTime)
    }
}

fn read(r: &mut Reader) -> Option<Scenario> {
    let version = u32::try_from(r.num()?).ok()?;
    let (title, description) = (r.text()?, r.text()?);
    let mut config = Config::default();
    let settings = r.count()?;
    for i in 0..settings {
        let value = r.num()?;
        let s = SETTINGS.get(i)?;
        if !(s.min..=s.max).contains(&value) {
            return None;
        }
        (s.set)(&mut config, value);
    }
    let pool_count = r.count().filter(|&n| (1..=MAX_POOLS).contains(&n))?;
    let mut pools = Vec::with_capacity(pool_count);
    for i in 0..pool_count {
        let (id, name) = (r.text()?, r.text()?);
        let backup = if r.flag()? { Some(r.below(pool_count).filter(|&b| b != i as u64)? as u16) } else { None };
        let flags = r.below(4)?;
        let population = u32::try_from(r.num()?).ok().filter(|&n| n <= MAX_USERS_PER_POOL)?;
        pools.push(PoolSpec { id, name, backup, edge_next_hop: flags & 1 == 1, hosts_cms: flags & 2 == 2, population });
    }
    let user_count = r.count()?;
    let mut users = Vec::with_capacity(user_count);
    for _ in 0..user_count {
        let (id, name) = (r.text()?, r.text()?);
        let home = r.below(pool_count)? as u16;
        let signed_in = r.flag()?;
        let presence = Presence::ALL[r.below(Presence::ALL.len())? as usize];
        users.push(UserSpec { id, name, home, signed_in, presence });
    }
    let total = pools.iter().map(|p| u64::from(p.population)).sum::<u64>() + user_count as u64;
    if total > u64::from(MAX_TOTAL_USERS) {
        return None;
    }
    let user = |r: &mut Reader| r.below(user_count).map(|u| u as u32);
    let session_count = r.count()?;
    let mut sessions = Vec::with_capacity(session_count);
    for _ in 0..session_count {
        let id = r.text()?;
        let at = r.time()?;
        let kind = match r.below(2)? {
            0 => {
                let organizer = user(r)?;
                let n = r.count()?;
                let participants = (0..n).map(|_| user(r)).collect::<Option<Vec<_>>>()?;
                SessionKind::Conference { organizer, participants }
            }
            _ => SessionKind::P2p { users: [user(r)?, user(r)?] },
        };
        sessions.push(SessionSpec { id, kind, at });
    }
    let order_count = r.count()?;
    let mut timeline = Vec::with_capacity(order_count);
    for _ in 0..order_count {
        let at = r.time()?;
        let (tag, a, b) = (r.below(8)?, r.num()?, r.num()?);
        let pool = || (a < pool_count as u64).then_some(a as u16);
        let named = |n: u64| (n < user_count as u64).then_some(n as u32);
        let action = match tag {
            0 => Action::PoolFails(pool()?),
            1 => Action::InvokeFailover(pool()?, if b == 1 { FailoverMode::Planned } else { FailoverMode::Disaster }),
            2 => Action::PoolRestored(pool()?),
            3 => Action::InvokeFailback(pool()?),
            4 => Action::Checklist(pool()?, *ChecklistItem::ALL.get(usize::try_from(b).ok()?)?),
            5 => Action::UserSignsIn(named(a)?),
            6 => Action::UserSignsOut(named(a)?),
            _ => Action::Rejoin((a < session_count as u64).then_some(a as u32)?, named(b)?),
        };
        timeline.push(Order { at, action });
    }
    let caption_count = r.count()?;
    let mut captions = Vec::with_capacity(caption_count);
    for _ in 0..caption_count {
        let at = r.time()?;
        let anchor = match r.below(8)? {
            0 => None,
            7 => Some(Anchor::UserMoves(user(r)?)),
            tag => {
                let p = r.below(pool_count)? as u16;
                Some(match tag {
                    1 => Anchor::PoolFails(p),
                    2 => Anchor::SignInPossible(p),
                    3 => Anchor::FailoverComplete(p),
                    4 => Anchor::PoolRestored(p),
                    5 => Anchor::FailbackStarts(p),
                    _ => Anchor::FailbackComplete(p),
                })
            }
        };
        let occurrence = if r.flag()? {
            Some(u32::try_from(r.num()?).ok().filter(|&n| (1..=crate::scenario::MAX_OCCURRENCE).contains(&n))?)
        } else {
            None
        };
        let chapter = if r.flag()? { Some(r.text()?) } else { None };
        let (title, text) = (r.text()?, r.text()?);
        let source = if r.flag()? { Some(r.text()?) } else { None };
        captions.push(Caption { at, anchor, occurrence, chapter, title, text, source, notes: None });
    }
    let checkpoint_count = r.count()?;
    let mut checkpoints = Vec::with_capacity(checkpoint_count);
    for _ in 0..checkpoint_count {
        let at = r.time()?;
        let who = user(r)?;
        let capability = CapKey::ALL[r.below(CapKey::ALL.len())? as usize];
        // Packed lessons are resolved (`Simulation::resolved`): a question is
        // at its moment, anchors are the full page's.
        checkpoints.push(Checkpoint {
            at,
            anchor: None,
            occurrence: None,
            user: who,
            capability,
            question: r.text()?,
            notes: None,
        });
    }
    let duration = if r.flag()? { Some(r.time()?) } else { None };
    if !r.0.is_empty() {
        for notes in captions.iter_mut().map(|c| &mut c.notes).chain(checkpoints.iter_mut().map(|c| &mut c.notes)) {
            *notes = if r.flag()? { Some(r.text()?) } else { None };
        }
    }
    r.0.is_empty().then_some(Scenario {
        version,
        title,
        description,
        config,
        pools,
        users,
        sessions,
        timeline,
        captions,
        checkpoints,
        duration,
    })
}

#[cfg(all(test, feature = "text"))]
mod tests {
    use super::*;
    use crate::builtin::{BUILTINS, PACKED};

    /// The packed built-ins the player ships are the TOML files, packed:
    /// `PACK_BUILTINS=1 cargo test -p failover-engine packed` rewrites them.
    #[test]
    fn packed_builtins_are_the_files() {
        for b in BUILTINS {
            // As the player shows it: its texts filled in by the engine.
            let scenario = crate::Simulation::new(b.scenario().unwrap()).unwrap().resolved();
            let bytes = scenario.pack();
            let path = format!("{}/scenarios/{}.pfs", env!("CARGO_MANIFEST_DIR"), b.name);
            if std::env::var_os("PACK_BUILTINS").is_some() {
                std::fs::write(&path, &bytes).unwrap();
                continue;
            }
            let shipped = PACKED.iter().find(|p| p.0 == b.name).map(|p| p.1);
            assert_eq!(
                shipped,
                Some(bytes.as_slice()),
                "{} is stale: run PACK_BUILTINS=1 cargo test -p failover-engine packed",
                b.name
            );
            assert_eq!(Scenario::unpack(&bytes).unwrap(), scenario, "{}", b.name);
        }
    }

    #[test]
    fn every_field_survives_packing() {
        let text = crate::builtin::worst_legal();
        let scenario = Scenario::parse(&text).unwrap();
        assert_eq!(Scenario::unpack(&scenario.pack()).unwrap(), scenario);
        let mut odd = BUILTINS[0].scenario().unwrap();
        odd.duration = Some(SimTime::from_s(9000));
        odd.captions[0].occurrence = Some(2);
        odd.captions[0].anchor = Some(Anchor::UserMoves(1));
        odd.timeline.push(Order { at: SimTime::from_s(9000), action: Action::Rejoin(0, 1) });
        assert_eq!(Scenario::unpack(&odd.pack()).unwrap(), odd);
        let mut plain = odd.clone();
        for c in &mut plain.captions {
            c.notes = None;
        }
        for c in &mut plain.checkpoints {
            c.notes = None;
        }
        odd.captions[1].notes = Some("Ask who has seen this.".into());
        odd.checkpoints[0].notes = Some("Wait for hands.".into());
        assert_eq!(Scenario::unpack(&odd.pack()).unwrap(), odd);
        // Notes come after everything else: a lesson packed before notes
        // existed (a `pk:` link in a SCORM package) still reads.
        assert!(odd.pack().starts_with(&plain.pack()));
        assert_eq!(Scenario::unpack(&plain.pack()).unwrap(), plain);
    }

    /// Damaged bytes (cut short, flipped, grown) are refused or read, never a
    /// panic; whatever reads back also runs or is refused by the run's check.
    #[test]
    fn damaged_bytes_never_panic() {
        let mut rng = crate::rng::SplitMix64::new(7);
        let good = BUILTINS[3].scenario().unwrap().pack();
        for round in 0..3000 {
            let mut bytes = good.clone();
            match round % 3 {
                0 => bytes.truncate(rng.below(good.len() as u32) as usize),
                1 => {
                    for _ in 0..1 + rng.below(4) {
                        let i = rng.below(bytes.len() as u32) as usize;
                        bytes[i] = rng.below(256) as u8;
                    }
                }
                _ => bytes.insert(4 + rng.below(good.len() as u32 - 4) as usize, rng.below(256) as u8),
            }
            if let Ok(scenario) = Scenario::unpack(&bytes) {
                let _ = crate::check::run(scenario, &[]);
            }
        }
        assert!(Scenario::unpack(b"PFS\x02").is_err());
        assert!(Scenario::unpack(b"").is_err());
    }
}
