//! Entry point: mounts the app (which lives in the library so tests can use it).

fn main() {
    pool_failover_simulator::run();
}
