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
    /// 5: home pool up (restored, or never down in a planned failover);
    /// failback not yet invoked.
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
            Phase::Restored => "Home pool up, not failed back",
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

    /// The answers the capability can take (for a quiz's choices).
    pub fn possible_values(self) -> &'static [CapValue] {
        match self {
            CapKey::PresenceSamePool | CapKey::PresenceOtherPool => {
                &[CapValue::Live, CapValue::Unknown, CapValue::LastSet, CapValue::Offline]
            }
            _ => &[CapValue::Yes, CapValue::No],
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CapValue {
    Yes,
    No,
    /// Presence is shown and changes are reflected.
    Live,
    /// Presence shows as unknown.
    Unknown,
    /// Presence shows the last state the user set; changes are not reflected.
    LastSet,
    /// Presence shows offline.
    Offline,
    /// The observer is not signed in and sees no presence at all.
    NotShown,
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
            CapValue::NotShown => "not-shown",
        }
    }

    /// The value in people's words (on buttons, in the inspector, in
    /// handouts): the JSON's words but for the two that are codes.
    pub fn label(self) -> &'static str {
        match self {
            CapValue::LastSet => "last presence they set",
            CapValue::NotShown => "not shown",
            v => v.as_str(),
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
        table: PageTable,
        /// The row's first cell, verbatim.
        row: &'static str,
        /// "During failback" or "After failback completion".
        column: &'static str,
    },
    /// A sentence of the page's prose.
    PageText {
        section: &'static str,
        /// The sentence, verbatim.
        quote: &'static str,
    },
    /// A line of Microsoft's other Skype for Business documentation
    /// (collected in FACTS.md).
    Facts {
        /// The document, as people know it ("Enterprise Voice resiliency").
        section: &'static str,
        /// What it says.
        quote: &'static str,
    },
    /// The page is silent: our choice, labelled as such in the UI.
    Assumption {
        /// What we assumed and why.
        note: &'static str,
    },
    /// Two of the page's own rows say different things about the same
    /// moment: both are cited and the UI labels the answer (docs/SOURCES.md).
    Conflict {
        /// What they disagree about.
        note: &'static str,
        first: &'static Source,
        second: &'static Source,
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
            Source::Facts { section, quote } => format!("Microsoft, \"{section}\": {quote}"),
            Source::Assumption { note } => format!("Assumption (the page is silent): {note}"),
            Source::Conflict { note, first, second } => {
                format!("Microsoft's tables disagree ({note}): {}; but {}", first.cite(), second.cite())
            }
        }
    }

    /// True where the page's own rows disagree, which the UI must label.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Source::Conflict { .. })
    }

    /// True for our own choices, which the UI must label.
    pub fn is_assumption(&self) -> bool {
        matches!(self, Source::Assumption { .. })
    }
}

/// One answer with its reason and source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Cell {
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
/// "The user cannot log back in until either the registrar resiliency timer expires or..."
pub const CANNOT_LOG_BACK_IN: Source = Source::PageText {
    section: FAILOVER_SECTION,
    quote: "The user cannot log back in until either the registrar resiliency timer expires or the administrator initiates failover procedures, whichever comes first.",
};
/// "If a pool is failed over, all users in the affected pool are forced to sign out..."
pub const FORCED_SIGN_OUT: Source = Source::PageText {
    section: INTRO_SECTION,
    quote: "If a pool is failed over, all users in the affected pool are forced to sign out and then sign into the backup pool.",
};
/// "A user originally homed on the backup pool is not an affected user."
pub const NOT_AFFECTED: Source = Source::PageText {
    section: "User experience during failback",
    quote: "A user originally homed on the backup pool is not an affected user.",
};
pub const NOTHING_HAPPENING: Source =
    Source::Assumption { note: "nothing is happening to the user's home pool: every service works as usual" };
pub const NOT_SIGNED_IN: Source = Source::Assumption {
    note: "a user who is not signed in can use no service, and others see them offline (ordinary client behaviour)",
};
pub const NO_BACKUP: Source = Source::Assumption {
    note: "the page covers paired pools; a pool with no backup pool has nothing to fail over to, so its users cannot sign in anywhere until it is restored (in Microsoft's disaster recovery design, pairing is what provides it)",
};
pub const PRESENCE_WHILE_OUTAGE: Source = Source::Assumption {
    note: "the page does not say how others see a user whose pool is down, nor does any other Microsoft page; a signed-out user normally shows offline",
};
pub const HOME_FIRST: Source = Source::Assumption {
    note: "Microsoft's Enterprise Voice resiliency page: the client tries its primary Registrar first and the backup accepts it only while the primary is unavailable, so a client signing in after the home pool is back lands at home, in regular mode",
};
pub const REDIRECTED_HOME: Source = Source::Facts {
    section: "Enterprise Voice resiliency in Skype for Business Server",
    quote: "After the backup Registrar detects that the primary Registrar is again available, the backup Registrar pool will redirect failover clients to their primary pool.",
};
pub const BACKUP_ACCEPTS_ONLY_WHEN_PRIMARY_DOWN: Source = Source::Facts {
    section: "Enterprise Voice resiliency in Skype for Business Server",
    quote: "The client tries the primary, then the backup. The backup accepts only once it has determined that the user's primary Registrar pool is unavailable.",
};
pub const BANNER_WORDING: Source = Source::Assumption {
    note: "the client shows a limited-functionality message; its exact text is not published, so the wording is ours, listing what the rules allow",
};
pub const OBSERVER_IN_RESILIENCY: Source = Source::Assumption {
    note: "the page does not say what a user in Resiliency mode sees of others; Microsoft's Enterprise Voice resiliency page lists presence as not working, and its phone documentation shows presence unknown in Resiliency mode",
};
pub const JOIN_IN_RESILIENCY: Source = Source::Facts {
    section: "Enterprise Voice resiliency in Skype for Business Server",
    quote: "the affected user can join a conference hosted by an organizer whose pool is available but cannot create or host a conference",
};
pub const SESSION_ENDS_AT_SIGN_OUT: Source =
    Source::Assumption { note: "a session ends for a member who signs out (ordinary client behaviour)" };
/// Said next to a user's home pool.
pub const HOME_POOL_NOTE: &str = "never changes: users are not rehomed during failover or failback";
pub const SCHEDULED: Source = Source::Assumption { note: "scheduled by the scenario" };

/// The page's two tables on an affected user in a conference organized by
/// an unaffected user, during failback: restricted, or all modalities work.
pub const TABLES_DISAGREE_DURING_FAILBACK: Source = Source::Conflict {
    note: "an affected user in a conference organized by an unaffected user, during failback",
    first: &Source::PageRow { table: PageTable::AffectedUser, row: rows::CONF_BY_UNAFFECTED, column: rows::DURING },
    second: &Source::PageRow { table: PageTable::UnaffectedPool, row: rows::CONF_BY_UNAFFECTED, column: rows::DURING },
};

pub fn page(table: PageTable, row: &'static str, during: bool) -> Source {
    Source::PageRow { table, row, column: if during { rows::DURING } else { rows::AFTER } }
}
