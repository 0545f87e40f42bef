//! A named user's capability timeline: one row per change, as
//! `failover table` prints it and the page exports it (CSV and Markdown).

use crate::capability::CapKey;
use crate::dr::NamedIdx;
use crate::sim::Simulation;
use crate::time::SimTime;

/// One row: the user's state from `at` until the next row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineRow {
    /// From when.
    pub at: SimTime,
    /// MODEL.md phase number.
    pub phase: u8,
    /// Phase label.
    pub phase_label: &'static str,
    /// "signed-in" / "signed-out".
    pub connection: &'static str,
    /// Serving pool id or "none".
    pub pool: String,
    /// "regular" / "resiliency" / "none".
    pub mode: &'static str,
    /// Capability values in [`CapKey::ALL`] order.
    pub capabilities: Vec<&'static str>,
}

impl Simulation {
    /// The user's rows over the whole run.
    pub fn capability_timeline(&self, user: NamedIdx) -> Vec<TimelineRow> {
        let mut times: Vec<SimTime> = vec![SimTime::ZERO];
        times.extend(self.events().iter().map(|e| e.at));
        times.sort_unstable();
        times.dedup();
        let mut rows: Vec<TimelineRow> = Vec::new();
        for t in times {
            let v = self.user_view(user, t);
            let row = TimelineRow {
                at: t,
                phase: v.phase,
                phase_label: v.phase_label,
                connection: v.connection,
                pool: v.pool.clone().unwrap_or_else(|| "none".into()),
                mode: v.mode.unwrap_or("none"),
                capabilities: CapKey::ALL.iter().map(|k| v.capabilities[k.key()]).collect(),
            };
            let same = rows.last().is_some_and(|r| {
                (r.phase, r.connection, &r.pool, r.mode, &r.capabilities)
                    == (row.phase, row.connection, &row.pool, row.mode, &row.capabilities)
            });
            if !same {
                rows.push(row);
            }
        }
        rows
    }

    /// The timeline as a Markdown table.
    pub fn capability_timeline_markdown(&self, user: NamedIdx) -> String {
        let name = &self.scenario().users[user as usize].name;
        let mut out = format!("Capability timeline of {name} ({})\n\n", self.scenario().title);
        let keys: Vec<&str> = CapKey::ALL.iter().map(|k| k.key()).collect();
        out.push_str(&format!("| time | phase | connection | pool | mode | {} |\n", keys.join(" | ")));
        out.push_str(&format!("|---|---|---|---|---|{}\n", "---|".repeat(keys.len())));
        for r in self.capability_timeline(user) {
            out.push_str(&format!(
                "| {} | {} {} | {} | {} | {} | {} |\n",
                r.at.clock(),
                r.phase,
                r.phase_label,
                r.connection,
                r.pool,
                r.mode,
                r.capabilities.join(" | ")
            ));
        }
        out
    }

    /// The timeline as CSV (RFC 4180; no field needs quoting).
    pub fn capability_timeline_csv(&self, user: NamedIdx) -> String {
        let keys: Vec<&str> = CapKey::ALL.iter().map(|k| k.key()).collect();
        let mut out = format!("time_s,time,phase,phase_label,connection,pool,mode,{}\n", keys.join(","));
        for r in self.capability_timeline(user) {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{}\n",
                r.at.whole_s(),
                r.at.clock(),
                r.phase,
                r.phase_label.replace(',', ";"),
                r.connection,
                r.pool,
                r.mode,
                r.capabilities.join(",")
            ));
        }
        out
    }
}
