//! Sessions: peer-to-peer calls and conferences between named users. Their
//! history (started, ended, who is in) is walked once over the moments that
//! can change it; what a session is *now* (can it be rejoined, why, and who
//! says so) is asked of the rule book at the moment asked, with the members'
//! situations at that moment, so a reason is never the last event's.

use super::*;
use crate::capability::NOT_SIGNED_IN;

/// A session at a moment: its history's state, and the rule book's words
/// for that moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionNow {
    pub run: SessionRun,
    pub reason: String,
    pub source: Source,
    /// For each member (conference: organizer first): in the session.
    pub members_in: Vec<bool>,
    /// When the run state last changed.
    pub since: SimTime,
    /// For an ended session: whether it can be taken up again now (every
    /// participant can rejoin a conference; both users can re-establish a
    /// call).
    pub resumable: Option<bool>,
}

impl Simulation {
    /// Every session's history: walked over the moments that can change it
    /// (its start, its members' own change moments, clicks on its rejoin),
    /// admitting members with the rule book. At each moment only the members
    /// whose situation changes then are asked again, so the work grows with
    /// the members' histories, not with members times moments. What a
    /// session's history means at a moment (can it be rejoined, and why) is
    /// asked in [`Simulation::session_now`].
    pub(super) fn session_tracks(
        &self,
        moments_of: &[Vec<SimTime>],
        events: &mut Vec<Event>,
        refused: &mut Vec<RefusedRejoin>,
    ) -> Vec<Vec<SessionState>> {
        let mut tracks: Vec<Vec<SessionState>> = Vec::with_capacity(self.scenario.sessions.len());
        for (i, spec) in self.scenario.sessions.iter().enumerate() {
            let members = self.session_members(i as u32);
            let mut track = vec![SessionState {
                run: SessionRun::Pending,
                reason: "Not started yet".into(),
                source: SCHEDULED,
                members_in: vec![false; members.len()],
                since: SimTime::ZERO,
            }];
            // A click before the session starts never reaches the walk below.
            let early = self.dr.rejoins().iter().enumerate().filter(|(_, r)| r.1 == i as u32 && r.0 < spec.at);
            for (click, &(at, _, user)) in early {
                refused.push(RefusedRejoin { at, session: i as u32, user, why: "it has not started", click });
            }
            // (moment, member whose situation may change then); `usize::MAX`: no member.
            let mut walk: Vec<(SimTime, usize)> = vec![(spec.at, usize::MAX)];
            for (k, &m) in members.iter().enumerate() {
                walk.extend(moments_of[m as usize].iter().filter(|&&t| t > spec.at).map(|&t| (t, k)));
            }
            let clicks_here = self.dr.rejoins().iter().filter(|r| r.1 == i as u32 && r.0 >= spec.at);
            walk.extend(clicks_here.map(|r| (r.0, usize::MAX)));
            walk.sort_unstable();
            walk.dedup();
            let before_start = spec.at.ms().checked_sub(1).map(SimTime);
            let mut now: Vec<Situation> = members.iter().map(|&m| self.named_situation(m, spec.at)).collect();
            let mut changed: Vec<(usize, Option<Situation>)> =
                (0..members.len()).map(|k| (k, before_start.map(|b| self.named_situation(members[k], b)))).collect();
            let mut w = 0;
            while w < walk.len() {
                let t = walk[w].0;
                if t > spec.at {
                    changed.clear();
                    while w < walk.len() && walk[w].0 == t {
                        let k = walk[w].1;
                        if k != usize::MAX {
                            let was = now[k];
                            now[k] = self.named_situation(members[k], t);
                            changed.push((k, Some(was)));
                        }
                        w += 1;
                    }
                } else {
                    while w < walk.len() && walk[w].0 == t {
                        w += 1;
                    }
                }
                // Never empty: a track starts with its pending state.
                let prev = track[track.len() - 1].clone();
                let mut next = self.next_session_state(spec, &prev, t, &now, &changed);
                // Then the clicks on rejoin at this moment, in order.
                let clicks = self.dr.rejoins().iter().enumerate().filter(|(_, r)| r.0 == t && r.1 == i as u32);
                for (click, &(_, _, user)) in clicks {
                    let current = next.clone().unwrap_or_else(|| prev.clone());
                    match self.rejoin_outcome(spec, &members, &current, user, t) {
                        Ok(state) => next = Some(state),
                        Err(why) => refused.push(RefusedRejoin { at: t, session: i as u32, user, why, click }),
                    }
                }
                if let Some(next) = next {
                    events.push(Event {
                        at: t,
                        kind: EventKind::SessionChanged {
                            session: i as u32,
                            run: next.run,
                            reason: next.reason.clone(),
                        },
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
        tracks
    }

    /// A session's history at `t`: the last change at or before it (whether
    /// it runs and who is in; its reason is the change's). Cheap: for the
    /// stage's drawing. What it means now: [`Simulation::session_now`].
    pub fn session_history(&self, session: u32, t: SimTime) -> &SessionState {
        let track = &self.sessions[session as usize];
        let n = track.partition_point(|s| s.since <= t).max(1);
        &track[n - 1]
    }

    /// A session at `t`: state, members, and the reason and source for this
    /// moment. An ended session says why it ended and what can be done now
    /// (`rules::terminated_conference`, `rules::ended_call`); a running
    /// conference says what its members' situations add now
    /// (`rules::running_conference`).
    pub fn session_now(&self, session: u32, t: SimTime) -> SessionNow {
        let track = &self.sessions[session as usize];
        let n = track.partition_point(|s| s.since <= t).max(1);
        let st = &track[n - 1];
        let members = self.session_members(session);
        // Only the situations the answer needs: the organizer's for a
        // terminated conference, the members' in it for a running one.
        let now = |u: NamedIdx| self.named_situation(u, t);
        let conference = matches!(self.scenario.sessions[session as usize].kind, SessionKind::Conference { .. });
        let mut out = SessionNow {
            run: st.run,
            reason: st.reason.clone(),
            source: st.source,
            members_in: st.members_in.clone(),
            since: st.since,
            resumable: None,
        };
        match st.run {
            SessionRun::Pending => {}
            SessionRun::Ended => {
                // Why it ended: the first of the ended states in a row.
                let first = track[..n].iter().rposition(|s| s.run != SessionRun::Ended).map_or(0, |k| k + 1);
                let ended = &track[first.min(n - 1)];
                let (resumable, now_said) = if conference {
                    rules::terminated_conference(&now(members[0]))
                } else {
                    rules::ended_call(&members.iter().map(|&u| now(u)).collect::<Vec<_>>())
                };
                out.reason = format!("{}. {}", ended.reason, now_said.reason);
                out.source = now_said.source;
                out.since = ended.since;
                out.resumable = Some(resumable);
            }
            SessionRun::Running if conference => {
                let inside: Vec<Situation> =
                    members.iter().zip(&st.members_in).filter(|(_, &is_in)| is_in).map(|(&u, _)| now(u)).collect();
                if let Some(said) = rules::running_conference(&now(members[0]), &inside) {
                    out.reason = said.reason;
                    out.source = said.source;
                }
            }
            SessionRun::Running => {}
        }
        out
    }

    /// Whether a terminated conference can be rejoined at `t`.
    pub fn rejoin(&self, session: u32, t: SimTime) -> Option<Rejoin> {
        let spec = &self.scenario.sessions[session as usize];
        if !matches!(spec.kind, SessionKind::Conference { .. }) {
            return None;
        }
        let resumable = self.session_now(session, t).resumable?;
        Some(if resumable { Rejoin::Available } else { Rejoin::Blocked })
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

    /// A click on rejoin by member `u` at `t`: the session's new state, or
    /// why not. The same admission rule as starting a session.
    pub(super) fn rejoin_outcome(
        &self,
        spec: &SessionSpec,
        members: &[NamedIdx],
        current: &SessionState,
        u: NamedIdx,
        t: SimTime,
    ) -> Result<SessionState, &'static str> {
        let k = members.iter().position(|&m| m == u).ok_or("they are not a member of it")?;
        let me = self.named_situation(u, t);
        let state = |run, reason: &str, source, members_in| SessionState {
            run,
            reason: reason.to_string(),
            source,
            members_in,
            since: t,
        };
        if current.run == SessionRun::Pending {
            return Err("it has not started");
        }
        rules::may_establish(&me).map_err(|r| r.reason)?;
        let org = self.named_situation(members[0], t);
        // After failback the page's own row says it; before, the failover text.
        let rejoin_source = if org.why == Why::FailedBack {
            page(PageTable::AffectedUser, rows::CONF_BY_AFFECTED, false)
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
                Ok(state(SessionRun::Running, "Running; a participant rejoined", rejoin_source, members_in))
            }
            (SessionKind::Conference { .. }, SessionRun::Ended) => {
                rules::may_host(&org).map_err(|r| {
                    if org.signed_in() {
                        r.reason
                    } else {
                        "the organizer is not signed in"
                    }
                })?;
                let mut members_in = vec![false; members.len()];
                members_in[k] = true;
                Ok(state(
                    SessionRun::Running,
                    "Running again: participants rejoin one by one",
                    rejoin_source,
                    members_in,
                ))
            }
            (SessionKind::P2p { .. }, SessionRun::Running) => Err("it is already active"),
            (SessionKind::P2p { .. }, SessionRun::Ended) => {
                for &m in members.iter().filter(|&&m| m != u) {
                    rules::may_establish(&self.named_situation(m, t))
                        .map_err(|_| "the other user cannot take a session now")?;
                }
                Ok(state(SessionRun::Running, "Re-established", DISRUPTED, vec![true; members.len()]))
            }
        }
    }

    /// Clicks on rejoin that could not happen.
    pub fn refused_rejoins(&self) -> &[RefusedRejoin] {
        &self.refused_rejoins
    }

    pub(super) fn sessions_ended_at(&self, t: SimTime) -> (u32, u32) {
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

    /// The session's next state at `t`, if it changes. `now`: every member's
    /// situation at `t`; `changed`: the members whose situation may have
    /// changed at `t`, with their situation just before (`None` at 0:00).
    /// At the session's start every member counts as changed.
    fn next_session_state(
        &self,
        spec: &SessionSpec,
        prev: &SessionState,
        t: SimTime,
        now: &[Situation],
        changed: &[(usize, Option<Situation>)],
    ) -> Option<SessionState> {
        let n = now.len();
        let state =
            |run, reason: String, source, members_in| Some(SessionState { run, reason, source, members_in, since: t });
        // The situation just before `t` of a member that changed at `t`.
        let before = |k: usize| changed.iter().find(|c| c.0 == k).map(|c| c.1);
        match (&spec.kind, prev.run) {
            // Nothing changes for an ended session but whether it can be taken
            // up again; when that opens, its reason says so (never stale).
            (SessionKind::Conference { .. }, SessionRun::Ended) => {
                let before = before(0)??;
                if rules::may_host(&now[0]).is_err() || rules::may_host(&before).is_ok() {
                    return None;
                }
                let (reason, source) = if now[0].why == Why::FailedBack {
                    (
                        "All modalities now work; every participant needs to click to rejoin",
                        page(PageTable::AffectedUser, rows::CONF_BY_AFFECTED, false),
                    )
                } else {
                    (
                        "Terminated; the organizer can host it again, so every participant can click to rejoin",
                        crate::capability::ONLY_THEN_SESSIONS,
                    )
                };
                state(SessionRun::Ended, reason.into(), source, vec![false; n])
            }
            (SessionKind::P2p { .. }, SessionRun::Ended) => {
                if changed.is_empty() || changed.iter().any(|c| c.1.is_none()) {
                    return None;
                }
                let able_now = now.iter().all(|s| rules::may_establish(s).is_ok());
                let able_before = (0..n).all(|k| rules::may_establish(&before(k).flatten().unwrap_or(now[k])).is_ok());
                if !able_now || able_before {
                    return None;
                }
                state(
                    SessionRun::Ended,
                    "Ended; both users can re-establish it now".into(),
                    crate::capability::ONLY_THEN_SESSIONS,
                    vec![false; n],
                )
            }
            (SessionKind::P2p { .. }, SessionRun::Pending) => {
                match now.iter().map(rules::may_establish).find_map(Result::err) {
                    None => state(SessionRun::Running, "Established".into(), SCHEDULED, vec![true, true]),
                    Some(r) => state(
                        SessionRun::Ended,
                        format!("Could not be established: {}", r.reason),
                        r.source,
                        vec![false, false],
                    ),
                }
            }
            (SessionKind::P2p { .. }, SessionRun::Running) => {
                let out = now.iter().find(|s| !s.signed_in())?;
                let (reason, source) = disconnect_words(out, "Ended");
                state(SessionRun::Ended, reason, source, now.iter().map(|s| s.signed_in()).collect())
            }
            (SessionKind::Conference { .. }, SessionRun::Pending) => match rules::may_start_conference(&now[0]) {
                Ok(()) => {
                    let members_in: Vec<bool> = now.iter().map(|s| rules::may_establish(s).is_ok()).collect();
                    match now.iter().map(rules::may_establish).find_map(Result::err) {
                        None => state(SessionRun::Running, "Running".into(), SCHEDULED, members_in),
                        Some(r) => state(
                            SessionRun::Running,
                            format!("Running; a participant cannot join yet: {}", r.reason),
                            r.source,
                            members_in,
                        ),
                    }
                }
                Err(r) => state(
                    SessionRun::Ended,
                    format!("Could not start: the organizer cannot host it now ({})", r.reason),
                    r.source,
                    vec![false; n],
                ),
            },
            (SessionKind::Conference { .. }, SessionRun::Running) => {
                let org = now[0];
                if !org.signed_in() {
                    let (reason, source) = disconnect_words(&org, "Terminated");
                    return state(SessionRun::Ended, reason, source, vec![false; n]);
                }
                let org_before = before(0).flatten().unwrap_or(org);
                if org.phase.is_failing_back() && !org_before.phase.is_failing_back() {
                    return state(
                        SessionRun::Ended,
                        "All modalities terminated: the organizer's pool is failing back".into(),
                        page(PageTable::AffectedUser, rows::CONF_BY_AFFECTED, true),
                        vec![false; n],
                    );
                }
                // Only members whose situation changed can drop out.
                let dropped = changed.iter().any(|&(k, _)| prev.members_in[k] && !now[k].signed_in());
                if dropped {
                    let mut members_in = prev.members_in.clone();
                    for &(k, _) in changed {
                        members_in[k] = members_in[k] && now[k].signed_in();
                    }
                    return state(
                        SessionRun::Running,
                        "Running; a participant was disconnected and must rejoin".into(),
                        DISRUPTED,
                        members_in,
                    );
                }
                // A member who is out and could not join before can rejoin now.
                let opened = changed.iter().any(|&(k, was)| {
                    !prev.members_in[k]
                        && was.is_some_and(|was| rules::may_establish(&was).is_err())
                        && rules::may_establish(&now[k]).is_ok()
                });
                if opened {
                    return state(
                        SessionRun::Running,
                        "Running; a participant who is not in can rejoin now".into(),
                        crate::capability::ONLY_THEN_SESSIONS,
                        prev.members_in.clone(),
                    );
                }
                None
            }
        }
    }

    /// How `observer` sees a session they share with `subject`, in a
    /// sentence with its source. The same answer as the session's own
    /// (`session_now`), seen from the observer's situation.
    pub fn session_seen_by(&self, session: u32, observer: NamedIdx, subject: NamedIdx, t: SimTime) -> (String, Source) {
        let now = self.session_now(session, t);
        let members = self.session_members(session);
        let is_in = |u: NamedIdx| members.iter().position(|&m| m == u).is_some_and(|k| now.members_in[k]);
        let me = self.named_situation(observer, t);
        let them = self.named_situation(subject, t);
        let conference = matches!(self.scenario.sessions[session as usize].kind, SessionKind::Conference { .. });
        if now.run != SessionRun::Pending && !me.signed_in() {
            return ("the observer is signed out: they are in no session".into(), NOT_SIGNED_IN);
        }
        match (conference, now.run) {
            (_, SessionRun::Pending) => ("it has not started".into(), now.source),
            (false, SessionRun::Running) => ("the call works, all modalities".into(), now.source),
            (false, SessionRun::Ended) => {
                let what = if now.resumable == Some(true) {
                    "it can be re-established now"
                } else {
                    "it cannot be re-established yet"
                };
                (format!("the call has ended; {what}"), now.source)
            }
            (true, SessionRun::Ended) => {
                let rejoin = match now.resumable {
                    Some(true) => "everyone can click rejoin",
                    _ => "rejoin is shown, but nobody can rejoin yet",
                };
                (format!("the conference is terminated; {rejoin}"), now.source)
            }
            (true, SessionRun::Running) => {
                let place = if is_in(observer) { "the observer is in" } else { "the observer must rejoin" };
                let (with, source) = if !is_in(subject) {
                    ("without the user".to_string(), now.source)
                } else if them.mode == Some(Mode::Resiliency) && now.source.is_conflict() {
                    (
                        "with the user in it; Microsoft's tables disagree on whether all modalities work for them"
                            .to_string(),
                        now.source,
                    )
                } else if them.mode == Some(Mode::Resiliency) {
                    ("with the user in it, limited to what Resiliency mode allows".to_string(), now.source)
                } else if them.why == Why::FailedBack {
                    (
                        "with the user in it, and all modalities work".to_string(),
                        page(PageTable::UnaffectedPool, rows::CONF_BY_UNAFFECTED, false),
                    )
                } else {
                    ("with the user in it".to_string(), now.source)
                };
                (format!("the conference runs; {place}, {with}"), source)
            }
        }
    }
}

/// Why a session ends (or a member drops) when `out` is signed out.
fn disconnect_words(out: &Situation, verb: &str) -> (String, Source) {
    match out.why {
        Why::Reconnecting { planned: true } => {
            (format!("{verb}: the planned failover signed a member out"), FORCED_SIGN_OUT)
        }
        Why::NotSignedIn => (format!("{verb}: a member signed out"), SESSION_ENDS_AT_SIGN_OUT),
        Why::NoBackup { .. } => {
            (format!("{verb}: a member's pool failed and has no backup pool"), crate::capability::NO_BACKUP)
        }
        _ => (format!("{verb}: a member's pool failed and logged them out"), LOGGED_OUT_AT_FAILURE),
    }
}
