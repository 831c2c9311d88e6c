//! The ConnectWise REST client: site handling, discovery, authenticated calls, typed errors.

pub mod client;
pub mod conditions;
pub mod discovery;
pub mod error;
pub mod http;
pub mod inventory;
pub mod models;
pub mod retire;
/// Site parsing is pure and lives in the bottom layer; re-exported for the client's users.
pub use crate::site;
pub mod tls;

pub use client::Client;
pub use discovery::Instance;
pub use error::{CwError, ErrorKind};
pub use http::HttpSettings;
pub use models::*;
