//! cw-onboard: a terminal wizard that gives a third-party integration least-privilege API access
//! to ConnectWise PSA, checking every step live against the instance.
//!
//! Layers, dependencies pointing inward (`tests/architecture.rs` enforces them):
//! - [`level`], [`site`], [`secrets`], [`crypto`]: the bottom (permission levels, site parsing, key pairs
//!   and their input and hand-off). [`template`]: the security catalog and the templates.
//! - [`audit`]: the pure least-privilege analysis of a whole instance (findings, reports).
//! - [`app`]: the pure wizard core (`update(msg) -> effects`, and the typed command API
//!   `apply(command) -> effects | Rejected`), no I/O, no tokio.
//! - [`cw`]: the ConnectWise REST client. [`sandbox`]: the simulated instance, beside it.
//!   [`state`]: generic setup persistence.
//! - [`ui`]: rendering of the core's state (one widget per step), pure.
//! - [`runtime`]: the terminal loop and the effect executor (tokio tasks, network, disk).
//! - [`session`]: the composition root below `cli` (library, store, keys, services) and the
//!   headless drive of a setup through commands.
//! - [`prompt`], [`batch`]: the line-prompt and batch front-ends over the session.
//! - [`cli`]: argument parsing, and outcomes as exit codes.

pub mod app;
pub mod audit;
pub mod batch;
pub mod cli;
pub mod crypto;
pub mod cw;
pub mod level;
pub mod prompt;
pub mod runtime;
pub mod sandbox;
pub mod secrets;
pub mod session;
pub mod site;
pub mod state;
pub mod template;
pub mod ui;
