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

/// A file name part from free text: lower case, letters, digits and dashes.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(60).collect()
}

/// One row of a handout: the user's situation, every capability and every
/// service beyond the tables, each with its reason and source.
struct HandoutRow {
    at: SimTime,
    phase: String,
    connection: &'static str,
    pool: String,
    mode: &'static str,
    /// (value, reason, source) per capability, then per service.
    cells: Vec<(String, String, String)>,
}

impl Simulation {
    /// A handout's file name: `<user>-<scenario>-<moment>.<ext>`.
    pub fn handout_name(&self, user: NamedIdx, at: SimTime, ext: &str) -> String {
        let sc = self.scenario();
        format!("{}-{}-at-{}.{ext}", slug(&sc.users[user as usize].id), slug(&sc.title), slug(&at.clock()))
    }

    fn handout_rows(&self, user: NamedIdx) -> (Vec<String>, Vec<HandoutRow>) {
        let sc = self.scenario();
        let index = self.named_user_index(user);
        let mut times = self.change_moments(user);
        // Services change with the checklist and other pools too.
        times.extend(self.events().iter().map(|e| e.at));
        times.sort_unstable();
        times.dedup();
        let mut heads: Vec<String> = CapKey::ALL.iter().map(|k| k.label().to_string()).collect();
        heads.extend(self.service_notes(index, SimTime::ZERO).iter().map(|n| n.name.to_string()));
        let mut rows: Vec<HandoutRow> = Vec::new();
        for t in times {
            let s = self.situation(index, t);
            let mut cells: Vec<(String, String, String)> = CapKey::ALL
                .iter()
                .map(|&k| {
                    let c = crate::rules::cell(k, &s);
                    (c.value.as_str().to_string(), c.reason.to_string(), c.source.cite())
                })
                .collect();
            cells.extend(self.service_notes(index, t).into_iter().map(|n| {
                ((if n.available { "yes" } else { "no" }).to_string(), n.reason.to_string(), n.source.cite())
            }));
            let row = HandoutRow {
                at: t,
                phase: format!("{} · {}", s.phase.number(), s.phase_label()),
                connection: if s.signed_in() { "signed in" } else { "signed out" },
                pool: s.serving.map_or("none".into(), |p| sc.pools[usize::from(p)].name.clone()),
                mode: s.mode.map_or("none", |m| if m == Mode::Regular { "regular" } else { "Resiliency" }),
                cells,
            };
            let same = rows.last().is_some_and(|r| {
                (&r.phase, r.connection, &r.pool, r.mode, &r.cells)
                    == (&row.phase, row.connection, &row.pool, row.mode, &row.cells)
            });
            if !same {
                rows.push(row);
            }
        }
        (heads, rows)
    }

    /// The user's timeline as a handout in CSV: a title line stamped with the
    /// scenario and the moment, then people's words in the headers and, for
    /// every capability and service, its answer, why and the source.
    pub fn handout_csv(&self, user: NamedIdx, stamp: SimTime) -> String {
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let (heads, rows) = self.handout_rows(user);
        let name = &self.scenario().users[user as usize].name;
        let mut out = format!(
            "{}\n\n",
            q(&format!("What {name} can do, moment by moment — {} — exported at {stamp}", self.scenario().title))
        );
        let mut header =
            vec!["Time".to_string(), "Phase".into(), "Connection".into(), "Serving pool".into(), "Mode".into()];
        for h in &heads {
            header.push(h.clone());
            header.push(format!("{h}: why"));
            header.push(format!("{h}: source"));
        }
        out.push_str(&header.iter().map(|h| q(h)).collect::<Vec<_>>().join(","));
        out.push('\n');
        for r in rows {
            let mut fields = vec![r.at.clock(), r.phase, r.connection.into(), r.pool, r.mode.into()];
            for (v, why, src) in r.cells {
                fields.extend([v, why, src]);
            }
            out.push_str(&fields.iter().map(|f| q(f)).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
        out
    }

    /// The same handout in Markdown: a heading, the stamp, and one table.
    pub fn handout_markdown(&self, user: NamedIdx, stamp: SimTime) -> String {
        let cell = |s: &str| s.replace('|', "\\|");
        let (heads, rows) = self.handout_rows(user);
        let sc = self.scenario();
        let name = &sc.users[user as usize].name;
        let mut out = format!(
            "# What {name} can do, moment by moment\n\n{} — exported at {stamp}. Each cell: the answer, why, and the source (Microsoft's page, Microsoft's other Skype for Business documentation, or our labelled assumption).\n\n",
            sc.title
        );
        out.push_str(&format!("| Time | Phase | Connection | Serving pool | Mode | {} |\n", heads.join(" | ")));
        out.push_str(&format!("|---|---|---|---|---|{}\n", "---|".repeat(heads.len())));
        for r in rows {
            let cells: Vec<String> =
                r.cells.iter().map(|(v, why, src)| cell(&format!("**{v}**: {why} ({src})"))).collect();
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                r.at.clock(),
                cell(&r.phase),
                r.connection,
                cell(&r.pool),
                r.mode,
                cells.join(" | ")
            ));
        }
        out
    }
}
