//! Criterion micro-benchmarks of the engine's hot paths at the SfB 2019
//! maximum (106,000 users over a paired pool pair):
//! `cargo bench -p failover-bench --bench engine`.
//! The whole-run figures the issues name come from `failover bench` and the
//! page's bench mode (BENCHMARKS.md); these isolate the parts.

use criterion::{criterion_group, criterion_main, Criterion};
use failover_engine::builtin::{builtin, REFERENCE};
use failover_engine::{SimTime, Simulation};
use std::hint::black_box;

fn reference(users: u32) -> Simulation {
    let scenario = builtin(REFERENCE).and_then(|b| b.scenario().ok()).map(|s| s.with_population(users));
    match scenario.and_then(|s| Simulation::new(s).ok()) {
        Some(sim) => sim,
        None => panic!("the reference scenario builds"),
    }
}

fn engine(c: &mut Criterion) {
    let users = 106_000;
    c.bench_function("build 106k users", |b| b.iter(|| black_box(reference(users))));
    let sim = reference(users);
    // Moments of every phase: normal, outage, reconnect wave, failed over, failback.
    let moments: Vec<SimTime> =
        ["5:00", "11:00", "12:30", "40:00", "2:30:00"].iter().filter_map(|t| SimTime::parse(t).ok()).collect();
    c.bench_function("snapshot for the tables (5 moments)", |b| {
        b.iter(|| {
            for &t in &moments {
                black_box(sim.snapshot(t, None));
            }
        })
    });
    c.bench_function("pool counts (5 moments)", |b| {
        b.iter(|| {
            for &t in &moments {
                black_box(sim.pool_counts(t));
            }
        })
    });
    let wave = SimTime::parse("12:30").unwrap_or(SimTime::ZERO);
    c.bench_function("every user's situation, 106k (one stage frame)", |b| {
        b.iter(|| {
            let mut signed_in = 0u32;
            for p in 0..sim.scenario().pools.len() as u16 {
                sim.for_each_user(p, wave, |_, s| signed_in += u32::from(s.signed_in()));
            }
            black_box(signed_in)
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3)).warm_up_time(std::time::Duration::from_secs(1));
    targets = engine
}
criterion_main!(benches);
