//! The in-page import bench (`?bench=import&users=N`): the page's own import
//! of your topology (`LoadCmd::Topology.into()`: read the users and pairs
//! exports, build the scenario, check it, put it on the stage) of an N-row
//! export as Windows PowerShell writes it, timed in this browser. Reading
//! the file from disk is the browser's and is not included.

use crate::state::{LoadCmd, State};
#[cfg(feature = "plan")]
use failover_engine::import::{powershell_users_export, Named};

/// Runs timed.
#[cfg(feature = "plan")]
const RUNS: usize = 5;

#[cfg(feature = "plan")]
const PAIRS: &str = "\"PrimaryPoolFqdn\",\"BackupPoolFqdn\"\r\n\"pool-a.contoso.com\",\"pool-b.contoso.com\"\r\n\"pool-b.contoso.com\",\"pool-a.contoso.com\"\r\n";

/// Times the import `RUNS` times; the result as JSON for people and the
/// bench script (`cargo xtask bench-import`). In the planner, which imports.
#[cfg(feature = "plan")]
pub fn run(rows: u32, now_ms: impl Fn() -> f64) -> String {
    let users = powershell_users_export(rows, &["pool-a.contoso.com", "pool-b.contoso.com"]);
    let mut runs_ms = Vec::new();
    let mut imported = 0;
    for _ in 0..RUNS {
        let mut rt = State::default_builtin();
        let command = LoadCmd::Topology {
            users: ("users.csv".into(), users.clone()),
            pairs: Some(("pairs.csv".into(), PAIRS.into())),
            named: Named::First(5),
        }
        .into();
        let start = now_ms();
        rt.apply(command);
        runs_ms.push(now_ms() - start);
        imported = rt.sim().scenario().total_users();
    }
    let mut sorted = runs_ms.clone();
    sorted.sort_by(f64::total_cmp);
    let list: Vec<String> = runs_ms.iter().map(|&ms| failover_engine::text::decimal(ms, 1)).collect();
    format!(
        "{{\"bench\":\"import\",\"rows\":{rows},\"imported_users\":{imported},\"runs_ms\":[{}],\"median_ms\":{}}}",
        list.join(","),
        failover_engine::text::decimal(sorted[RUNS / 2], 1)
    )
}

#[cfg(feature = "plan")]
/// The plan of a two-pool topology of `users` (half on each pool, paired),
/// as Plan mode makes it (`PlanCmd::Make`: every variant of the failure of
/// either pool run, the runbook, the phases), timed `RUNS` times after one
/// import; the result as JSON (`cargo xtask bench-import plan`).
pub fn plan(users: u32, now_ms: impl Fn() -> f64) -> String {
    let export = powershell_users_export(users, &["pool-a.contoso.com", "pool-b.contoso.com"]);
    let mut rt = State::default_builtin();
    rt.apply(
        LoadCmd::Topology {
            users: ("users.csv".into(), export),
            pairs: Some(("pairs.csv".into(), PAIRS.into())),
            named: Named::First(0),
        }
        .into(),
    );
    let mut runs_ms = Vec::new();
    for _ in 0..RUNS {
        let start = now_ms();
        rt.apply(crate::state::PlanCmd::Make.into());
        runs_ms.push(now_ms() - start);
    }
    let variants = rt
        .plan()
        .made()
        .and_then(|p| p.as_ref().ok())
        .map_or(0, |p| p.failures.iter().map(|f| f.variants.len()).sum::<usize>());
    let mut sorted = runs_ms.clone();
    sorted.sort_by(f64::total_cmp);
    let list: Vec<String> = runs_ms.iter().map(|&ms| failover_engine::text::decimal(ms, 1)).collect();
    format!(
        "{{\"bench\":\"plan\",\"users\":{},\"variants_run\":{variants},\"runs_ms\":[{}],\"median_ms\":{}}}",
        rt.sim().scenario().total_users(),
        list.join(","),
        failover_engine::text::decimal(sorted[RUNS / 2], 1)
    )
}

/// Opens the worst scenario the validator accepts (`?bench=worst`), as a
/// scenario sent to the page is opened (parsed, checked, built and put on
/// the stage), `RUNS` times; the result as JSON.
pub fn worst(now_ms: impl Fn() -> f64) -> String {
    let text = failover_engine::builtin::worst_legal();
    let mut runs_ms = Vec::new();
    for _ in 0..3 {
        let mut rt = State::default_builtin();
        let start = now_ms();
        rt.apply(LoadCmd::FromParent(text.clone()).into());
        runs_ms.push(now_ms() - start);
    }
    let mut sorted = runs_ms.clone();
    sorted.sort_by(f64::total_cmp);
    let list: Vec<String> = runs_ms.iter().map(|&ms| failover_engine::text::decimal(ms, 1)).collect();
    format!(
        "{{\"bench\":\"worst\",\"bytes\":{},\"runs_ms\":[{}],\"median_ms\":{}}}",
        text.len(),
        list.join(","),
        failover_engine::text::decimal(sorted[1], 1)
    )
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "plan")]
    #[test]
    fn the_plan_bench_plans_both_failures() {
        let json = super::plan(2_000, || 0.0);
        assert!(json.contains("\"users\":2000,\"variants_run\":10"), "{json}");
    }

    #[cfg(feature = "plan")]
    #[test]
    fn the_bench_imports_every_row() {
        let json = super::run(2_000, || 0.0);
        assert!(json.contains("\"rows\":2000,\"imported_users\":2000"), "{json}");
    }
}
