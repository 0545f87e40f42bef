//! One vocabulary for orders: for every admin action (and a named user's own
//! action), its name in scenario files, the PowerShell it stands for, its
//! label and what it does. The scenario format, the CLI, the admin toolbar,
//! the timeline and the event log all read from here.

use crate::dr::{Action, ChecklistItem, FailoverMode, NamedIdx, PoolIdx};

/// The names an order's sentence needs; implemented by the scenario.
pub trait Names {
    /// The pool's FQDN (its id in scenario files).
    fn pool_id(&self, pool: PoolIdx) -> &str;
    fn pool_name(&self, pool: PoolIdx) -> &str;
    /// The FQDN of the pool's backup, if it has one.
    fn backup_id(&self, pool: PoolIdx) -> Option<&str>;
    fn user_name(&self, user: NamedIdx) -> &str;
    fn session_id(&self, session: u32) -> &str;
}

/// An order's kind, as named in scenario files (`action = "..."`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OrderName {
    PoolFails,
    InvokeFailover,
    PoolRestored,
    InvokeFailback,
    UserSignsIn,
    UserSignsOut,
    UserRejoins,
    Checklist(ChecklistItem),
}

/// What an order names besides its time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Pool,
    User,
    UserAndSession,
}

impl OrderName {
    pub const ALL: [OrderName; 12] = [
        OrderName::PoolFails,
        OrderName::InvokeFailover,
        OrderName::PoolRestored,
        OrderName::InvokeFailback,
        OrderName::UserSignsIn,
        OrderName::UserSignsOut,
        OrderName::UserRejoins,
        OrderName::Checklist(ChecklistItem::RepointEdge),
        OrderName::Checklist(ChecklistItem::FailoverCms),
        OrderName::Checklist(ChecklistItem::RestoreLis),
        OrderName::Checklist(ChecklistItem::ImportRgs),
        OrderName::Checklist(ChecklistItem::RecreateAnnouncements),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderName::PoolFails => "pool-fails",
            OrderName::InvokeFailover => "invoke-failover",
            OrderName::PoolRestored => "pool-restored",
            OrderName::InvokeFailback => "invoke-failback",
            OrderName::UserSignsIn => "user-signs-in",
            OrderName::UserSignsOut => "user-signs-out",
            OrderName::UserRejoins => "user-rejoins",
            OrderName::Checklist(item) => item.action(),
        }
    }

    pub fn parse(name: &str) -> Option<OrderName> {
        OrderName::ALL.into_iter().find(|n| n.as_str() == name)
    }

    pub fn target(self) -> Target {
        match self {
            OrderName::UserSignsIn | OrderName::UserSignsOut => Target::User,
            OrderName::UserRejoins => Target::UserAndSession,
            _ => Target::Pool,
        }
    }

    /// What the order is, for a choice in the editor.
    pub fn label(self) -> &'static str {
        match self {
            OrderName::PoolFails => "Pool fails",
            OrderName::InvokeFailover => "Invoke-CsPoolFailover",
            OrderName::PoolRestored => "Pool restored",
            OrderName::InvokeFailback => "Invoke-CsPoolFailBack",
            OrderName::UserSignsIn => "User signs in",
            OrderName::UserSignsOut => "User signs out",
            OrderName::UserRejoins => "User clicks rejoin",
            OrderName::Checklist(item) => item.label(),
        }
    }

    /// Every name, for error messages.
    pub fn list() -> String {
        OrderName::ALL.map(|n| n.as_str()).join(", ")
    }
}

impl FailoverMode {
    /// The value of `mode = "..."` in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            FailoverMode::Disaster => "disaster",
            FailoverMode::Planned => "planned",
        }
    }

    pub fn parse(text: &str) -> Option<FailoverMode> {
        [FailoverMode::Disaster, FailoverMode::Planned].into_iter().find(|m| m.as_str() == text)
    }
}

impl Action {
    pub fn name(&self) -> OrderName {
        match self {
            Action::PoolFails(_) => OrderName::PoolFails,
            Action::InvokeFailover(..) => OrderName::InvokeFailover,
            Action::PoolRestored(_) => OrderName::PoolRestored,
            Action::InvokeFailback(_) => OrderName::InvokeFailback,
            Action::Checklist(_, item) => OrderName::Checklist(*item),
            Action::UserSignsIn(_) => OrderName::UserSignsIn,
            Action::UserSignsOut(_) => OrderName::UserSignsOut,
            Action::Rejoin(..) => OrderName::UserRejoins,
        }
    }

    /// The pool the order acts on, if it acts on one.
    pub fn pool(&self) -> Option<PoolIdx> {
        match *self {
            Action::PoolFails(p)
            | Action::InvokeFailover(p, _)
            | Action::PoolRestored(p)
            | Action::InvokeFailback(p)
            | Action::Checklist(p, _) => Some(p),
            Action::UserSignsIn(_) | Action::UserSignsOut(_) | Action::Rejoin(..) => None,
        }
    }

    /// A stable slug for test ids (`admin-<pool>-<slug>`).
    pub fn slug(&self) -> &'static str {
        match self {
            Action::InvokeFailover(_, FailoverMode::Disaster) => "failover-disaster",
            Action::InvokeFailover(_, FailoverMode::Planned) => "failover-planned",
            Action::InvokeFailback(_) => "failback",
            Action::UserSignsIn(_) | Action::UserSignsOut(_) | Action::Rejoin(..) => "user",
            other => other.name().as_str(),
        }
    }

    /// A short label for a button.
    pub fn label(&self) -> &'static str {
        match self {
            Action::PoolFails(_) => "Pool fails",
            Action::PoolRestored(_) => "Pool restored",
            Action::InvokeFailover(_, FailoverMode::Disaster) => "Fail over (disaster)",
            Action::InvokeFailover(_, FailoverMode::Planned) => "Fail over (planned)",
            Action::InvokeFailback(_) => "Fail back",
            Action::Checklist(_, item) => item.label(),
            Action::UserSignsIn(_) => "Sign this user in",
            Action::UserSignsOut(_) => "Sign this user out",
            Action::Rejoin(..) => "Rejoin",
        }
    }

    /// The PowerShell the order stands for, or what happens when it is not
    /// a command (a failure, a repair, a user's click).
    pub fn command(&self, names: &dyn Names) -> String {
        match *self {
            Action::PoolFails(_) => "(a disaster: the pool stops)".into(),
            Action::PoolRestored(_) => "(repaired and back up)".into(),
            Action::InvokeFailover(p, FailoverMode::Disaster) => {
                format!("Invoke-CsPoolFailover -PoolFqdn {} -DisasterMode -Verbose", names.pool_id(p))
            }
            Action::InvokeFailover(p, FailoverMode::Planned) => {
                format!("Invoke-CsPoolFailover -PoolFqdn {} -Verbose", names.pool_id(p))
            }
            Action::InvokeFailback(p) => format!("Invoke-CsPoolFailBack -PoolFqdn {} -Verbose", names.pool_id(p)),
            Action::Checklist(p, item) => item.command_for(names.backup_id(p).unwrap_or("<B>")),
            Action::UserSignsIn(_) | Action::UserSignsOut(_) | Action::Rejoin(..) => "(the user's own action)".into(),
        }
    }

    /// One sentence for the order, naming what it acts on.
    pub fn describe(&self, names: &dyn Names) -> String {
        match *self {
            Action::PoolFails(p) => format!("{} failed", names.pool_name(p)),
            Action::PoolRestored(p) => format!("{} restored", names.pool_name(p)),
            Action::InvokeFailover(p, mode) => format!(
                "Invoke-CsPoolFailover -PoolFqdn {}{}",
                names.pool_id(p),
                if mode == FailoverMode::Disaster { " -DisasterMode" } else { "" }
            ),
            Action::InvokeFailback(p) => format!("Invoke-CsPoolFailBack -PoolFqdn {}", names.pool_id(p)),
            Action::Checklist(p, item) => format!("{} for {}", item.label(), names.pool_name(p)),
            Action::UserSignsIn(u) => format!("{} signs in", names.user_name(u)),
            Action::UserSignsOut(u) => format!("{} signs out", names.user_name(u)),
            Action::Rejoin(s, u) => format!("{} clicks rejoin on \"{}\"", names.user_name(u), names.session_id(s)),
        }
    }
}

/// Said once next to the admin's orders: the planned-failover user path is
/// our reading of the page, and what the Backup Service does not replicate.
pub const PLANNED_FAILOVER_ASSUMPTION: &str = "A planned failover (without -DisasterMode) signs users out and then into the backup pool, in Resiliency mode until the failover completes, and disrupts their sessions, as the page's first sentence says of any failover. The pool stays up throughout; the page describes only the disaster case in detail.";
pub const NOT_REPLICATED: &str = "Not replicated by the Backup Service: the LIS database, Response Group configuration (before SfB 2019's -EnableRgsBackupService), Call Park music and announcements. The Edge next hop and the CMS are moved first when they point at the pool: before a planned failover too.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back() {
        for n in OrderName::ALL {
            assert_eq!(OrderName::parse(n.as_str()), Some(n));
        }
        assert_eq!(OrderName::parse("fail-over"), None);
    }
}
