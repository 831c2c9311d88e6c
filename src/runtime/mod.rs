//! The runtime: the terminal, the event loop and the effect executor. Everything that touches
//! the network, the disk or the terminal lives here, around the pure core.

pub mod api;
pub mod audit;
pub mod crash_point;
pub mod event_loop;
pub mod executor;
pub mod headless;
pub mod key_file;
pub mod net;
pub mod retire;
pub mod saver;
pub mod stand_in;
pub mod terminal;
