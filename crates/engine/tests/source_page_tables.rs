//! Every row of both tables of Microsoft's page, as assertions. Scenario:
//! `failback-during-meetings` (Pool A fails 2:00, failover 3:00, complete
//! 18:00, restored 20:00, meetings from 26:00, failback 30:00 to about 45:00).
//! Alice and Bob are homed on Pool A (affected); Carol and Dan on Pool B.

mod common;
use common::*;
use failover_engine::SimTime;

fn during() -> SimTime {
    // At the failback order itself nobody has moved yet (phase 6).
    at("30:00")
}
fn after() -> SimTime {
    at("46:00")
}

// ---- Table 1: User Experience for an Affected User in a Pool in Failback ----

#[test]
fn t1_user_state_of_user_already_logged_in_during_failback() {
    let sim = sim("failback-during-meetings");
    let a = user(&sim, "alice", during());
    assert_eq!(
        (a.connection.as_str(), a.pool.as_deref(), m(a.mode)),
        ("signed-in", Some("pool-b"), Some("resiliency"))
    );
    // "At some point user will be signed out and sign back in to the original home pool, in Resiliency mode."
    let moved = first_moment(during(), after(), |t| user(&sim, "alice", t).pool.as_deref() == Some("pool-a"))
        .expect("alice moves");
    let a = user(&sim, "alice", moved);
    assert_eq!((a.pool.as_deref(), m(a.mode), a.phase), (Some("pool-a"), Some("resiliency"), 7));
}

#[test]
fn t1_user_state_of_user_already_logged_in_after_failback() {
    let sim = sim("failback-during-meetings");
    let a = user(&sim, "alice", after());
    assert_eq!(
        (a.connection.as_str(), a.pool.as_deref(), m(a.mode), a.phase),
        ("signed-in", Some("pool-a"), Some("regular"), 8)
    );
}

#[test]
fn t1_new_user_logging_in() {
    let mut sim = sim("failback-during-meetings");
    let a = user(&sim, "alice", during());
    assert_eq!((a.sign_in.pool.as_deref(), m(a.sign_in.mode)), (Some("pool-a"), Some("resiliency")));
    let a = user(&sim, "alice", after());
    assert_eq!((a.sign_in.pool.as_deref(), m(a.sign_in.mode)), (Some("pool-a"), Some("regular")));
    // And for real: Bob signs out and back in during failback, landing home in Resiliency mode.
    let bob = sim.scenario().user_by_id("bob").unwrap();
    sim.handle_order(at("30:01"), failover_engine::Action::UserSignsOut(bob)).unwrap();
    sim.handle_order(at("30:02"), failover_engine::Action::UserSignsIn(bob)).unwrap();
    let b = user(&sim, "bob", at("30:02"));
    assert_eq!((b.pool.as_deref(), m(b.mode)), (Some("pool-a"), Some("resiliency")));
}

#[test]
fn t1_ongoing_conferences_organized_by_affected_user() {
    let sim = sim("failback-during-meetings");
    let before = session(&sim, "budget-review", at("29:59"));
    assert_eq!(before.state.as_str(), "running");
    // During: all modalities terminated; rejoin shown but nobody can rejoin.
    let s = session(&sim, "budget-review", during());
    assert_eq!((s.state.as_str(), s.rejoin.map(|r| r.as_str())), ("terminated", Some("blocked")));
    assert!(s.participants.iter().all(|p| !p.is_in));
    // After: every participant needs to click to rejoin.
    let s = session(&sim, "budget-review", after());
    assert_eq!((s.state.as_str(), s.rejoin.map(|r| r.as_str())), ("terminated", Some("available")));
}

#[test]
fn t1_ongoing_conferences_organized_by_unaffected_user() {
    let sim = sim("failback-during-meetings");
    let s = session(&sim, "all-hands", during());
    assert_eq!(s.state.as_str(), "running");
    let alice = s.participants.iter().find(|p| p.user == "alice").unwrap();
    assert!(alice.is_in && alice.restricted, "affected user stays, restricted to Resiliency mode");
    let s = session(&sim, "all-hands", after());
    let alice = s.participants.iter().find(|p| p.user == "alice").unwrap();
    assert!(alice.is_in && !alice.restricted, "all modalities work after Resiliency mode");
}

#[test]
fn t1_scheduling_or_modifying_meetings() {
    let sim = sim("failback-during-meetings");
    assert_eq!(cap(&user(&sim, "alice", during()), "schedule_meeting"), "no");
    assert_eq!(cap(&user(&sim, "alice", after()), "schedule_meeting"), "yes");
}

#[test]
fn t1_presence_as_seen_by_other_users_in_the_same_pool() {
    let sim = sim("failback-during-meetings");
    assert_eq!(cap(&user(&sim, "alice", during()), "presence_same_pool"), "unknown");
    assert_eq!(cap(&user(&sim, "alice", after()), "presence_same_pool"), "live");
}

#[test]
fn t1_contacts_list_and_address_book() {
    let sim = sim("failback-during-meetings");
    assert_eq!(cap(&user(&sim, "alice", during()), "contacts_and_abs"), "no");
    assert_eq!(cap(&user(&sim, "alice", after()), "contacts_and_abs"), "yes");
}

#[test]
fn t1_all_peer_to_peer_sessions_and_modalities() {
    let sim = sim("failback-during-meetings");
    assert_eq!(cap(&user(&sim, "alice", during()), "p2p"), "yes");
    assert_eq!(cap(&user(&sim, "alice", after()), "p2p"), "yes");
    assert_eq!(session(&sim, "alice-dan-call", during()).state.as_str(), "active");
    assert_eq!(session(&sim, "alice-dan-call", after()).state.as_str(), "active");
}

// ---- Table 2: User Homed in an Unaffected Pool During Failback of Another Pool ----

#[test]
fn t2_viewing_presence_of_affected_user() {
    let sim = sim("failback-during-meetings");
    assert_eq!(cap(&user(&sim, "alice", during()), "presence_other_pool"), "last-set");
    assert_eq!(cap(&user(&sim, "alice", after()), "presence_other_pool"), "live");
    // The observer, Dan, is unaffected throughout.
    let d = user(&sim, "dan", during());
    assert_eq!((d.pool.as_deref(), m(d.mode), d.affected), (Some("pool-b"), Some("regular"), false));
}

#[test]
fn t2_ongoing_conferences_organized_by_affected_user() {
    let sim = sim("failback-during-meetings");
    let s = session(&sim, "budget-review", during());
    let dan = s.participants.iter().find(|p| p.user == "dan").unwrap();
    assert_eq!((s.state.as_str(), dan.is_in), ("terminated", false));
    assert_eq!(session(&sim, "budget-review", after()).rejoin.map(|r| r.as_str()), Some("available"));
}

#[test]
fn t2_ongoing_conferences_organized_by_unaffected_user() {
    let sim = sim("failback-during-meetings");
    for t in [during(), after()] {
        let s = session(&sim, "all-hands", t);
        assert_eq!(s.state.as_str(), "running");
        assert!(s.participants.iter().find(|p| p.user == "dan").unwrap().is_in);
        assert!(s.participants.iter().find(|p| p.user == "alice").unwrap().is_in);
    }
}

#[test]
fn t2_all_peer_to_peer_sessions_and_modalities() {
    let sim = sim("failback-during-meetings");
    assert_eq!(cap(&user(&sim, "dan", during()), "p2p"), "yes");
    assert_eq!(session(&sim, "alice-dan-call", during()).state.as_str(), "active");
}

// ---- Rejoin: "Every participant needs to click to rejoin the conference." ----

fn rejoin(sim: &mut failover_engine::Simulation, t: SimTime, session: &str, user: &str) -> Result<(), String> {
    let s = sim.scenario().sessions.iter().position(|x| x.id == session).unwrap() as u32;
    let u = sim.scenario().user_by_id(user).unwrap();
    sim.handle_order(t, failover_engine::Action::Rejoin(s, u)).map(|_| ()).map_err(|e| e.to_string())
}

#[test]
fn t1_no_users_can_rejoin_while_the_affected_organizer_is_in_resiliency_mode() {
    let mut sim = sim("failback-during-meetings");
    let err = rejoin(&mut sim, at("31:00"), "budget-review", "dan").unwrap_err();
    assert!(err.contains("no users can rejoin while the organizer is in Resiliency mode"), "{err}");
    let err = rejoin(&mut sim, at("31:00"), "budget-review", "alice").unwrap_err();
    assert!(err.contains("Resiliency mode"), "{err}");
}

#[test]
fn t1_after_failback_every_participant_clicks_to_rejoin() {
    let mut sim = sim("failback-during-meetings");
    rejoin(&mut sim, after(), "budget-review", "dan").unwrap();
    let s = session(&sim, "budget-review", after());
    assert_eq!(s.state.as_str(), "running");
    let ins: Vec<(&str, bool)> = s.participants.iter().map(|p| (p.user.as_str(), p.is_in)).collect();
    assert_eq!(ins, [("alice", false), ("bob", false), ("dan", true)], "only who clicked is in");
    rejoin(&mut sim, at("46:30"), "budget-review", "alice").unwrap();
    rejoin(&mut sim, at("46:40"), "budget-review", "bob").unwrap();
    let s = session(&sim, "budget-review", at("47:00"));
    assert!(s.participants.iter().all(|p| p.is_in && !p.restricted));
    assert!(
        s.source.contains("Ongoing conferences organized by affected user")
            && s.source.contains("After failback completion"),
        "{}",
        s.source
    );
    let err = rejoin(&mut sim, at("47:00"), "budget-review", "bob").unwrap_err();
    assert!(err.contains("already in it"), "{err}");
}

#[test]
fn sessions_are_re_established_only_after_failover_completes() {
    let mut sim = sim("working-day");
    // The call ended at the failure; before failover completes nobody can re-establish it.
    let err = rejoin(&mut sim, at("12:30"), "alice-dave-call", "alice").unwrap_err();
    assert!(err.contains("no re-established sessions until it completes"), "{err}");
    rejoin(&mut sim, at("36:00"), "alice-dave-call", "alice").unwrap();
    assert_eq!(session(&sim, "alice-dave-call", at("36:00")).state.as_str(), "active");
    // The stand-up Alice organized can be rejoined once she is in regular mode on Pool B.
    rejoin(&mut sim, at("36:10"), "standup", "bob").unwrap();
    assert_eq!(session(&sim, "standup", at("36:10")).state.as_str(), "running");
}
