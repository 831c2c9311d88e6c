//! The full-screen wizard through a PTY: it restores the terminal on ^C, SIGINT, SIGTERM, a
//! panic and a save error (each reported after the restore), and on SIGHUP (SSH dropped) it
//! saves and exits without drawing. The process hardening is read from its /proc.

#[path = "support/pty.rs"]
mod pty;

use std::time::Duration;

/// The demo on an 80x24 PTY; its directory lives as long as the run.
struct Run {
    screen: pty::Screen,
    dir: tempfile::TempDir,
    /// Where the wizard's output starts: after the demo's start screen was left.
    started: usize,
}

impl Run {
    /// What the wizard wrote (the start screen before it leaves the alternate screen too).
    fn wizard_output(&self) -> String {
        self.output()
            .get(self.started..)
            .unwrap_or_default()
            .to_string()
    }
}

impl std::ops::Deref for Run {
    type Target = pty::Screen;
    fn deref(&self) -> &pty::Screen {
        &self.screen
    }
}

impl std::ops::DerefMut for Run {
    fn deref_mut(&mut self) -> &mut pty::Screen {
        &mut self.screen
    }
}

fn start() -> Run {
    start_with(&[])
}

fn start_with(env: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().expect("state");
    let mut env = env.to_vec();
    env.push(("TERM", "xterm-256color"));
    let mut screen = pty::spawn(dir.path(), &["demo"], &env, (24, 80));
    // The demo's start screen: Enter walks a setup.
    screen.wait_for("What shall the demo show?");
    screen.send("\r");
    let since = std::time::Instant::now();
    let started = loop {
        if let Some(at) = screen.output().find(LEAVE_ALT_SCREEN) {
            break at + LEAVE_ALT_SCREEN.len();
        }
        assert!(
            since.elapsed() < Duration::from_secs(20),
            "the start screen stays"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        screen,
        dir,
        started,
    }
}

const LEAVE_ALT_SCREEN: &str = "\u{1b}[?1049l";

#[test]
fn ctrl_c_restores_the_terminal() {
    let mut run = start();
    run.wait_for("Step 0 of 5");
    std::thread::sleep(Duration::from_millis(300));
    run.send("\x03");
    let status = run.wait_exit();
    assert_eq!(status.exit_code(), 130);
    let out = run.wizard_output();
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
        run.wizard_output().contains(LEAVE_ALT_SCREEN),
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
        run.wizard_output().contains(LEAVE_ALT_SCREEN),
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
    run.send("\x0e");
    let status = run.wait_exit();
    assert!(!status.success());
    let out = run.wizard_output();
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
    run.send("\x0e");
    run.wait_for("Step 1 of 5");
    // Choosing the template names the setup: its first save fails.
    run.send("cw-kanban\r");
    run.wait_for("Role name");
    run.send("\x03");
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
    run.send("\x03");
    run.wait_exit();
}
