//! Secrets: key input and output, process hardening.

pub mod keypair;

pub use keypair::{KeyPair, mask};
