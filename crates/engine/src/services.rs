//! What the Backup Service does not replicate, per user: the consequences
//! FACTS.md §1, §4 and §7 give for the LIS database, Call Park, Response
//! Groups and the Edge next hop, driven by the admin's checklist.

use crate::capability::Source;
use crate::dr::{ChecklistItem, Health, PoolIdx};
use crate::sim::{Mode, Simulation};
use crate::time::SimTime;

/// One service and whether this user has it now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceNote {
    pub name: &'static str,
    /// Available now?
    pub available: bool,
    /// Why, in a sentence.
    pub reason: &'static str,
    /// Where it comes from.
    pub source: Source,
}

const LIS: Source = Source::PageText {
    section: "User experience during pool failure",
    quote: "Note that the Location Information Server database is not replicated to the backup pool. For best practice, the administrator should regularly back up the LIS database and use the latest backup copy to restore the LIS database in the backup pool after the failover.",
};
const CALL_PARK_AFTER_COMPLETION: Source = Source::Facts {
    section: "Call Park experience during pool failure (Lync Server 2013)",
    quote: "Not yet parked: hold/transfer only in resiliency mode; park works after completion.",
};
const CALL_PARK_RESILIENCY: Source = Source::Facts {
    section: "Call Park experience during pool failure (Lync Server 2013)",
    quote: "In resiliency mode users cannot park calls, but they can place calls on hold and transfer them.",
};
const CALL_PARK_BACKUP: Source = Source::Facts {
    section: "Planning for Call Park disaster recovery (Lync Server 2013)",
    quote: "Per-pool Call Park settings and custom music-on-hold are not backed up or preserved; failed-over users use the backup pool's Call Park application and its settings.",
};
const RGS: Source = Source::Facts {
    section: "Response Group disaster recovery (Lync Server 2013)",
    quote: "Response Group configuration is not replicated (before SfB 2019's -EnableRgsBackupService): new calls drop unless the configuration was imported into the backup pool with Import-CsRgsConfiguration.",
};
const EDGE: Source = Source::Facts {
    section: "Failing over and failing back a pool; Edge Server disaster recovery",
    quote: "If the surviving Edge uses the failed pool as next hop, external access, federation, split-domain and XMPP stop until the next hop is repointed.",
};

impl Simulation {
    /// The services beyond the page's tables for user `index` at `t`.
    pub fn service_notes(&self, index: u32, t: SimTime) -> Vec<ServiceNote> {
        let sc = self.scenario();
        let s = self.situation(index, t);
        let home = self.home_of(index);
        let backup = sc.pools[usize::from(home)].backup;
        let episode = self.dr().open_episode_at(home, t);
        let done = |item| episode.is_some_and(|e| e.done(item, t));
        let on_backup = s.serving.is_some() && s.serving == backup;
        let mut notes = Vec::new();

        let (available, reason) = match (s.signed_in(), on_backup, done(ChecklistItem::RestoreLis)) {
            (false, _, _) => (false, "Not signed in"),
            (true, true, false) => {
                (false, "Missing: the LIS database was not replicated to the backup pool and is not restored yet")
            }
            (true, true, true) => (true, "The admin restored the LIS database in the backup pool"),
            (true, false, _) => (true, "Served by the home pool's LIS database"),
        };
        notes.push(ServiceNote { name: "Location-based services (E9-1-1 location)", available, reason, source: LIS });

        let (available, reason, source) = match s.mode {
            None => (false, "Not signed in", crate::capability::NOT_SIGNED_IN),
            // The calls rule decides whether there is a call to hold at all.
            Some(Mode::Resiliency) if crate::rules::may_establish(&s).is_err() => (
                false,
                "Resiliency mode before failover completes: no new calls yet, so nothing to park, hold or transfer",
                crate::rules::may_establish(&s).err().map_or(CALL_PARK_RESILIENCY, |r| r.source),
            ),
            Some(Mode::Resiliency) => (false, "Resiliency mode: calls cannot be parked (hold and transfer still work)", CALL_PARK_RESILIENCY),
            Some(Mode::Regular) if on_backup && !done(ChecklistItem::RecreateAnnouncements) => {
                (true, "Works with the backup pool's Call Park settings; custom music on hold and announcements are not re-created yet", CALL_PARK_BACKUP)
            }
            Some(Mode::Regular) if on_backup => (true, "Works on the backup pool; music on hold and announcements re-created there", CALL_PARK_BACKUP),
            Some(Mode::Regular) if s.why == crate::Why::FailedBack => {
                (true, "Failback complete: parking works again on the home pool", CALL_PARK_AFTER_COMPLETION)
            }
            Some(Mode::Regular) => (true, "Works on the home pool", crate::capability::NOTHING_HAPPENING),
        };
        notes.push(ServiceNote { name: "Call Park", available, reason, source });

        let home_in_dr = episode.is_some_and(|e| {
            e.failback_done_at.is_none_or(|d| t < d)
                && (e.failed_at.is_some_and(|f| f <= t) || e.failover_at.is_some_and(|f| f <= t))
        });
        let (available, reason) = if home_in_dr && !done(ChecklistItem::ImportRgs) {
            (
                false,
                "Calls to the home pool's response groups drop: the configuration is not imported into the backup pool",
            )
        } else if home_in_dr {
            (true, "Response groups run on the backup pool from the imported configuration (agents homed on the failed pool may be unreachable)")
        } else {
            (true, "Response groups run on the home pool")
        };
        notes.push(ServiceNote { name: "Response Group calls", available, reason, source: RGS });

        // The Edge next hop is shared: a failed next-hop pool cuts external access for everyone.
        let cut = (0..sc.pools.len() as PoolIdx).any(|p| {
            sc.pools[usize::from(p)].edge_next_hop
                && self.dr().health(p, t) == Health::Down
                && !self.dr().open_episode_at(p, t).is_some_and(|e| e.done(ChecklistItem::RepointEdge, t))
        });
        let (available, reason) = if cut {
            (false, "The Edge still uses a failed pool as its next hop: external access and federation are down")
        } else {
            (true, "The Edge's next hop is up")
        };
        notes.push(ServiceNote { name: "External access and federation", available, reason, source: EDGE });
        notes
    }
}

#[cfg(test)]
mod tests {
    use crate::builtin::builtin;
    use crate::{SimTime, Simulation};

    fn notes(t: &str) -> Vec<(String, bool)> {
        let sim = Simulation::new(builtin("working-day").unwrap().scenario().unwrap()).unwrap();
        let alice = sim.named_user_index(sim.scenario().user_by_id("alice").unwrap());
        sim.service_notes(alice, SimTime::parse(t).unwrap()).iter().map(|n| (n.name.to_string(), n.available)).collect()
    }

    #[test]
    fn checklist_items_restore_services() {
        let at = |t: &str, name: &str| notes(t).into_iter().find(|(n, _)| n.starts_with(name)).unwrap().1;
        assert!(at("5:00", "Location") && at("5:00", "External") && at("5:00", "Response"));
        // Pool A is the Edge's next hop: down until repointed at 18:00.
        assert!(!at("11:00", "External") && at("18:00", "External"));
        // On Pool B, LIS is missing until restored at 40:00.
        assert!(!at("36:00", "Location") && at("40:00", "Location"));
        // No Import-CsRgsConfiguration in this scenario: response groups stay down until failback completes.
        assert!(!at("36:00", "Response") && at("2:50:00", "Response"));
        // Resiliency mode: no Call Park.
        assert!(!at("12:30", "Call Park") && at("36:00", "Call Park"));
    }
}
