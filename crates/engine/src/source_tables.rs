//! The two tables of Microsoft's page, extended with the failover phases of
//! MODEL.md: the model behind the page's live tables. The "During failback"
//! and "After failback completion" columns carry the page's own rows; the
//! earlier columns cite the page's prose, FACTS.md or a labelled assumption.

use crate::capability::{
    rows, CapKey, CapValue, PageTable, Phase, Source, ALL_SERVICES_AFTER_FAILOVER as ALL_SERVICES, DISRUPTED,
    LOGGED_OUT_AT_FAILURE as LOGGED_OUT, ONLY_THEN_SESSIONS as ONLY_THEN,
};
use crate::rules;
use crate::situation::{HomePool, Mode, Situation, Why};
use crate::SimTime;

/// A column: one or more phases of MODEL.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    pub label: &'static str,
    /// The phases it covers; the first is the representative one.
    pub phases: &'static [Phase],
}

/// The columns, in order. Phases 6 and 7 are both the page's "During
/// failback" but get a column each, so every cell is one phase's answer
/// (phase 7's same-pool presence is our assumption; phase 6's is the page's).
pub const COLUMNS: [Column; 7] = [
    Column { label: "1 · Normal", phases: &[Phase::Normal] },
    Column { label: "2 · Pool down", phases: &[Phase::Outage] },
    Column { label: "3 · On backup, failover not complete", phases: &[Phase::FailingOver] },
    Column { label: "4-5 · Failed over", phases: &[Phase::FailedOver, Phase::Restored] },
    Column { label: "6 · During failback, not yet moved", phases: &[Phase::FailingBackNotMoved] },
    Column { label: "7 · During failback, moved home", phases: &[Phase::FailingBackMoved] },
    Column { label: "8 · After failback completion", phases: &[Phase::FailedBack] },
];

/// The situation of an affected user of a paired pool (home pool 0, backup
/// 1) in `phase`, as the tables show it: signed in wherever they can be.
pub fn representative(phase: Phase) -> Situation {
    let down = matches!(phase, Phase::Outage | Phase::FailingOver | Phase::FailedOver);
    let (why, at) = match phase {
        Phase::Normal => (Why::Unaffected { paired: true, partner_in_dr: false }, Some((0, Mode::Regular))),
        Phase::Outage => (Why::WaitingForBackup { at_failure: true }, None),
        Phase::FailingOver => (Why::BeforeFailoverComplete, Some((1, Mode::Resiliency))),
        Phase::FailedOver | Phase::Restored => (Why::FailedOver, Some((1, Mode::Regular))),
        Phase::FailingBackNotMoved => (Why::FailbackNotMoved, Some((1, Mode::Resiliency))),
        Phase::FailingBackMoved => (Why::FailbackMoved { signed_in_at_home: false }, Some((0, Mode::Resiliency))),
        Phase::FailedBack => (Why::FailedBack, Some((0, Mode::Regular))),
    };
    Situation {
        phase,
        serving: at.map(|a| a.0),
        mode: at.map(|a| a.1),
        why,
        home: HomePool {
            down,
            paired: true,
            planned: false,
            failover_invoked: !matches!(phase, Phase::Normal | Phase::Outage),
        },
        since: SimTime::ZERO,
    }
}

/// A client signing in during `phase`.
fn fresh(phase: Phase) -> Situation {
    match phase {
        Phase::Outage => Situation { why: Why::WaitingForBackup { at_failure: false }, ..representative(phase) },
        Phase::FailingBackNotMoved => representative(Phase::FailingBackMoved),
        other => representative(other),
    }
}

/// The column index of a phase.
pub fn column_of(phase: Phase) -> usize {
    COLUMNS.iter().position(|c| c.phases.contains(&phase)).unwrap_or(0)
}

/// The column each table lights for a user at a moment, and what it is
/// about. The affected-user table is about the user's own pool; the
/// other-pool table is about the pool in disaster recovery that the user
/// watches from outside (their pool's partner), so an unaffected user
/// lights no column of the first and the partner's phase in the second.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lit {
    pub affected: Option<usize>,
    pub unaffected: Option<usize>,
    /// The phase the lit columns show.
    pub phase: Phase,
    /// The pool whose phase it is.
    pub pool: crate::PoolIdx,
}

impl crate::Simulation {
    /// Which columns light for user `index` at `t`.
    pub fn lit_columns(&self, index: u32, t: SimTime) -> Lit {
        let home = self.home_of(index);
        let sc = self.scenario();
        let own = self.situation(index, t).phase;
        if self.dr().open_episode_at(home, t).is_some() || own != Phase::Normal {
            let column = Some(column_of(own));
            return Lit { affected: column, unaffected: column, phase: own, pool: home };
        }
        let watched = (0..sc.pools.len() as crate::PoolIdx)
            .find(|&p| sc.pools[usize::from(p)].backup == Some(home) && self.dr().open_episode_at(p, t).is_some());
        match watched {
            Some(p) => {
                let phase = self.pool_phase(p, t);
                Lit { affected: None, unaffected: Some(column_of(phase)), phase, pool: p }
            }
            None => Lit { affected: Some(0), unaffected: Some(0), phase: Phase::Normal, pool: home },
        }
    }
}

/// How good the answer is, for colour (always paired with text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Good,
    /// Works with limits.
    Limited,
    /// Does not work.
    Bad,
}

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
        CapValue::No | CapValue::Offline | CapValue::NotShown => Tone::Bad,
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
        CapValue::NotShown => "Nothing shown",
    }
}

fn cap_row(key: CapKey, label: &'static str) -> TableRow {
    let cells = COLUMNS
        .iter()
        .map(|c| {
            let cell = rules::cell(key, &representative(c.phases[0]));
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
const OTHERS_CANNOT_JOIN: Source = Source::Facts {
    section: "Enterprise Voice resiliency in Skype for Business Server",
    quote: "Others cannot join conferences hosted on the failed pool.",
};

/// Table 1, extended: what an affected user experiences.
pub fn affected_user_table() -> Vec<TableRow> {
    use PageTable::AffectedUser as T;
    use Tone::*;
    split_failback(vec![
        TableRow {
            label: rows::USER_STATE,
            key: None,
            cells: vec![
                c("Signed in to home pool, regular mode", Good, "Everything is available", NORMAL),
                c("Signed out; cannot sign in", Bad, "Logged out when the home pool failed", LOGGED_OUT),
                c("Signed in to backup pool, Resiliency mode", Limited, "Signs in to the backup pool before failover completes", ONLY_THEN),
                c("Signed in to backup pool, regular mode", Good, "All services come from the backup pool", ALL_SERVICES),
                c("Stays signed in to the backup pool, Resiliency mode", Limited, "User stays signed in and connected to backup pool. At some point user will be signed out and sign back in to the original home pool, in Resiliency mode.", page(T, rows::USER_STATE, true)),
                c("Moved home, Resiliency mode", Limited, "User stays signed in and connected to backup pool. At some point user will be signed out and sign back in to the original home pool, in Resiliency mode.", page(T, rows::USER_STATE, true)),
                c("Regular mode on home pool", Good, "User remains signed in and goes into regular mode.", page(T, rows::USER_STATE, false)),
            ],
        },
        TableRow {
            label: rows::NEW_USER_LOGGING_IN,
            key: None,
            cells: COLUMNS
                .iter()
                .map(|col| {
                    let answer = rules::sign_in(&fresh(col.phases[0]));
                    let (text, t) = match answer.landing {
                        None => ("Blocked", Bad),
                        Some((0, Mode::Regular)) => ("Home pool, regular mode", Good),
                        Some((_, Mode::Resiliency)) if answer.landing.is_some_and(|l| l.0 == 1) => {
                            ("Backup pool, Resiliency mode", Limited)
                        }
                        Some((_, Mode::Regular)) => ("Backup pool, regular mode", Good),
                        Some((_, Mode::Resiliency)) => ("Home pool, Resiliency mode", Limited),
                    };
                    c(text, t, answer.reason, answer.source)
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
                c("Continues; the user cannot rejoin yet", Bad, "No sessions are re-established before failover completes", ONLY_THEN),
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
    ])
}

/// Rows written with one "during failback" cell get it in both failback
/// columns (the page's row holds for phases 6 and 7 alike).
fn split_failback(rows: Vec<TableRow>) -> Vec<TableRow> {
    rows.into_iter()
        .map(|mut row| {
            if row.cells.len() == COLUMNS.len() - 1 {
                let during = row.cells[4];
                row.cells.insert(5, during);
            }
            row
        })
        .collect()
}

/// Table 2, extended: what a user homed in an unaffected pool experiences.
pub fn unaffected_observer_table() -> Vec<TableRow> {
    use PageTable::UnaffectedPool as T;
    use Tone::*;
    let mut presence = cap_row(CapKey::PresenceOtherPool, rows::VIEWING_PRESENCE);
    presence.key = Some(CapKey::PresenceOtherPool);
    split_failback(vec![
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
                    "Continues; affected user cannot rejoin yet",
                    Limited,
                    "No sessions are re-established before failover completes",
                    ONLY_THEN,
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
    ])
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
                for (col, column_name) in [(4, rows::DURING), (5, rows::DURING), (6, rows::AFTER)] {
                    match row.cells[col].source {
                        Source::PageRow { table: t, row: r, column } => {
                            assert_eq!((t, r, column), (table, row.label, column_name), "{}", row.label);
                        }
                        // Where the page's row does not cover the phase, the cell says it is ours.
                        Source::Assumption { .. } if col == 5 => {}
                        other => panic!("{} col {col} cites {other:?}", row.label),
                    }
                }
            }
        }
    }

    #[test]
    fn phase_seven_same_pool_presence_keeps_its_assumption_label() {
        let row = affected_user_table().into_iter().find(|r| r.key == Some(CapKey::PresenceSamePool)).unwrap();
        assert!(row.cells[5].source.is_assumption(), "phase 7");
        assert!(!row.cells[4].source.is_assumption(), "phase 6 is the page's row");
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
