//! Small, serializable views of the run at a moment: what `failover query`
//! prints and what the page's tables and panels are fed from (never by
//! walking every user per frame).

use crate::capability::CapKey;
use crate::dr::{NamedIdx, PoolIdx};
use crate::scenario::SessionKind;
use crate::sim::{Mode, SessionRun, Simulation, Situation};
use crate::time::SimTime;
use serde::Serialize;
use std::collections::BTreeMap;

/// The state at a moment (CONTRACT.md's `query` JSON).
#[derive(Clone, Debug, Serialize)]
pub struct Snapshot {
    /// Seconds since the start.
    pub t_s: u64,
    /// Every pool.
    pub pools: Vec<PoolView>,
    /// Named users (or the one asked for).
    pub users: Vec<UserView>,
    /// Sessions.
    pub sessions: Vec<SessionView>,
}

/// A pool at a moment.
#[derive(Clone, Debug, Serialize)]
pub struct PoolView {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// "up" or "down".
    pub health: &'static str,
    /// "normal", "failing-over", "failed-over" or "failing-back".
    pub dr_state: &'static str,
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
    /// "regular" or "resiliency", or null.
    pub mode: Option<&'static str>,
    /// Why.
    pub reason: &'static str,
}

/// Reason and source of one answer.
#[derive(Clone, Debug, Serialize)]
pub struct Why {
    /// The sentence.
    pub reason: &'static str,
    /// The citation.
    pub source: String,
    /// True when the page is silent and this is our assumption.
    pub assumption: bool,
}

/// A named user at a moment.
#[derive(Clone, Debug, Serialize)]
pub struct UserView {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Home pool id.
    pub home: String,
    /// Failed over from home and not yet failed back.
    pub affected: bool,
    /// MODEL.md phase number (1-8).
    pub phase: u8,
    /// Phase label.
    pub phase_label: &'static str,
    /// "signed-in" or "signed-out".
    pub connection: &'static str,
    /// Serving pool id, or null.
    pub pool: Option<String>,
    /// "regular" / "resiliency", or null.
    pub mode: Option<&'static str>,
    /// The presence the user set.
    pub presence: &'static str,
    /// Where they would land signing in now.
    pub sign_in: SignInView,
    /// Capability key to value.
    pub capabilities: BTreeMap<&'static str, &'static str>,
    /// Capability key to reason and source.
    pub why: BTreeMap<&'static str, Why>,
}

/// A member of a conference.
#[derive(Clone, Debug, Serialize)]
pub struct ParticipantView {
    /// User id.
    pub user: String,
    /// Still in the conference.
    #[serde(rename = "in")]
    pub is_in: bool,
    /// In, but limited to what Resiliency mode allows.
    pub restricted: bool,
}

/// A session at a moment.
#[derive(Clone, Debug, Serialize)]
pub struct SessionView {
    /// Id.
    pub id: String,
    /// "conference" or "p2p".
    pub kind: &'static str,
    /// Conference organizer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organizer: Option<String>,
    /// Peer-to-peer users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<String>>,
    /// "pending", "running"/"active", "terminated"/"ended".
    pub state: &'static str,
    /// Conference rejoin: "blocked", "available", or null.
    pub rejoin: Option<&'static str>,
    /// Why.
    pub reason: &'static str,
    /// The citation.
    pub source: String,
    /// Conference participants (organizer first).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<ParticipantView>,
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
        Snapshot { t_s: t.whole_s(), pools, users, sessions }
    }

    /// Every pool at `t` (what the pool cards show).
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
                    health: self.dr().health(i as PoolIdx, t).as_str(),
                    dr_state: self.dr().dr_state(i as PoolIdx, t).as_str(),
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
        let s: Situation = self.named_situation(user, t);
        let pool_id = |p: PoolIdx| sc.pools[usize::from(p)].id.clone();
        let (landing, reason, _) = crate::capability::sign_in_landing(s.phase);
        let backup = sc.pools[usize::from(spec.home)].backup;
        let sign_in = match landing {
            None => SignInView { pool: None, mode: None, reason },
            Some((on_backup, resiliency)) => {
                let p = if on_backup { backup.unwrap_or(spec.home) } else { spec.home };
                SignInView {
                    pool: Some(pool_id(p)),
                    mode: Some(if resiliency { Mode::Resiliency.as_str() } else { Mode::Regular.as_str() }),
                    reason,
                }
            }
        };
        let mut capabilities = BTreeMap::new();
        let mut why = BTreeMap::new();
        for key in CapKey::ALL {
            let cell = s.cell(key);
            capabilities.insert(key.key(), cell.value.as_str());
            why.insert(
                key.key(),
                Why { reason: cell.reason, source: cell.source.cite(), assumption: cell.source.is_assumption() },
            );
        }
        UserView {
            id: spec.id.clone(),
            name: spec.name.clone(),
            home: pool_id(spec.home),
            affected: s.phase.is_affected(),
            phase: s.phase.number(),
            phase_label: s.phase.label(),
            connection: if s.signed_in() { "signed-in" } else { "signed-out" },
            pool: s.serving.map(pool_id),
            mode: s.mode.map(Mode::as_str),
            presence: spec.presence.as_str(),
            sign_in,
            capabilities,
            why,
        }
    }

    /// One session at `t`.
    pub fn session_view(&self, session: u32, t: SimTime) -> SessionView {
        let sc = self.scenario();
        let spec = &sc.sessions[session as usize];
        let st = self.session_state(session, t);
        let uid = |u: NamedIdx| sc.users[u as usize].id.clone();
        let (kind, organizer, users, state) = match &spec.kind {
            SessionKind::Conference { organizer, .. } => (
                "conference",
                Some(uid(*organizer)),
                None,
                match st.run {
                    SessionRun::Pending => "pending",
                    SessionRun::Running => "running",
                    SessionRun::Ended => "terminated",
                },
            ),
            SessionKind::P2p { users } => (
                "p2p",
                None,
                Some(users.iter().map(|&u| uid(u)).collect()),
                match st.run {
                    SessionRun::Pending => "pending",
                    SessionRun::Running => "active",
                    SessionRun::Ended => "ended",
                },
            ),
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
            rejoin: self.rejoin(session, t).map(|r| r.as_str()),
            reason: st.reason,
            source: st.source.cite(),
            participants,
        }
    }
}
