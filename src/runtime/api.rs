//! The runtime's network adapter under its old path: `runtime::net` holds it, split by job.
//! Kept so the executor, the audit, the benches and the tests keep their imports.

pub use super::key_file::write_key_file;
pub use super::net::adapt::{UNNAMED, failure, live_row, member_facts, pick, unnamed};
pub use super::net::instance::discover;
pub use super::net::{Services, run};
