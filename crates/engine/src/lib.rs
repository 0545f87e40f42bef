//! # failover-engine
//!
//! A deterministic, sans-IO simulation of what users of Microsoft Skype for
//! Business Server experience when a Front End pool fails over to its paired
//! backup pool and later fails back (Microsoft's "User experience during pool
//! failure" page, reproduced phase by phase as in `MODEL.md`).
//!
//! What the engine is: a run of a scenario that can be asked about any moment
//! `t` ([`Simulation::situation`], [`Simulation::snapshot`]), plus orders
//! applied at a moment ([`Simulation::handle_order`]). It never reads a clock
//! and does no IO; the caller owns the clock. The same scenario and seed give
//! the same run natively and in wasm.
//!
//! Why seeking is instant: a user's state at any moment is a closed-form
//! function of their home pool's disaster-recovery episode (a handful of
//! times per pool, rebuilt from the orders) and two seeded numbers per user
//! (reconnect delay, failback rank). Nothing is stepped user by user.
//!
//! Where each rule lives: `rules.rs` decides every answer about a user from
//! their [`Situation`]; `orders.rs` is the vocabulary of orders; `dr.rs`
//! decides which orders are legal; `check.rs` validates a scenario file
//! against the run; `scenario.rs` only parses the format.
#![forbid(unsafe_code)]

pub mod authored;
pub mod builtin;
pub mod capability;
pub mod check;
pub mod dr;
#[cfg(feature = "text")]
pub mod draft;
pub mod handout;
#[cfg(feature = "text")]
pub mod import;
pub mod orders;
pub mod packed;
pub mod plan;
pub mod rng;
pub mod rules;
pub mod scenario;
pub mod services;
pub mod sim;
pub mod situation;
pub mod snapshot;
pub mod sorting;
pub mod source_tables;
pub mod steps;
pub mod table;
#[cfg(feature = "text")]
pub mod template;
pub mod text;
pub mod time;

pub use capability::{CapKey, CapValue, Cell, PageTable, Phase, Source};
pub use dr::{Action, ChecklistItem, DrState, FailoverMode, Health, NamedIdx, Order, OrderError, PoolIdx};
pub use scenario::{Problem, Problems, Scenario};
pub use sim::{Event, EventKind, Simulation};
pub use situation::{Connection, Mode, Situation, Why};
pub use time::SimTime;
