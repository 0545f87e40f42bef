//! The scenario editor's document (`draft.rs`): every built-in opened in the
//! editor and run again is the same run (same event-log hash), and an edited
//! scenario exported and imported again is the same run too.

use failover_engine::builtin::{BUILTINS, EXPECTED_EVENT_LOG_HASHES};
use failover_engine::check;
use failover_engine::draft::{Draft, Row, Section};
use failover_engine::orders::OrderName;

fn expected_hash(name: &str) -> u64 {
    EXPECTED_EVENT_LOG_HASHES.iter().find(|(n, _)| *n == name).map(|(_, h)| *h).expect("pinned")
}

#[test]
fn every_builtin_opened_in_the_editor_runs_the_same() {
    for b in BUILTINS {
        let scenario = b.scenario().expect("built-ins parse");
        let checked = Draft::from_scenario(&scenario).check();
        assert!(checked.problems.is_empty(), "{}: {:?}", b.name, checked.problems);
        let sim = checked.run.expect("runs");
        assert_eq!(sim.scenario(), &scenario, "{} through the editor", b.name);
        assert_eq!(sim.event_log_hash(), expected_hash(b.name), "{} event-log hash", b.name);
    }
}

#[test]
fn an_edited_scenario_exported_and_imported_again_is_the_same_run() {
    let b = BUILTINS.iter().find(|b| b.name == "fast-failover").expect("built-in");
    let mut draft = Draft::from_scenario(&b.scenario().expect("parses"));
    // A second pair with a population, a named user there, and its failure.
    draft.add_pool_pair();
    let (a, z) = (draft.pools.len() - 2, draft.pools.len() - 1);
    draft.rename_pool(a, "dub.contoso.com".into());
    draft.rename_pool(z, "ams.contoso.com".into());
    draft.pools[a].population = "38,000".into();
    draft.add_user();
    let u = draft.users.len() - 1;
    draft.rename_user(u, "niamh".into());
    draft.users[u].home = "dub.contoso.com".into();
    draft.add_order();
    let o = draft.timeline.len() - 1;
    draft.timeline[o].action = OrderName::PoolFails.as_str().into();
    draft.timeline[o].pool = "dub.contoso.com".into();
    draft.config[0] = "300".into();
    let checked = draft.check();
    assert!(checked.problems.is_empty(), "{:?}", checked.problems);
    let edited = checked.run.expect("runs");
    assert_eq!(edited.scenario().users_homed(edited.scenario().pool_by_id("dub.contoso.com").unwrap()), 38_001);

    let exported = edited.scenario().to_toml();
    assert_eq!(exported, checked.toml, "the editor's TOML view is the export");
    let again = check::load(&exported).expect("the export imports");
    assert_eq!(again.scenario(), edited.scenario());
    assert_eq!(again.event_log_hash(), edited.event_log_hash());
    assert_ne!(edited.event_log_hash(), expected_hash("fast-failover"), "the edit changed the run");

    // And opened in the editor again, it is the same document.
    assert_eq!(Draft::from_scenario(again.scenario()).check().toml, exported);
}

#[test]
fn a_refused_order_is_the_engines_reason_at_its_row_and_fixing_it_runs() {
    let mut draft = Draft::blank();
    draft.add_pool_pair();
    draft.add_order(); // the first pool fails at 5:00
    draft.add_order();
    draft.timeline[1].at = "40:00".into();
    draft.timeline[1].action = OrderName::InvokeFailback.as_str().into();
    let checked = draft.check();
    assert_eq!(checked.problems.len(), 1, "{:?}", checked.problems);
    let problem = &checked.problems[0];
    assert_eq!(problem.row, Row::new(Section::Timeline, 1));
    assert_eq!(problem.row.label(), "Admin's timeline, row 2");
    // The same words as the admin toolbar's refusal: the engine's.
    let mut sim = check::load(&Draft { timeline: draft.timeline[..1].to_vec(), ..draft.clone() }.check().toml).unwrap();
    let pool = sim.scenario().pool_by_id(&draft.timeline[1].pool).unwrap();
    let refusal = sim
        .handle_order(failover_engine::SimTime::from_s(2400), failover_engine::Action::InvokeFailback(pool))
        .unwrap_err();
    assert!(problem.message.ends_with(&refusal.to_string()), "{} vs {refusal}", problem.message);

    // Fix it: fail over first, then fail back after it completes.
    draft.timeline[1].action = OrderName::InvokeFailover.as_str().into();
    draft.timeline[1].at = "10:00".into();
    draft.add_order();
    draft.timeline[2].action = OrderName::PoolRestored.as_str().into();
    draft.timeline[2].at = "1:00:00".into();
    draft.add_order();
    draft.timeline[3].action = OrderName::InvokeFailback.as_str().into();
    let checked = draft.check();
    assert!(checked.problems.is_empty(), "{:?}", checked.problems);
    assert!(checked.run.is_some());
}

#[test]
fn timeline_rows_out_of_order_are_said_at_the_row_and_sorting_fixes_them() {
    let mut draft = Draft::blank();
    draft.add_pool_pair();
    draft.add_order();
    draft.add_order();
    draft.timeline[0].action = OrderName::PoolRestored.as_str().into();
    draft.timeline[1].action = OrderName::PoolFails.as_str().into();
    draft.timeline[1].at = "1:00".into();
    let checked = draft.check();
    assert_eq!(checked.problems.iter().map(|p| p.row).collect::<Vec<_>>(), vec![Row::new(Section::Timeline, 1)]);
    draft.sort_timeline();
    assert!(draft.check().problems.is_empty(), "{:?}", draft.check().problems);
}
