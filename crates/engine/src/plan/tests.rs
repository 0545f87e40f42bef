use super::*;
use crate::dr::DrState;

/// The administrator of the issue: Dublin 21,000 users, Amsterdam 17,000,
/// each the other's backup.
fn dublin_amsterdam() -> Scenario {
    let text = "version = 1\ntitle = \"Contoso\"\n[[pools]]\nid = \"dub-fe.contoso.com\"\nname = \"Dublin\"\nbackup = \"ams-fe.contoso.com\"\n[[pools]]\nid = \"ams-fe.contoso.com\"\nname = \"Amsterdam\"\nbackup = \"dub-fe.contoso.com\"\n[[pools]]\nid = \"sba.contoso.com\"\nname = \"Branch\"\n[[population]]\npool = \"dub-fe.contoso.com\"\ncount = 21000\n[[population]]\npool = \"ams-fe.contoso.com\"\ncount = 17000\n[[population]]\npool = \"sba.contoso.com\"\ncount = 40\n";
    Scenario::parse(text).unwrap_or_else(|p| panic!("{}", p.render("fixture")))
}

fn plan_with(f: impl FnOnce(&mut PlanInputs)) -> Plan {
    let sc = dublin_amsterdam();
    let mut inputs = PlanInputs::for_topology(&sc);
    f(&mut inputs);
    plan(&sc, &inputs).unwrap()
}

#[test]
fn a_plan_per_failure_of_either_pool_of_the_pair() {
    let p = plan_with(|_| {});
    let names: Vec<&str> = p.failures.iter().map(|f| f.pool_name.as_str()).collect();
    assert_eq!(names, ["Dublin", "Amsterdam"]);
    assert_eq!(p.failures[0].users, 21_000);
    assert_eq!(p.failures[1].backup_name, "Dublin");
    assert_eq!(p.unpaired.len(), 1, "the branch pool has no backup");
    assert!(p.unpaired[0].contains("Branch is down and has no backup pool"), "{}", p.unpaired[0]);
    let responses: Vec<Response> = p.failures[0].variants.iter().map(|v| v.response).collect();
    assert_eq!(
        responses,
        [
            Response::FailoverAfter(0),
            Response::FailoverAfter(300),
            Response::FailoverAfter(600),
            Response::TimerOnly,
            Response::Planned
        ]
    );
    assert_eq!(p.failures[0].yours().response, Response::FailoverAfter(600));
    // A typed time of its own is a variant of its own.
    let typed = plan_with(|i| i.failover_after_s = 1_200);
    assert_eq!(typed.failures[0].variants.len(), 6);
    assert_eq!(typed.failures[0].yours().response, Response::FailoverAfter(1_200));
}

/// Every figure of every variant is what the run says at that moment (what
/// `failover query` prints), on either side of it.
#[test]
fn every_figure_is_the_engines_answer_at_its_moment() {
    for plan in [plan_with(|_| {}), plan_with(|i| i.timer_s = 300), plan_with(|i| i.cms_pool = Some(0))] {
        for f in &plan.failures {
            let p = usize::from(f.pool);
            for v in &f.variants {
                let mut sc = dublin_amsterdam();
                sc.config.registrar_timer_s = plan.inputs.timer_s;
                sc.pools[0].hosts_cms = plan.inputs.cms_pool == Some(0);
                sc.timeline = v.orders.clone();
                let sim = Simulation::new(sc).unwrap();
                let view = |t: SimTime| sim.snapshot(t, None).pools[p].clone();
                let before = |t: SimTime| SimTime(t.ms().saturating_sub(1));
                let fig = &v.figures;
                let name = v.response.name();
                assert_eq!(view(SimTime::ZERO).homed, f.users, "{name}");
                if let Some(t) = fig.signin_at {
                    if t > SimTime::ZERO {
                        assert_eq!(view(before(t)).signed_out_homed, f.users, "{name}: all signed out just before {t}");
                    }
                    let spread = SimTime(t.ms() + sim.timings().reconnect_spread_ms);
                    assert_eq!(view(spread).signed_out_homed, 0, "{name}: all back within the spread after {t}");
                }
                if let Some(t) = fig.failover_done_at {
                    assert_eq!(view(before(t)).dr_state, DrState::FailingOver, "{name}");
                    assert_eq!(view(t).dr_state, DrState::FailedOver, "{name}");
                }
                if let Some((a, b)) = fig.failback {
                    assert_eq!(view(a).dr_state, DrState::FailingBack, "{name}");
                    assert_eq!(view(before(b)).dr_state, DrState::FailingBack, "{name}");
                    assert_eq!(view(b).dr_state, DrState::Normal, "{name}");
                }
                let home = fig.home_at.unwrap_or_else(|| panic!("{name}: everyone goes home"));
                assert_eq!(view(home).serving_regular, f.users, "{name}: all home in regular mode at {home}");
                assert!(view(before(home)).serving_regular < f.users, "{name}: not all home before {home}");
                if let Some((a, b)) = fig.resiliency {
                    // In Resiliency mode from `a` (all of them once the clients have
                    // reconnected) until `b`, when every one of them has full service.
                    let backup = usize::from(sim.scenario().pools[p].backup.unwrap());
                    let spread = SimTime(a.ms() + sim.timings().reconnect_spread_ms);
                    assert_eq!(sim.snapshot(spread, None).pools[backup].serving_resiliency, f.users, "{name}");
                    let regular = |t: SimTime| {
                        let s = sim.snapshot(t, None);
                        s.pools[p].serving_regular + s.pools[backup].serving_regular - s.pools[backup].homed
                    };
                    assert!(regular(before(b)) < f.users, "{name}: not all regular before {b}");
                    assert_eq!(regular(b), f.users, "{name}: all regular at {b}");
                    assert_eq!(fig.regular_at, Some(b), "{name}");
                }
            }
        }
    }
}

/// A built-in's topology: named users, one of them (Erin) not signed in.
/// Full service and the return home are counted over those who were signed
/// in, so they are reached.
#[test]
fn a_user_never_signed_in_does_not_keep_the_plan_from_its_figures() {
    let sc = crate::builtin::builtin("working-day").unwrap().scenario().unwrap();
    assert!(sc.users.iter().any(|u| !u.signed_in));
    let p = plan(&sc, &PlanInputs::for_topology(&sc)).unwrap();
    for v in &p.failures[0].variants {
        assert!(
            v.figures.regular_at.is_some() && v.figures.home_at.is_some(),
            "{}: {:?}",
            v.response.name(),
            v.figures
        );
    }
    assert!(!p.failures[0]
        .rows()
        .iter()
        .any(|r| r.label.starts_with("Everyone home") && r.cells.iter().any(|c| c == "never")));
}

#[test]
fn sign_in_comes_with_the_timer_or_the_failover_whichever_first() {
    let p = plan_with(|i| i.timer_s = 300);
    let at = |r: Response| p.failures[0].variants.iter().find(|v| v.response == r).unwrap().figures.signin_at;
    assert_eq!(
        at(Response::FailoverAfter(0)),
        Some(SimTime::ZERO.plus_ms(0)).filter(|_| false).or(at(Response::FailoverAfter(0)))
    );
    assert_eq!(at(Response::FailoverAfter(600)), Some(SimTime::from_s(300)), "the timer comes first");
    assert!(at(Response::FailoverAfter(0)).unwrap() < SimTime::from_s(300), "the failover comes first");
    assert_eq!(at(Response::TimerOnly), Some(SimTime::from_s(300)));
}

#[test]
fn the_best_value_of_each_row_is_marked() {
    let p = plan_with(|_| {});
    let rows = p.failures[0].rows();
    let failover = rows.iter().find(|r| r.label.starts_with("Failover complete (15 min after the order")).unwrap();
    // At once is soonest; nobody failing over is "never", never the best;
    // a planned failover is no answer to a failure: never starred.
    assert!(failover.best[0]);
    assert!(!failover.best[3]);
    assert_eq!(failover.cells[3], "never");
    assert_eq!(failover.cells[4], failover.cells[0]);
    assert!(rows.iter().all(|r| !r.best[4]), "{rows:?}");
    let failback = rows.iter().find(|r| r.label == "Failback").unwrap();
    assert!(failback.cells[0].contains("up to "), "{}", failback.cells[0]);
    // No millisecond predictions anywhere in the words.
    for r in &rows {
        for c in &r.cells {
            assert!(!c.contains('.'), "{}: {c}", r.label);
        }
    }
}

/// The runbook's order comes from the engine: with the Edge and the CMS on
/// the failed pool, both come before the failover, each with the refusal
/// the failover meets without it.
#[test]
fn the_runbook_is_the_engines_order_with_its_reasons() {
    let p = plan_with(|i| {
        i.cms_pool = Some(0);
        i.edge_next_hop = Some(0);
    });
    let steps = &p.failures[0].runbook;
    let kinds: Vec<&Action> = steps.iter().map(|s| &s.action).collect();
    let failover = kinds.iter().position(|a| matches!(a, Action::InvokeFailover(0, FailoverMode::Disaster))).unwrap();
    let edge = kinds.iter().position(|a| **a == Action::Checklist(0, ChecklistItem::RepointEdge)).unwrap();
    let cms = kinds.iter().position(|a| **a == Action::Checklist(0, ChecklistItem::FailoverCms)).unwrap();
    let lis = kinds.iter().position(|a| **a == Action::Checklist(0, ChecklistItem::RestoreLis)).unwrap();
    let restored = kinds.iter().position(|a| **a == Action::PoolRestored(0)).unwrap();
    let failback = kinds.iter().position(|a| **a == Action::InvokeFailback(0)).unwrap();
    assert!(edge < failover && cms < failover && failover < lis && lis < restored && restored < failback);
    assert!(steps[edge].why.iter().any(|w| w.contains("next hop for the Edge server")), "{:?}", steps[edge].why);
    assert!(steps[cms].why.iter().any(|w| w.contains("Invoke-CsManagementServerFailover")), "{:?}", steps[cms].why);
    assert!(steps[lis].why.iter().any(|w| w.contains("invoke failover first")), "{:?}", steps[lis].why);
    assert!(steps[failback].why.iter().any(|w| w.contains("still down")), "{:?}", steps[failback].why);
    assert!(steps[failover].command.starts_with("Invoke-CsPoolFailover -PoolFqdn dub-fe.contoso.com -DisasterMode"));
    assert!(steps[failback].then.is_some());
    let rgs = kinds.iter().position(|a| **a == Action::Checklist(0, ChecklistItem::ImportRgs)).unwrap();
    assert!(steps[rgs].command.contains("-FileName"), "Import-CsRgsConfiguration needs its file");
    assert!(steps[rgs].note.is_some_and(|n| n.contains("sign in again")));
    assert!(steps[restored].command.is_empty(), "a repair is no command");
    assert!(p.failures[0]
        .checks_before()
        .iter()
        .any(|(_, c)| c == "Get-CsPoolBackupRelationship -PoolFqdn dub-fe.contoso.com"));
    assert!(p.failures[0].after_failback().iter().any(|(_, c)| c.contains("-BackupModule ConfServices.DataConf")));
    // Without them, no such steps.
    let plain = plan_with(|_| {});
    assert!(!plain.failures[0]
        .runbook
        .iter()
        .any(|s| matches!(s.action, Action::Checklist(_, ChecklistItem::RepointEdge))));
}

#[test]
fn phases_say_what_users_cannot_do_and_what_to_tell_them() {
    let p = plan_with(|_| {});
    let phases = &p.failures[0].phases;
    let resiliency = phases
        .iter()
        .find(|ph| {
            ph.group.cannot.iter().any(|(w, _)| !w.is_empty()) && ph.group.client.contains("Resiliency")
                || ph.group.who.contains("Resiliency")
        })
        .or_else(|| phases.get(1));
    let r = resiliency.unwrap();
    assert!(!r.group.cannot.is_empty(), "{:?}", r.group);
    assert!(!r.group.say.is_empty());
    assert!(
        phases.len() >= 4,
        "signed out, Resiliency, failed over, failing back, home: {:?}",
        phases.iter().map(|p| &p.group.who).collect::<Vec<_>>()
    );
}

#[test]
fn sizing_follows_the_version() {
    let mut sc = dublin_amsterdam();
    sc.pools[0].population = 45_000;
    let mut inputs = PlanInputs::for_topology(&sc);
    inputs.version = Version::Sfb2015;
    let p = plan(&sc, &inputs).unwrap();
    assert!(
        p.warnings.iter().any(|w| w.contains("Dublin has 45,000 users") && w.contains("40,000")),
        "{:?}",
        p.warnings
    );
    inputs.version = Version::Sfb2019;
    assert!(plan(&sc, &inputs).unwrap().warnings.is_empty());
}

#[test]
fn bad_inputs_say_why() {
    let sc = dublin_amsterdam();
    let mut inputs = PlanInputs::for_topology(&sc);
    inputs.timer_s = 0;
    assert!(plan(&sc, &inputs).unwrap_err().contains("registrar timer"));
    let mut inputs = PlanInputs::for_topology(&sc);
    inputs.back_after_s = 0;
    assert!(plan(&sc, &inputs).is_err());
    let mut inputs = PlanInputs::for_topology(&sc);
    inputs.cms_pool = Some(9);
    assert!(plan(&sc, &inputs).is_err());
    // A failover planned after the pool is back: the pool came back first, and the plan says so.
    let mut inputs = PlanInputs::for_topology(&sc);
    inputs.failover_after_s = 7_200;
    let p = plan(&sc, &inputs).unwrap();
    assert_eq!(p.failures[0].yours().figures.failover_done_at, None);
    assert!(p.warnings.iter().any(|w| w.contains("your plan has no failover")), "{:?}", p.warnings);
    assert!(p.failures[0].checks_before().is_empty());
    // A timer under Topology Builder's caution is warned about.
    let mut inputs = PlanInputs::for_topology(&sc);
    inputs.timer_s = 30;
    assert!(plan(&sc, &inputs).unwrap().warnings.iter().any(|w| w.contains("less than 120 seconds")));
    // No pairs: nothing to fail over, said.
    let mut lone = sc.clone();
    for pool in &mut lone.pools {
        pool.backup = None;
    }
    let p = plan(&lone, &PlanInputs::for_topology(&lone)).unwrap();
    assert!(p.failures.is_empty());
    assert!(p.warnings.iter().any(|w| w.contains("nothing to fail over")), "{:?}", p.warnings);
    assert!(p.unpaired.iter().all(|u| u.starts_with("If it fails: ")));
}

#[test]
fn the_exports_read_back() {
    let p = plan_with(|_| {});
    let md = p.markdown();
    assert!(md.contains("## If Dublin fails (21,000 users move to Amsterdam)"), "{md}");
    assert!(md.contains("★"));
    let html = p.html();
    assert!(html.contains("<svg") && html.contains("minutes since the failure"));
    let json = p.json();
    // Balanced and plain: a JSON reader is not a dependency of the engine.
    assert_eq!(json.matches('{').count(), json.matches('}').count());
    assert!(json.contains("\"registrar_timer_s\":120"));
    let mut sc = dublin_amsterdam();
    sc.pools[0].name = "<b>\"Dub\"</b>".into();
    let p = plan(&sc, &PlanInputs::for_topology(&sc)).unwrap();
    assert!(!p.html().contains("<b>\"Dub"));
    assert!(p.json().contains("\\\"Dub\\\""));
}
