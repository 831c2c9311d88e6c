//! The ConnectWise REST client: site handling, discovery, authenticated calls, typed errors.

pub mod client;
pub mod conditions;
pub mod discovery;
pub mod error;
pub mod http;
pub mod models;
pub mod site;

pub use client::Client;
pub use discovery::Instance;
pub use error::{CwError, ErrorKind};
pub use http::HttpSettings;
pub use models::*;

/// Certificate inspection of on-premise hosts (step 0) is not built yet; every call validates
/// the chain anyway (rustls, plus `--ca-file`), and a failure comes back as [`CwError::Tls`].
pub mod tls {}
