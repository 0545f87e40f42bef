//! The engine's criterion benchmarks live in `benches/engine.rs`
//! (`cargo bench -p failover-bench --bench engine`). They are a crate of
//! their own so `cargo test` never builds criterion: a fresh machine's
//! first test run is shorter by its build (BENCHMARKS.md).
