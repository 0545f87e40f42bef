//! The rule book: every answer the product gives about a user, decided from
//! their [`Situation`] alone. Capabilities, where a sign-in lands, what the
//! client's banner says, whether the user may establish or re-establish a
//! session (peer-to-peer and conferences ask the same rule), and what an
//! observer sees. Each answer carries its reason and its source (a row or
//! sentence of Microsoft's page, a line of FACTS.md, or a labelled
//! assumption). Views render these words; they never restate a rule.

use crate::capability::*;
use crate::situation::{Mode, Situation, Why};
use crate::PoolIdx;

/// A refusal: why not, and who says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub reason: &'static str,
    pub source: Source,
}

/// Whether the user may establish a new session or re-establish a previous
/// one now (peer-to-peer, joining or rejoining a conference).
pub fn may_establish(s: &Situation) -> Result<(), Refusal> {
    if !s.signed_in() {
        return Err(signed_out_refusal(s));
    }
    if s.why == Why::BeforeFailoverComplete {
        return Err(Refusal {
            reason:
                "signed in before failover completed: no new sessions and no re-established sessions until it completes",
            source: ONLY_THEN_SESSIONS,
        });
    }
    Ok(())
}

/// Whether the user may host a conference now: start one they organize, or
/// let participants rejoin one that was terminated.
pub fn may_host(s: &Situation) -> Result<(), Refusal> {
    may_establish(s)?;
    if s.mode == Some(Mode::Resiliency) {
        return Err(Refusal {
            reason: "no users can rejoin while the organizer is in Resiliency mode",
            source: page(PageTable::AffectedUser, rows::CONF_BY_AFFECTED, true),
        });
    }
    Ok(())
}

/// Whether the user may start a conference they organize now (an ad-hoc or
/// scheduled meeting beginning): not in Resiliency mode.
pub fn may_start_conference(s: &Situation) -> Result<(), Refusal> {
    may_establish(s)?;
    if s.mode == Some(Mode::Resiliency) {
        return Err(Refusal {
            reason: "creating a conference is not possible while the organizer is in Resiliency mode",
            source: page(PageTable::AffectedUser, rows::SCHEDULING, true),
        });
    }
    Ok(())
}

fn signed_out_refusal(s: &Situation) -> Refusal {
    let (reason, source) = signed_out_words(s);
    Refusal { reason, source }
}

/// Why a signed-out user is signed out, in a sentence, with its source.
fn signed_out_words(s: &Situation) -> (&'static str, Source) {
    match s.why {
        Why::WaitingForBackup { at_failure: true } => (
            "Logged out when the home pool failed; cannot sign in until the registrar resiliency timer expires or the admin invokes failover",
            LOGGED_OUT_AT_FAILURE,
        ),
        Why::WaitingForBackup { at_failure: false } => (
            "Cannot sign in until the registrar resiliency timer expires or the admin invokes failover",
            CANNOT_LOG_BACK_IN,
        ),
        Why::NoBackup { at_failure: true } => (
            "Logged out when the home pool failed; it has no backup pool, so no sign-in until it is restored",
            NO_BACKUP,
        ),
        Why::NoBackup { at_failure: false } => {
            ("The home pool is down and has no backup pool: no sign-in until it is restored", NO_BACKUP)
        }
        Why::Reconnecting { planned: true } => {
            ("Signed out by the planned failover; the client is signing in to the backup pool", FORCED_SIGN_OUT)
        }
        Why::Reconnecting { planned: false } if s.home.down => {
            ("Logged out when the home pool failed; the client is reconnecting now", LOGGED_OUT_AT_FAILURE)
        }
        Why::Reconnecting { planned: false } => {
            ("The home pool is back; the client is reconnecting to it", BACKUP_ACCEPTS_ONLY_WHEN_PRIMARY_DOWN)
        }
        _ => ("Not signed in", NOT_SIGNED_IN),
    }
}

/// The answer for `key` for the user in situation `s`.
pub fn cell(key: CapKey, s: &Situation) -> Cell {
    use CapValue::*;
    use PageTable::*;
    let presence = matches!(key, CapKey::PresenceSamePool | CapKey::PresenceOtherPool);
    if !s.signed_in() {
        let (reason, source) = signed_out_words(s);
        return match (presence, s.why) {
            (true, Why::NotSignedIn) => Cell { value: Offline, reason: "Not signed in: others see offline", source },
            (true, _) => {
                Cell { value: Offline, reason: "Signed out: others see offline", source: PRESENCE_WHILE_OUTAGE }
            }
            (false, _) => Cell { value: No, reason, source },
        };
    }
    let all = |value, reason, source| Cell { value, reason, source };
    match (s.why, key) {
        (Why::Unaffected { partner_in_dr, .. }, _) => {
            let source = if partner_in_dr { NOT_AFFECTED } else { NOTHING_HAPPENING };
            if presence {
                all(Live, "Regular mode on the home pool: presence is live", source)
            } else {
                all(Yes, "Regular mode on the home pool: every service is available", source)
            }
        }
        (Why::HomeFirst, _) => all(
            if presence { Live } else { Yes },
            "Signed in to the home pool, which is up again: regular mode",
            HOME_FIRST,
        ),
        (Why::RedirectedHome, _) => all(
            if presence { Live } else { Yes },
            "Redirected home by the backup registrar: regular mode on the home pool",
            REDIRECTED_HOME,
        ),
        (Why::FailedOver, _) => all(
            if presence { Live } else { Yes },
            "Failover complete: all services come from the backup pool",
            ALL_SERVICES_AFTER_FAILOVER,
        ),
        (Why::BeforeFailoverComplete, CapKey::AddContact) => all(
            No,
            "Resiliency mode on the backup pool: no persistent change until failover completes",
            RESILIENCY_RULE,
        ),
        (Why::BeforeFailoverComplete, CapKey::ContactsAndAbs) => all(
            No,
            "Not available in Resiliency mode before failover completes",
            Source::Assumption {
                note: "the page's row \"Contacts list and Address Book Service availability\" gives this only during failback; we apply the same Resiliency-mode limit before failover completes (the page's failback table describes Resiliency mode)",
            },
        ),
        (Why::BeforeFailoverComplete, CapKey::ScheduleMeeting) => all(
            No,
            "Not possible while the user is in Resiliency mode, before failover completes",
            Source::Assumption {
                note: "the page's row \"Scheduling or modifying scheduled meetings, creating ad-hoc conferences\" gives this only during failback; scheduling is a persistent change, which the page's Resiliency-mode rule forbids",
            },
        ),
        (Why::BeforeFailoverComplete, CapKey::P2p) => match may_establish(s) {
            Ok(()) => all(Yes, "Available", page(AffectedUser, rows::P2P, true)),
            Err(r) => all(No, r.reason, r.source),
        },
        (Why::BeforeFailoverComplete, CapKey::PresenceSamePool) => all(
            Unknown,
            "Presence unknown while signed into the backup pool in Resiliency mode, before failover completes",
            Source::Assumption {
                note: "the page's row \"Presence as seen by other users in the same pool\" says presence is unknown while the user is on the backup pool in Resiliency mode during failback; we show the same before failover completes",
            },
        ),
        (Why::BeforeFailoverComplete, _) => Cell {
            value: Unknown,
            reason: if s.home.down {
                "Resiliency mode before failover completes, with the home pool down: other pools see presence unknown"
            } else {
                "Resiliency mode before failover completes: other pools see presence unknown"
            },
            source: Source::Assumption {
                note: "the page does not say how other pools see an affected user before failover completes; Microsoft's Enterprise Voice resiliency page lists presence as not working in Resiliency mode, so we show unknown",
            },
        },
        (Why::FailbackNotMoved | Why::FailbackMoved { .. }, CapKey::AddContact) => {
            all(No, "Resiliency mode during failback: no persistent change such as adding a contact", RESILIENCY_RULE)
        }
        (Why::FailbackNotMoved | Why::FailbackMoved { .. }, CapKey::ContactsAndAbs) => {
            all(No, "Not available during failback (Resiliency mode)", page(AffectedUser, rows::CONTACTS_ABS, true))
        }
        (Why::FailbackNotMoved | Why::FailbackMoved { .. }, CapKey::ScheduleMeeting) => {
            all(No, "Not possible while the user is in Resiliency mode", page(AffectedUser, rows::SCHEDULING, true))
        }
        (Why::FailbackNotMoved | Why::FailbackMoved { .. }, CapKey::P2p) => {
            all(Yes, "Peer-to-peer sessions stay available during failback", page(AffectedUser, rows::P2P, true))
        }
        (Why::FailbackNotMoved, CapKey::PresenceSamePool) => all(
            Unknown,
            "Presence unknown while signed into the backup pool in Resiliency mode",
            page(AffectedUser, rows::PRESENCE_SAME_POOL, true),
        ),
        (Why::FailbackMoved { .. }, CapKey::PresenceSamePool) => all(
            Unknown,
            "Moved home but still in Resiliency mode: presence stays unknown until failback completes",
            Source::Assumption {
                note: "the page's row covers the user on the backup pool; for a user already moved home, still in Resiliency mode, we keep unknown (in Resiliency mode presence is unknown to others)",
            },
        ),
        (Why::FailbackNotMoved | Why::FailbackMoved { .. }, _) => all(
            LastSet,
            "Users in other pools see the last presence state the affected user set",
            page(UnaffectedPool, rows::VIEWING_PRESENCE, true),
        ),
        (Why::FailedBack, CapKey::AddContact) => {
            all(Yes, "Failback complete: regular mode", page(AffectedUser, rows::USER_STATE, false))
        }
        (Why::FailedBack, CapKey::ContactsAndAbs) => {
            all(Yes, "Available after failback completion", page(AffectedUser, rows::CONTACTS_ABS, false))
        }
        (Why::FailedBack, CapKey::ScheduleMeeting) => all(
            Yes,
            "Available for all modalities after failback completion",
            page(AffectedUser, rows::SCHEDULING, false),
        ),
        (Why::FailedBack, CapKey::P2p) => {
            all(Yes, "Available after failback completion", page(AffectedUser, rows::P2P, false))
        }
        (Why::FailedBack, CapKey::PresenceSamePool) => all(
            Live,
            "Shows the last presence state set by the user, and changes are reflected again",
            page(AffectedUser, rows::PRESENCE_SAME_POOL, false),
        ),
        (Why::FailedBack, CapKey::PresenceOtherPool) => all(
            Live,
            "Working: other pools see the affected user's updates",
            page(UnaffectedPool, rows::VIEWING_PRESENCE, false),
        ),
        // Signed-out reasons never reach here: handled above.
        (
            Why::NotSignedIn | Why::WaitingForBackup { .. } | Why::NoBackup { .. } | Why::Reconnecting { .. },
            _,
        ) => {
            let (reason, source) = signed_out_words(s);
            all(if presence { Offline } else { No }, reason, source)
        }
    }
}

/// Where a user of the home pool who signs in now lands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignInAnswer {
    /// `None`: sign-in is blocked.
    pub landing: Option<(PoolIdx, Mode)>,
    pub reason: &'static str,
    pub source: Source,
}

/// The answer for sign-in, from the situation of a client that signs in at
/// this moment (see `Simulation::sign_in_answer`).
pub fn sign_in(fresh: &Situation) -> SignInAnswer {
    use PageTable::AffectedUser;
    let landing = fresh.serving.zip(fresh.mode);
    let (reason, source) = match fresh.why {
        Why::Unaffected { partner_in_dr, .. } => {
            ("Signs in to the home pool in regular mode", if partner_in_dr { NOT_AFFECTED } else { NOTHING_HAPPENING })
        }
        Why::BeforeFailoverComplete => ("Signs in to the backup pool in Resiliency mode", ONLY_THEN_SESSIONS),
        Why::FailedOver => ("Signs in to the backup pool; all services available", ALL_SERVICES_AFTER_FAILOVER),
        Why::FailbackNotMoved | Why::FailbackMoved { .. } => {
            ("Can sign in to the home pool in Resiliency mode", page(AffectedUser, rows::NEW_USER_LOGGING_IN, true))
        }
        Why::FailedBack => (
            "Can sign in to the original home pool in regular mode",
            page(AffectedUser, rows::NEW_USER_LOGGING_IN, false),
        ),
        Why::HomeFirst | Why::RedirectedHome => {
            ("Signs in to the home pool, which is up again, in regular mode", HOME_FIRST)
        }
        Why::WaitingForBackup { .. } => (
            "Cannot sign in until the registrar resiliency timer expires or the admin invokes failover",
            CANNOT_LOG_BACK_IN,
        ),
        Why::NoBackup { .. } => ("Cannot sign in: the home pool is down and has no backup pool", NO_BACKUP),
        Why::Reconnecting { .. } | Why::NotSignedIn => signed_out_words(fresh),
    };
    SignInAnswer { landing, reason, source }
}

/// How the user's own client looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BannerTone {
    Normal,
    Limited,
    SignedOut,
}

/// What the user's own client shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    pub tone: BannerTone,
    pub text: String,
    pub source: Source,
}

/// The client's banner: what it shows follows from the capabilities, so the
/// banner can never promise what the rules deny.
pub fn banner(s: &Situation) -> Banner {
    match s.mode {
        None => {
            let (text, source) = match s.why {
                Why::NotSignedIn => ("Not signed in.", NOT_SIGNED_IN),
                Why::WaitingForBackup { .. } => (
                    "Signed out. The client keeps trying to sign in; the home pool does not answer and the backup pool does not accept the user yet.",
                    BACKUP_ACCEPTS_ONLY_WHEN_PRIMARY_DOWN,
                ),
                Why::NoBackup { .. } => (
                    "Signed out. The client keeps trying to sign in; the home pool does not answer and there is no backup pool.",
                    NO_BACKUP,
                ),
                Why::Reconnecting { planned: true } => {
                    ("Signed out by the failover; signing in to the backup pool.", FORCED_SIGN_OUT)
                }
                _ => ("Signed out, reconnecting: signing in is possible now.", signed_out_words(s).1),
            };
            Banner { tone: BannerTone::SignedOut, text: text.into(), source }
        }
        Some(Mode::Resiliency) => {
            let lost: Vec<&str> = [
                (CapKey::ContactsAndAbs, "the contact list"),
                (CapKey::PresenceSamePool, "presence"),
                (CapKey::ScheduleMeeting, "scheduling meetings"),
            ]
            .into_iter()
            .filter(|(k, _)| !matches!(cell(*k, s).value, CapValue::Yes | CapValue::Live))
            .map(|(_, what)| what)
            .collect();
            let calls = if cell(CapKey::P2p, s).value == CapValue::Yes {
                "calls and IM work"
            } else {
                "no new calls or IM for now"
            };
            let cause = if s.phase.is_failing_back() {
                "while your pool fails back"
            } else if s.home.planned {
                "while the pool fails over"
            } else if s.home.down {
                "due to an outage"
            } else {
                "until the client returns to its pool"
            };
            let text =
                format!("Limited functionality is available {cause}. Unavailable: {}; {calls}.", lost.join(", "));
            Banner { tone: BannerTone::Limited, text, source: BANNER_WORDING }
        }
        Some(Mode::Regular) => Banner {
            tone: BannerTone::Normal,
            text: "Regular mode: no limited-functionality banner.".into(),
            source: cell(CapKey::AddContact, s).source,
        },
    }
}

/// A session's words at a moment: why, and who says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Said {
    pub reason: String,
    pub source: Source,
}

fn said(reason: impl Into<String>, source: Source) -> Said {
    Said { reason: reason.into(), source }
}

/// A terminated conference at this moment, from its organizer's situation
/// now: whether every participant can click to rejoin, and why. The same
/// admission rule as hosting it (`may_host`).
pub fn terminated_conference(organizer: &Situation) -> (bool, Said) {
    use PageTable::AffectedUser;
    match may_host(organizer) {
        Ok(()) if organizer.why == Why::FailedBack => (
            true,
            said(
                "All modalities now work: every participant needs to click to rejoin",
                page(AffectedUser, rows::CONF_BY_AFFECTED, false),
            ),
        ),
        Ok(()) => (
            true,
            said("The organizer can host it again, so every participant can click to rejoin", ONLY_THEN_SESSIONS),
        ),
        Err(_) if organizer.mode == Some(Mode::Resiliency) && organizer.phase.is_failing_back() => (
            false,
            said(
                "The Rejoin button appears, but no users can rejoin while the organizer is in Resiliency mode",
                page(AffectedUser, rows::CONF_BY_AFFECTED, true),
            ),
        ),
        Err(r) if !organizer.signed_in() => {
            (false, said(format!("Nobody can rejoin while the organizer is signed out ({})", r.reason), r.source))
        }
        Err(r) => (false, said(format!("Nobody can rejoin yet (the organizer: {})", r.reason), r.source)),
    }
}

/// An ended peer-to-peer session at this moment, from both users'
/// situations now: whether it can be re-established, and why.
pub fn ended_call(members: &[Situation]) -> (bool, Said) {
    match members.iter().map(may_establish).find_map(Result::err) {
        None => (true, said("Both users can re-establish it now", ONLY_THEN_SESSIONS)),
        Some(r) => (false, said(format!("It cannot be re-established yet ({})", r.reason), r.source)),
    }
}

/// A running conference at this moment, when a member's situation says more
/// than how it started: an affected member restricted to Resiliency mode, or
/// failing back (where the page's two tables disagree). `None`: nothing to
/// add to the conference's own history.
pub fn running_conference(organizer: &Situation, members_in: &[Situation]) -> Option<Said> {
    let limited = |s: &&Situation| s.mode == Some(Mode::Resiliency);
    let organizer_unaffected = !organizer.affected() && organizer.mode == Some(Mode::Regular);
    let failing_back = members_in.iter().filter(limited).any(|s| s.phase.is_failing_back());
    if organizer_unaffected && failing_back {
        return Some(said(
            "Running; an affected member in Resiliency mode stays in it. Microsoft's tables disagree on what they can do: restricted to Resiliency mode (their own table), or all modalities (the other pool's table)",
            TABLES_DISAGREE_DURING_FAILBACK,
        ));
    }
    if members_in.iter().filter(limited).any(|s| s.why == Why::BeforeFailoverComplete) {
        return Some(said(
            "Running; a member in Resiliency mode stays in it, limited to what Resiliency mode allows",
            JOIN_IN_RESILIENCY,
        ));
    }
    None
}

/// What `observer` sees of `subject`'s presence. `same_pool`: both are
/// homed on the same pool. The observer's own situation counts: a signed-out
/// observer sees nothing, one in Resiliency mode sees presence unknown.
pub fn observed_presence(observer: &Situation, subject: &Situation, same_pool: bool) -> Cell {
    if !observer.signed_in() {
        return Cell {
            value: CapValue::NotShown,
            reason: "The observer is not signed in: they see no presence at all",
            source: NOT_SIGNED_IN,
        };
    }
    if observer.mode == Some(Mode::Resiliency) {
        return Cell {
            value: CapValue::Unknown,
            reason: "The observer is in Resiliency mode: presence of others shows unknown",
            source: OBSERVER_IN_RESILIENCY,
        };
    }
    cell(if same_pool { CapKey::PresenceSamePool } else { CapKey::PresenceOtherPool }, subject)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::situation::HomePool;
    use crate::SimTime;

    fn at(phase: Phase, why: Why, mode: Option<Mode>) -> Situation {
        Situation {
            phase,
            serving: mode.map(|_| 1),
            mode,
            why,
            home: HomePool { down: true, paired: true, planned: false, failover_invoked: true },
            since: SimTime::ZERO,
        }
    }

    #[test]
    fn every_situation_has_an_answer_with_a_source_for_every_key() {
        let whys = [
            Why::Unaffected { paired: true, partner_in_dr: true },
            Why::NotSignedIn,
            Why::WaitingForBackup { at_failure: true },
            Why::NoBackup { at_failure: false },
            Why::Reconnecting { planned: true },
            Why::BeforeFailoverComplete,
            Why::FailedOver,
            Why::FailbackNotMoved,
            Why::FailbackMoved { signed_in_at_home: false },
            Why::FailedBack,
            Why::HomeFirst,
            Why::RedirectedHome,
        ];
        for why in whys {
            for mode in [None, Some(Mode::Regular), Some(Mode::Resiliency)] {
                let s = at(Phase::FailingOver, why, mode);
                for key in CapKey::ALL {
                    let c = cell(key, &s);
                    assert!(!c.reason.is_empty() && !c.source.cite().is_empty());
                }
                assert!(!banner(&s).text.is_empty());
            }
        }
    }

    #[test]
    fn the_banner_never_promises_calls_the_rules_deny() {
        let s = at(Phase::FailingOver, Why::BeforeFailoverComplete, Some(Mode::Resiliency));
        assert_eq!(cell(CapKey::P2p, &s).value, CapValue::No);
        let b = banner(&s);
        assert!(!b.text.contains("calls and IM work"), "{}", b.text);
        let s = at(Phase::FailingBackNotMoved, Why::FailbackNotMoved, Some(Mode::Resiliency));
        assert!(banner(&s).text.contains("calls and IM work"));
    }

    #[test]
    fn peer_to_peer_and_conferences_ask_the_same_admission_rule() {
        let s = at(Phase::FailingOver, Why::BeforeFailoverComplete, Some(Mode::Resiliency));
        assert_eq!(may_establish(&s).unwrap_err().source, ONLY_THEN_SESSIONS);
        assert_eq!(may_host(&s).unwrap_err().source, ONLY_THEN_SESSIONS);
        assert_eq!(cell(CapKey::P2p, &s).source, ONLY_THEN_SESSIONS);
    }
}
