//! Performance budgets (issue 7), measured, not asserted: `cargo bench --bench budgets`.
//! Results and the machine go in docs/performance.md.

mod audit;
mod demo_memory;
mod network;

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

/// A paste at the field's cap goes in, and a 2 MB paste is refused, each in one pass (issue 15:
/// char-by-char inserts were quadratic, 100 KB took 6 s).
fn paste_budget() {
    use cw_onboard::app::field::{MAX_PASTE_BYTES, TextField};
    let at_cap = "k".repeat(MAX_PASTE_BYTES);
    let huge = "x".repeat(2 * 1024 * 1024);
    let runs = 200;
    let start = Instant::now();
    for _ in 0..runs {
        let mut field = TextField::new("Site", |_| Ok(String::new()));
        field.paste(&at_cap);
    }
    let fits = start.elapsed() / runs;
    let start = Instant::now();
    let mut field = TextField::new("Site", |_| Ok(String::new()));
    field.paste(&huge);
    println!(
        "paste: {} KB at the cap {fits:?}, 2 MB refused {:?} (budget 1 ms each)",
        MAX_PASTE_BYTES / 1024,
        start.elapsed()
    );
}

fn main() {
    render_budget();
    paste_budget();
    templates_list_budget();
    demo_memory::demo_peak_rss();
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(async {
            network::verify_budget().await;
            network::batch_budget().await;
            network::one_pass_budget().await;
            audit::audit_budget().await;
        }),
        Err(e) => println!("no runtime: {e}"),
    }
}
