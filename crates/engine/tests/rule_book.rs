//! One test per finding of the rule-book review (issue 10), each named after
//! the rule it protects and written from the page's sentence.

mod common;
use common::*;
use failover_engine::capability::{CapKey, CapValue};
use failover_engine::check;
use failover_engine::dr::{PartnerState, Remedy};
use failover_engine::rules;
use failover_engine::sim::{EventKind, PoolStatus, SessionRun};
use failover_engine::{Action, ChecklistItem, FailoverMode, OrderError, SimTime, Simulation, Why};

/// Pools a and b paired, c unpaired; Alice and Erin (never signed in) on a,
/// Bob on b, Cy on c. A call Alice-Bob, a conference Alice organizes with
/// Bob, one Bob organizes with Alice, and one Bob starts at 6:00 with Alice.
fn small(timeline: &str) -> Simulation {
    let text = format!(
        r#"version = 1
[config]
failover_duration_s = 600
reconnect_spread_s = 30
[[pools]]
id = "a"
backup = "b"
[[pools]]
id = "b"
backup = "a"
[[pools]]
id = "c"
[[users]]
id = "alice"
home = "a"
[[users]]
id = "erin"
home = "a"
signed_in = false
[[users]]
id = "bob"
home = "b"
[[users]]
id = "cy"
home = "c"
[[population]]
pool = "a"
count = 50
[[sessions]]
id = "call"
kind = "p2p"
users = ["alice", "bob"]
[[sessions]]
id = "alices"
kind = "conference"
organizer = "alice"
participants = ["bob"]
[[sessions]]
id = "bobs"
kind = "conference"
organizer = "bob"
participants = ["alice"]
[[sessions]]
id = "late"
kind = "conference"
organizer = "bob"
participants = ["alice"]
at = "6:00"
{timeline}"#
    );
    check::load(&text).unwrap_or_else(|p| panic!("{}", p.render("small")))
}

fn order(at: &str, action: &str, pool: &str) -> String {
    format!("[[timeline]]\nat = \"{at}\"\naction = \"{action}\"\npool = \"{pool}\"\n")
}

fn planned(at: &str, pool: &str) -> String {
    format!("[[timeline]]\nat = \"{at}\"\naction = \"invoke-failover\"\npool = \"{pool}\"\nmode = \"planned\"\n")
}

fn state(sim: &Simulation, id: &str, t: &str) -> failover_engine::snapshot::SessionView {
    session(sim, id, at(t))
}

// 1. "When a user is in a pool that fails, the user is logged out. Any
// peer-to-peer session ... is ended, as are conferences organized by that
// user" - even when the admin fails over in that same second.
#[test]
fn orders_in_the_same_second_act_in_causal_order() {
    let sim = small(&(order("5:00", "pool-fails", "a") + &order("5:00", "invoke-failover", "a")));
    let alice = user(&sim, "alice", at("5:00"));
    assert_eq!(alice.connection.as_str(), "signed-out", "logged out at the failure");
    assert_eq!(state(&sim, "call", "5:00").state.as_str(), "ended");
    assert_eq!(state(&sim, "alices", "5:00").state.as_str(), "terminated");
    let bobs = state(&sim, "bobs", "5:00");
    assert!(!bobs.participants.iter().find(|p| p.user == "alice").unwrap().is_in, "dropped from Bob's conference");
    let failed = sim.events().iter().find(|e| matches!(e.kind, EventKind::PoolFailed { .. })).unwrap();
    assert!(matches!(
        failed.kind,
        EventKind::PoolFailed { users_signed_out: 51, p2p_ended: 1, conferences_ended: 1, .. }
    ));
    // The next millisecond she can sign in to the backup pool.
    let alice = user(&sim, "alice", at("5:00.001"));
    assert_eq!((alice.pool.as_deref(), m(alice.mode)), (Some("b"), Some("resiliency")));
}

// 2. "If a pool is failed over, all users in the affected pool are forced to
// sign out and then sign into the backup pool"; "Any calls, meetings, or
// conversations ... are disrupted".
#[test]
fn a_planned_failover_signs_users_out_and_disrupts_their_sessions() {
    let sim = small(&planned("5:00", "a"));
    assert_eq!(user(&sim, "alice", at("5:00")).connection.as_str(), "signed-out");
    let a = user(&sim, "alice", at("5:00.001"));
    assert_eq!((a.pool.as_deref(), m(a.mode)), (Some("b"), Some("resiliency")));
    assert_eq!(state(&sim, "call", "5:00").state.as_str(), "ended");
    assert_eq!(state(&sim, "alices", "5:00").state.as_str(), "terminated");
    // The pool never went down: no sentence says so.
    for t in ["5:00", "5:00.001", "10:00", "20:00"] {
        let v = user(&sim, "alice", at(t));
        for (key, why) in &v.why {
            assert!(!why.reason.contains("down"), "{key} at {t}: {}", why.reason);
        }
        assert!(!v.phase_label.to_lowercase().contains("restored"), "{t}: {}", v.phase_label);
        assert!(!v.banner.text.contains("home pool does not answer"), "{t}: {}", v.banner.text);
    }
    assert_eq!(user(&sim, "alice", at("20:00")).phase, 5);
}

// 3. "Only then [failover complete] can a user establish new sessions or
// re-establish previous sessions" - conferences as much as peer-to-peer.
#[test]
fn no_session_is_established_or_re_established_before_failover_completes() {
    let mut sim = small(&(order("5:00", "pool-fails", "a") + &order("5:00", "invoke-failover", "a")));
    // Bob's conference started at 6:00, in Alice's phase 3: she is not in it.
    let late = state(&sim, "late", "6:00");
    assert_eq!(late.state.as_str(), "running");
    assert!(!late.participants.iter().find(|p| p.user == "alice").unwrap().is_in);
    assert!(late.reason.contains("cannot join yet"), "{}", late.reason);
    // She cannot rejoin Bob's other conference before failover completes...
    let bobs = sim.scenario().sessions.iter().position(|s| s.id == "bobs").unwrap() as u32;
    let alice = sim.scenario().user_by_id("alice").unwrap();
    let err = sim.handle_order(at("7:00"), Action::Rejoin(bobs, alice)).unwrap_err();
    assert!(err.to_string().contains("until it completes"), "{err}");
    // ...and can once it has (5:00 + 10 min).
    sim.handle_order(at("15:00"), Action::Rejoin(bobs, alice)).unwrap();
    assert!(state(&sim, "bobs", "15:00").participants.iter().find(|p| p.user == "alice").unwrap().is_in);
}

// 4. FACTS.md §2: the client tries its primary first; the backup accepts
// only while the primary is unavailable.
#[test]
fn a_client_signing_in_after_the_restore_goes_home_first() {
    let timeline = order("5:00", "pool-fails", "a")
        + &order("20:00", "pool-restored", "a")
        + "[[timeline]]\nat = \"21:00\"\naction = \"user-signs-in\"\nuser = \"erin\"\n";
    let sim = small(&timeline);
    let erin = user(&sim, "erin", at("21:00"));
    assert_eq!((erin.pool.as_deref(), m(erin.mode)), (Some("a"), Some("regular")), "home, regular");
    assert!(erin.why["add_contact"].assumption, "labelled as an assumption");
    // Alice reached the backup by the timer before the restore: she waits for the redirect.
    let alice = user(&sim, "alice", at("21:00"));
    assert_eq!((alice.pool.as_deref(), m(alice.mode)), (Some("b"), Some("resiliency")));
    let sign_in = user(&sim, "alice", at("21:00")).sign_in;
    assert_eq!((sign_in.pool.as_deref(), m(sign_in.mode)), (Some("a"), Some("regular")));
    // Counts agree with the users one by one across the restore.
    for t in ["19:59", "20:00", "20:00.001", "20:30", "24:00", "24:30", "25:00"] {
        let (home, backup) = sim.home_counts(0, at(t));
        let mut one_by_one = [0u32; 3];
        sim.for_each_user(0, at(t), |_, s| match s.serving {
            Some(0) => one_by_one[0] += 1,
            Some(_) => one_by_one[1] += 1,
            None => one_by_one[2] += 1,
        });
        assert_eq!([home.serving(), backup.serving(), home.signed_out], one_by_one, "at {t}");
    }
}

// 5. A pool with no backup: no timer, no failover, nobody "affected".
#[test]
fn a_pool_without_a_backup_fails_without_timer_or_failover() {
    let sim = small(&(order("5:00", "pool-fails", "c") + &order("9:00", "pool-restored", "c")));
    let cy = user(&sim, "cy", at("6:00"));
    assert!(!cy.affected, "not an affected user in the page's sense");
    assert_eq!(cy.connection.as_str(), "signed-out");
    for text in [cy.sign_in.reason.to_string(), cy.banner.text.clone(), cy.why["p2p"].reason.to_string()] {
        assert!(!text.contains("timer") && !text.contains("failover"), "{text}");
        assert!(text.contains("no backup"), "{text}");
    }
    let status = sim.pool_status(2, at("6:00")).unwrap();
    assert_eq!(status, PoolStatus::DownNoBackup);
    let back = sim.events().iter().find(|e| matches!(e.kind, EventKind::ReturningHome { .. })).unwrap();
    let text = sim.describe(back);
    assert!(!text.contains("no failover was invoked"), "{text}");
    assert_eq!(user(&sim, "cy", at("9:00.001")).connection.as_str(), "signed-in");
}

// 6. The banner and the Call Park line agree with the capabilities.
#[test]
fn the_client_banner_never_promises_what_the_rules_deny() {
    let sim = sim("working-day");
    let alice = user(&sim, "alice", at("12:30"));
    assert_eq!(alice.capabilities["p2p"], CapValue::No);
    assert!(!alice.banner.text.contains("calls and IM work"), "{}", alice.banner.text);
    let index = sim.named_user_index(sim.scenario().user_by_id("alice").unwrap());
    let park = sim.service_notes(index, at("12:30")).into_iter().find(|n| n.name == "Call Park").unwrap();
    assert!(!park.reason.contains("hold and transfer still work"), "{}", park.reason);
    let during = user(&sim, "alice", at("1:50:00"));
    assert!(during.banner.text.contains("calls and IM work"), "{}", during.banner.text);
}

// 7, 11. Status lines speak of the pool as it is, and say "until failover is complete".
#[test]
fn status_lines_speak_of_the_pool_as_it_is() {
    let sim = sim("timer-only");
    let down = sim.pool_status(0, at("10:00")).unwrap();
    assert!(matches!(down, PoolStatus::ResiliencyWithoutFailover { .. }), "{down:?}");
    let text = sim.status_text(0, down, at("10:00"));
    assert!(!text.contains("is back"), "{text}");
    assert!(text.contains("until a failover is complete"), "{text}");
    assert!(matches!(sim.pool_status(0, at("6:00")), Some(PoolStatus::RegistrarTimer { .. })));
    let back = sim.pool_status(0, at("41:00")).unwrap();
    assert!(matches!(back, PoolStatus::ReturningHome { .. }), "{back:?}");
}

// 8. One unit, one boundary: failback completes at 2:45:00.540 in working-day.
#[test]
fn every_view_of_a_moment_agrees_to_the_millisecond() {
    let sim = sim("working-day");
    let alice = sim.scenario().user_by_id("alice").unwrap();
    let done =
        sim.events().iter().find(|e| matches!(e.kind, EventKind::FailbackCompleted { .. })).map(|e| e.at).unwrap();
    assert_ne!(done.ms() % 1000, 0, "the boundary falls inside a second");
    let before = SimTime(done.ms() - 1);
    assert_eq!(sim.user_view(alice, before).phase, 7);
    assert_eq!(sim.user_view(alice, done).phase, 8);
    assert!(matches!(sim.pool_status(0, before), Some(PoolStatus::FailingBack { .. })));
    assert_eq!(sim.pool_status(0, done), None);
    for row in sim.capability_timeline(alice) {
        assert_eq!(sim.user_view(alice, row.at).phase, row.phase, "row at {}", row.at.clock());
        let again = SimTime::parse(&row.at.clock()).unwrap();
        assert_eq!(again, row.at, "the table's time reads back exactly");
    }
    assert!(sim.capability_timeline_csv(alice).contains(&done.seconds_text()));
}

// 9, 10. What an observer sees: table 2's words, and the observer's own state.
#[test]
fn an_observer_sees_what_the_second_table_says_and_their_own_state_counts() {
    let sim = sim("failback-during-meetings");
    let sc = sim.scenario();
    // A conference organized by an unaffected user with an affected participant, during failback.
    let t = at("30:00");
    let found = (0..sc.sessions.len() as u32).find_map(|i| {
        let members = sim.session_members(i);
        let org = sim.named_situation(members[0], t);
        let affected = members.iter().copied().find(|&u| sim.named_situation(u, t).phase.is_failing_back())?;
        (org.why == Why::Unaffected { paired: true, partner_in_dr: true }
            && sim.session_now(i, t).run == SessionRun::Running)
            .then_some((i, members[0], affected))
    });
    let (i, observer, subject) = found.expect("the scenario has one");
    let (text, source) = sim.session_seen_by(i, observer, subject, t);
    assert!(text.contains("all modalities work"), "{text}");
    assert!(!text.contains("restricted"), "{text}");
    assert!(source.cite().contains("Ongoing conferences organized by unaffected user"), "{}", source.cite());

    let s = sim.named_situation(subject, t);
    let mut out = sim.named_situation(observer, t);
    out.serving = None;
    out.mode = None;
    out.why = Why::NotSignedIn;
    assert_eq!(rules::observed_presence(&out, &s, false).value, CapValue::NotShown);
    let limited = failover_engine::Situation { mode: Some(failover_engine::Mode::Resiliency), serving: Some(1), ..out };
    let seen = rules::observed_presence(&limited, &sim.named_situation(observer, t), false);
    assert_eq!(seen.value, CapValue::Unknown);
    assert!(seen.source.is_assumption());
}

// 12. Signing out is offered to signed-in users only.
#[test]
fn sign_out_is_offered_only_to_a_signed_in_user() {
    let sim = sim("working-day");
    let alice = sim.scenario().user_by_id("alice").unwrap();
    let choice = sim.sign_choice(alice, at("11:00"));
    assert_eq!(choice.action, Action::UserSignsIn(alice));
    let why = choice.allowed.unwrap_err();
    assert!(why.contains("registrar resiliency timer"), "{why}");
    assert_eq!(sim.sign_choice(alice, at("5:00")).action, Action::UserSignsOut(alice));
}

// 13, 15. Presence while the pool is down is our assumption; a user never
// signed in is not told they were logged out.
#[test]
fn a_signed_out_user_is_told_the_truth_about_why() {
    let sim = sim("working-day");
    let alice = user(&sim, "alice", at("11:00"));
    for key in ["presence_same_pool", "presence_other_pool"] {
        assert!(alice.why[key].assumption, "{key}: {}", alice.why[key].source);
    }
    assert!(alice.why["add_contact"].reason.contains("Logged out when the home pool failed"));
    let erin = user(&sim, "erin", at("11:00"));
    for (key, why) in &erin.why {
        assert!(!why.reason.contains("Logged out when"), "{key}: {}", why.reason);
    }
}

// 16. Citations name the right row.
#[test]
fn every_answer_cites_the_row_that_says_it() {
    let sim = sim("working-day");
    let dave = user(&sim, "dave", at("12:30"));
    assert!(!dave.why["add_contact"].source.contains("originally homed on the backup pool"), "unpaired pool");
    let carol = user(&sim, "carol", at("12:30"));
    assert!(carol.why["add_contact"].source.contains("originally homed on the backup pool"), "homed on the backup");
    let review = session(&sim, "design-review", at("5:00"));
    assert!(!review.source.contains("failover") && !review.source.contains("Failback"), "{}", review.source);
    let alice = user(&sim, "alice", at("12:30"));
    assert!(alice.why["contacts_and_abs"].source.contains("Contacts list and Address Book"));
    let dave_call = sim.scenario().sessions.iter().position(|s| s.id == "alice-dave-call").unwrap() as u32;
    let err = sim.check_order(at("12:30"), &Action::Rejoin(dave_call, sim.scenario().user_by_id("alice").unwrap()));
    let err = err.unwrap_err().to_string();
    assert!(!err.contains("while the organizer is in Resiliency mode"), "{err}");
    let standup = sim.scenario().sessions.iter().position(|s| s.id == "standup").unwrap() as u32;
    let err = sim.check_order(at("12:30"), &Action::Rejoin(standup, sim.scenario().user_by_id("bob").unwrap()));
    assert!(err.unwrap_err().to_string().contains("until it completes"));
    assert_eq!(
        rules::cell(CapKey::P2p, &sim.named_situation(0, at("12:30"))).source,
        failover_engine::capability::ONLY_THEN_SESSIONS
    );
}

// 17. FACTS.md §6: 53,000 users per pool in a pair (SfB 2019).
#[test]
fn more_than_53000_users_in_a_paired_pool_warns_but_runs() {
    let big = failover_engine::builtin::builtin("working-day").unwrap().scenario().unwrap().with_population(212_000);
    let warnings = check::warnings(&big);
    assert!(!warnings.is_empty());
    assert!(warnings[0].contains("53,000") && warnings[0].contains("40,000"), "{}", warnings[0]);
    assert!(check::warnings(&sim("working-day").scenario().clone()).is_empty());
    assert!(Simulation::new(big).is_ok());
}

// 18. Refusals never point at each other.
#[test]
fn a_refusal_names_an_order_that_is_then_allowed() {
    let sim = sim("working-day");
    let t = at("5:00");
    // Pool A is healthy and the Edge's next hop.
    let disaster = Action::InvokeFailover(0, FailoverMode::Disaster);
    let e = sim.check_order(t, &disaster).unwrap_err();
    let Remedy::Order(planned) = sim.remedy(t, &disaster, &e) else { panic!("{e}") };
    let e = sim.check_order(t, &planned).unwrap_err();
    assert!(matches!(e, OrderError::EdgeNextHop(_)), "{e}");
    let Remedy::Order(repoint) = sim.remedy(t, &planned, &e) else { panic!("{e}") };
    assert_eq!(repoint, Action::Checklist(0, ChecklistItem::RepointEdge));
    sim.check_order(t, &repoint).expect("repointing the Edge before a planned failover is allowed");
    let mut after = sim.clone();
    after.handle_order(t, repoint).unwrap();
    after.check_order(t, &planned).expect("then the planned failover goes through");

    // Worded from the actual state: at 12:30 Pool A's timer has expired and nobody has failed over.
    let e = sim.check_order(at("12:30"), &Action::InvokeFailover(1, FailoverMode::Planned)).unwrap_err();
    assert!(matches!(e, OrderError::PartnerInRecovery { state: PartnerState::OnBackupByTimer, .. }), "{e}");
    assert!(!e.to_string().contains("is failed over to"), "{e}");
}

// Second look (audit): captions of the built-ins speak of the moment they
// are shown. A caption citing the page's "After failback completion" column
// is never shown before failback completes.
#[test]
fn built_in_captions_never_run_ahead_of_the_engine() {
    for b in failover_engine::builtin::BUILTINS {
        let sim = sim(b.name);
        let done = sim.events().iter().find(|e| matches!(e.kind, EventKind::FailbackCompleted { .. })).map(|e| e.at);
        for (i, c) in sim.scenario().captions.iter().enumerate() {
            let shown = sim.caption_moment(i).unwrap().at;
            if c.source.as_deref().is_some_and(|s| s.contains("After failback completion")) {
                assert!(
                    done.is_some_and(|d| shown >= d),
                    "{}: caption shown at {shown} before failback completes",
                    b.name
                );
            }
        }
    }
}

// Audit: starting a conference in Resiliency mode is the scheduling row, not
// the rejoin row; an ended session's reason says when it can be taken up.
#[test]
fn session_reasons_follow_the_moment() {
    let timeline = order("5:00", "pool-fails", "a")
        + &order("5:00", "invoke-failover", "a")
        + "[[timeline]]\nat = \"30:00\"\naction = \"pool-restored\"\npool = \"a\"\n"
        + "[[timeline]]\nat = \"40:00\"\naction = \"invoke-failback\"\npool = \"a\"\n";
    let sim = small(&timeline);
    // "late" (Bob's, at 6:00) started without Alice; once failover completes (15:00) she may rejoin.
    let late = state(&sim, "late", "15:00");
    assert!(late.reason.contains("can rejoin now"), "{}", late.reason);
    // Alice's own conference ended at the failure; at 15:00 she can host it again.
    let alices = state(&sim, "alices", "15:00");
    assert!(alices.reason.contains("can click to rejoin"), "{}", alices.reason);
    assert_eq!(alices.rejoin, Some(failover_engine::sim::Rejoin::Available));
    // The call can be re-established once both may hold sessions.
    assert!(state(&sim, "call", "15:00").reason.contains("re-establish it now"));
}

#[test]
fn a_conference_cannot_be_created_in_resiliency_mode_per_the_scheduling_row() {
    let s = sim("working-day");
    let alice = s.named_situation(s.scenario().user_by_id("alice").unwrap(), at("1:50:00"));
    let refusal = rules::may_start_conference(&alice).unwrap_err();
    assert!(refusal.source.cite().contains("Scheduling or modifying scheduled meetings"), "{}", refusal.source.cite());
}

// Audit: sessions of a pool with no backup cite our assumption, not the page.
#[test]
fn sessions_of_a_pool_without_backup_cite_the_assumption() {
    let text = r#"version = 1
[[pools]]
id = "c"
[[pools]]
id = "d"
[[users]]
id = "x"
home = "c"
[[users]]
id = "y"
home = "d"
[[sessions]]
id = "call"
kind = "p2p"
users = ["x", "y"]
[[timeline]]
at = "5:00"
action = "pool-fails"
pool = "c"
"#;
    let sim = check::load(text).unwrap();
    let call = state(&sim, "call", "5:00");
    assert_eq!(call.state.as_str(), "ended");
    assert!(call.source.starts_with("Assumption"), "{}", call.source);
}

// Audit: "affected" is the page's term: failed over and serviced by the backup.
#[test]
fn a_user_is_affected_only_once_their_pool_is_failed_over() {
    let sim = sim("working-day");
    assert!(!user(&sim, "alice", at("11:00")).affected, "phase 2: nothing has failed over yet");
    assert!(user(&sim, "alice", at("12:30")).affected);
    assert!(!user(&sim, "carol", at("12:30")).affected);
    assert!(!user(&sim, "alice", at("2:50:00")).affected);
}

// Issue 12's anchor: a caption tied to "failback complete" lands exactly when
// the engine says failback completes, also after the timings change.
#[test]
fn an_anchored_caption_lands_when_its_event_happens() {
    for rate in [20_000u32, 12_345] {
        let text = failover_engine::builtin::builtin("working-day")
            .unwrap()
            .toml
            .replace("failback_users_per_hour = 20000", &format!("failback_users_per_hour = {rate}"));
        let sim = check::load(&text).unwrap();
        let done = sim.events().iter().find(|e| matches!(e.kind, EventKind::FailbackCompleted { .. })).unwrap().at;
        let i = sim.scenario().captions.iter().position(|c| c.title == "Failback complete").unwrap();
        let moment = sim.caption_moment(i).unwrap();
        assert!(moment.happened);
        assert_eq!(moment.at, done, "at {rate} users an hour");
    }
    // An event that never happens: shown at the scripted moment, and says so.
    let text = failover_engine::builtin::builtin("working-day").unwrap().toml;
    let mut sim = check::load(text).unwrap();
    sim.handle_order(at("1:00"), Action::PoolFails(2)).unwrap();
    let i = sim.scenario().captions.iter().position(|c| c.title == "Failback complete").unwrap();
    let moment = sim.caption_moment(i).unwrap();
    assert!(!moment.happened);
    assert_eq!(moment.at, at("2:45:00"));
}

// Issue 12: exports are handouts: people's words in the headers, a reason
// and a source per cell, the services, the scenario and the moment stamped.
#[test]
fn exports_are_handouts_with_reasons_sources_and_a_stamp() {
    let sim = sim("working-day");
    let alice = sim.scenario().user_by_id("alice").unwrap();
    let csv = sim.handout_csv(alice, at("12:30"));
    let mut lines = csv.lines();
    let title = lines.next().unwrap();
    assert!(
        title.contains("Alice (Pool A)")
            && title.contains("Pool A fails during a working day")
            && title.contains("T+12:30"),
        "{title}"
    );
    lines.next();
    let header = lines.next().unwrap();
    for h in [
        "\"Time\"",
        "\"Serving pool\"",
        "\"Add a contact (any persistent change)\"",
        "\"Add a contact (any persistent change): why\"",
        "\"Add a contact (any persistent change): source\"",
        "\"Call Park\"",
        "\"External access and federation: source\"",
    ] {
        assert!(header.contains(h), "{h} in {header}");
    }
    assert!(!header.contains("contacts_and_abs") && !header.contains("p2p"), "no internal names: {header}");
    let row_1230 = csv.lines().find(|l| l.starts_with("\"12:00.001\"") || l.starts_with("\"12:00\"")).unwrap();
    assert!(row_1230.contains("Resiliency mode") && row_1230.contains("Microsoft"), "{row_1230}");
    let md = sim.handout_markdown(alice, at("12:30"));
    assert!(md.starts_with("# What Alice (Pool A) can do, moment by moment"), "{md}");
    assert!(md.contains("exported at T+12:30") && md.contains("| Time | Phase |"), "{md}");
    assert_eq!(sim.handout_name(alice, at("12:30"), "csv"), "alice-pool-a-fails-during-a-working-day-at-12-30.csv");
}
