//! One test per finding of the second rule-book audit (issue 19): sessions,
//! the walkthrough's steps, "affected", failback timing, the importer and
//! labels. Each is named after the rule it protects and written from the
//! page's sentence.

mod common;
use common::*;
use failover_engine::builtin::builtin;
use failover_engine::check;
use failover_engine::import::{topology, Named};
use failover_engine::sim::{EventKind, PoolStatus};
use failover_engine::snapshot::SessionStateName;
use failover_engine::source_tables::column_of;
use failover_engine::steps::StepKind;
use failover_engine::{Phase, SimTime, Simulation};

fn working_day_with(from: &str, to: &str) -> Simulation {
    let text = builtin("working-day").unwrap().toml.replace(from, to);
    check::load(&text).unwrap_or_else(|p| panic!("{}", p.render("working-day")))
}

fn caption_titled(sim: &Simulation, title: &str) -> usize {
    sim.scenario().captions.iter().position(|c| c.title == title).unwrap_or_else(|| panic!("caption {title}"))
}

fn caption_on_screen(sim: &Simulation, t: SimTime) -> String {
    sim.caption_at(t).map(|i| sim.scenario().captions[i].title.clone()).unwrap_or_default()
}

// Finding 1: steps are ordered by their moment in this run, not file order.
#[test]
fn steps_follow_the_run_not_the_file() {
    let sim = working_day_with("failover_duration_s = 900", "failover_duration_s = 1800");
    let steps = sim.steps();
    assert!(steps.windows(2).all(|w| w[0].at <= w[1].at), "steps in time order");
    assert_eq!(caption_on_screen(&sim, at("40:00")), "The LIS database is restored in Pool B");
    assert_eq!(caption_on_screen(&sim, at("49:59")), "The LIS database is restored in Pool B");
    assert_eq!(caption_on_screen(&sim, at("50:00")), "Failover complete");
    let lis = steps
        .iter()
        .position(|s| s.kind == StepKind::Caption(caption_titled(&sim, "The LIS database is restored in Pool B")));
    let done = steps.iter().position(|s| s.kind == StepKind::Caption(caption_titled(&sim, "Failover complete")));
    assert!(lis < done, "the LIS step comes before failover completes in this run");
}

/// Pool a fails twice: at 5:00 (failover, restore, failback) and at 1:10:00.
fn twice(captions: &str) -> Simulation {
    let text = format!(
        r#"version = 1
[config]
failover_duration_s = 300
reconnect_spread_s = 10
failback_users_per_hour = 3600
{PAIRED_AB}[[users]]
id = "alice"
home = "a"
[[population]]
pool = "a"
count = 100
[[timeline]]
at = "5:00"
action = "pool-fails"
pool = "a"
[[timeline]]
at = "6:00"
action = "invoke-failover"
pool = "a"
[[timeline]]
at = "20:00"
action = "pool-restored"
pool = "a"
[[timeline]]
at = "25:00"
action = "invoke-failback"
pool = "a"
[[timeline]]
at = "1:10:00"
action = "pool-fails"
pool = "a"
[[timeline]]
at = "1:11:00"
action = "invoke-failover"
pool = "a"
[[timeline]]
at = "1:30:00"
action = "pool-restored"
pool = "a"
[[timeline]]
at = "1:35:00"
action = "invoke-failback"
pool = "a"
{captions}"#
    );
    check::load(&text).unwrap_or_else(|p| panic!("{}", p.render("twice")))
}

// Finding 2: an anchored caption lands on the occurrence nearest its
// scripted moment, or on the one it names; a user's move is a change of
// serving pool.
#[test]
fn an_anchor_lands_on_the_occurrence_nearest_its_script_or_the_one_it_names() {
    let sim = twice(
        r#"
[[captions]]
at = "1:10:00"
on = "pool-fails"
pool = "a"
title = "second failure"
text = "."
[[captions]]
at = "2:00:00"
on = "failback-complete"
pool = "a"
title = "second failback"
text = "."
[[captions]]
at = "0:00"
on = "failback-complete"
pool = "a"
occurrence = 2
title = "named second"
text = "."
[[captions]]
at = "26:00"
on = "user-moves"
user = "alice"
title = "alice moves"
text = "."
[[captions]]
at = "0:00"
on = "pool-fails"
pool = "a"
occurrence = 3
title = "never"
text = "."
"#,
    );
    let fails = sim.anchor_occurrences(failover_engine::scenario::Anchor::PoolFails(0));
    assert_eq!(fails, vec![at("5:00"), at("1:10:00")]);
    let completes = sim.anchor_occurrences(failover_engine::scenario::Anchor::FailbackComplete(0));
    assert_eq!(completes.len(), 2);
    let moment = |title: &str| sim.caption_moment(caption_titled(&sim, title)).unwrap();
    assert_eq!(moment("second failure").at, at("1:10:00"));
    assert_eq!(moment("second failback").at, completes[1]);
    assert_eq!(moment("named second").at, completes[1]);
    assert!(!moment("never").happened, "a third failure never happens");
    // Alice's moves: every one changes where she is served.
    let alice_move = moment("alice moves").at;
    let alice = sim.scenario().user_by_id("alice").unwrap();
    let before = sim.named_situation(alice, SimTime(alice_move.ms() - 1));
    let after = sim.named_situation(alice, alice_move);
    assert_ne!(before.serving, after.serving, "a move changes the serving pool");
    assert!(!completes.contains(&alice_move), "failback completing is not one of her moves");
    // "Failback complete" is never shown while the pool is down.
    for &c in &completes {
        assert_eq!(sim.dr().health(0, c), failover_engine::Health::Up);
    }
}

#[test]
fn an_occurrence_needs_an_event_and_a_sane_number() {
    for (caption, message) in [
        ("at = \"1:00\"\noccurrence = 2\ntitle = \"x\"\ntext = \".\"", "`occurrence` needs `on"),
        ("at = \"1:00\"\non = \"pool-fails\"\npool = \"a\"\noccurrence = 0\ntext = \".\"", "from 1 to"),
    ] {
        let text = format!("version = 1\n[[pools]]\nid = \"a\"\n[[captions]]\n{caption}\n");
        let e = check::load(&text).unwrap_err().render("f");
        assert!(e.contains(message), "{e}");
    }
}

// Finding 3: a session's state, reason, source and rejoin are one answer for
// the moment asked. "Rejoin button will appear, but no users can rejoin
// while the affected user is in Resiliency mode."
#[test]
fn a_terminated_conference_says_what_holds_now() {
    let sim = sim("working-day");
    for t in ["1:45:00", "2:00:00", "2:45:00.539"] {
        let v = session(&sim, "standup", at(t));
        assert_eq!(v.state, SessionStateName::Terminated, "{t}");
        assert_eq!(v.rejoin.map(|r| r.as_str()), Some("blocked"), "{t}");
        assert!(!v.reason.contains("can host it again"), "{t}: {}", v.reason);
        assert!(
            v.reason.contains("no users can rejoin while the organizer is in Resiliency mode"),
            "{t}: {}",
            v.reason
        );
        assert!(
            v.source.contains("Ongoing conferences organized by affected user") && v.source.contains("During failback"),
            "{t}: {}",
            v.source
        );
    }
    let after = session(&sim, "standup", at("2:45:00.540"));
    assert_eq!(after.rejoin.map(|r| r.as_str()), Some("available"));
    assert!(
        after.reason.contains("click to rejoin") && after.source.contains("After failback completion"),
        "{}",
        after.reason
    );
    // Between failover complete and failback, rejoin is available: the
    // reason says so, and so does the source.
    let v = session(&sim, "standup", at("1:00:00"));
    assert_eq!(v.rejoin.map(|r| r.as_str()), Some("available"));
    assert!(v.reason.contains("can host it again"), "{}", v.reason);
}

// Finding 3, second half: the all-hands, organized by an unaffected user,
// cites the page's row for it during failback, not an assumption.
#[test]
fn a_conference_by_an_unaffected_organizer_cites_the_page_during_failback() {
    let sim = sim("failback-during-meetings");
    let v = session(&sim, "all-hands", at("40:00"));
    assert_eq!(v.state, SessionStateName::Running);
    assert!(!v.source.starts_with("Assumption"), "{}", v.source);
    assert!(v.source.contains("Ongoing conferences organized by unaffected user"), "{}", v.source);
}

// Finding 4: the observer's session lines ask the same rule as the user's own.
#[test]
fn an_observer_sees_what_the_rules_allow_now() {
    let sim = sim("working-day");
    let alice = sim.scenario().user_by_id("alice").unwrap();
    let dave = sim.scenario().user_by_id("dave").unwrap();
    let alice_index = sim.named_user_index(alice);
    let call = |t: &str| {
        let v = sim.observer_view(dave, alice_index, at(t));
        v.shared.iter().find(|s| s.0 == "alice-dave-call").map(|s| s.1.clone()).unwrap()
    };
    // 12:30: Alice is on the backup before failover completes: no
    // re-established sessions, in her own view and in Dave's.
    let own = sim.sessions_of(alice, at("12:30")).into_iter().find(|s| s.id == "alice-dave-call").unwrap();
    assert!(own.rejoin.as_ref().is_some_and(|r| r.allowed.is_err()));
    assert!(call("12:30").contains("cannot be re-established yet"), "{}", call("12:30"));
    // 10:30: Alice is signed out: it cannot be re-established either.
    assert!(call("10:30").contains("cannot be re-established yet"), "{}", call("10:30"));
    // After failover completes both can.
    assert!(call("40:00").contains("can be re-established now"), "{}", call("40:00"));
    // An observer who is signed out sees no session at all.
    let bob = sim.scenario().user_by_id("bob").unwrap();
    let standup = sim.observer_view(bob, alice_index, at("10:30"));
    for (_, line, _, _) in &standup.shared {
        assert!(line.contains("signed out"), "{line}");
    }
}

// Finding 5: an unaffected user lights no column of the affected-user table,
// and the other-pool table lights the phase of the pool they watch.
#[test]
fn an_unaffected_user_lights_the_watched_pools_phase() {
    let sim = sim("failback-during-meetings");
    let dan = sim.named_user_index(sim.scenario().user_by_id("dan").unwrap());
    let lit = sim.lit_columns(dan, at("40:00"));
    assert_eq!(lit.affected, None);
    assert_eq!(lit.unaffected, Some(column_of(Phase::FailingBackNotMoved)));
    assert_eq!(lit.pool, 0);
    let alice = sim.named_user_index(sim.scenario().user_by_id("alice").unwrap());
    let own = sim.lit_columns(alice, at("40:00"));
    assert_eq!(own.affected, Some(column_of(sim.situation(alice, at("40:00")).phase)));
    let quiet = sim.lit_columns(dan, at("1:00"));
    assert_eq!((quiet.affected, quiet.unaffected), (Some(0), Some(0)));
}

// Finding 6: where Microsoft's two tables disagree, both are cited and the
// answer is labelled.
#[test]
fn where_the_two_tables_disagree_both_are_cited() {
    let sim = sim("failback-during-meetings");
    let v = session(&sim, "all-hands", at("40:00"));
    assert!(v.source.contains("tables disagree"), "{}", v.source);
    assert!(
        v.source.contains("User Experience for an Affected User") && v.source.contains("Unaffected Pool"),
        "{}",
        v.source
    );
    let carol = sim.scenario().user_by_id("carol").unwrap();
    let alice = sim.named_user_index(sim.scenario().user_by_id("alice").unwrap());
    let seen = sim.observer_view(carol, alice, at("40:00"));
    let line = seen.shared.iter().find(|s| s.0 == "all-hands").unwrap();
    assert!(line.1.contains("disagree") && line.2.contains("tables disagree") && line.3, "{line:?}");
}

fn tiny_failback(users: u32) -> Simulation {
    let text = format!(
        "version = 1\n[config]\nfailover_duration_s = 60\nreconnect_spread_s = 1\n{PAIRED_AB}{}[[timeline]]\nat = \"1:00\"\naction = \"pool-fails\"\npool = \"a\"\n[[timeline]]\nat = \"2:00\"\naction = \"invoke-failover\"\npool = \"a\"\n[[timeline]]\nat = \"5:00\"\naction = \"pool-restored\"\npool = \"a\"\n[[timeline]]\nat = \"6:00\"\naction = \"invoke-failback\"\npool = \"a\"\n",
        if users > 0 { format!("[[population]]\npool = \"a\"\ncount = {users}\n") } else { String::new() }
    );
    check::load(&text).unwrap_or_else(|p| panic!("{}", p.render("tiny")))
}

// Finding 7: "the failback process takes several minutes to complete": a
// labelled minimum, and durations worded as "up to" whole minutes.
#[test]
fn failback_takes_at_least_its_minimum_and_is_worded_up_to() {
    for users in [0, 1, 20] {
        let sim = tiny_failback(users);
        let done = sim.events().iter().find(|e| matches!(e.kind, EventKind::FailbackCompleted { .. })).unwrap().at;
        assert_eq!(done, at("11:00"), "{users} users: 5 minutes, the default minimum");
    }
    let setting = failover_engine::scenario::SETTINGS.iter().find(|s| s.key == "failback_min_s").unwrap();
    assert!(setting.assumption && setting.source.contains("several minutes"));
    let sim = sim("working-day");
    let t = at("2:00:00");
    let status = sim.pool_status(0, t).unwrap();
    assert!(matches!(status, PoolStatus::FailingBack { .. }));
    let line = sim.status_text(0, status, t);
    assert!(line.contains("up to 45 minutes left") && !line.contains(".540"), "{line}");
    let started = sim.events().iter().find(|e| matches!(e.kind, EventKind::FailbackInvoked { .. })).unwrap();
    let said = sim.describe(started);
    // 20,000 users at 20,000 an hour: the source's "up to 60 minutes", not 61.
    assert!(said.contains("taking up to 60 minutes") && !said.contains("2:45:00"), "{said}");
}

// Finding 8: "any user who was failed over from the home pool and is being
// serviced by the backup pool".
#[test]
fn only_users_served_by_the_backup_are_affected() {
    let sim = sim("working-day");
    // Erin signs in at 14:00: before that she was never served by the backup.
    assert!(!user(&sim, "erin", at("13:00")).affected);
    assert!(user(&sim, "erin", at("14:30")).affected);
    let text = builtin("failback-during-meetings").unwrap().toml.replace(
        "id = \"bob\"\nname = \"Bob (Pool A)\"\nhome = \"pool-a\"",
        "id = \"bob\"\nname = \"Bob (Pool A)\"\nhome = \"pool-a\"\nsigned_in = false",
    );
    let sim = check::load(&text).unwrap();
    let bob = user(&sim, "bob", at("40:00"));
    assert!(!bob.affected, "never signed in during the outage: phase {}", bob.phase);
}

// Finding 9: the importer.
const USERS: &str = "SipAddress,DisplayName,RegistrarPool\n\
sip:erin@contoso.com,\"Murphy, Erin\",FE01.contoso.com\n\
sip:seán@contoso.com,Seán,fe01.contoso.com\n\
sip:online@contoso.com,Online User,\n\
sip:bo@contoso.com,Bo,fe02.contoso.com\n";

#[test]
fn the_importer_reads_real_exports() {
    let pairs =
        "PrimaryPoolFqdn,BackupPoolFqdn\nfe01.contoso.com,DR01.contoso.com\nFE02.contoso.com,fe03.contoso.com\n";
    let top = topology(("users.csv", USERS), Some(("pairs.csv", pairs)), &Named::First(3)).unwrap();
    assert!(top.notes.iter().any(|n| n.contains("skipped 1 user with no RegistrarPool")), "{:?}", top.notes);
    let sim = check::load(&top.toml).unwrap_or_else(|p| panic!("{}\n{}", p.render("import"), top.toml));
    let sc = sim.scenario();
    // One pool, whatever the case; a dedicated DR pool with no users of its own.
    let fe01 = sc.pool_by_id("fe01.contoso.com").unwrap();
    let dr = sc.pool_by_id("dr01.contoso.com").expect("the DR pool is kept");
    assert_eq!(sc.pools[usize::from(fe01)].backup, Some(dr));
    assert_eq!(sim.pool_users(dr).len(), 0);
    assert!(sc.pool_by_id("FE01.contoso.com").is_none());
    let erin = sc.user_by_id("erin@contoso.com").unwrap();
    assert_eq!(sc.users[erin as usize].home, fe01);
    assert_eq!(sc.users[erin as usize].short_name(), "Erin");
    assert!(sc.user_by_id("seán@contoso.com").is_some(), "{}", top.toml);
    // Erin is signed out when fe01 fails.
    let mut sim = sim;
    sim.handle_order(at("1:00"), failover_engine::Action::PoolFails(fe01)).unwrap();
    assert!(!sim.named_situation(erin, at("1:30")).signed_in());
}

#[test]
fn the_importer_refuses_a_pool_paired_with_itself() {
    let pairs = "PrimaryPoolFqdn,BackupPoolFqdn\nfe01.contoso.com,FE01.contoso.com\n";
    let e = topology(("users.csv", USERS), Some(("pairs.csv", pairs)), &Named::First(0)).unwrap_err();
    assert!(e.contains("pairs.csv:2: pool `fe01.contoso.com` is paired with itself"), "{e}");
}

// Finding 10: labels say what is true at the moment.
#[test]
fn labels_say_what_is_true_now() {
    let day = sim("working-day");
    let b = user(&day, "alice", at("2:00:00")).banner;
    assert!(!b.text.contains("due to an outage") && b.text.contains("fails back"), "{}", b.text);
    let timer = sim("timer-only");
    let on_backup = (0..timer.scenario().users.len() as u32)
        .find(|&u| timer.named_situation(u, at("41:00")).phase == Phase::FailingOver)
        .expect("someone on the backup by the timer alone");
    let label = timer.user_view(on_backup, at("41:00")).phase_label;
    assert!(!label.contains("failover not complete") && label.contains("no failover invoked"), "{label}");
    let failed_at_start = check::load(
        &format!("version = 1\n{PAIRED_AB}[[population]]\npool = \"a\"\ncount = 21000\n[[timeline]]\nat = \"0:00\"\naction = \"pool-fails\"\npool = \"a\"\n"),
    )
    .unwrap();
    let failed = failed_at_start.events().iter().find(|e| matches!(e.kind, EventKind::PoolFailed { .. })).unwrap();
    let said = failed_at_start.describe(failed);
    assert!(said.contains("21,000 users signed out"), "{said}");
}

// Issue 21, finding 7: the importer says where in the user's own file, keeps
// one user per SIP address, matches SIP addresses without case and stays
// linear in the users kept by name.
#[test]
fn the_importer_speaks_of_the_users_file() {
    let mut many_pools = String::from("SipAddress,DisplayName,RegistrarPool\n");
    for i in 0..14 {
        many_pools.push_str(&format!("sip:u{i}@x,U{i},pool{i}.x\n"));
    }
    let e = topology(("users.csv", &many_pools), None, &Named::First(0)).unwrap_err();
    assert!(e.contains("users.csv:14: a pool more than the 12"), "{e}");
    let twice = "SipAddress,DisplayName,RegistrarPool\nsip:ana@x,Ana,p.x\nSIP:Ana@X,Ana again,p.x\nsip:bo@x,Bo,p.x\n";
    let top = topology(("users.csv", twice), None, &Named::These(vec!["sip:ANA@x".into()])).unwrap();
    assert!(top.notes.iter().any(|n| n.contains("skipped 1 repeated row")), "{:?}", top.notes);
    let sim = check::load(&top.toml).unwrap();
    assert_eq!(sim.scenario().users.len(), 1, "Ana kept by name, whatever the case");
    assert_eq!(sim.user_count(), 2, "Ana once, and Bo");
    // Thousands kept by name: sets, not lists (this took 27 s before).
    let rows = 20_000;
    let export = failover_engine::import::powershell_users_export(rows, &["a.x", "b.x"]);
    let wanted: Vec<String> = (0..5_000).map(|i| format!("sip:user{i}@contoso.com")).collect();
    let top = topology(("users.csv", &export), None, &Named::These(wanted)).unwrap();
    assert!(top.toml.matches("[[users]]").count() == 5_000);
}
