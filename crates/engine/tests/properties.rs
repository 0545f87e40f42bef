//! Property tests over random scenarios and random legal orders. A failing
//! case prints its inputs, including the seed, and the failing invariant;
//! rerun with the same inputs to reproduce (the engine is deterministic).

use failover_engine::capability::{CapKey, CapValue};
use failover_engine::scenario::{Config, PoolSpec, Presence, UserSpec};
use failover_engine::sim::Mode;
use failover_engine::{Action, FailoverMode, Health, Phase, Scenario, SimTime, Simulation};
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct Input {
    seed: u64,
    populations: [u16; 3],
    named: Vec<(u16, bool)>,
    steps: Vec<(u32, u8, u16)>,
    spread_s: u64,
    /// When the conference and the call start, seconds.
    session_at_s: (u32, u32),
}

fn input() -> impl Strategy<Value = Input> {
    (
        any::<u64>(),
        [0u16..400, 0u16..400, 0u16..50],
        prop::collection::vec((0u16..3, any::<bool>()), 0..5),
        // A step of 0 s gives orders in the same moment.
        prop::collection::vec((prop_oneof![Just(0u32), 1u32..1500], 0u8..13, 0u16..4), 0..16),
        0u64..120,
        (0u32..4000, 0u32..4000),
    )
        .prop_map(|(seed, populations, named, steps, spread_s, session_at_s)| Input {
            seed,
            populations,
            named,
            steps,
            spread_s,
            session_at_s,
        })
}

fn scenario(input: &Input) -> Scenario {
    let pool = |id: &str, backup: Option<u16>, population: u16| PoolSpec {
        id: id.into(),
        name: id.into(),
        backup,
        // The Edge uses pool a as its next hop: failovers of a need it repointed first.
        edge_next_hop: id == "a",
        hosts_cms: false,
        population: u32::from(population),
    };
    Scenario {
        version: 1,
        title: "random".into(),
        description: String::new(),
        config: Config {
            seed: input.seed,
            reconnect_spread_s: input.spread_s,
            failback_users_per_hour: 200_000,
            ..Config::default()
        },
        pools: vec![
            pool("a", Some(1), input.populations[0]),
            pool("b", Some(0), input.populations[1]),
            pool("c", None, input.populations[2]),
        ],
        users: input
            .named
            .iter()
            .enumerate()
            .map(|(i, &(home, signed_in))| UserSpec {
                id: format!("u{i}"),
                name: format!("U{i}"),
                home,
                signed_in,
                presence: Presence::Busy,
            })
            .collect(),
        sessions: sessions(input),
        timeline: Vec::new(),
        captions: captions(input),
        checkpoints: Vec::new(),
        duration: None,
    }
}

/// Anchored captions, so the walkthrough's steps are checked on every run.
fn captions(input: &Input) -> Vec<failover_engine::scenario::Caption> {
    use failover_engine::scenario::{Anchor, Caption};
    let caption = |at_s: u64, anchor, occurrence| Caption {
        at: SimTime::from_s(at_s),
        anchor: Some(anchor),
        occurrence,
        chapter: None,
        title: "c".into(),
        text: "c".into(),
        source: None,
        notes: None,
    };
    let mut out = vec![
        caption(0, Anchor::PoolFails(0), None),
        caption(3000, Anchor::FailbackComplete(0), None),
        caption(0, Anchor::SignInPossible(1), Some(2)),
    ];
    if !input.named.is_empty() {
        out.push(caption(1500, Anchor::UserMoves(0), None));
    }
    out
}

/// A conference by the first named user with everyone else, and a call
/// between the first two, when there are enough named users.
fn sessions(input: &Input) -> Vec<failover_engine::scenario::SessionSpec> {
    use failover_engine::scenario::{SessionKind, SessionSpec};
    let n = input.named.len() as u32;
    let mut out = Vec::new();
    if n >= 2 {
        out.push(SessionSpec {
            id: "conf".into(),
            kind: SessionKind::Conference { organizer: 0, participants: (1..n).collect() },
            at: SimTime::from_s(u64::from(input.session_at_s.0)),
        });
        out.push(SessionSpec {
            id: "call".into(),
            kind: SessionKind::P2p { users: [0, 1] },
            at: SimTime::from_s(u64::from(input.session_at_s.1)),
        });
    }
    out
}

fn run(input: &Input) -> Simulation {
    let mut sim = Simulation::new(scenario(input)).expect("no orders yet");
    let mut t = SimTime::ZERO;
    let named = input.named.len() as u32;
    for &(dt_s, kind, target) in &input.steps {
        t = t.plus_ms(u64::from(dt_s) * 1000);
        let pool = target % 3;
        let _ = &input.session_at_s;
        let action = match kind {
            0 | 1 => Action::PoolFails(pool),
            2 => Action::InvokeFailover(pool, FailoverMode::Disaster),
            3 => Action::InvokeFailover(pool, FailoverMode::Planned),
            4 | 5 => Action::PoolRestored(pool),
            6 | 7 => Action::InvokeFailback(pool),
            8 if named > 0 => Action::UserSignsIn(u32::from(target) % named),
            9 if named > 0 => Action::UserSignsOut(u32::from(target) % named),
            10 if named >= 2 => Action::Rejoin(u32::from(target) % 2, u32::from(target) % named),
            12 => Action::Checklist(pool, failover_engine::ChecklistItem::RepointEdge),
            _ => Action::Checklist(pool, failover_engine::ChecklistItem::RestoreLis),
        };
        // Random *legal* orders: a refused one must leave the run untouched.
        let before = sim.event_log_hash();
        if sim.check_order(t, &action).is_ok() {
            sim.handle_order(t, action).expect("checked order is accepted");
        } else {
            assert!(sim.handle_order(t, action).is_err());
            assert_eq!(before, sim.event_log_hash(), "a refused order changed the run");
        }
    }
    sim
}

fn moments(sim: &Simulation) -> Vec<SimTime> {
    let mut ts: Vec<SimTime> = sim
        .events()
        .iter()
        .flat_map(|e| [e.at, e.at.plus_ms(1), SimTime(e.at.ms().saturating_sub(1)), e.at.plus_ms(30_000)])
        .collect();
    ts.push(SimTime::ZERO);
    ts.push(sim.end_time());
    ts.sort();
    ts.dedup();
    ts
}

/// The walkthrough's steps: in time order, each anchored caption at an
/// occurrence of its event (the one it names, or the nearest its script).
fn check_steps(sim: &Simulation) -> Result<(), TestCaseError> {
    use failover_engine::steps::StepKind;
    let steps = sim.steps();
    prop_assert!(steps.windows(2).all(|w| w[0].at <= w[1].at), "steps in time order");
    for step in &steps {
        let StepKind::Caption(i) = step.kind else { continue };
        let cap = &sim.scenario().captions[i];
        let Some(anchor) = cap.anchor else { continue };
        let occurrences = sim.anchor_occurrences(anchor);
        if step.happened {
            prop_assert!(occurrences.contains(&step.at), "caption {} at an occurrence of its event", i);
            if cap.occurrence.is_none() {
                let d = step.at.ms().abs_diff(cap.at.ms());
                prop_assert!(occurrences.iter().all(|o| o.ms().abs_diff(cap.at.ms()) >= d), "the nearest occurrence");
            }
        } else {
            prop_assert_eq!(step.at, cap.at, "an event that does not happen: the scripted moment");
        }
    }
    Ok(())
}

/// Sessions and "affected" at a moment: a session's reason, source and
/// rejoin are one answer, decided by its members' admission now; the
/// observer's lines say the same; an affected user is served by the backup
/// or was until failback moved them home.
fn check_sessions_and_affected(sim: &Simulation, t: SimTime) -> Result<(), TestCaseError> {
    use failover_engine::rules;
    use failover_engine::scenario::SessionKind;
    use failover_engine::sim::SessionRun;
    let sc = sim.scenario();
    for i in 0..sc.sessions.len() as u32 {
        let now = sim.session_now(i, t);
        let members = sim.session_members(i);
        let situations: Vec<_> = members.iter().map(|&u| sim.named_situation(u, t)).collect();
        let conference = matches!(sc.sessions[i as usize].kind, SessionKind::Conference { .. });
        prop_assert_eq!(now.resumable.is_some(), now.run == SessionRun::Ended, "resumable only when ended");
        if let Some(resumable) = now.resumable {
            let admitted = if conference {
                rules::may_host(&situations[0]).is_ok()
            } else {
                situations.iter().all(|s| rules::may_establish(s).is_ok())
            };
            prop_assert_eq!(resumable, admitted, "session {} at {}: rejoin is the admission rule now", i, t);
            let says_yes = now.reason.contains("can click to rejoin")
                || now.reason.contains("needs to click to rejoin")
                || now.reason.contains("can re-establish it now");
            prop_assert_eq!(says_yes, resumable, "session {} at {}: the reason says the rejoin: {}", i, t, now.reason);
        }
        for (&o, obs) in members.iter().zip(&situations) {
            for &u in members.iter().filter(|&&u| u != o) {
                let (line, _) = sim.session_seen_by(i, o, u, t);
                if now.run != SessionRun::Pending && !obs.signed_in() {
                    prop_assert!(line.contains("signed out"), "signed-out observer at {}: {}", t, line);
                } else if now.run == SessionRun::Ended && !conference {
                    prop_assert_eq!(
                        line.contains("can be re-established now"),
                        now.resumable == Some(true),
                        "{}",
                        line
                    );
                } else if now.run == SessionRun::Ended {
                    prop_assert_eq!(
                        line.contains("everyone can click rejoin"),
                        now.resumable == Some(true),
                        "{}",
                        line
                    );
                }
            }
        }
    }
    for u in 0..sc.users.len() as u32 {
        let s = sim.named_situation(u, t);
        if !s.affected() {
            continue;
        }
        let home = sc.users[u as usize].home;
        let backup = sc.pools[usize::from(home)].backup;
        let on_backup = |s: &failover_engine::Situation| s.serving.is_some() && s.serving == backup;
        let before_move = sim.named_situation(u, SimTime(s.since.ms().saturating_sub(1)));
        prop_assert!(
            on_backup(&s) || on_backup(&before_move),
            "user {} affected at {} but never served by the backup: {:?}",
            u,
            t,
            s
        );
    }
    Ok(())
}

fn check_invariants(input: &Input) -> Result<(), TestCaseError> {
    let sim = run(input);
    check_steps(&sim)?;
    let total = sim.user_count();
    for t in moments(&sim) {
        let counts = sim.pool_counts(t);
        let counted: u32 = counts.iter().map(|c| c.total()).sum();
        prop_assert_eq!(counted, total, "user counts are conserved at {}", t);
        let mut by_pool = [[0u32; 3]; 3];
        for p in 0..3u16 {
            sim.for_each_user(p, t, |index, s| {
                // The home pool never changes.
                assert_eq!(sim.home_of(index), p);
                match (s.serving, s.mode) {
                    (Some(serving), Some(mode)) => {
                        by_pool[usize::from(serving)][if mode == Mode::Regular { 0 } else { 1 }] += 1;
                        assert_eq!(
                            sim.dr().health(serving, t),
                            Health::Up,
                            "user {index} served by a pool that is down at {t}"
                        );
                        if mode == Mode::Resiliency {
                            for key in [CapKey::AddContact, CapKey::ContactsAndAbs, CapKey::ScheduleMeeting] {
                                assert_eq!(
                                    failover_engine::rules::cell(key, &s).value,
                                    CapValue::No,
                                    "{key:?} in resiliency mode at {t}"
                                );
                            }
                        }
                        if s.phase == Phase::FailedBack {
                            assert_eq!((serving, mode), (p, Mode::Regular), "after failback: home, regular");
                        }
                    }
                    (None, None) => by_pool[usize::from(p)][2] += 1,
                    other => panic!("half signed in: {other:?}"),
                }
            });
        }
        // Sessions: whoever is in a running session is signed in; an active
        // call has both users signed in.
        for i in 0..sim.scenario().sessions.len() as u32 {
            let st = sim.session_now(i, t);
            if st.run == failover_engine::sim::SessionRun::Running {
                for (&u, &is_in) in sim.session_members(i).iter().zip(&st.members_in) {
                    if is_in {
                        prop_assert!(
                            sim.named_situation(u, t).signed_in(),
                            "user {} in session {} at {} but signed out",
                            u,
                            i,
                            t
                        );
                    }
                }
            }
        }
        check_views_agree(&sim, t)?;
        check_sessions_and_affected(&sim, t)?;
        check_refusals_lead_somewhere(&sim, t)?;
        for p in 0..3 {
            let c = counts[p];
            prop_assert_eq!(
                [c.regular, c.resiliency, c.signed_out],
                by_pool[p],
                "closed-form counts match the users one by one, pool {} at {}",
                p,
                t
            );
        }
    }
    // Same inputs, same run.
    prop_assert_eq!(run(input).event_log_hash(), sim.event_log_hash());
    if std::env::var("PROP_STATS").is_ok() {
        eprintln!("orders={} events={} users={}", sim.dr().orders().len(), sim.events().len(), total);
    }
    Ok(())
}

/// Every view of the moment agrees with the situations it is made from.
fn check_views_agree(sim: &Simulation, t: SimTime) -> Result<(), TestCaseError> {
    use failover_engine::rules::{self, BannerTone};
    let named = sim.scenario().users.len() as u32;
    for u in 0..named {
        let s = sim.named_situation(u, t);
        let view = sim.user_view(u, t);
        let row = sim.capability_timeline(u).into_iter().rfind(|r| r.at <= t);
        if let Some(row) = row {
            prop_assert_eq!(row.phase, view.phase, "table row and query disagree for user {} at {}", u, t);
            prop_assert_eq!(row.connection, view.connection, "table row connection, user {} at {}", u, t);
        }
        prop_assert_eq!(view.phase, s.phase.number());
        let tone = match s.mode {
            None => BannerTone::SignedOut,
            Some(Mode::Regular) => BannerTone::Normal,
            Some(Mode::Resiliency) => BannerTone::Limited,
        };
        prop_assert_eq!(view.banner.tone, tone, "banner tone, user {} at {}", u, t);
        if s.mode == Some(Mode::Resiliency) {
            let calls = view.capabilities["p2p"] == CapValue::Yes;
            prop_assert_eq!(view.banner.text.contains("calls and IM work"), calls, "banner vs p2p at {}", t);
        }
        prop_assert_eq!(
            view.capabilities["p2p"] == CapValue::Yes,
            rules::may_establish(&s).is_ok(),
            "p2p capability and session admission are one rule (user {} at {})",
            u,
            t
        );
        if !s.affected() {
            prop_assert!(!view.why.values().any(|w| w.reason.contains("registrar resiliency timer")) || s.home.paired);
        }
        for o in 0..named {
            let seen = rules::observed_presence(&sim.named_situation(o, t), &s, false);
            let observer_out = !sim.named_situation(o, t).signed_in();
            prop_assert_eq!(seen.value == CapValue::NotShown, observer_out, "observer {} of {} at {}", o, u, t);
        }
    }
    // The status line and the pool's DR state tell the same story.
    for p in 0..3u16 {
        use failover_engine::sim::PoolStatus;
        use failover_engine::DrState;
        let status = sim.pool_status(p, t);
        let dr = sim.dr().dr_state(p, t);
        let expected = match status {
            Some(PoolStatus::FailingOver { .. }) => Some(DrState::FailingOver),
            Some(PoolStatus::FailedOver { .. }) => Some(DrState::FailedOver),
            Some(PoolStatus::FailingBack { .. }) => Some(DrState::FailingBack),
            _ => None,
        };
        if let Some(expected) = expected {
            prop_assert_eq!(dr, expected, "status {:?} vs DR state of pool {} at {}", status, p, t);
        } else {
            prop_assert!(
                !matches!(dr, DrState::FailingOver | DrState::FailingBack),
                "pool {} {:?} at {} but status {:?}",
                p,
                dr,
                t,
                status
            );
        }
        if let Some(status) = status {
            let text = sim.status_text(p, status, t);
            prop_assert!(!text.is_empty());
        }
    }
    for i in 0..sim.scenario().sessions.len() as u32 {
        let st = sim.session_now(i, t);
        if st.run == failover_engine::sim::SessionRun::Running {
            for (&m, &is_in) in sim.session_members(i).iter().zip(&st.members_in) {
                if is_in {
                    prop_assert!(
                        rules::may_establish(&sim.named_situation(m, t)).is_ok(),
                        "member {} in session {} at {} cannot hold a session",
                        m,
                        i,
                        t
                    );
                }
            }
        }
    }
    Ok(())
}

/// A refused admin order names an order that is then allowed (following
/// each named order's own refusal at most three steps), or a change outside
/// the admin's hands, or nothing to do.
fn check_refusals_lead_somewhere(sim: &Simulation, t: SimTime) -> Result<(), TestCaseError> {
    use failover_engine::dr::Remedy;
    for p in 0..3u16 {
        let orders = [
            Action::InvokeFailover(p, FailoverMode::Disaster),
            Action::InvokeFailover(p, FailoverMode::Planned),
            Action::InvokeFailback(p),
            Action::Checklist(p, failover_engine::ChecklistItem::RepointEdge),
            Action::Checklist(p, failover_engine::ChecklistItem::RestoreLis),
        ];
        for first in orders {
            let mut action = first.clone();
            for step in 0..4 {
                let Err(e) = sim.check_order(t, &action) else { break };
                match sim.remedy(t, &action, &e) {
                    Remedy::Order(next) => {
                        prop_assert!(step < 3, "refusals of {:?} at {} go round in circles: {}", first, t, e);
                        prop_assert!(next != action, "{:?} at {} names itself: {}", action, t, e);
                        action = next;
                    }
                    Remedy::Wait(_) | Remedy::Nothing => break,
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_for_random_legal_orders(input in input()) {
        check_invariants(&input).map_err(|e| {
            TestCaseError::fail(format!("{e}\nreproduce: seed = {}, input = {input:?}", input.seed))
        })?;
    }
}

#[test]
fn event_log_hash_is_stable_across_platforms() {
    // The same constants are asserted by the wasm test in the page crate.
    for (name, expected) in failover_engine::builtin::EXPECTED_EVENT_LOG_HASHES {
        let sim = Simulation::new(failover_engine::builtin::builtin(name).unwrap().scenario().unwrap()).unwrap();
        assert_eq!(sim.event_log_hash(), expected, "{name}: {:#x}", sim.event_log_hash());
    }
}

/// Scenario text mutated at random (bytes replaced, lines dropped or
/// duplicated): parsing answers Ok or problems with lines, never panics.
fn mutated_scenario() -> impl Strategy<Value = String> {
    let base = failover_engine::builtin::builtin("working-day").unwrap().toml.to_string();
    let lines = base.lines().count();
    (prop::collection::vec((0..lines, 0u8..4, any::<u8>(), 0usize..40), 1..12)).prop_map(move |edits| {
        let mut rows: Vec<String> = base.lines().map(str::to_string).collect();
        for (line, kind, byte, col) in edits {
            let line = line % rows.len().max(1);
            match kind {
                0 => {
                    rows.remove(line);
                }
                1 => {
                    let copy = rows[line].clone();
                    rows.insert(line, copy);
                }
                2 => {
                    let mut b = rows[line].clone().into_bytes();
                    if !b.is_empty() {
                        let i = col % b.len();
                        b[i] = byte;
                    }
                    rows[line] = String::from_utf8_lossy(&b).into_owned();
                }
                _ => {
                    rows[line] =
                        format!("{} = {}", rows[line].split('=').next().unwrap_or("x").trim(), byte as i64 - 100)
                }
            }
            if rows.is_empty() {
                rows.push(String::new());
            }
        }
        rows.join("\n")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn bad_scenario_files_never_panic(text in mutated_scenario()) {
        match Scenario::parse(&text) {
            Ok(s) => {
                // Whatever parses also runs and exports back to itself.
                let again = Scenario::parse(&s.to_toml());
                prop_assert!(again.is_ok(), "export of a valid scenario did not parse: {:?}", again.err());
            }
            Err(problems) => {
                let lines = text.lines().count().max(1) as u32;
                for p in &problems.0 {
                    prop_assert!(p.line >= 1 && p.line <= lines + 1, "line {} outside the file ({lines} lines): {}", p.line, p.message);
                    prop_assert!(!p.message.is_empty());
                }
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = Scenario::parse(&text);
        let _ = SimTime::parse(&text);
    }
}
