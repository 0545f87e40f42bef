//! The built-in scenarios, shipped as data files in `scenarios/` and used by
//! the tests, the CLI and the page.

use crate::scenario::Scenario;

/// A built-in scenario: its name in links and its file.
#[derive(Clone, Copy, Debug)]
pub struct Builtin {
    /// Name used in `?scenario=` and on the command line.
    pub name: &'static str,
    pub toml: &'static str,
}

/// Every built-in scenario, the default first.
pub const BUILTINS: [Builtin; 4] = [
    Builtin { name: "working-day", toml: include_str!("../scenarios/working-day.toml") },
    Builtin { name: "fast-failover", toml: include_str!("../scenarios/fast-failover.toml") },
    Builtin { name: "timer-only", toml: include_str!("../scenarios/timer-only.toml") },
    Builtin { name: "failback-during-meetings", toml: include_str!("../scenarios/failback-during-meetings.toml") },
];

/// The reference scenario for benchmarks: failure, failover, restore,
/// failback complete.
pub const REFERENCE: &str = "working-day";

/// A built-in by name.
pub fn builtin(name: &str) -> Option<Builtin> {
    BUILTINS.into_iter().find(|b| b.name == name)
}

impl Builtin {
    /// The parsed scenario. Built-ins are checked by the tests, so a parse
    /// error here is a build defect; it is still returned, not panicked.
    pub fn scenario(&self) -> Result<Scenario, crate::scenario::Problems> {
        Scenario::parse(self.toml)
    }
}

/// The event-log hash of each built-in run. Asserted natively and in wasm:
/// the same scenario and seed give the same run on both targets. Update when
/// the model changes on purpose. (Re-pinned when the hash moved from the
/// events' sentences to a structured encoding of them, and the timer-only
/// run started sending late sign-ins home first; again when an ended session
/// says the moment it can be taken up again.)
pub const EXPECTED_EVENT_LOG_HASHES: [(&str, u64); 4] = [
    ("working-day", 0xc81d_b9c8_23db_4e57),
    ("fast-failover", 0xd316_ad4a_2b6c_9576),
    ("timer-only", 0x72a6_ba53_04d4_ca08),
    ("failback-during-meetings", 0x5fbc_43cf_93fa_755c),
];
