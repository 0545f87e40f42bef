//! The built-in scenarios, shipped as data files in `scenarios/` and used by
//! the tests, the CLI and the page.

use crate::scenario::Scenario;

/// A built-in scenario: its name in links and its file (the packed form
/// without the `text` feature).
#[derive(Clone, Copy, Debug)]
pub struct Builtin {
    /// Name used in `?scenario=` and on the command line.
    pub name: &'static str,
    #[cfg(feature = "text")]
    pub toml: &'static str,
}

macro_rules! builtins {
    ($($name:literal),*) => {
        /// Every built-in scenario, the default first.
        pub const BUILTINS: [Builtin; 4] = [$(Builtin {
            name: $name,
            #[cfg(feature = "text")]
            toml: include_str!(concat!("../scenarios/", $name, ".toml")),
        }),*];
        /// The built-ins packed (`packed.rs`): what the light player reads.
        /// A test keeps them equal to the files.
        pub const PACKED: [(&str, &[u8]); 4] = [$(($name, include_bytes!(concat!("../scenarios/", $name, ".pfs")))),*];
    };
}

builtins!("working-day", "fast-failover", "timer-only", "failback-during-meetings");

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
    #[cfg(feature = "text")]
    pub fn scenario(&self) -> Result<Scenario, crate::scenario::Problems> {
        Scenario::parse(self.toml)
    }

    /// The packed scenario (the player, which has no TOML reader).
    #[cfg(not(feature = "text"))]
    pub fn scenario(&self) -> Result<Scenario, crate::scenario::Problems> {
        let bytes = PACKED.iter().find(|p| p.0 == self.name).map_or(&[][..], |p| p.1);
        Scenario::unpack(bytes).map_err(|message| crate::scenario::Problems(vec![crate::Problem { line: 1, message }]))
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

/// The worst scenario the validator accepts, as a file (issue 21's
/// fixture): 12 pools with 1,060,000 users between them, 1,800 named users,
/// 12 conferences of 750 members and 2,400 orders (100 cycles of failure,
/// failover, restore and failback on six pools). `failover bench --worst`
/// and the page's `?bench=worst` time it; ARCHITECTURE.md's limits table
/// says which limit bounds which cost.
pub fn worst_legal() -> String {
    use std::fmt::Write;
    let pools: Vec<String> = (0..12).map(|i| format!("p{i:02}")).collect();
    let mut out = String::from(
        "version = 1\ntitle = \"The worst legal scenario\"\n[config]\nfailover_duration_s = 600\nfailback_users_per_hour = 2000000\n",
    );
    for (i, p) in pools.iter().enumerate() {
        let _ = write!(out, "[[pools]]\nid = \"{p}\"\nbackup = \"{}\"\n", pools[i ^ 1]);
    }
    let mut named = Vec::new();
    for (i, p) in pools.iter().enumerate() {
        for k in 0..150 {
            let u = format!("u{i:02}-{k:03}");
            let _ = write!(out, "[[users]]\nid = \"{u}\"\nhome = \"{p}\"\n");
            named.push(u);
        }
    }
    let per_pool = crate::scenario::MAX_TOTAL_USERS / 12 - 150;
    for p in &pools {
        let _ = write!(out, "[[population]]\npool = \"{p}\"\ncount = {per_pool}\n");
    }
    for c in 0..12 {
        let members: Vec<&String> = (0..750).map(|j| &named[(c * 150 + j) % named.len()]).collect();
        let participants: Vec<String> = members[1..].iter().map(|m| format!("\"{m}\"")).collect();
        let _ = write!(
            out,
            "[[sessions]]\nid = \"conf{c}\"\nkind = \"conference\"\norganizer = \"{}\"\nparticipants = [{}]\nat = \"{c}:00\"\n",
            members[0],
            participants.join(", ")
        );
    }
    let mut orders = Vec::new();
    let mut t = 600;
    for _ in 0..100 {
        for i in (0..12).step_by(2) {
            let base = t + i as u64 * 60;
            for (dt, action) in
                [(0, "pool-fails"), (30, "invoke-failover"), (1200, "pool-restored"), (1500, "invoke-failback")]
            {
                orders.push((base + dt, action, &pools[i]));
            }
        }
        t += 5400;
    }
    orders.sort();
    for (at, action, p) in orders {
        let _ = write!(out, "[[timeline]]\nat = \"{at}\"\naction = \"{action}\"\npool = \"{p}\"\n");
    }
    out
}
