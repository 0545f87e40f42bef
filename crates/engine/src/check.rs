//! A scenario file checked against its run: the format (`scenario.rs`),
//! then every order replayed through the same timeline the simulation uses,
//! and every click on rejoin through the sessions. Each refusal is reported
//! at the line of the order that was refused. This sits above `sim.rs`, so
//! the parser never depends on the simulation.

use crate::scenario::{Problem, Problems, Scenario};
use crate::sim::{empty_timeline, Simulation};
use crate::Action;

/// Paired disaster recovery supports this many users per pool in SfB
/// Server 2019 (FACTS.md §6); 40,000 in SfB Server 2015.
pub const PAIRED_USERS_PER_POOL_2019: u32 = 53_000;
pub const PAIRED_USERS_PER_POOL_2015: u32 = 40_000;

/// Parses `text` and builds its run, or lists every problem with its line.
#[cfg(feature = "text")]
pub fn load(text: &str) -> Result<Simulation, Problems> {
    let (scenario, lines) = Scenario::parse_located(text)?;
    run(scenario, &lines)
}

/// Builds the run of a parsed scenario; `lines[i]` is the line of timeline
/// entry `i` (1 where unknown).
pub fn run(scenario: Scenario, lines: &[u32]) -> Result<Simulation, Problems> {
    let line = |i: usize| lines.get(i).copied().unwrap_or(1);
    let mut dr = empty_timeline(&scenario);
    let mut problems = Vec::new();
    for (i, order) in scenario.timeline.iter().enumerate() {
        if let Err(e) = dr.apply(order.clone()) {
            // "Invoke-CsPoolFailBack refused at 40:00: <why>".
            let message = format!("{} refused at {}: {e}", order.action.name().label(), order.at.clock());
            problems.push(Problem { line: line(i), message });
        }
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    let sim = Simulation::from_accepted(scenario, dr);
    // The k-th click on rejoin is the k-th rejoin entry of the timeline.
    let rejoin_entries: Vec<usize> = (0..sim.scenario().timeline.len())
        .filter(|&i| matches!(sim.scenario().timeline[i].action, Action::Rejoin(..)))
        .collect();
    for refused in sim.refused_rejoins() {
        let e = sim.rejoin_error(refused.session, refused.user, refused.why);
        let at = refused.at.clock();
        let entry = rejoin_entries.get(refused.click).copied().unwrap_or(usize::MAX);
        let label = crate::orders::OrderName::UserRejoins.label();
        problems.push(Problem { line: line(entry), message: format!("{label} refused at {at}: {e}") });
    }
    if problems.is_empty() {
        Ok(sim)
    } else {
        crate::sorting::sort_by_pair(&mut problems, |p| (p.line as u64, 0));
        Err(Problems(problems))
    }
}

/// What runs but is beyond what Microsoft supports: sizing (FACTS.md §6).
/// Shown as warnings, never refusals: training at scale is allowed.
pub fn warnings(scenario: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    for (i, pool) in scenario.pools.iter().enumerate() {
        let users = scenario.users_homed(i as crate::PoolIdx);
        if pool.backup.is_some() && users > PAIRED_USERS_PER_POOL_2019 {
            out.push(format!(
                "{} has {} users: paired disaster recovery supports at most {} users per pool in SfB Server 2019 ({} in SfB Server 2015), because the backup pool must serve both pools' users (Microsoft's disaster recovery planning). The run goes on beyond that limit.",
                pool.id,
                crate::text::group_thousands(u64::from(users)),
                crate::text::group_thousands(u64::from(PAIRED_USERS_PER_POOL_2019)),
                crate::text::group_thousands(u64::from(PAIRED_USERS_PER_POOL_2015)),
            ));
        }
    }
    out
}
