//! # failover-engine
//!
//! A deterministic, sans-IO simulation of what users of Microsoft Skype for
//! Business Server experience when a Front End pool fails over to its paired
//! backup pool and later fails back (Microsoft's "User experience during pool
//! failure" page, reproduced phase by phase as in `MODEL.md`).
//!
//! The engine never reads a clock and does no IO: time is a [`SimTime`]
//! argument, orders go in through [`Simulation::handle_order`] and
//! [`Simulation::handle_time`], events come out of [`Simulation::poll_event`].
//! The same scenario and seed give the same run natively and in wasm.
//!
//! Why seeking is instant: a user's state at any moment is a closed-form
//! function of their home pool's disaster-recovery episode (a handful of
//! times per pool, rebuilt from the orders) and two seeded numbers per user
//! (reconnect delay, failback rank). Nothing is stepped user by user.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod builtin;
pub mod capability;
pub mod dr;
pub mod rng;
pub mod scenario;
pub mod services;
pub mod sim;
pub mod snapshot;
pub mod source_tables;
pub mod table;
pub mod time;

pub use capability::{CapKey, CapValue, Cell, PageTable, Phase, Source};
pub use dr::{Action, ChecklistItem, DrState, FailoverMode, Health, NamedIdx, Order, OrderError, PoolIdx};
pub use scenario::{Problem, Problems, Scenario};
pub use sim::{Event, EventKind, Mode, Simulation, Situation};
pub use time::SimTime;
