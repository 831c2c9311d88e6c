//! Peak RSS of a demo flow: the release binary's `demo` in a PTY at 80x24, driven through every
//! step by keys (the demo's ^D plays the admin), its VmHWM read from /proc while it runs.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::time::Duration;

fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

pub fn demo_peak_rss() {
    let exe = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/cw-onboard");
    if !exe.exists() {
        println!("demo peak RSS: build the release binary first (cargo build --release)");
        return;
    }
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let Ok(pty) = native_pty_system().openpty(PtySize {
        rows: 24,
        cols: 80,
        pixel_width: 0,
        pixel_height: 0,
    }) else {
        println!("demo peak RSS: no PTY here");
        return;
    };
    let mut cmd = CommandBuilder::new(&exe);
    cmd.arg("demo");
    cmd.cwd(dir.path());
    cmd.env("TERM", "xterm-256color");
    cmd.env("CW_ONBOARD_STATE_DIR", dir.path().join("state"));
    cmd.env("CW_ONBOARD_CONFIG_DIR", dir.path().join("none"));
    let Ok(mut child) = pty.slave.spawn_command(cmd) else {
        return;
    };
    drop(pty.slave);
    let pid = child.process_id().unwrap_or(0);
    let (Ok(mut reader), Ok(mut writer)) =
        (pty.master.try_clone_reader(), pty.master.take_writer())
    else {
        return;
    };
    let (Some(rows), Some(cols)) = (std::num::NonZero::new(24), std::num::NonZero::new(80)) else {
        return;
    };
    let screen = std::sync::Arc::new(std::sync::Mutex::new(vt100::Parser::new(rows, cols, 0)));
    let sink = std::sync::Arc::clone(&screen);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut p) = sink.lock() {
                p.process(&buf[..n]);
            }
        }
    });
    // The start screen: Enter walks a setup. Step 0 check and next; role: pick, create, ^D sets the levels, next; member: location
    // and business unit, create; keys: ^D makes and verifies one, stored (^S twice: nothing
    // was written, copied or revealed); allow-list; summary.
    let script: &[&[u8]] = &[
        b"\r",
        b"\x0c",
        b"\x0e",
        b"cw-kanban",
        b"\r",
        b"\r",
        b"\x04",
        b"\x0e",
        b"\t\t\t\t\t",
        b"\x1b[C",
        b"\x1b[C",
        b"\t",
        b"\x1b[C",
        b"\x0e",
        b"\x04",
        b"\x13",
        b"\x13", // confirms: the key is stored though not written, copied or revealed
        b"\x0e",
        b"\x0e",
    ];
    let mut peak = 0;
    for keys in script {
        for _ in 0..8 {
            std::thread::sleep(Duration::from_millis(100));
            peak = peak.max(peak_kib(pid).unwrap_or(0));
        }
        let _ = writer.write_all(keys);
        let _ = writer.flush();
    }
    let mut finished = false;
    for _ in 0..50 {
        peak = peak.max(peak_kib(pid).unwrap_or(0));
        if let Ok(Some(_)) = child.try_wait() {
            finished = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    if !finished {
        let last = screen
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default();
        println!("demo peak RSS: the scripted flow did not finish; last screen:\n{last}");
        let _ = child.kill();
    }
    println!(
        "demo flow peak RSS: {:.1} MB{} (budget 30 MB)",
        peak as f64 / 1024.0,
        if finished { "" } else { " (flow unfinished)" }
    );
}
