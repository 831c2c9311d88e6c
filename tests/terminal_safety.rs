//! The full-screen wizard through a PTY: it restores the terminal on ^C, SIGINT, SIGTERM, a
//! panic and a save error (each reported after the restore), and on SIGHUP (SSH dropped) it
//! saves and exits without drawing. The process hardening is read from its /proc.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Run {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// Set when the PTY reports the end of the child's output.
    eof: Arc<std::sync::atomic::AtomicBool>,
    writer: Box<dyn Write + Send>,
    dir: tempfile::TempDir,
}

fn start() -> Run {
    start_with(&[])
}

fn start_with(env: &[(&str, &str)]) -> Run {
    let state = tempfile::tempdir().expect("state");
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cw-onboard"));
    cmd.arg("demo");
    cmd.cwd(state.path());
    cmd.env("TERM", "xterm-256color");
    cmd.env("CW_ONBOARD_STATE_DIR", state.path().join("state"));
    cmd.env("CW_ONBOARD_CONFIG_DIR", state.path().join("none"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = pty.slave.spawn_command(cmd).expect("spawn");
    drop(pty.slave);
    let raw = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&raw);
    let eof = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let done = Arc::clone(&eof);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut r) = sink.lock() {
                r.extend_from_slice(&buf[..n]);
            }
        }
        done.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    let writer = pty.master.take_writer().expect("writer");
    // Keep the master alive for the child's lifetime by leaking it into the writer's owner.
    std::mem::forget(pty.master);
    Run {
        child,
        raw,
        eof,
        writer,
        dir: state,
    }
}

impl Run {
    fn output(&self) -> String {
        self.raw
            .lock()
            .map(|r| String::from_utf8_lossy(&r).into_owned())
            .unwrap_or_default()
    }

    /// The screen as the output so far draws it (ratatui redraws only changed cells, so
    /// text on screen need not appear whole in the raw output).
    fn screen(&self) -> String {
        let (Some(rows), Some(cols)) = (std::num::NonZero::new(24), std::num::NonZero::new(80))
        else {
            return String::new();
        };
        let mut parser = vt100::Parser::new(rows, cols, 0);
        if let Ok(raw) = self.raw.lock() {
            parser.process(&raw);
        }
        parser.screen().contents()
    }

    fn wait_for(&self, needle: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if self.output().contains(needle) || self.screen().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {needle:?}");
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                // Let the reader drain what the child wrote last (the restore sequences).
                let drained = Instant::now();
                while !self.eof.load(std::sync::atomic::Ordering::SeqCst)
                    && drained.elapsed() < Duration::from_secs(5)
                {
                    std::thread::sleep(Duration::from_millis(20));
                }
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the wizard did not exit"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn signal(&self, sig: rustix::process::Signal) {
        if let Some(pid) = self
            .child
            .process_id()
            .and_then(|p| rustix::process::Pid::from_raw(p as i32))
        {
            let _ = rustix::process::kill_process(pid, sig);
        }
    }
}

const LEAVE_ALT_SCREEN: &str = "\u{1b}[?1049l";

#[test]
fn ctrl_c_restores_the_terminal() {
    let mut run = start();
    run.wait_for("Step 0 of 5");
    std::thread::sleep(Duration::from_millis(300));
    let _ = run.writer.write_all(b"\x03");
    let status = run.wait_exit();
    assert_eq!(status.exit_code(), 130);
    let out = run.output();
    assert!(
        out.contains(LEAVE_ALT_SCREEN),
        "the alternate screen was left"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut run = start();
    run.wait_for("Step 0 of 5");
    run.signal(rustix::process::Signal::TERM);
    let status = run.wait_exit();
    assert_eq!(status.exit_code(), 130);
    assert!(
        run.output().contains(LEAVE_ALT_SCREEN),
        "the alternate screen was left"
    );
}

#[test]
fn sigint_restores_the_terminal() {
    // A SIGINT sent by another process (raw mode turns the ^C key into a key press instead).
    let mut run = start();
    run.wait_for("Step 0 of 5");
    run.signal(rustix::process::Signal::INT);
    let status = run.wait_exit();
    assert_eq!(status.exit_code(), 130);
    assert!(
        run.output().contains(LEAVE_ALT_SCREEN),
        "the alternate screen was left"
    );
}

#[test]
fn sighup_exits_without_drawing() {
    let mut run = start();
    run.wait_for("Step 0 of 5");
    let before = run.output().len();
    run.signal(rustix::process::Signal::HUP);
    let status = run.wait_exit();
    assert_eq!(status.exit_code(), 130);
    let after = run.output();
    assert!(
        !after[before..].contains("Step 0 of 5"),
        "nothing is drawn after the hang-up"
    );
}

#[test]
fn a_panic_restores_the_terminal_before_the_report() {
    if !cfg!(debug_assertions) {
        return; // the test-only panic point exists in debug builds
    }
    let mut run = start_with(&[(cw_onboard::runtime::crash_point::PANIC_AT, "enter-role")]);
    // The demo checks step 0 by itself: ^N once it has.
    run.wait_for("assisted mode");
    let _ = run.writer.write_all(b"\x0e");
    let status = run.wait_exit();
    assert!(!status.success());
    let out = run.output();
    let left = out
        .find(LEAVE_ALT_SCREEN)
        .expect("the alternate screen was left");
    let report = out.find("test crash point").expect("the panic report");
    assert!(
        left < report,
        "the report is printed on the restored terminal"
    );
    assert!(
        out[left..].contains("\u{1b}[?25h"),
        "the cursor is shown again"
    );
}

#[test]
fn a_save_error_is_reported_on_the_restored_terminal() {
    let mut run = start();
    run.wait_for("Step 0 of 5");
    // The state directory becomes unusable under the running wizard.
    let state = run.dir.path().join("state");
    let _ = std::fs::rename(&state, run.dir.path().join("moved-away"));
    std::fs::write(&state, "x").expect("a file where the directory was");
    // The demo checks step 0 by itself: ^N once it has.
    run.wait_for("assisted mode");
    let _ = run.writer.write_all(b"\x0e");
    run.wait_for("Step 1 of 5");
    // Choosing the template names the setup: its first save fails.
    let _ = run.writer.write_all(b"cw-kanban\r");
    run.wait_for("Role name");
    let _ = run.writer.write_all(b"\x03");
    let status = run.wait_exit();
    assert!(!status.success());
    let out = run.output();
    let left = out
        .rfind(LEAVE_ALT_SCREEN)
        .expect("the alternate screen was left");
    assert!(
        out[left..].contains("could not be saved"),
        "the error is printed after the restore: {:?}",
        &out[left..]
    );
}

#[test]
fn the_process_is_hardened_umask_077_and_no_core_dumps() {
    let mut run = start();
    run.wait_for("Step 0 of 5");
    let pid = run.child.process_id().expect("pid");
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    assert!(
        status.lines().any(|l| l == "Umask:\t0077"),
        "umask 077: {status}"
    );
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("limits");
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .expect("core limit");
    assert_eq!(
        core.split_whitespace().nth(4),
        Some("0"),
        "no core dumps: {core}"
    );
    let _ = run.writer.write_all(b"\x03");
    run.wait_exit();
}
