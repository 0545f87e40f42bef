//! The run in people's words: pool status lines and the event log. Every
//! sentence is worded from the engine's typed values; durations the source
//! gives only as an upper reference ("expected to take up to") are said as
//! "up to" whole minutes, never as a millisecond prediction.

use super::*;

/// "up to 60 minutes": a duration the source gives as an upper reference,
/// in whole minutes (rounded up, but not for the run's sub-second spacing
/// of users: 20,000 users at 20,000 an hour is "up to 60 minutes", as the
/// source says, not 61).
pub fn up_to_minutes(ms: u64) -> String {
    let minutes = ms.saturating_sub(999).div_ceil(60_000).max(u64::from(ms > 0));
    if minutes == 1 {
        "up to 1 minute".into()
    } else {
        format!("up to {minutes} minutes")
    }
}

impl Simulation {
    /// The status line's sentence.
    pub fn status_text(&self, p: PoolIdx, status: PoolStatus, t: SimTime) -> String {
        let sc = &self.scenario;
        let name = &sc.pools[usize::from(p)].name;
        let backup = sc.pools[usize::from(p)].backup.map_or("", |b| sc.pools[usize::from(b)].name.as_str());
        let n = |x: u32| group_thousands(u64::from(x));
        match status {
            PoolStatus::RegistrarTimer { expires } => format!(
                "Registrar resiliency timer for {name}: {} left (expires {expires}). Its users cannot sign in until then or until the admin invokes failover.",
                SimTime(expires.ms().saturating_sub(t.ms())).clock()
            ),
            PoolStatus::DownNoBackup => format!("{name} is down and has no backup pool: its users cannot sign in until it is restored. They are not affected users in the page's sense: nothing fails over."),
            PoolStatus::ResiliencyWithoutFailover { since } => format!(
                "Registrar resiliency timer expired at {since}: users of {name} sign in to {backup} in Resiliency mode. No failover invoked: they stay in Resiliency mode until a failover is complete, or until {name} returns and the backup registrar redirects them home."
            ),
            PoolStatus::ReturningHome { at } if t < at => format!(
                "{name} is back: the backup registrar redirects its users home at {at} (failback detection interval); clients signing in now go home directly."
            ),
            PoolStatus::ReturningHome { at } => format!("{name} is back: since {at} the backup registrar redirects its users home."),
            PoolStatus::FailingOver { done, .. } => format!(
                "Failover of {name} in progress: completes {done}; until then its users are in Resiliency mode on {backup}."
            ),
            PoolStatus::FailedOver { done, home_down } => {
                let next = if home_down {
                    format!("{name} is still down: restore it, then Invoke-CsPoolFailBack")
                } else {
                    format!("{name} is up: Invoke-CsPoolFailBack when ready")
                };
                format!("{name} failed over at {done}: all services from {backup}. {next}.")
            }
            PoolStatus::FailingBack { done, moved, total, .. } => format!(
                "Failback of {name}: {} of {} moved home; {} left (the page: \"expected to take up to 60 minutes for a pool of 20,000 users\").",
                n(moved),
                crate::text::count(u64::from(total), "user", "users"),
                up_to_minutes(done.ms().saturating_sub(t.ms()))
            ),
        }
    }

    /// One sentence for an event, as the event log shows it.
    pub fn describe(&self, e: &Event) -> String {
        let sc = &self.scenario;
        let pool = |p: PoolIdx| sc.pools[usize::from(p)].name.as_str();
        let user = |u: NamedIdx| sc.users[u as usize].name.as_str();
        // "1 user", "20,002 users": every number with its noun (`text::count`).
        let of = |x: u32, one: &str, many: &str| crate::text::count(u64::from(x), one, many);
        let users_n = |x: u32| of(x, "user", "users");
        match &e.kind {
            EventKind::PoolFailed { pool: p, users_signed_out, p2p_ended, conferences_ended } => format!(
                "{} failed: {} signed out, {} and {} ended",
                pool(*p),
                users_n(*users_signed_out),
                of(*p2p_ended, "peer-to-peer session", "peer-to-peer sessions"),
                of(*conferences_ended, "conference", "conferences")
            ),
            EventKind::FailoverInvoked { pool: p, mode, users_signed_out, sessions_ended } => {
                let order = Action::InvokeFailover(*p, *mode).describe(sc);
                match mode {
                    FailoverMode::Disaster => format!("Admin ran {order} ({} is down)", pool(*p)),
                    FailoverMode::Planned => format!(
                        "Admin ran {order} (planned; {} stays up): {} of {} signed out and moving to the backup pool; {} disrupted",
                        pool(*p), users_n(*users_signed_out), pool(*p), of(*sessions_ended, "session", "sessions")
                    ),
                }
            }
            EventKind::SignInPossible { pool: p, backup, by_timer, users, until } => format!(
                "{} of {} can sign in to {} in Resiliency mode ({}); reconnects spread until {}",
                users_n(*users),
                pool(*p),
                pool(*backup),
                if *by_timer { "the registrar resiliency timer expired" } else { "the admin invoked failover" },
                until
            ),
            EventKind::FailoverCompleted { pool: p, backup } => {
                format!("Failover of {} complete: its users get all services from {}", pool(*p), pool(*backup))
            }
            EventKind::PoolRestored { pool: p } => format!("{} is restored", pool(*p)),
            EventKind::ReturningHome { pool: p, users, paired: true } => format!(
                "{} of {} redirected home by the backup registrar (no failover was invoked)",
                users_n(*users),
                pool(*p)
            ),
            EventKind::ReturningHome { pool: p, users, paired: false } => {
                format!("{} of {} sign in to it again (it has no backup pool)", users_n(*users), pool(*p))
            }
            EventKind::FailbackInvoked { pool: p, users, eta, conferences_ended } => format!(
                "Admin ran {}: {} of {} move home one by one, taking {}; {} organized by its users terminated",
                Action::InvokeFailback(*p).describe(sc),
                users_n(*users),
                pool(*p),
                up_to_minutes(eta.ms().saturating_sub(e.at.ms())),
                of(*conferences_ended, "conference", "conferences")
            ),
            EventKind::FailbackCompleted { pool: p } => {
                format!("Failback of {} complete: its users are in regular mode at home", pool(*p))
            }
            EventKind::ChecklistDone { pool: p, item } => {
                let action = Action::Checklist(*p, *item);
                format!("Admin for {}: {} ({})", pool(*p), item.label(), action.command(sc))
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
                let spec = &sc.sessions[*session as usize];
                let kind = match spec.kind {
                    SessionKind::P2p { .. } => "Peer-to-peer session",
                    SessionKind::Conference { .. } => "Conference",
                };
                format!("{kind} \"{}\": {reason}", spec.id)
            }
        }
    }
}

#[cfg(test)]
mod up_to_tests {
    use super::up_to_minutes;

    #[test]
    fn whole_minutes_as_the_source_says_them() {
        assert_eq!(up_to_minutes(3_600_540), "up to 60 minutes");
        assert_eq!(up_to_minutes(3_601_000), "up to 61 minutes");
        assert_eq!(up_to_minutes(59_000), "up to 1 minute");
        assert_eq!(up_to_minutes(500), "up to 1 minute");
    }
}
