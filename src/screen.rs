//! The vocabulary of a screen, shared by the page's model (`runtime.rs`)
//! and its links (`url.rs`), so neither imports the other: perspectives,
//! speeds, compare variants and the page's panels.

use failover_engine::{Action, Scenario};

/// Speeds offered, simulated seconds per real second.
pub const SPEEDS: [u32; 7] = [1, 10, 30, 60, 100, 300, 1000];

/// Whose perspective the tables and panel take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The selected user's own experience.
    Affected,
    /// How a user in another pool sees them.
    Observer,
}

impl View {
    /// As in the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Affected => "affected",
            View::Observer => "observer",
        }
    }
}

/// A variant of the run to compare with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// The admin fails over the moment the pool fails.
    FailoverAtOnce,
    /// Nobody fails over or back: the registrar timer only.
    TimerOnly,
}

impl Variant {
    pub fn label(self) -> &'static str {
        match self {
            Variant::FailoverAtOnce => "The admin fails over the moment the pool fails",
            Variant::TimerOnly => "Nobody fails over: the registrar timer only",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Variant::FailoverAtOnce => "at-once",
            Variant::TimerOnly => "timer-only",
        }
    }

    /// From a link.
    pub fn parse(s: &str) -> Option<Variant> {
        [Variant::FailoverAtOnce, Variant::TimerOnly].into_iter().find(|v| v.as_str() == s)
    }

    /// The scenario with this variant's orders.
    pub fn apply(self, scenario: &Scenario) -> Scenario {
        use failover_engine::ChecklistItem;
        let mut s = scenario.clone();
        let empty = failover_engine::sim::empty_timeline(scenario);
        let admin =
            |a: &Action| matches!(a, Action::InvokeFailover(..) | Action::InvokeFailback(_) | Action::Checklist(..));
        match self {
            Variant::TimerOnly => s.timeline.retain(|o| !admin(&o.action)),
            Variant::FailoverAtOnce => {
                let mut timeline = Vec::new();
                for o in scenario.timeline.iter().filter(|o| {
                    !matches!(
                        o.action,
                        Action::InvokeFailover(..)
                            | Action::Checklist(_, ChecklistItem::RepointEdge | ChecklistItem::FailoverCms)
                    )
                }) {
                    timeline.push(o.clone());
                    if let Action::PoolFails(p) = o.action {
                        let procedure = empty.failover_procedure(p).into_iter();
                        timeline.extend(procedure.map(|action| failover_engine::Order { at: o.at, action }));
                    }
                }
                s.timeline = timeline;
            }
        }
        s
    }
}

/// A part of the page: the one-screen shell's parts (stage, inspector,
/// transport, walkthrough band) and the drawer's tabs (tables, admin, chart
/// and event log, compare, scenarios and sharing). Named in links:
/// `panels=` (what an embed shows) and `tab=` (the open drawer tab).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Panel {
    Stage,
    Inspector,
    Transport,
    Guide,
    Tables,
    Admin,
    Chart,
    Compare,
    Share,
    Editor,
}

impl Panel {
    pub const ALL: [Panel; 10] = [
        Panel::Stage,
        Panel::Inspector,
        Panel::Transport,
        Panel::Guide,
        Panel::Tables,
        Panel::Admin,
        Panel::Chart,
        Panel::Compare,
        Panel::Share,
        Panel::Editor,
    ];
    /// The drawer's tabs, in order.
    pub const TABS: [Panel; 6] =
        [Panel::Tables, Panel::Admin, Panel::Chart, Panel::Compare, Panel::Editor, Panel::Share];
    /// What `embed=1` shows when `panels` is not given.
    pub const EMBED_DEFAULT: [Panel; 4] = [Panel::Stage, Panel::Inspector, Panel::Transport, Panel::Guide];

    pub fn as_str(self) -> &'static str {
        match self {
            Panel::Stage => "stage",
            Panel::Inspector => "inspector",
            Panel::Transport => "transport",
            Panel::Guide => "guide",
            Panel::Tables => "tables",
            Panel::Admin => "admin",
            Panel::Chart => "chart",
            Panel::Compare => "compare",
            Panel::Share => "share",
            Panel::Editor => "editor",
        }
    }

    pub fn parse(name: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            Panel::Stage => "Stage",
            Panel::Inspector => "Inspector",
            Panel::Transport => "Transport",
            Panel::Guide => "Walkthrough",
            Panel::Tables => "Microsoft's tables",
            Panel::Admin => "Admin",
            Panel::Chart => "Chart & event log",
            Panel::Compare => "Compare",
            Panel::Share => "Scenarios & sharing",
            Panel::Editor => "Scenario editor",
        }
    }
}
