//! Helpers shared by the engine's integration tests.
#![allow(dead_code, unreachable_pub)]

use failover_engine::builtin::builtin;
use failover_engine::snapshot::{SessionView, UserView};
use failover_engine::{SimTime, Simulation};

/// Pools `a` and `b`, each the other's backup: the start of most small
/// scenarios in the tests.
pub const PAIRED_AB: &str = "[[pools]]\nid = \"a\"\nbackup = \"b\"\n[[pools]]\nid = \"b\"\nbackup = \"a\"\n";

pub fn sim(name: &str) -> Simulation {
    let scenario = builtin(name).expect("built-in exists").scenario().expect("built-in parses");
    Simulation::new(scenario).expect("built-in timeline is legal")
}

pub fn at(text: &str) -> SimTime {
    SimTime::parse(text).expect("test time")
}

pub fn user(sim: &Simulation, id: &str, t: SimTime) -> UserView {
    let u = sim.scenario().user_by_id(id).expect("user exists");
    sim.user_view(u, t)
}

pub fn session(sim: &Simulation, id: &str, t: SimTime) -> SessionView {
    let s = sim.scenario().sessions.iter().position(|s| s.id == id).expect("session exists");
    sim.session_view(s as u32, t)
}

pub fn cap(view: &UserView, key: &str) -> &'static str {
    view.capabilities[key].as_str()
}

/// The first moment in [from, to) at which `pred` holds, scanning by 1 s
/// then refining to the millisecond.
pub fn first_moment(from: SimTime, to: SimTime, pred: impl Fn(SimTime) -> bool) -> Option<SimTime> {
    let mut t = from.ms();
    while t < to.ms() {
        if pred(SimTime(t)) {
            let mut lo = t.saturating_sub(1000);
            let mut hi = t;
            while lo + 1 < hi {
                let mid = (lo + hi) / 2;
                if pred(SimTime(mid)) {
                    hi = mid
                } else {
                    lo = mid
                }
            }
            return Some(if pred(SimTime(lo)) { SimTime(lo) } else { SimTime(hi) });
        }
        t += 1000;
    }
    None
}

pub fn m(mode: Option<failover_engine::Mode>) -> Option<&'static str> {
    mode.map(failover_engine::Mode::as_str)
}
