//! `cw-onboard sandbox`: the simulated instance alone.

use super::Exit;
use clap::Args;

#[derive(Debug, Clone, Default, Args)]
pub struct SandboxArgs {}

pub async fn run(_args: SandboxArgs) -> Exit {
    eprintln!("error: the sandbox is not built yet");
    Exit::Error
}
