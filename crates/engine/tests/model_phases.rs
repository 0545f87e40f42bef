//! Every phase of MODEL.md's "life of an affected user", with the
//! capability table, on the reference scenario `working-day`:
//! Pool A fails 10:00, timer 12:00, failover 20:00 (complete 35:00), restored
//! 1:30:00, failback 1:45:00 (20,005 users at 20,000/h: about 2:45:00).

mod common;
use common::*;
use failover_engine::Simulation;

fn caps(sim: &Simulation, id: &str, t: &str) -> Vec<&'static str> {
    let u = user(sim, id, at(t));
    ["add_contact", "contacts_and_abs", "schedule_meeting", "p2p", "presence_same_pool", "presence_other_pool"]
        .iter()
        .map(|k| u.capabilities[k].as_str())
        .collect()
}

fn where_(sim: &Simulation, id: &str, t: &str) -> (u8, &'static str, Option<String>, Option<&'static str>) {
    let u = user(sim, id, at(t));
    (u.phase, u.connection.as_str(), u.pool, m(u.mode))
}

#[test]
fn phase_1_normal() {
    let sim = sim("working-day");
    assert_eq!(where_(&sim, "alice", "9:00"), (1, "signed-in", Some("pool-a".into()), Some("regular")));
    assert_eq!(caps(&sim, "alice", "9:00"), ["yes", "yes", "yes", "yes", "live", "live"]);
}

#[test]
fn phase_2_pool_failed_before_timer_or_failover() {
    let sim = sim("working-day");
    assert_eq!(where_(&sim, "alice", "10:00"), (2, "signed-out", None, None));
    assert_eq!(caps(&sim, "alice", "11:59"), ["no", "no", "no", "no", "offline", "offline"]);
    assert_eq!(user(&sim, "alice", at("11:00")).sign_in.pool, None, "cannot sign in");
    // Peer-to-peer sessions ended, conferences she organized ended.
    assert_eq!(session(&sim, "alice-dave-call", at("10:00")).state.as_str(), "ended");
    assert_eq!(session(&sim, "standup", at("10:00")).state.as_str(), "terminated");
    assert_eq!(session(&sim, "standup", at("10:00")).rejoin.map(|r| r.as_str()), Some("blocked"));
    // A conference by an unaffected organizer continues without her.
    let review = session(&sim, "design-review", at("10:00"));
    assert_eq!(review.state.as_str(), "running");
    assert!(!review.participants.iter().find(|p| p.user == "alice").unwrap().is_in);
}

#[test]
fn phase_3_timer_expired_failover_not_complete() {
    let sim = sim("working-day");
    // Timer 120 s after 10:00; named users reconnect at once.
    assert_eq!(where_(&sim, "alice", "12:00"), (3, "signed-in", Some("pool-b".into()), Some("resiliency")));
    assert_eq!(caps(&sim, "alice", "12:00"), ["no", "no", "no", "no", "unknown", "unknown"]);
    // Failover invoked at 20:00, still phase 3 until 35:00.
    assert_eq!(where_(&sim, "alice", "34:59").0, 3);
    // Erin signs in at 14:00 and lands on the backup in Resiliency mode.
    assert_eq!(where_(&sim, "erin", "14:00"), (3, "signed-in", Some("pool-b".into()), Some("resiliency")));
}

#[test]
fn phase_4_and_5_failover_complete() {
    let sim = sim("working-day");
    assert_eq!(where_(&sim, "alice", "35:00"), (4, "signed-in", Some("pool-b".into()), Some("regular")));
    assert_eq!(caps(&sim, "alice", "35:00"), ["yes", "yes", "yes", "yes", "live", "live"]);
    assert_eq!(where_(&sim, "alice", "1:30:00"), (5, "signed-in", Some("pool-b".into()), Some("regular")));
    assert_eq!(caps(&sim, "alice", "1:30:00"), ["yes", "yes", "yes", "yes", "live", "live"]);
    // Conferences she organized can be re-established.
    assert_eq!(session(&sim, "standup", at("35:00")).rejoin.map(|r| r.as_str()), Some("available"));
}

#[test]
fn phase_6_7_failback_and_8_complete() {
    let sim = sim("working-day");
    assert_eq!(where_(&sim, "alice", "1:45:00"), (6, "signed-in", Some("pool-b".into()), Some("resiliency")));
    assert_eq!(caps(&sim, "alice", "1:45:00"), ["no", "no", "no", "yes", "unknown", "last-set"]);
    let moved = first_moment(at("1:45:00"), at("3:00:00"), |t| user(&sim, "alice", t).phase == 7).expect("moves");
    let a = user(&sim, "alice", moved);
    assert_eq!((a.pool.as_deref(), m(a.mode)), (Some("pool-a"), Some("resiliency")));
    let done = first_moment(at("1:45:00"), at("3:00:00"), |t| user(&sim, "alice", t).phase == 8).expect("completes");
    // 20,005 users of Pool A at 20,000 per hour: a little over 60 minutes.
    let minutes = (done.ms() - at("1:45:00").ms()) as f64 / 60_000.0;
    assert!((60.0..60.1).contains(&minutes), "failback took {minutes} min");
    assert_eq!(caps(&sim, "alice", "3:00:00"), ["yes", "yes", "yes", "yes", "live", "live"]);
    assert_eq!(where_(&sim, "alice", "3:00:00"), (8, "signed-in", Some("pool-a".into()), Some("regular")));
}

#[test]
fn unaffected_users_keep_everything_throughout() {
    let sim = sim("working-day");
    for t in ["0:00", "10:00", "12:00", "35:00", "1:45:00", "2:00:00", "3:00:00"] {
        for id in ["carol", "dave"] {
            let u = user(&sim, id, at(t));
            assert!(!u.affected, "{id} at {t}");
            assert_eq!(m(u.mode), Some("regular"), "{id} at {t}");
            assert_eq!(caps(&sim, id, t), ["yes", "yes", "yes", "yes", "live", "live"], "{id} at {t}");
        }
    }
}

#[test]
fn population_reconnects_spread_within_the_configured_window() {
    let sim = sim("working-day");
    let a = sim.scenario().pool_by_id("pool-a").unwrap();
    let b = sim.scenario().pool_by_id("pool-b").unwrap();
    let (_, on_b) = sim.home_counts(a, at("12:00"));
    let (_, on_b_later) = sim.home_counts(a, at("13:00"));
    assert!(on_b.serving() < 100, "the wave starts at the timer: {}", on_b.serving());
    assert_eq!(on_b_later.resiliency, 20_002, "everyone signed in is back within 60 s (Erin signs in only at 14:00)");
    let counts = sim.pool_counts(at("13:00"));
    assert_eq!(counts[usize::from(b)].serving(), 20_002 + 15_001);
}

#[test]
fn timer_only_users_stay_in_resiliency_then_return_home() {
    let sim = sim("timer-only");
    assert_eq!(where_(&sim, "alice", "6:59").0, 2);
    assert_eq!(where_(&sim, "alice", "7:00"), (3, "signed-in", Some("pool-b".into()), Some("resiliency")));
    assert_eq!(where_(&sim, "alice", "39:00").3, Some("resiliency"));
    // Restored at 40:00; the backup registrar redirects clients home after the 240 s failback detection interval.
    assert_eq!(where_(&sim, "alice", "43:59").2, Some("pool-b".into()));
    assert_eq!(where_(&sim, "alice", "44:00"), (1, "signed-in", Some("pool-a".into()), Some("regular")));
}

#[test]
fn fast_failover_opens_sign_in_before_the_timer() {
    let sim = sim("fast-failover");
    // Fails 2:00, admin at 3:00 (timer would be 4:00).
    assert_eq!(where_(&sim, "alice", "2:59").0, 2);
    assert_eq!(where_(&sim, "alice", "3:00"), (3, "signed-in", Some("pool-b".into()), Some("resiliency")));
    assert_eq!(session(&sim, "alice-carol-call", at("2:00")).state.as_str(), "ended");
    assert_eq!(where_(&sim, "alice", "18:00").3, Some("regular"));
}
