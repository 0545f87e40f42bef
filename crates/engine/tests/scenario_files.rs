//! Scenario files: every built-in parses and round-trips; bad files report
//! every problem at once with its line; illegal orders are refused.

use failover_engine::builtin::BUILTINS;
use failover_engine::{Action, FailoverMode, OrderError, Scenario, SimTime, Simulation};

#[test]
fn builtins_parse_run_and_round_trip_through_toml() {
    for b in BUILTINS {
        let s = Scenario::parse(b.toml).unwrap_or_else(|p| panic!("{}: {}", b.name, p.render(b.name)));
        let again = Scenario::parse(&s.to_toml()).unwrap_or_else(|p| panic!("{} export: {}", b.name, p.render(b.name)));
        assert_eq!(s, again, "{} round trip", b.name);
        let sim = Simulation::new(s).expect("legal");
        assert!(!sim.events().is_empty(), "{} has events", b.name);
    }
}

const BAD: &str = r#"version = 1
title = "bad"

[config]
failback_users_per_hour = 0

[[pools]]
id = "a"
backup = "b"

[[pools]]
id = "b"
backup = "c"

[[pools]]
id = "c"

[[pools]]
id = "a"

[[users]]
id = "alice"
home = "nowhere"

[[users]]
id = "bob"
home = "a"
presence = "sleepy"

[[users]]
id = "bob"
home = "a"

[[sessions]]
id = "s1"
kind = "p2p"
users = ["bob", "zed"]

[[timeline]]
at = "5:00"
action = "pool-fails"
pool = "a"

[[timeline]]
at = "1:00"
action = "pool-restored"
pool = "a"

[[timeline]]
at = -3
action = "explode"
"#;

#[test]
fn every_problem_is_reported_with_its_line() {
    let problems = Scenario::parse(BAD).unwrap_err();
    let text = problems.render("bad.toml");
    let expect = [
        ("bad.toml:5:", "failback_users_per_hour must be between 1"),
        ("bad.toml:9:", "pairing is not mutual"),
        ("bad.toml:13:", "pairing is not mutual"),
        ("bad.toml:19:", "duplicate pool id `a`"),
        ("bad.toml:23:", "homed on `nowhere`"),
        ("bad.toml:28:", "unknown presence `sleepy`"),
        ("bad.toml:31:", "duplicate user id `bob`"),
        ("bad.toml:37:", "unknown user `zed`"),
        ("bad.toml:45:", "must be in time order"),
        ("bad.toml:50:", "before the start"),
        ("bad.toml:51:", "unknown action `explode`"),
    ];
    for (line, msg) in expect {
        assert!(text.lines().any(|l| l.starts_with(line) && l.contains(msg)), "missing `{line} ...{msg}` in:\n{text}");
    }
}

#[test]
fn syntax_errors_give_a_line() {
    let problems = Scenario::parse("version = 1\n[[pools]\nid = 'a'\n").unwrap_err();
    assert_eq!(problems.0.len(), 1);
    assert_eq!(problems.0[0].line, 2, "{}", problems.render("f"));
    let unknown = Scenario::parse("version = 1\ncolour = 'red'\n[[pools]]\nid='a'\n").unwrap_err();
    assert!(unknown.render("f").contains("colour"), "{}", unknown.render("f"));
}

#[test]
fn a_refused_order_in_a_file_is_reported_at_its_line() {
    let text = r#"version = 1
[[pools]]
id = "a"
backup = "b"
[[pools]]
id = "b"
backup = "a"
[[timeline]]
at = "1:00"
action = "invoke-failback"
pool = "a"
[[timeline]]
at = "2:00"
action = "invoke-failover"
pool = "a"
"#;
    assert!(Scenario::parse(text).is_ok(), "the format is fine: legality is checked against the run");
    let text_out = failover_engine::check::load(text).unwrap_err().render("f.toml");
    assert!(text_out.contains("f.toml:10: Invoke-CsPoolFailBack refused at 1:00: a is not failed over"), "{text_out}");
    assert!(
        text_out
            .contains("f.toml:14: Invoke-CsPoolFailover refused at 2:00: a is up: Invoke-CsPoolFailover -DisasterMode"),
        "{text_out}"
    );
}

fn sim() -> Simulation {
    Simulation::new(failover_engine::builtin::builtin("working-day").unwrap().scenario().unwrap()).unwrap()
}

#[test]
fn illegal_admin_orders_are_refused_with_a_reason() {
    let s = sim();
    let a = s.scenario().pool_by_id("pool-a").unwrap();
    let b = s.scenario().pool_by_id("pool-b").unwrap();
    let c = s.scenario().pool_by_id("pool-c").unwrap();
    let at = |t: &str| SimTime::parse(t).unwrap();
    let err = |t: SimTime, a| s.check_order(t, &a).unwrap_err();
    let t = SimTime::from_s(60);
    assert!(matches!(err(t, Action::InvokeFailback(a)), OrderError::NotFailedOver(_)));
    assert!(matches!(err(t, Action::InvokeFailover(a, FailoverMode::Disaster)), OrderError::DisasterOnHealthyPool(_)));
    assert!(matches!(err(t, Action::InvokeFailover(c, FailoverMode::Planned)), OrderError::Unpaired(_)));
    assert!(matches!(err(t, Action::PoolRestored(a)), OrderError::NotDown(_)));
    // After the failure, before the Edge is repointed: the cmdlet's own error.
    let e = err(at("15:00"), Action::InvokeFailover(a, FailoverMode::Disaster));
    assert!(e.to_string().contains("next hop for the Edge server"), "{e}");
    assert!(matches!(
        err(at("15:00"), Action::InvokeFailover(a, FailoverMode::Planned)),
        OrderError::PlannedOnFailedPool(_)
    ));
    assert!(matches!(err(at("15:00"), Action::PoolFails(b)), OrderError::PairDown { .. }));
    // While failing over: no second failover, no failback, no partner failover.
    assert!(matches!(
        err(at("25:00"), Action::InvokeFailover(a, FailoverMode::Disaster)),
        OrderError::AlreadyFailedOver(_)
    ));
    assert!(matches!(err(at("25:00"), Action::InvokeFailback(a)), OrderError::FailoverNotComplete(_)));
    assert!(matches!(
        err(at("25:00"), Action::InvokeFailover(b, FailoverMode::Planned)),
        OrderError::PartnerInRecovery { state: failover_engine::dr::PartnerState::FailingOver, .. }
    ));
    // Failed over, pool still down: failback refused.
    assert!(matches!(err(at("40:00"), Action::InvokeFailback(a)), OrderError::FailbackPoolDown(_)));
}

#[test]
fn acting_after_scrubbing_back_forks_the_run() {
    let mut s = sim();
    let a = s.scenario().pool_by_id("pool-a").unwrap();
    let before = s.scenario().timeline.len();
    // The scenario later fails over at 20:00; repointing the Edge at 11:00 drops the later orders.
    let accepted = s
        .handle_order(
            SimTime::parse("11:00").unwrap(),
            Action::Checklist(a, failover_engine::ChecklistItem::RepointEdge),
        )
        .unwrap();
    assert_eq!(accepted.dropped, before - 1, "every order after 11:00 is dropped");
    s.handle_order(SimTime::parse("11:30").unwrap(), Action::InvokeFailover(a, FailoverMode::Disaster)).unwrap();
    let alice = s.scenario().user_by_id("alice").unwrap();
    let v = s.user_view(alice, SimTime::parse("11:30.001").unwrap());
    assert_eq!(
        (v.pool.as_deref(), v.mode),
        (Some("pool-b"), Some(failover_engine::Mode::Resiliency)),
        "admin beat the 12:00 timer"
    );
    assert!(s.dr().orders().iter().all(|o| o.at <= SimTime::parse("11:30").unwrap()));
}

#[test]
fn the_event_log_is_in_time_order_and_says_what_happened() {
    let s = sim();
    let seen: Vec<_> = s.events().iter().filter(|e| e.at <= SimTime::parse("13:00").unwrap()).collect();
    assert!(s.events().windows(2).all(|w| w[0].at <= w[1].at));
    let first = s.describe(seen.iter().find(|e| e.at == SimTime::parse("10:00").unwrap()).unwrap());
    assert!(
        first.starts_with(
            "Pool A (Redmond) failed: 20,002 users signed out, 1 peer-to-peer session and 1 conference ended"
        ),
        "{first}"
    );
}

#[test]
fn a_refused_rejoin_in_a_file_is_reported_at_its_line() {
    let base = failover_engine::builtin::builtin("failback-during-meetings").unwrap().toml;
    let text = format!("{base}\n[[timeline]]\nat = \"31:00\"\naction = \"user-rejoins\"\nuser = \"dan\"\nsession = \"budget-review\"\n");
    let line = base.lines().count() as u32 + 4;
    let problems = failover_engine::check::load(&text).unwrap_err();
    assert_eq!(problems.0.len(), 1, "{}", problems.render("f"));
    assert_eq!(problems.0[0].line, line, "{}", problems.render("f"));
    assert!(problems.0[0].message.contains("Resiliency mode"), "{}", problems.render("f"));
    let ok = format!("{base}\n[[timeline]]\nat = \"46:00\"\naction = \"user-rejoins\"\nuser = \"dan\"\nsession = \"budget-review\"\n");
    let s = failover_engine::check::load(&ok).unwrap().scenario().clone();
    assert_eq!(Scenario::parse(&s.to_toml()).unwrap(), s, "rejoins round-trip through TOML");
}

#[test]
fn orders_naming_missing_pools_or_users_are_refused_not_panics() {
    let mut s = sim();
    for action in [
        Action::PoolFails(99),
        Action::InvokeFailback(7),
        Action::UserSignsIn(1000),
        Action::Rejoin(50, 0),
        Action::Rejoin(0, 999),
    ] {
        let before = s.event_log_hash();
        assert!(s.handle_order(SimTime::ZERO, action.clone()).is_err(), "{action:?}");
        assert_eq!(s.event_log_hash(), before);
    }
}
