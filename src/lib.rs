//! cw-onboard: a terminal wizard that gives a third-party integration least-privilege API access
//! to ConnectWise PSA, checking every step live against the instance.
//!
//! Layers, dependencies pointing inward (see reference/style-anchors.md §4):
//! - [`level`], [`template`]: pure data (permission levels, the security catalog, templates).
//! - [`app`]: the pure wizard core (`update(msg) -> effects`), no I/O, no tokio.
//! - [`ui`]: rendering of the core's state (one widget per step), pure.
//! - [`runtime`]: the terminal loop and the effect executor (tokio tasks, network, disk).
//! - [`cw`]: the ConnectWise REST client. [`sandbox`]: the simulated instance.
//! - [`state`]: setup persistence. [`secrets`]: key input/output and process hardening.
//! - [`prompt`], [`batch`]: the line-prompt and batch front-ends over the same core.
//! - [`cli`]: argument parsing and dispatch.

pub mod app;
pub mod audit;
pub mod batch;
pub mod cli;
pub mod cw;
pub mod level;
pub mod prompt;
pub mod runtime;
pub mod sandbox;
pub mod secrets;
pub mod state;
pub mod template;
pub mod ui;
