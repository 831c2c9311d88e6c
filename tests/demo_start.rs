//! `cw-onboard demo`'s start screen: walk a setup or audit the messy instance, in the full
//! screen and as `--plain`'s first question; and the audit screen, like the wizard, restores
//! the terminal on SIGTERM and draws nothing after SIGHUP.

#[path = "support/pty.rs"]
mod pty;
#[path = "support/screen_text.rs"]
mod screen_text;

use cw_onboard::ui::Theme;
use cw_onboard::ui::demo_start::{DemoStart, draw};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

const LEAVE_ALT_SCREEN: &str = "\u{1b}[?1049l";

fn screen_text(screen: &DemoStart) -> String {
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    draw(screen, &Theme::color(), area, &mut buf);
    screen_text::buffer_text(&buf)
}

#[test]
fn the_start_screen_offers_the_walk_and_the_audit() {
    let mut screen = DemoStart::default();
    insta::assert_snapshot!("demo-start@80x24", screen_text(&screen));
    screen.on_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    insta::assert_snapshot!("demo-start-audit@80x24", screen_text(&screen));
}

/// `demo` on an 80x24 PTY with the audit chosen on its start screen.
fn audit_screen(dir: &std::path::Path) -> pty::Screen {
    let mut s = pty::spawn(dir, &["demo"], &[("TERM", "xterm-256color")], (24, 80));
    s.wait_for("What shall the demo show?");
    s.send("\x1b[B");
    s.send("\r");
    s.wait_for("cw-onboard audit");
    s.wait_for("syncbot");
    s
}

#[test]
fn the_full_screen_start_offers_the_audit_and_q_leaves_it_with_its_exit() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = audit_screen(dir.path());
    s.send("q");
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 3, "a high finding: {}", s.text());
}

#[test]
fn sigterm_in_the_audit_screen_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = audit_screen(dir.path());
    let before = s.output().len();
    s.signal(rustix::process::Signal::TERM);
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 130);
    let after = s.output();
    assert!(
        after[before..].contains(LEAVE_ALT_SCREEN),
        "the alternate screen was left"
    );
    assert!(
        after[before..].contains("\u{1b}[?25h"),
        "the cursor is shown again"
    );
}

#[test]
fn sighup_in_the_audit_screen_exits_without_drawing() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = audit_screen(dir.path());
    // A frame still being written when the signal lands is not a drawing after it.
    s.wait_quiet(std::time::Duration::from_millis(300));
    let before = s.output().len();
    s.signal(rustix::process::Signal::HUP);
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 130);
    let after = s.output();
    assert!(
        !after[before..].contains("syncbot") && !after[before..].contains(LEAVE_ALT_SCREEN),
        "nothing is drawn after the hang-up: {:?}",
        &after[before..]
    );
}

#[test]
fn sigterm_on_the_start_screen_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = pty::spawn(
        dir.path(),
        &["demo"],
        &[("TERM", "xterm-256color")],
        (24, 80),
    );
    s.wait_for("What shall the demo show?");
    s.signal(rustix::process::Signal::TERM);
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 130);
    assert!(s.output().contains(LEAVE_ALT_SCREEN));
}

#[test]
fn plain_demo_asks_the_same_and_prints_the_audit() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = pty::spawn(
        dir.path(),
        &["--plain", "demo"],
        &[("TERM", "xterm-256color"), ("NO_COLOR", "1")],
        (30, 120),
    );
    s.wait_for("What shall the demo show?");
    s.wait_for("Walk a setup");
    s.wait_for("Audit a messy instance");
    s.send("\x1b[B");
    s.send("\r");
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 3, "{}", s.text());
    assert!(
        s.output().contains("high   admin-rights member syncbot"),
        "{}",
        s.output()
    );
    assert!(
        !s.output().contains("setup-drift"),
        "this machine's setups stay out of the demo"
    );
}
