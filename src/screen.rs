//! The vocabulary of a screen, shared by the page's model (`runtime.rs`)
//! and its links (`url.rs`), so neither imports the other: perspectives,
//! speeds, compare variants and the page's panels.

use failover_engine::{Action, Scenario};

/// Speeds offered, simulated seconds per real second.
pub const SPEEDS: [u32; 7] = [1, 10, 30, 60, 100, 300, 1000];

/// Whose perspective the tables and panel take.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// The selected user's own experience.
    #[default]
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

/// Who the page is for: each mode has its own layout (`src/modes/`) and
/// decides which panels, tabs and controls exist. Named in links as `mode=`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Everything on one screen: a visitor exploring.
    #[default]
    Explore,
    /// A lesson for a learner: stage, inspector, walkthrough band and
    /// transport; nothing that leaves the lesson or gives its answers away.
    Learn,
    /// The same lesson for a room: the stage large, type readable from the back.
    Present,
    /// The scenario editor, full screen, with a preview of the run.
    Author,
    /// An administrator's own topology and what it means for a failover.
    Plan,
}

impl Mode {
    pub const ALL: [Mode; 5] = [Mode::Explore, Mode::Learn, Mode::Present, Mode::Author, Mode::Plan];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Explore => "explore",
            Mode::Learn => "learn",
            Mode::Present => "present",
            Mode::Author => "author",
            Mode::Plan => "plan",
        }
    }

    pub fn parse(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.as_str() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            Mode::Explore => "Explore",
            Mode::Learn => "Learn",
            Mode::Present => "Present",
            Mode::Author => "Author",
            Mode::Plan => "Plan",
        }
    }

    /// Learn and Present are played by the light player build; the others
    /// need the full page.
    pub fn in_player(self) -> bool {
        matches!(self, Mode::Learn | Mode::Present)
    }

    /// The panels this mode can show (an embed's `panels=` picks among them).
    pub fn panels(self) -> &'static [Panel] {
        match self {
            Mode::Learn | Mode::Present => &[Panel::Stage, Panel::Inspector, Panel::Transport, Panel::Guide],
            Mode::Explore => &Panel::ALL,
            Mode::Author => &[Panel::Stage, Panel::Inspector, Panel::Transport, Panel::Guide, Panel::Editor],
            Mode::Plan => &[
                Panel::Stage,
                Panel::Inspector,
                Panel::Transport,
                Panel::Tables,
                Panel::Admin,
                Panel::Chart,
                Panel::Compare,
                Panel::Share,
            ],
        }
    }

    /// The drawer's tabs in this mode (Learn and Present have no drawer).
    pub fn tabs(self) -> &'static [Panel] {
        match self {
            Mode::Explore => &Panel::TABS,
            Mode::Plan => &[Panel::Tables, Panel::Admin, Panel::Share],
            _ => &[],
        }
    }
}
