//! Small, serializable views of the run at a moment: what `failover query`
//! prints and what the page's tables and panels are fed from (never by
//! walking every user per frame).

use crate::capability::{CapKey, CapValue, Source};
use crate::dr::{DrState, Health, NamedIdx, PoolIdx};
use crate::rules::{self, BannerTone};
use crate::scenario::SessionKind;
use crate::sim::{Rejoin, SessionRun, Simulation};
use crate::situation::{Connection, Mode};
use crate::time::SimTime;
use serde::Serialize;
use std::collections::BTreeMap;

/// The state at a moment (CONTRACT.md's `query` JSON).
#[derive(Clone, Debug, Serialize)]
pub struct Snapshot {
    /// Whole seconds since the start.
    pub t_s: u64,
    /// The exact moment, in milliseconds.
    pub t_ms: u64,
    pub pools: Vec<PoolView>,
    /// Named users (or the one asked for).
    pub users: Vec<UserView>,
    pub sessions: Vec<SessionView>,
}

/// A pool at a moment.
#[derive(Clone, Debug, Serialize)]
pub struct PoolView {
    pub id: String,
    pub name: String,
    pub health: Health,
    pub dr_state: DrState,
    /// Signed-in users it serves.
    pub serving: u32,
    /// Of which in regular mode.
    pub serving_regular: u32,
    /// Of which in Resiliency mode.
    pub serving_resiliency: u32,
    /// Users homed here who are signed out.
    pub signed_out_homed: u32,
    /// Users homed here.
    pub homed: u32,
}

/// Where a user would land signing in now.
#[derive(Clone, Debug, Serialize)]
pub struct SignInView {
    /// Pool id, or null when sign-in is blocked.
    pub pool: Option<String>,
    pub mode: Option<Mode>,
    pub reason: &'static str,
    pub source: String,
    pub assumption: bool,
}

/// Reason and source of one answer.
#[derive(Clone, Debug, Serialize)]
pub struct Because {
    pub reason: &'static str,
    pub source: String,
    /// True when the page is silent and this is our assumption.
    pub assumption: bool,
}

impl Because {
    pub fn new(reason: &'static str, source: Source) -> Because {
        Because { reason, source: source.cite(), assumption: source.is_assumption() }
    }
}

/// What the user's own client shows.
#[derive(Clone, Debug, Serialize)]
pub struct BannerView {
    pub tone: BannerTone,
    pub text: String,
    pub source: String,
    pub assumption: bool,
}

/// A named user at a moment.
#[derive(Clone, Debug, Serialize)]
pub struct UserView {
    pub id: String,
    pub name: String,
    /// Home pool id.
    pub home: String,
    /// Failed over from home and not yet failed back.
    pub affected: bool,
    /// MODEL.md phase number (1-8).
    pub phase: u8,
    pub phase_label: &'static str,
    pub connection: Connection,
    /// Serving pool id, or null.
    pub pool: Option<String>,
    pub mode: Option<Mode>,
    /// The presence the user set.
    pub presence: &'static str,
    /// Where they would land signing in now.
    pub sign_in: SignInView,
    /// Capability key to value.
    pub capabilities: BTreeMap<&'static str, CapValue>,
    /// Capability key to reason and source.
    pub why: BTreeMap<&'static str, Because>,
    pub banner: BannerView,
}

/// A member of a conference.
#[derive(Clone, Debug, Serialize)]
pub struct ParticipantView {
    pub user: String,
    /// Still in the conference.
    #[serde(rename = "in")]
    pub is_in: bool,
    /// In, but limited to what Resiliency mode allows.
    pub restricted: bool,
}

/// A session's kind, as in the JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionKindName {
    Conference,
    P2p,
}

/// A session's state, named as people say it of its kind: a conference runs
/// or is terminated; a peer-to-peer session is active or ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionStateName {
    Pending,
    Running,
    Terminated,
    Active,
    Ended,
}

impl SessionStateName {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStateName::Pending => "pending",
            SessionStateName::Running => "running",
            SessionStateName::Terminated => "terminated",
            SessionStateName::Active => "active",
            SessionStateName::Ended => "ended",
        }
    }
}

/// A session at a moment.
#[derive(Clone, Debug, Serialize)]
pub struct SessionView {
    pub id: String,
    pub kind: SessionKindName,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organizer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<String>>,
    pub state: SessionStateName,
    /// Conference rejoin, or null.
    pub rejoin: Option<Rejoin>,
    pub reason: String,
    pub source: String,
    /// Conference participants (organizer first).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<ParticipantView>,
    /// Microsoft's two tables disagree on this answer (not in the JSON
    /// contract: `source` says so in words).
    #[serde(skip)]
    pub disputed: bool,
}

impl Simulation {
    /// The state at `t`; with `user`, that user alone.
    pub fn snapshot(&self, t: SimTime, user: Option<NamedIdx>) -> Snapshot {
        let sc = self.scenario();
        let pools = self.pool_views(t);
        let users = match user {
            Some(u) => vec![self.user_view(u, t)],
            None => (0..sc.users.len() as NamedIdx).map(|u| self.user_view(u, t)).collect(),
        };
        let sessions = (0..sc.sessions.len() as u32).map(|s| self.session_view(s, t)).collect();
        Snapshot { t_s: t.whole_s(), t_ms: t.ms(), pools, users, sessions }
    }

    /// Every pool at `t`.
    pub fn pool_views(&self, t: SimTime) -> Vec<PoolView> {
        let counts = self.pool_counts(t);
        self.scenario()
            .pools
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let c = counts[i];
                PoolView {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    health: self.dr().health(i as PoolIdx, t),
                    dr_state: self.dr().dr_state(i as PoolIdx, t),
                    serving: c.serving(),
                    serving_regular: c.regular,
                    serving_resiliency: c.resiliency,
                    signed_out_homed: c.signed_out,
                    homed: self.pool_users(i as PoolIdx).len() as u32,
                }
            })
            .collect()
    }

    /// One named user at `t`.
    pub fn user_view(&self, user: NamedIdx, t: SimTime) -> UserView {
        let sc = self.scenario();
        let spec = &sc.users[user as usize];
        let s = self.named_situation(user, t);
        let pool_id = |p: PoolIdx| sc.pools[usize::from(p)].id.clone();
        let answer = self.sign_in_answer(spec.home, t);
        let sign_in = SignInView {
            pool: answer.landing.map(|(p, _)| pool_id(p)),
            mode: answer.landing.map(|(_, m)| m),
            reason: answer.reason,
            source: answer.source.cite(),
            assumption: answer.source.is_assumption(),
        };
        let mut capabilities = BTreeMap::new();
        let mut why = BTreeMap::new();
        for key in CapKey::ALL {
            let cell = rules::cell(key, &s);
            capabilities.insert(key.key(), cell.value);
            why.insert(key.key(), Because::new(cell.reason, cell.source));
        }
        let b = rules::banner(&s);
        UserView {
            id: spec.id.clone(),
            name: spec.name.clone(),
            home: pool_id(spec.home),
            affected: s.affected(),
            phase: s.phase.number(),
            phase_label: s.phase_label(),
            connection: s.connection(),
            pool: s.serving.map(pool_id),
            mode: s.mode,
            presence: spec.presence.as_str(),
            sign_in,
            capabilities,
            why,
            banner: BannerView {
                tone: b.tone,
                text: b.text,
                source: b.source.cite(),
                assumption: b.source.is_assumption(),
            },
        }
    }

    /// One session at `t`.
    pub fn session_view(&self, session: u32, t: SimTime) -> SessionView {
        let sc = self.scenario();
        let spec = &sc.sessions[session as usize];
        let st = self.session_now(session, t);
        let uid = |u: NamedIdx| sc.users[u as usize].id.clone();
        let (kind, organizer, users) = match &spec.kind {
            SessionKind::Conference { organizer, .. } => (SessionKindName::Conference, Some(uid(*organizer)), None),
            SessionKind::P2p { users } => (SessionKindName::P2p, None, Some(users.iter().map(|&u| uid(u)).collect())),
        };
        let state = match (kind, st.run) {
            (_, SessionRun::Pending) => SessionStateName::Pending,
            (SessionKindName::Conference, SessionRun::Running) => SessionStateName::Running,
            (SessionKindName::Conference, SessionRun::Ended) => SessionStateName::Terminated,
            (SessionKindName::P2p, SessionRun::Running) => SessionStateName::Active,
            (SessionKindName::P2p, SessionRun::Ended) => SessionStateName::Ended,
        };
        let participants = match &spec.kind {
            SessionKind::Conference { .. } => self
                .session_members(session)
                .iter()
                .zip(&st.members_in)
                .map(|(&u, &is_in)| {
                    let s = self.named_situation(u, t);
                    let is_in = is_in && st.run == SessionRun::Running;
                    ParticipantView { user: uid(u), is_in, restricted: is_in && s.mode == Some(Mode::Resiliency) }
                })
                .collect(),
            SessionKind::P2p { .. } => Vec::new(),
        };
        SessionView {
            id: spec.id.clone(),
            kind,
            organizer,
            users,
            state,
            rejoin: match (&spec.kind, st.resumable) {
                (SessionKind::Conference { .. }, Some(true)) => Some(Rejoin::Available),
                (SessionKind::Conference { .. }, Some(false)) => Some(Rejoin::Blocked),
                _ => None,
            },
            reason: st.reason.clone(),
            source: st.source.cite(),
            disputed: st.source.is_conflict(),
            participants,
        }
    }
}

/// The rejoin (or re-establish) button a member of a session is offered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejoinOffer {
    pub action: crate::Action,
    pub label: &'static str,
    /// `Err`: why it cannot be clicked now, in the engine's words.
    pub allowed: Result<(), String>,
}

/// One session as a member sees it.
#[derive(Clone, Debug)]
pub struct MemberSession {
    pub id: String,
    pub kind: SessionKindName,
    pub state: SessionStateName,
    /// "Conference standup" / "Peer-to-peer alice-dave-call".
    pub title: String,
    /// The state, the member's place in it and why, in one line.
    pub line: String,
    pub source: String,
    /// Microsoft's two tables disagree on this answer (docs/SOURCES.md).
    pub disputed: bool,
    pub rejoin: Option<RejoinOffer>,
}

/// What an observer sees of a user.
#[derive(Clone, Debug)]
pub struct ObserverView {
    pub value: CapValue,
    /// What the presence shows, for people ("busy (live)").
    pub shown: String,
    pub reason: &'static str,
    pub source: String,
    /// Sessions they share: (id, how the observer sees it, source, whether
    /// Microsoft's two tables disagree on it).
    pub shared: Vec<(String, String, String, bool)>,
}

impl Simulation {
    /// The sessions `user` is a member of, as they see them at `t`.
    pub fn sessions_of(&self, user: NamedIdx, t: SimTime) -> Vec<MemberSession> {
        let sc = self.scenario();
        let me_id = &sc.users[user as usize].id;
        (0..sc.sessions.len() as u32)
            .filter(|&i| self.session_members(i).contains(&user))
            .map(|i| {
                let v = self.session_view(i, t);
                let me = v.participants.iter().find(|p| &p.user == me_id);
                let place = match (v.kind, v.state, me) {
                    (SessionKindName::Conference, _, Some(p)) if p.is_in && p.restricted => {
                        " — in, limited to what Resiliency mode allows"
                    }
                    (SessionKindName::Conference, _, Some(p)) if p.is_in => " — in",
                    (SessionKindName::Conference, SessionStateName::Running, Some(_)) => " — dropped; must rejoin",
                    _ => "",
                };
                let rejoin = v.rejoin.map(|j| format!(" · rejoin {}", j.as_str())).unwrap_or_default();
                let dropped = matches!(v.state, SessionStateName::Terminated | SessionStateName::Ended)
                    || (v.state == SessionStateName::Running && me.is_some_and(|p| !p.is_in));
                let offer = dropped.then(|| {
                    let action = crate::Action::Rejoin(i, user);
                    RejoinOffer {
                        label: if v.kind == SessionKindName::P2p { "Re-establish" } else { "Rejoin" },
                        allowed: self.check_order(t, &action).map_err(|e| e.to_string()),
                        action,
                    }
                });
                let kind = if v.kind == SessionKindName::P2p { "Peer-to-peer" } else { "Conference" };
                MemberSession {
                    title: format!("{kind} {}", v.id),
                    line: format!("{}{rejoin}{place}. {}", v.state.as_str(), v.reason),
                    id: v.id,
                    kind: v.kind,
                    state: v.state,
                    source: v.source,
                    disputed: v.disputed,
                    rejoin: offer,
                }
            })
            .collect()
    }

    /// What named user `observer` sees of user `index` at `t`: presence,
    /// decided by both their situations, and the sessions they share.
    pub fn observer_view(&self, observer: NamedIdx, index: u32, t: SimTime) -> ObserverView {
        let sc = self.scenario();
        let subject = self.situation(index, t);
        let obs = self.named_situation(observer, t);
        let same_pool = sc.users[observer as usize].home == self.home_of(index);
        let cell = rules::observed_presence(&obs, &subject, same_pool);
        let named = self.named_at(index);
        let presence = named.map_or("available", |u| sc.users[u as usize].presence.as_str());
        let shown = match cell.value {
            CapValue::Live => format!("{presence} (live)"),
            CapValue::LastSet => format!("{presence} (the last state set; changes are not shown)"),
            CapValue::NotShown => "nothing (the observer is not signed in)".into(),
            other => other.as_str().to_string(),
        };
        let shared = named
            .map(|u| {
                (0..sc.sessions.len() as u32)
                    .filter(|&i| {
                        let m = self.session_members(i);
                        m.contains(&u) && m.contains(&observer)
                    })
                    .map(|i| {
                        let (text, source) = self.session_seen_by(i, observer, u, t);
                        (sc.sessions[i as usize].id.clone(), text, source.cite(), source.is_conflict())
                    })
                    .collect()
            })
            .unwrap_or_default();
        ObserverView { value: cell.value, shown, reason: cell.reason, source: cell.source.cite(), shared }
    }
}
