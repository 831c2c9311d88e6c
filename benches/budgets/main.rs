//! Performance budgets (issue 7), measured, not asserted: `cargo bench --bench budgets`.
//! Results and the machine go in docs/performance.md.

use cw_onboard::sandbox::{ControlClient, Faults, Sandbox, SandboxOptions};
use cw_onboard::template::Library;
use cw_onboard::ui::{self, Theme, gallery};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::time::{Duration, Instant};

fn render_budget() {
    let library = Library::builtin().expect("templates");
    let area = Rect::new(0, 0, 200, 60);
    let mut worst = ("", Duration::ZERO);
    for (name, wizard) in gallery::all(&library) {
        let mut buf = Buffer::empty(area);
        let runs = 200;
        let start = Instant::now();
        for _ in 0..runs {
            buf.reset();
            ui::draw(&wizard, &Theme::color(), area, &mut buf);
        }
        let per = start.elapsed() / runs;
        if per > worst.1 {
            worst = (name, per);
        }
    }
    println!(
        "render 200x60: slowest screen {} at {:?} per frame (budget 1 ms)",
        worst.0, worst.1
    );
}

fn templates_list_budget() {
    let exe = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/cw-onboard");
    if !exe.exists() {
        println!("templates list: build the release binary first (cargo build --release)");
        return;
    }
    let runs = 20;
    let start = Instant::now();
    for _ in 0..runs {
        let _ = std::process::Command::new(&exe)
            .args(["templates", "list"])
            .output();
    }
    println!(
        "templates list, process start to exit: {:?} (budget 10 ms)",
        start.elapsed() / runs
    );
    if let Ok(meta) = std::fs::metadata(&exe) {
        println!(
            "release binary: {:.1} MB (budget 15 MB)",
            meta.len() as f64 / 1_048_576.0
        );
    }
}

async fn verify_budget() {
    let sandbox = Sandbox::start(SandboxOptions {
        deterministic: true,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox");
    let info = sandbox.info().clone();
    let control = ControlClient::new(&info.url).expect("control");
    let key = control.create_key("backupbot", "bench").await.expect("key");
    control
        .set_faults(&Faults {
            latency_ms: 100,
            ..Faults::default()
        })
        .await
        .expect("faults");
    let lib = Library::builtin().expect("templates");
    let merged = cw_onboard::template::merge(&[lib.get("cw-kanban").expect("kanban")]);
    let setup = cw_onboard::app::setup::Setup {
        id: "demomsp-cw-kanban".into(),
        site: info.url.clone(),
        company: info.company.clone(),
        client_id: info.client_id.clone(),
        ..Default::default()
    };
    let pair = cw_onboard::secrets::KeyPair::new(key.public_key, key.private_key);
    let services = cw_onboard::runtime::api::Services::for_tests();
    let start = Instant::now();
    let _ =
        cw_onboard::runtime::checks::verify_setup(&services, &setup, &merged, Some(&pair)).await;
    let one = start.elapsed();
    println!(
        "verify one setup at 100 ms latency: {one:?} ≈ {} sequential round trips (budget 2)",
        one.as_millis() / 100
    );
    let start = Instant::now();
    let all = (0..20).map(|_| {
        let services = services.fresh();
        let (setup, merged, pair) = (&setup, &merged, &pair);
        async move {
            cw_onboard::runtime::checks::verify_setup(&services, setup, merged, Some(pair)).await
        }
    });
    futures::future::join_all(all).await;
    println!(
        "verify of 20 setups concurrently at 100 ms latency: {:?} (budget 1.5 s)",
        start.elapsed()
    );
    sandbox.shutdown().await;
}

fn main() {
    render_budget();
    templates_list_budget();
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(verify_budget()),
        Err(e) => println!("no runtime: {e}"),
    }
}
