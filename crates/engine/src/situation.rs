//! Where one user is at one moment, and why. The simulation computes a
//! [`Situation`] in closed form (`Simulation::situation`); every answer the
//! product gives about that user (capabilities, sign-in, the client's banner,
//! session admission, what observers see) is decided from it in `rules.rs`.

use crate::capability::Phase;
use crate::dr::PoolIdx;
use crate::time::SimTime;
use serde::Serialize;

/// The mode of a signed-in user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    Regular,
    /// No persistent change on the server (the page's Resiliency mode).
    Resiliency,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Regular => "regular",
            Mode::Resiliency => "resiliency",
        }
    }
}

/// Signed in or not, as in the JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Connection {
    SignedIn,
    SignedOut,
}

impl Connection {
    pub fn as_str(self) -> &'static str {
        match self {
            Connection::SignedIn => "signed-in",
            Connection::SignedOut => "signed-out",
        }
    }
}

/// Why the user is where they are. Together with the phase this decides
/// every sentence the product says about the user; nothing downstream looks
/// at the pools again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Why {
    /// Nothing is happening to the home pool. `partner_in_dr`: the home pool
    /// is the backup of a pool in disaster recovery (the page's "user
    /// originally homed on the backup pool").
    Unaffected { paired: bool, partner_in_dr: bool },
    /// The user is not signed in of their own accord (or never was).
    NotSignedIn,
    /// The home pool is down; it has a backup, but neither the registrar
    /// resiliency timer has expired nor has the admin invoked failover.
    /// `at_failure`: the user was signed in when the pool failed.
    WaitingForBackup { at_failure: bool },
    /// The home pool is down and has no backup pool: nothing to fail over to.
    NoBackup { at_failure: bool },
    /// Signing in is possible again; the client has not reconnected yet.
    /// `planned`: signed out by a planned failover (the pool is up).
    Reconnecting { planned: bool },
    /// Phase 3: signed in to the backup pool, failover not complete.
    BeforeFailoverComplete,
    /// Phases 4-5: failover complete, everything from the backup pool.
    FailedOver,
    /// Phase 6.
    FailbackNotMoved,
    /// Phase 7. `signed_in_at_home`: signed in afresh during failback, so
    /// the client went straight to the home pool, never via the backup.
    FailbackMoved { signed_in_at_home: bool },
    /// Phase 8.
    FailedBack,
    /// The home pool is up again without a failover: a client signing in
    /// now tries its home pool first and gets it.
    HomeFirst,
    /// The backup registrar redirected the client home once it detected the
    /// home pool again (no failover was invoked).
    RedirectedHome,
}

/// Facts about the home pool at the moment, which some sentences depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HomePool {
    pub down: bool,
    pub paired: bool,
    /// The episode began with a planned failover (the pool never failed).
    pub planned: bool,
    /// The admin has invoked failover in this episode (by this moment).
    pub failover_invoked: bool,
}

/// Where a user is at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Situation {
    /// MODEL.md's phase of the user's home pool, from this user's side.
    pub phase: Phase,
    pub serving: Option<PoolIdx>,
    pub mode: Option<Mode>,
    pub why: Why,
    pub home: HomePool,
    /// When their connection or mode last changed (for animation).
    pub since: SimTime,
}

impl Situation {
    pub fn signed_in(&self) -> bool {
        self.serving.is_some()
    }

    /// The phase's label for this user: phase 3 reached by the registrar
    /// timer alone is not "failover not complete" (nobody invoked one).
    pub fn phase_label(&self) -> &'static str {
        match self.phase {
            Phase::FailingOver if !self.home.failover_invoked => "Backup sign-in, no failover invoked",
            p => p.label(),
        }
    }

    pub fn connection(&self) -> Connection {
        if self.signed_in() {
            Connection::SignedIn
        } else {
            Connection::SignedOut
        }
    }

    /// The page's "affected user": "any user who was failed over from the
    /// home pool and is being serviced by the backup pool". Signed in to the
    /// backup pool (timer or failover), or moved home by failback and still
    /// in Resiliency mode until it completes. Not a user who is signed out,
    /// nor one who signed in afresh during failback and went straight home;
    /// never for a pool with no backup, nor for a user homed on the backup.
    pub fn affected(&self) -> bool {
        if !self.home.paired || !self.signed_in() || !self.phase.is_affected() || self.phase == Phase::Outage {
            return false;
        }
        match self.why {
            Why::FailbackMoved { signed_in_at_home } => !signed_in_at_home,
            Why::BeforeFailoverComplete | Why::FailedOver | Why::FailbackNotMoved => true,
            _ => false,
        }
    }
}
