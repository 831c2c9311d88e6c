//! The sandbox with a seed (the messy instance the audit reads, or a clean one), deterministic.

use cw_onboard::sandbox::{Sandbox, SandboxOptions, Seed};

pub async fn sandbox(seed: Seed) -> Sandbox {
    Sandbox::start(SandboxOptions {
        deterministic: true,
        seed,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox")
}
