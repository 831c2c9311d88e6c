//! `cw-onboard sandbox`: the simulated instance alone, until Ctrl-C or SIGTERM.

use super::Exit;
use crate::sandbox::{Sandbox, SandboxOptions, Seed, TlsMode};
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
    /// Serve HTTPS: `self-signed`, or `ca` (a generated CA signs the certificate; see --ca-out).
    #[arg(long, value_name = "KIND", value_parser = ["self-signed", "ca"])]
    pub tls: Option<String>,
    /// With --tls ca: where to write the CA certificate (PEM), for --ca-file.
    #[arg(long, value_name = "PATH", requires = "tls")]
    pub ca_out: Option<std::path::PathBuf>,
    /// Seed a messy instance (an Admin-like integration role, shared and over-wide roles,
    /// legacy integrator logins) for `cw-onboard audit` to find.
    #[arg(long)]
    pub messy: bool,
}

pub async fn run(args: SandboxArgs) -> Exit {
    let tls = match (args.tls.as_deref(), args.ca_out) {
        (None, _) => TlsMode::Off,
        (Some("self-signed"), None) => TlsMode::SelfSigned,
        (Some("ca"), Some(path)) => TlsMode::CaSigned { ca_pem_out: path },
        (Some("ca"), None) => {
            eprintln!(
                "error: --tls ca needs --ca-out PATH (where to write the CA certificate for --ca-file)"
            );
            return Exit::Usage;
        }
        (Some(_), Some(_)) => {
            eprintln!("error: --ca-out goes with --tls ca");
            return Exit::Usage;
        }
        (Some(other), None) => {
            eprintln!("error: unknown --tls {other}");
            return Exit::Usage;
        }
    };
    let opts = SandboxOptions {
        tls,
        listen: args.listen,
        company: args.company,
        cloud: args.cloud,
        deterministic: false,
        keep_bodies: false,
        seed: if args.messy { Seed::Messy } else { Seed::Plain },
    };
    let sandbox = match Sandbox::start(opts).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Error;
        }
    };
    // Listen for signals before announcing the sandbox, so a caller may stop it at once.
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    match serde_json::to_string(sandbox.info()) {
        Ok(line) => println!("{line}"),
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Error;
        }
    }
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
