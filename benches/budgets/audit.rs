//! The audit budget (issue 13): an instance of 100 API members and 60 roles at 100 ms injected
//! latency: wall time, sequential round trips after companyinfo (budget 4), and the most
//! requests in flight (never more than the bound).

use cw_onboard::runtime::audit::{BOUND, Target, read_inventory};
use cw_onboard::sandbox::{ControlClient, Faults, Sandbox, SandboxOptions, Seed};
use cw_onboard::secrets::KeyPair;
use std::time::Instant;

pub async fn audit_budget() {
    let sandbox = match Sandbox::start(SandboxOptions {
        deterministic: true,
        seed: Seed::Scaled {
            members: 100,
            roles: 60,
        },
        ..SandboxOptions::default()
    })
    .await
    {
        Ok(s) => s,
        Err(e) => {
            println!("audit: no sandbox: {e}");
            return;
        }
    };
    let info = sandbox.info().clone();
    let faults = Faults {
        latency_ms: 100,
        ..Faults::default()
    };
    if let Ok(control) = ControlClient::new(&info.url)
        && let Err(e) = control.set_faults(&faults).await
    {
        println!("audit: cannot inject latency: {e}");
        return;
    }
    let key = KeyPair::new(
        info.admin_public_key.clone(),
        info.admin_private_key.clone(),
    );
    let target = Target {
        site: &info.url,
        company: &info.company,
        client_id: &info.client_id,
        key: &key,
    };
    let http = cw_onboard::cw::HttpSettings::default();
    let mark = sandbox.requests_so_far();
    let start = Instant::now();
    let inventory = read_inventory(&http, &target, Vec::new()).await;
    let took = start.elapsed();
    // The budget counts what follows companyinfo (the chain's first trip).
    let chain = sandbox.sequential_chain_since(mark);
    let after = chain
        .iter()
        .filter(|t| !t.contains("/login/companyinfo/"))
        .count();
    let peak = sandbox.peak_in_flight_since(mark);
    match inventory {
        Ok(inv) => println!(
            "audit of {} API members and {} roles at 100 ms latency: {took:?}, {} sequential round trips after companyinfo (budget 4), peak {peak} in flight (bound {BOUND}), {} requests",
            inv.members.len(),
            inv.roles.len(),
            after,
            sandbox.requests_so_far() - mark
        ),
        Err(e) => println!("audit: failed: {}", e.summary),
    }
    for (n, trip) in chain.iter().enumerate() {
        println!("  {}. {trip}", n + 1);
    }
    sandbox.shutdown().await;
}
