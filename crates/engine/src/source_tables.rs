//! The two tables of Microsoft's page, extended with the failover phases of
//! MODEL.md: the model behind the page's live tables. The "During failback"
//! and "After failback completion" columns carry the page's own rows; the
//! earlier columns cite the page's prose, FACTS.md or a labelled assumption.

use crate::capability::{
    self, rows, CapKey, CapValue, PageTable, Phase, Source, ALL_SERVICES_AFTER_FAILOVER as ALL_SERVICES, DISRUPTED,
    LOGGED_OUT_AT_FAILURE as LOGGED_OUT, ONLY_THEN_SESSIONS as ONLY_THEN,
};

/// A column: one or more phases of MODEL.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// Header text.
    pub label: &'static str,
    /// The phases it covers; the first is the representative one.
    pub phases: &'static [Phase],
}

/// The columns, in order.
pub const COLUMNS: [Column; 6] = [
    Column { label: "1 · Normal", phases: &[Phase::Normal] },
    Column { label: "2 · Pool down", phases: &[Phase::Outage] },
    Column { label: "3 · On backup, failover not complete", phases: &[Phase::FailingOver] },
    Column { label: "4-5 · Failed over", phases: &[Phase::FailedOver, Phase::Restored] },
    Column { label: "6-7 · During failback", phases: &[Phase::FailingBackNotMoved, Phase::FailingBackMoved] },
    Column { label: "8 · After failback completion", phases: &[Phase::FailedBack] },
];

/// The column index of a phase.
pub fn column_of(phase: Phase) -> usize {
    COLUMNS.iter().position(|c| c.phases.contains(&phase)).unwrap_or(0)
}

/// How good the answer is, for colour (always paired with text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Works.
    Good,
    /// Works with limits.
    Limited,
    /// Does not work.
    Bad,
}

/// A cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableCell {
    /// Short text shown in the cell.
    pub text: &'static str,
    /// For colour and shape.
    pub tone: Tone,
    /// Why (tooltip).
    pub reason: &'static str,
    /// Where it comes from.
    pub source: Source,
}

/// A row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRow {
    /// The row's first cell (the page's wording where the page has the row).
    pub label: &'static str,
    /// The capability it shows, if it is one.
    pub key: Option<CapKey>,
    /// One cell per column.
    pub cells: Vec<TableCell>,
}

fn tone(v: CapValue) -> Tone {
    match v {
        CapValue::Yes | CapValue::Live => Tone::Good,
        CapValue::LastSet | CapValue::Unknown => Tone::Limited,
        CapValue::No | CapValue::Offline => Tone::Bad,
    }
}

fn cap_text(v: CapValue) -> &'static str {
    match v {
        CapValue::Yes => "Available",
        CapValue::No => "Not available",
        CapValue::Live => "Live",
        CapValue::Unknown => "Unknown",
        CapValue::LastSet => "Last state set",
        CapValue::Offline => "Offline",
    }
}

fn cap_row(key: CapKey, label: &'static str) -> TableRow {
    let cells = COLUMNS
        .iter()
        .map(|c| {
            let phase = c.phases[0];
            let cell = capability::cell(key, phase, phase != Phase::Outage);
            TableCell { text: cap_text(cell.value), tone: tone(cell.value), reason: cell.reason, source: cell.source }
        })
        .collect();
    TableRow { label, key: Some(key), cells }
}

const fn c(text: &'static str, tone: Tone, reason: &'static str, source: Source) -> TableCell {
    TableCell { text, tone, reason, source }
}

const fn page(table: PageTable, row: &'static str, during: bool) -> Source {
    Source::PageRow { table, row, column: if during { rows::DURING } else { rows::AFTER } }
}

const NORMAL: Source = Source::Assumption { note: "before any failure everything works as usual" };
const JOIN_IN_RESILIENCY: Source = Source::Facts {
    section: "§3A (EV)",
    quote: "the affected user can join a conference hosted by an organizer whose pool is available but cannot create or host a conference",
};
const OTHERS_CANNOT_JOIN: Source =
    Source::Facts { section: "§8 (EV)", quote: "Others cannot join conferences hosted on the failed pool." };

/// Table 1, extended: what an affected user experiences.
pub fn affected_user_table() -> Vec<TableRow> {
    use PageTable::AffectedUser as T;
    use Tone::*;
    vec![
        TableRow {
            label: rows::USER_STATE,
            key: None,
            cells: vec![
                c("Signed in to home pool, regular mode", Good, "Everything is available", NORMAL),
                c("Signed out; cannot sign in", Bad, "Logged out when the home pool failed", LOGGED_OUT),
                c("Signed in to backup pool, Resiliency mode", Limited, "Signs in to the backup pool before failover completes", ONLY_THEN),
                c("Signed in to backup pool, regular mode", Good, "All services come from the backup pool", ALL_SERVICES),
                c("Stays on backup pool, then moved home; Resiliency mode", Limited, "User stays signed in and connected to backup pool. At some point user will be signed out and sign back in to the original home pool, in Resiliency mode.", page(T, rows::USER_STATE, true)),
                c("Regular mode on home pool", Good, "User remains signed in and goes into regular mode.", page(T, rows::USER_STATE, false)),
            ],
        },
        TableRow {
            label: rows::NEW_USER_LOGGING_IN,
            key: None,
            cells: COLUMNS
                .iter()
                .map(|col| {
                    let (landing, reason, source) = capability::sign_in_landing(col.phases[0]);
                    let (text, t) = match landing {
                        None => ("Blocked", Bad),
                        Some((false, false)) => ("Home pool, regular mode", Good),
                        Some((true, true)) => ("Backup pool, Resiliency mode", Limited),
                        Some((true, false)) => ("Backup pool, regular mode", Good),
                        Some((false, true)) => ("Home pool, Resiliency mode", Limited),
                    };
                    c(text, t, reason, source)
                })
                .collect(),
        },
        TableRow {
            label: rows::CONF_BY_AFFECTED,
            key: None,
            cells: vec![
                c("Runs", Good, "Nothing has failed", NORMAL),
                c("Ended at the failure", Bad, "Conferences organized by a user of the failed pool end", LOGGED_OUT),
                c("Cannot be re-established yet", Bad, "No sessions are re-established before failover completes", ONLY_THEN),
                c("Can be re-established", Good, "After failover completes sessions can be re-established", ONLY_THEN),
                c("Terminated; rejoin blocked", Bad, "All modalities of conference are terminated. Rejoin button will appear, but no users can rejoin while the affected user is in Resiliency mode.", page(T, rows::CONF_BY_AFFECTED, true)),
                c("All modalities work; everyone clicks rejoin", Good, "All modalities now work. Every participant needs to click to rejoin the conference.", page(T, rows::CONF_BY_AFFECTED, false)),
            ],
        },
        TableRow {
            label: rows::CONF_BY_UNAFFECTED,
            key: None,
            cells: vec![
                c("Runs", Good, "Nothing has failed", NORMAL),
                c("Continues; affected user dropped", Bad, "The affected user's meetings are disrupted when the pool fails", DISRUPTED),
                c("Continues; user may rejoin, restricted", Limited, "In Resiliency mode a user can join a conference whose organizer's pool is available", JOIN_IN_RESILIENCY),
                c("Continues; all modalities", Good, "All services come from the backup pool", ALL_SERVICES),
                c("Continues; user restricted to Resiliency mode", Limited, "Conference continues and affected user can stay in the conference. Affected user is restricted to what he/she can do in Resiliency mode.", page(T, rows::CONF_BY_UNAFFECTED, true)),
                c("Continues; all modalities work", Good, "Conference continues, and affected user can stay in the conference and all modalities work after user exits Resiliency mode.", page(T, rows::CONF_BY_UNAFFECTED, false)),
            ],
        },
        cap_row(CapKey::ScheduleMeeting, rows::SCHEDULING),
        cap_row(CapKey::PresenceSamePool, rows::PRESENCE_SAME_POOL),
        cap_row(CapKey::ContactsAndAbs, rows::CONTACTS_ABS),
        cap_row(CapKey::P2p, rows::P2P),
        cap_row(CapKey::AddContact, "Adding a contact (any persistent change)"),
    ]
}

/// Table 2, extended: what a user homed in an unaffected pool experiences.
pub fn unaffected_observer_table() -> Vec<TableRow> {
    use PageTable::UnaffectedPool as T;
    use Tone::*;
    let mut presence = cap_row(CapKey::PresenceOtherPool, rows::VIEWING_PRESENCE);
    presence.key = Some(CapKey::PresenceOtherPool);
    vec![
        presence,
        TableRow {
            label: rows::CONF_BY_AFFECTED,
            key: None,
            cells: vec![
                c("Runs", Good, "Nothing has failed", NORMAL),
                c("Ended at the failure", Bad, "Conferences organized by a user of the failed pool end", LOGGED_OUT),
                c("Cannot join", Bad, "Conferences hosted on the failed pool cannot be joined", OTHERS_CANNOT_JOIN),
                c(
                    "Can rejoin once re-established",
                    Good,
                    "After failover completes sessions can be re-established",
                    ONLY_THEN,
                ),
                c(
                    "All modalities terminated",
                    Bad,
                    "All modalities of conference are terminated.",
                    page(T, rows::CONF_BY_AFFECTED, true),
                ),
                c(
                    "All modalities work; everyone clicks rejoin",
                    Good,
                    "All modalities now work. Every participant needs to click to rejoin the conference.",
                    page(T, rows::CONF_BY_AFFECTED, false),
                ),
            ],
        },
        TableRow {
            label: rows::CONF_BY_UNAFFECTED,
            key: None,
            cells: vec![
                c("Runs", Good, "Nothing has failed", NORMAL),
                c(
                    "Continues; affected user dropped",
                    Limited,
                    "The affected user's meetings are disrupted when the pool fails",
                    DISRUPTED,
                ),
                c(
                    "Continues; affected user may rejoin",
                    Limited,
                    "In Resiliency mode a user can join a conference whose organizer's pool is available",
                    JOIN_IN_RESILIENCY,
                ),
                c("Continues; all modalities", Good, "All services come from the backup pool", ALL_SERVICES),
                c(
                    "Continues; all modalities work",
                    Good,
                    "Conference continues, and affected user can stay in the conference and all modalities work.",
                    page(T, rows::CONF_BY_UNAFFECTED, true),
                ),
                c(
                    "Continues; all modalities work",
                    Good,
                    "Conference continues, and affected user can stay in the conference and all modalities work.",
                    page(T, rows::CONF_BY_UNAFFECTED, false),
                ),
            ],
        },
        TableRow {
            label: rows::P2P,
            key: None,
            cells: vec![
                c("Available", Good, "Nothing has failed", NORMAL),
                c(
                    "Sessions with the affected user ended",
                    Bad,
                    "Peer-to-peer sessions of a user of the failed pool end",
                    LOGGED_OUT,
                ),
                c("Not yet with the affected user", Bad, "No new sessions before failover completes", ONLY_THEN),
                c("Available", Good, "All services come from the backup pool", ALL_SERVICES),
                c("Available", Good, "Available", page(T, rows::P2P, true)),
                c("Available", Good, "Available", page(T, rows::P2P, false)),
            ],
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failback_columns_cite_the_page_row_of_the_same_name() {
        for (table, rows_) in
            [(PageTable::AffectedUser, affected_user_table()), (PageTable::UnaffectedPool, unaffected_observer_table())]
        {
            for row in rows_.iter().filter(|r| !r.label.starts_with("Adding")) {
                for (col, column_name) in [(4, rows::DURING), (5, rows::AFTER)] {
                    match row.cells[col].source {
                        Source::PageRow { table: t, row: r, column } => {
                            assert_eq!((t, r, column), (table, row.label, column_name), "{}", row.label);
                        }
                        // The resiliency rule is the page's own sentence for add-contact.
                        other => panic!("{} col {col} cites {other:?}", row.label),
                    }
                }
            }
        }
    }

    #[test]
    fn every_row_has_one_cell_per_column() {
        for row in affected_user_table().into_iter().chain(unaffected_observer_table()) {
            assert_eq!(row.cells.len(), COLUMNS.len(), "{}", row.label);
        }
        for p in Phase::ALL {
            assert!(COLUMNS[column_of(p)].phases.contains(&p));
        }
    }
}
