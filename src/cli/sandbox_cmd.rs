//! `cw-onboard sandbox`: the simulated instance alone, until Ctrl-C or SIGTERM.

use super::Exit;
use crate::sandbox::{Sandbox, SandboxOptions};
use clap::Args;
use std::net::SocketAddr;

#[derive(Debug, Clone, Args)]
pub struct SandboxArgs {
    /// Address to listen on (loopback by default; port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub listen: SocketAddr,
    /// Company ID of the simulated MSP.
    #[arg(long, default_value = "demomsp")]
    pub company: String,
    /// Behave like a ConnectWise cloud instance.
    #[arg(long)]
    pub cloud: bool,
}

pub async fn run(args: SandboxArgs) -> Exit {
    let opts = SandboxOptions {
        listen: args.listen,
        company: args.company,
        cloud: args.cloud,
        deterministic: false,
    };
    let sandbox = match Sandbox::start(opts).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Error;
        }
    };
    match serde_json::to_string(sandbox.info()) {
        Ok(line) => println!("{line}"),
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Error;
        }
    }
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    match term {
        Ok(mut term) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
    sandbox.shutdown().await;
    Exit::Done
}
