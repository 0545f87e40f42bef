//! One component per file. Every component gets the shared runtime handle
//! ([`Rt`]), the runtime's `tick` (so it re-renders when the model changed)
//! and, when it acts, the `on_command` callback.

pub mod admin_panel;
pub mod app;
pub mod bench_result;
pub mod chart;
pub mod compare_panel;
pub mod controls;
pub mod drawer;
pub mod editor_about;
pub mod editor_captions;
pub mod editor_checkpoints;
pub mod editor_fields;
pub mod editor_panel;
pub mod editor_pools;
pub mod editor_select;
pub mod editor_sessions;
pub mod editor_timeline;
pub mod editor_users;
pub mod event_log;
pub mod footer;
pub mod guide_panel;
pub mod header;
pub mod mini_stage;
pub mod narration;
pub mod pool_cards;
pub mod share_panel;
pub mod source_tables;
pub mod stage;
pub mod tab_bar;
pub mod timeline;
pub mod topology_import;
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
