//! The network budgets, at 100 ms injected latency: `verify` of one setup and of 20, and an
//! end-to-end batch setup. Sequential round trips are read from the in-process sandbox: the
//! longest chain of requests each sent after the previous one was answered.

#[path = "../../tests/support/flows.rs"]
mod flows;

use cw_onboard::app::facts::InstanceFacts;
use cw_onboard::app::setup::Setup;
use cw_onboard::sandbox::{ControlClient, Faults, Sandbox};
use cw_onboard::secrets::KeyPair;
use cw_onboard::session::SessionConfig;
use cw_onboard::template::Library;
use std::time::Instant;

async fn sandbox_at_100ms() -> (Sandbox, ControlClient) {
    let (sandbox, control) = flows::sandbox().await;
    control
        .set_faults(&Faults {
            latency_ms: 100,
            ..Faults::default()
        })
        .await
        .expect("faults");
    (sandbox, control)
}

pub async fn verify_budget() {
    let (sandbox, control) = sandbox_at_100ms().await;
    let info = sandbox.info().clone();
    let key = control.create_key("backupbot", "bench").await.expect("key");
    let lib = Library::builtin().expect("templates");
    let merged = cw_onboard::template::merge(&[lib.get("cw-kanban").expect("kanban")]);
    // A finished setup records the instance it talked to.
    let setup = Setup {
        id: "demomsp-cw-kanban".into(),
        site: info.url.clone(),
        company: info.company.clone(),
        client_id: info.client_id.clone(),
        instance: Some(InstanceFacts {
            company_name: "Demo MSP Inc.".into(),
            version: "v2025.1".into(),
            is_cloud: false,
            codebase: "v4_6_release/".into(),
            api_url: format!("{}/v4_6_release/apis/3.0/", info.url),
            site_notes: Vec::new(),
        }),
        ..Default::default()
    };
    let pair = KeyPair::new(key.public_key, key.private_key);
    let services = cw_onboard::runtime::api::Services::for_tests();
    let mark = sandbox.requests_so_far();
    let start = Instant::now();
    let checks =
        cw_onboard::runtime::net::key::verify_setup(&services, &setup, &merged, Some(&pair)).await;
    println!(
        "verify one setup at 100 ms latency: {:?}, {} sequential round trips, {} checks (budget 2)",
        start.elapsed(),
        sandbox.sequential_chain_since(mark).len(),
        checks.len()
    );
    let start = Instant::now();
    let all = (0..20).map(|_| {
        let services = &services;
        let (setup, merged, pair) = (&setup, &merged, &pair);
        async move {
            cw_onboard::runtime::net::key::verify_setup(services, setup, merged, Some(pair)).await
        }
    });
    futures::future::join_all(all).await;
    println!(
        "verify of 20 setups concurrently at 100 ms latency: {:?} (budget 1.5 s)",
        start.elapsed()
    );
    sandbox.shutdown().await;
}

/// Batch mode in-process, as `cw-onboard --no-input` runs it: run 1 checks the answers,
/// creates the role shell and the member and exits 4 with one checklist; the sandbox's control
/// API plays the admin's one visit (levels and key); run 2 verifies and finishes.
pub async fn batch_budget() {
    let (sandbox, control) = sandbox_at_100ms().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, _) = flows::kanban_files(dir.path(), &info);
    // Exports go to the current directory, as in a shell.
    if std::env::set_current_dir(dir.path()).is_err() {
        println!("batch: cannot enter a temporary directory");
        return;
    }
    let config = SessionConfig {
        state_dir: Some(dir.path().join("state")),
        config_dir: Some(dir.path().join("none")),
        ..SessionConfig::default()
    };
    let admin = || {
        Some(KeyPair::new(
            info.admin_public_key.clone(),
            info.admin_private_key.clone(),
        ))
    };
    let mut member_key = None;
    let mut total_trips = 0;
    let mut total_time = std::time::Duration::ZERO;
    let mut lines = Vec::new();
    for run in 1..=2 {
        let mark = sandbox.requests_so_far();
        let start = Instant::now();
        // The run's own transcript (checklist, results) is not a number: it stays unprinted.
        let outcome = cw_onboard::session::quiet::quietly(cw_onboard::batch::run(
            &config,
            Some(&answers),
            admin(),
            member_key.clone(),
        ))
        .await;
        let took = start.elapsed();
        let chain = sandbox.sequential_chain_since(mark);
        total_trips += chain.len();
        total_time += took;
        lines.push(format!(
            "  run {run}: {outcome:?}, {took:?}, {} sequential round trips",
            chain.len()
        ));
        for (n, trip) in chain.iter().enumerate() {
            lines.push(format!("    {}. {trip}", n + 1));
        }
        if run == 1 {
            control
                .set_role_settings("CW Kanban", &flows::kanban_rows())
                .await
                .expect("levels");
            let key = control
                .create_key("kanban", "CW Kanban")
                .await
                .expect("key");
            member_key = Some(KeyPair::new(key.public_key, key.private_key));
        }
    }
    println!(
        "batch setup at 100 ms latency, two runs and one visit to the ConnectWise UI between them: {total_time:?}, {total_trips} sequential round trips in all (budget 8)"
    );
    for line in lines {
        println!("{line}");
    }
    sandbox.shutdown().await;
}

/// The whole setup in one pass, the demo's keys playing the admin at once (their control-API
/// calls are not ConnectWise round trips): the floor under any front end's sequential trips.
/// The role's settings are read twice in a row, and both are needed: the first, once the shell
/// is created, shows its checklist (which functions this instance has, every row too low; an
/// unread role would show every row missing); the second proves the levels ^D just set. An
/// admin's hands put seconds (and polls) between them; here they are instant.
pub async fn one_pass_budget() {
    use ratatui::crossterm::event::KeyCode;

    let (sandbox, _control) = sandbox_at_100ms().await;
    // The wizard as the terminal runs it, saving as it goes (a create waits for its intent).
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = flows::headless(sandbox.info(), dir.path(), true);
    let mark = sandbox.requests_so_far();
    let start = Instant::now();
    let steps = async {
        h.start().await?;
        h.ctrl('n').await?;
        h.type_text("cw-kanban").await?;
        h.key(KeyCode::Enter).await?;
        h.key(KeyCode::Enter).await?;
        h.ctrl('d').await?;
        h.ctrl('n').await?;
        // The picks the template leaves open, focused with Tab as the admin would.
        flows::choose_location(&mut h).await;
        h.ctrl('n').await?;
        h.ctrl('d').await?;
        // ^S twice: the second confirms the key is stored though not handed off here.
        h.script("<c-s><c-s><c-n><c-n>").await
    };
    let result = steps.await;
    let chain = sandbox.sequential_chain_since(mark);
    println!(
        "whole setup in one pass at 100 ms latency (admin's hands instant): {:?}, {} sequential round trips, finished: {} (budget 8)",
        start.elapsed(),
        chain.len(),
        result.is_ok() && h.exit.is_some()
    );
    for (n, trip) in chain.iter().enumerate() {
        println!("  {}. {trip}", n + 1);
    }
    sandbox.shutdown().await;
}
