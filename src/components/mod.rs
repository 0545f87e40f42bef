//! One component per file (those of Explore, Author and Plan only in the
//! full page: `full` feature). Every component gets the shared runtime handle
//! ([`Rt`]), the runtime's `tick` (so it re-renders when the model changed)
//! and, when it acts, the `on_command` callback.

#[cfg(feature = "full")]
pub mod admin_panel;
pub mod app;
#[cfg(feature = "full")]
pub mod author_outline;
pub mod bench_result;
#[cfg(feature = "full")]
pub mod chart;
#[cfg(feature = "full")]
pub mod compare_panel;
pub mod controls;
pub mod countdown;
#[cfg(feature = "full")]
pub mod drawer;
#[cfg(feature = "full")]
pub mod editor_about;
#[cfg(feature = "full")]
pub mod editor_captions;
#[cfg(feature = "full")]
pub mod editor_checkpoints;
#[cfg(feature = "full")]
pub mod editor_fields;
#[cfg(feature = "full")]
pub mod editor_panel;
#[cfg(feature = "full")]
pub mod editor_pools;
#[cfg(feature = "full")]
pub mod editor_select;
#[cfg(feature = "full")]
pub mod editor_sessions;
#[cfg(feature = "full")]
pub mod editor_timeline;
#[cfg(feature = "full")]
pub mod editor_users;
#[cfg(feature = "full")]
pub mod event_log;
#[cfg(feature = "full")]
pub mod footer;
pub mod guide_panel;
#[cfg(feature = "full")]
pub mod handouts;
#[cfg(feature = "full")]
pub mod header;
#[cfg(feature = "full")]
pub mod lesson_strip;
#[cfg(feature = "full")]
pub mod mini_stage;
#[cfg(feature = "full")]
pub mod mode_bar;
pub mod narration;
pub mod notice_list;
#[cfg(feature = "plan")]
pub mod plan_panel;
#[cfg(feature = "plan")]
pub mod plan_view;
pub mod pool_cards;
#[cfg(feature = "full")]
pub mod share_panel;
#[cfg(feature = "full")]
pub mod source_tables;
pub mod stage;
pub mod stage_area;
#[cfg(feature = "full")]
pub mod tab_bar;
pub mod timeline;
#[cfg(feature = "plan")]
pub mod topology_import;
pub mod transport;
pub mod user_panel;

use crate::state::{Command, State};
use std::rc::Rc;
use yew::prelude::*;

/// The page's state as a component sees it. Equal when its `tick` is: the
/// DOM re-renders when the state says something shown changed (at most ten
/// times a second while the clock runs), not on every frame.
#[derive(Clone)]
pub struct Rt(pub Rc<State>);

impl PartialEq for Rt {
    fn eq(&self, other: &Rt) -> bool {
        self.0.tick() == other.0.tick()
    }
}

/// The props most components take.
#[derive(Properties, PartialEq, Clone)]
pub struct ViewProps {
    pub rt: Rt,
    /// Changes whenever the model changed.
    pub tick: u64,
    /// Sends commands to the model.
    pub on_command: Callback<Command>,
}
