//! A named user's capability timeline: one row per change, as
//! `failover table` prints it and the page exports it (CSV and Markdown).

use crate::capability::{CapKey, CapValue};
use crate::dr::NamedIdx;
use crate::sim::Simulation;
use crate::situation::{Connection, Mode};
use crate::time::SimTime;

/// One row: the user's state from `at` until the next row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineRow {
    pub at: SimTime,
    /// MODEL.md phase number.
    pub phase: u8,
    pub phase_label: &'static str,
    pub connection: Connection,
    /// Serving pool id or "none".
    pub pool: String,
    pub mode: Option<Mode>,
    /// Capability values in [`CapKey::ALL`] order.
    pub capabilities: Vec<CapValue>,
}

impl Simulation {
    /// The user's rows over the whole run, at the exact millisecond each
    /// change happens (so `query --at` any row's time gives that row).
    pub fn capability_timeline(&self, user: NamedIdx) -> Vec<TimelineRow> {
        let times = self.change_moments(user);
        let mut rows: Vec<TimelineRow> = Vec::new();
        for t in times {
            let v = self.user_view(user, t);
            let row = TimelineRow {
                at: t,
                phase: v.phase,
                phase_label: v.phase_label,
                connection: v.connection,
                pool: v.pool.clone().unwrap_or_else(|| "none".into()),
                mode: v.mode,
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
                r.connection.as_str(),
                r.pool,
                r.mode.map_or("none", Mode::as_str),
                values(&r.capabilities, " | ")
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
                r.at.seconds_text(),
                r.at.clock(),
                r.phase,
                r.phase_label.replace(',', ";"),
                r.connection.as_str(),
                r.pool,
                r.mode.map_or("none", Mode::as_str),
                values(&r.capabilities, ",")
            ));
        }
        out
    }
}

fn values(caps: &[CapValue], separator: &str) -> String {
    caps.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(separator)
}
