//! What a user can do, phase by phase, with the reason and the source row for
//! every answer. This file is the product's claim about Skype for Business:
//! every cell names the row of Microsoft's page (or the line of FACTS.md, or
//! the labelled assumption) it comes from.

use serde::Serialize;

/// The life of an affected user, numbered as in MODEL.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// 1: home pool up, nothing happening.
    Normal,
    /// 2: home pool failed; neither the registrar timer has expired nor has
    /// the admin invoked failover.
    Outage,
    /// 3: sign-in to the backup pool possible; failover not complete.
    FailingOver,
    /// 4: failover complete; home pool still down.
    FailedOver,
    /// 5: home pool restored; failback not yet invoked.
    Restored,
    /// 6: failback invoked; this user not yet moved home.
    FailingBackNotMoved,
    /// 7: failback invoked; this user already moved home.
    FailingBackMoved,
    /// 8: failback complete.
    FailedBack,
}

impl Phase {
    /// Every phase, in order.
    pub const ALL: [Phase; 8] = [
        Phase::Normal,
        Phase::Outage,
        Phase::FailingOver,
        Phase::FailedOver,
        Phase::Restored,
        Phase::FailingBackNotMoved,
        Phase::FailingBackMoved,
        Phase::FailedBack,
    ];

    /// MODEL.md's number.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// A short label for tables and the timeline.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Normal => "Normal",
            Phase::Outage => "Pool down",
            Phase::FailingOver => "Backup sign-in, failover not complete",
            Phase::FailedOver => "Failed over",
            Phase::Restored => "Home pool restored",
            Phase::FailingBackNotMoved => "Failback, not yet moved",
            Phase::FailingBackMoved => "Failback, moved home",
            Phase::FailedBack => "Failback complete",
        }
    }

    /// True from the failure until failback completes: the user's home pool
    /// is in disaster recovery.
    pub fn is_affected(self) -> bool {
        !matches!(self, Phase::Normal | Phase::FailedBack)
    }

    /// True during failback (the page's "During failback" column).
    pub fn is_failing_back(self) -> bool {
        matches!(self, Phase::FailingBackNotMoved | Phase::FailingBackMoved)
    }
}

/// The capabilities the simulator answers for every user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CapKey {
    /// Any task that makes a persistent change, such as adding a contact.
    AddContact,
    /// The contact list and the Address Book Service.
    ContactsAndAbs,
    /// Scheduling or modifying meetings, creating ad-hoc conferences.
    ScheduleMeeting,
    /// New and ongoing peer-to-peer sessions, all modalities.
    P2p,
    /// How users homed on the same pool see this user's presence.
    PresenceSamePool,
    /// How users homed on other pools see this user's presence.
    PresenceOtherPool,
}

impl CapKey {
    /// Every key, in table order.
    pub const ALL: [CapKey; 6] = [
        CapKey::AddContact,
        CapKey::ContactsAndAbs,
        CapKey::ScheduleMeeting,
        CapKey::P2p,
        CapKey::PresenceSamePool,
        CapKey::PresenceOtherPool,
    ];

    /// The key as in the JSON and the `cap-<key>` test ids.
    pub fn key(self) -> &'static str {
        match self {
            CapKey::AddContact => "add_contact",
            CapKey::ContactsAndAbs => "contacts_and_abs",
            CapKey::ScheduleMeeting => "schedule_meeting",
            CapKey::P2p => "p2p",
            CapKey::PresenceSamePool => "presence_same_pool",
            CapKey::PresenceOtherPool => "presence_other_pool",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            CapKey::AddContact => "Add a contact (any persistent change)",
            CapKey::ContactsAndAbs => "Contacts list and Address Book",
            CapKey::ScheduleMeeting => "Schedule or modify meetings, ad-hoc conferences",
            CapKey::P2p => "Peer-to-peer sessions, all modalities",
            CapKey::PresenceSamePool => "Presence as seen from the same pool",
            CapKey::PresenceOtherPool => "Presence as seen from other pools",
        }
    }
}

/// An answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CapValue {
    /// Available.
    Yes,
    /// Not available.
    No,
    /// Presence is shown and changes are reflected.
    Live,
    /// Presence shows as unknown.
    Unknown,
    /// Presence shows the last state the user set; changes are not reflected.
    LastSet,
    /// Presence shows offline.
    Offline,
}

impl CapValue {
    /// The value as in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            CapValue::Yes => "yes",
            CapValue::No => "no",
            CapValue::Live => "live",
            CapValue::Unknown => "unknown",
            CapValue::LastSet => "last-set",
            CapValue::Offline => "offline",
        }
    }
}

/// The two tables of the source page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum PageTable {
    /// "User Experience for an Affected User in a Pool in Failback".
    AffectedUser,
    /// "User Experience for a User Homed in an Unaffected Pool During
    /// Failback of Another Pool".
    UnaffectedPool,
}

impl PageTable {
    /// The table's title on the page.
    pub fn title(self) -> &'static str {
        match self {
            PageTable::AffectedUser => "User Experience for an Affected User in a Pool in Failback",
            PageTable::UnaffectedPool => {
                "User Experience for a User Homed in an Unaffected Pool During Failback of Another Pool"
            }
        }
    }
}

/// Where a statement comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Source {
    /// A row of one of the page's tables.
    PageRow {
        /// Which table.
        table: PageTable,
        /// The row's first cell, verbatim.
        row: &'static str,
        /// "During failback" or "After failback completion".
        column: &'static str,
    },
    /// A sentence of the page's prose.
    PageText {
        /// The section heading.
        section: &'static str,
        /// The sentence, verbatim.
        quote: &'static str,
    },
    /// A line of FACTS.md.
    Facts {
        /// Section and alias, e.g. "§3B (UX)".
        section: &'static str,
        /// What it says.
        quote: &'static str,
    },
    /// The page is silent: our choice, labelled as such in the UI.
    Assumption {
        /// What we assumed and why.
        note: &'static str,
    },
}

impl Source {
    /// One line for tooltips, tables and the CLI.
    pub fn cite(&self) -> String {
        match self {
            Source::PageRow { table, row, column } => {
                format!("Microsoft, \"{}\", row \"{row}\", column \"{column}\"", table.title())
            }
            Source::PageText { section, quote } => format!("Microsoft, \"{section}\": \"{quote}\""),
            Source::Facts { section, quote } => format!("FACTS.md {section}: {quote}"),
            Source::Assumption { note } => format!("Assumption (the page is silent): {note}"),
        }
    }

    /// True for our own choices, which the UI must label.
    pub fn is_assumption(&self) -> bool {
        matches!(self, Source::Assumption { .. })
    }
}

/// One answer with its reason and source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Cell {
    /// The answer.
    pub value: CapValue,
    /// Why, in a sentence.
    pub reason: &'static str,
    /// Where it comes from.
    pub source: Source,
}

/// The page's row names, verbatim, so tests and sources cannot drift apart.
pub mod rows {
    /// Table 1, row 1.
    pub const USER_STATE: &str = "User state of user already logged in";
    /// Table 1, row 2.
    pub const NEW_USER_LOGGING_IN: &str = "New user logging in";
    /// Tables 1 and 2.
    pub const CONF_BY_AFFECTED: &str = "Ongoing conferences organized by affected user";
    /// Tables 1 and 2.
    pub const CONF_BY_UNAFFECTED: &str = "Ongoing conferences organized by unaffected user";
    /// Table 1.
    pub const SCHEDULING: &str = "Scheduling or modifying scheduled meetings, creating ad-hoc conferences";
    /// Table 1.
    pub const PRESENCE_SAME_POOL: &str = "Presence as seen by other users in the same pool";
    /// Table 1.
    pub const CONTACTS_ABS: &str = "Contacts list and Address Book Service availability";
    /// Tables 1 and 2.
    pub const P2P: &str = "All peer-to-peer sessions and modalities";
    /// Table 2.
    pub const VIEWING_PRESENCE: &str = "Viewing presence of affected user";
    /// Column 1 of both tables.
    pub const DURING: &str = "During failback";
    /// Column 2 of both tables.
    pub const AFTER: &str = "After failback completion";
}

const FAILOVER_SECTION: &str = "User experience during failover";
const INTRO_SECTION: &str = "User experience during pool failure";

// The page's sentences the simulator cites, in one place (the sessions and
// the extended tables cite the same ones).

/// "In Resiliency mode, users are unable to perform tasks that would cause a persistent change..."
pub const RESILIENCY_RULE: Source = Source::PageText {
    section: INTRO_SECTION,
    quote: "In Resiliency mode, users are unable to perform tasks that would cause a persistent change on Skype for Business Server, such as adding a contact.",
};
/// "After the failover is complete, all users can get all services from the backup pool."
pub const ALL_SERVICES_AFTER_FAILOVER: Source = Source::PageText {
    section: INTRO_SECTION,
    quote: "After the failover is complete, all users can get all services from the backup pool.",
};
/// "When a user is in a pool that fails, the user is logged out..."
pub const LOGGED_OUT_AT_FAILURE: Source = Source::PageText {
    section: FAILOVER_SECTION,
    quote: "When a user is in a pool that fails, the user is logged out. Any peer-to-peer session the user was participating in is ended, as are conferences organized by that user.",
};
/// "...Only then can a user establish new sessions or re-establish previous sessions."
pub const ONLY_THEN_SESSIONS: Source = Source::PageText {
    section: FAILOVER_SECTION,
    quote: "If they log in before the failover has completed, they will be in Resiliency mode until failover is complete. Only then can a user establish new sessions or re-establish previous sessions.",
};
/// "Any calls, meetings, or conversations a user has when the pool fails are disrupted..."
pub const DISRUPTED: Source = Source::PageText {
    section: INTRO_SECTION,
    quote: "Any calls, meetings, or conversations a user has when the pool fails are disrupted, and the user must re-establish those sessions after failover to continue.",
};
const NOT_SIGNED_IN: Source = Source::Assumption {
    note: "a user who is not signed in can use no service, and others see them offline (ordinary client behaviour)",
};

fn page(table: PageTable, row: &'static str, during: bool) -> Source {
    Source::PageRow { table, row, column: if during { rows::DURING } else { rows::AFTER } }
}

/// The answer for `key`, for a user whose home pool is in `phase`, who is
/// `signed_in` or not. A user homed on a pool with nothing happening (an
/// unaffected user) is in [`Phase::Normal`].
pub fn cell(key: CapKey, phase: Phase, signed_in: bool) -> Cell {
    use CapValue::*;
    use PageTable::*;
    if !signed_in {
        let (reason, source) = if phase == Phase::Outage {
            ("Logged out when the home pool failed; cannot sign in yet", LOGGED_OUT_AT_FAILURE)
        } else {
            ("Not signed in", NOT_SIGNED_IN)
        };
        let value = match key {
            CapKey::PresenceSamePool | CapKey::PresenceOtherPool => Offline,
            _ => No,
        };
        return Cell { value, reason, source };
    }
    let during = phase.is_failing_back();
    match (key, phase) {
        // Everybody is logged out at the failure: a "signed-in" user in the
        // outage gets the signed-out answer rather than a panic.
        (_, Phase::Outage) => cell(key, phase, false),
        // Regular mode: everything available.
        (CapKey::PresenceSamePool | CapKey::PresenceOtherPool, Phase::Normal) => Cell {
            value: Live,
            reason: "Regular mode on the home pool: presence is live",
            source: NOT_AFFECTED,
        },
        (_, Phase::Normal) => Cell {
            value: Yes,
            reason: "Regular mode on the home pool: every service is available",
            source: NOT_AFFECTED,
        },
        (CapKey::PresenceSamePool | CapKey::PresenceOtherPool, Phase::FailedOver | Phase::Restored) => Cell {
            value: Live,
            reason: "Failover complete: all services come from the backup pool",
            source: ALL_SERVICES_AFTER_FAILOVER,
        },
        (_, Phase::FailedOver | Phase::Restored) => Cell {
            value: Yes,
            reason: "Failover complete: all services come from the backup pool",
            source: ALL_SERVICES_AFTER_FAILOVER,
        },
        // Resiliency mode before failover completes.
        (CapKey::AddContact | CapKey::ContactsAndAbs | CapKey::ScheduleMeeting, Phase::FailingOver) => Cell {
            value: No,
            reason: "Resiliency mode on the backup pool: no persistent change until failover completes",
            source: RESILIENCY_RULE,
        },
        (CapKey::P2p, Phase::FailingOver) => Cell {
            value: No,
            reason: "Signed in before failover completed: no new sessions, no re-established sessions yet",
            source: ONLY_THEN_SESSIONS,
        },
        (CapKey::PresenceSamePool, Phase::FailingOver) => Cell {
            value: Unknown,
            reason: "Resiliency mode: users of the same pool see presence unknown",
            source: Source::Facts {
                section: "§3B, §8 (UX)",
                quote: "In Resiliency mode presence is unknown to others; observers in the same pool see presence unknown.",
            },
        },
        (CapKey::PresenceOtherPool, Phase::FailingOver) => Cell {
            value: Unknown,
            reason: "Resiliency mode before failover: presence does not work while the home pool is down",
            source: Source::Assumption {
                note: "the page does not say how other pools see an affected user before failover completes; FACTS.md §3A (EV) lists presence as not working while the primary site is down, so we show unknown",
            },
        },
        // Failback: the page's tables.
        (CapKey::AddContact, Phase::FailingBackNotMoved | Phase::FailingBackMoved) => Cell {
            value: No,
            reason: "Resiliency mode during failback: no persistent change such as adding a contact",
            source: RESILIENCY_RULE,
        },
        (CapKey::AddContact, Phase::FailedBack) => Cell {
            value: Yes,
            reason: "Failback complete: regular mode",
            source: page(AffectedUser, rows::USER_STATE, false),
        },
        (CapKey::ContactsAndAbs, _) => Cell {
            value: if during { No } else { Yes },
            reason: if during { "Not available during failback (Resiliency mode)" } else { "Available after failback completion" },
            source: page(AffectedUser, rows::CONTACTS_ABS, during),
        },
        (CapKey::ScheduleMeeting, _) => Cell {
            value: if during { No } else { Yes },
            reason: if during {
                "Not possible while the user is in Resiliency mode"
            } else {
                "Available for all modalities after failback completion"
            },
            source: page(AffectedUser, rows::SCHEDULING, during),
        },
        (CapKey::P2p, _) => Cell {
            value: Yes,
            reason: if during { "Peer-to-peer sessions stay available during failback" } else { "Available after failback completion" },
            source: page(AffectedUser, rows::P2P, during),
        },
        (CapKey::PresenceSamePool, Phase::FailingBackNotMoved) => Cell {
            value: Unknown,
            reason: "Presence unknown while signed into the backup pool in Resiliency mode",
            source: page(AffectedUser, rows::PRESENCE_SAME_POOL, true),
        },
        (CapKey::PresenceSamePool, Phase::FailingBackMoved) => Cell {
            value: Unknown,
            reason: "Moved home but still in Resiliency mode: presence stays unknown until failback completes",
            source: Source::Assumption {
                note: "the page's row covers the user on the backup pool; for a user already moved home, still in Resiliency mode, we keep unknown (FACTS.md §3B: in Resiliency mode presence is unknown to others)",
            },
        },
        (CapKey::PresenceSamePool, _) => Cell {
            value: Live,
            reason: "Shows the last presence state set by the user, and changes are reflected again",
            source: page(AffectedUser, rows::PRESENCE_SAME_POOL, false),
        },
        (CapKey::PresenceOtherPool, _) => Cell {
            value: if during { LastSet } else { Live },
            reason: if during {
                "Users in other pools see the last presence state the affected user set"
            } else {
                "Working: other pools see the affected user's updates"
            },
            source: page(UnaffectedPool, rows::VIEWING_PRESENCE, during),
        },
    }
}

const NOT_AFFECTED: Source = Source::PageText {
    section: INTRO_SECTION,
    quote: "A user originally homed on the backup pool is not an affected user.",
};

/// Where a user of the home pool who is not signed in would land if they
/// signed in now, as (on the backup pool?, in resiliency mode?), or `None`
/// when sign-in is blocked.
pub fn sign_in_landing(phase: Phase) -> (Option<(bool, bool)>, &'static str, Source) {
    use PageTable::AffectedUser;
    match phase {
        Phase::Normal => (Some((false, false)), "Signs in to the home pool in regular mode", NOT_AFFECTED),
        Phase::Outage => (
            None,
            "Cannot sign in until the registrar resiliency timer expires or the admin invokes failover",
            Source::PageText {
                section: FAILOVER_SECTION,
                quote: "The user cannot log back in until either the registrar resiliency timer expires or the administrator initiates failover procedures, whichever comes first.",
            },
        ),
        Phase::FailingOver => (Some((true, true)), "Signs in to the backup pool in Resiliency mode", ONLY_THEN_SESSIONS),
        Phase::FailedOver | Phase::Restored => (
            Some((true, false)),
            "Signs in to the backup pool; all services available",
            ALL_SERVICES_AFTER_FAILOVER,
        ),
        Phase::FailingBackNotMoved | Phase::FailingBackMoved => (
            Some((false, true)),
            "Can sign in to the home pool in Resiliency mode",
            page(AffectedUser, rows::NEW_USER_LOGGING_IN, true),
        ),
        Phase::FailedBack => (
            Some((false, false)),
            "Can sign in to the original home pool in regular mode",
            page(AffectedUser, rows::NEW_USER_LOGGING_IN, false),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phase_has_an_answer_for_every_key() {
        for phase in Phase::ALL {
            for key in CapKey::ALL {
                for signed_in in [true, false] {
                    let c = cell(key, phase, signed_in);
                    assert!(!c.reason.is_empty());
                    assert!(!c.source.cite().is_empty());
                }
            }
        }
    }
}
