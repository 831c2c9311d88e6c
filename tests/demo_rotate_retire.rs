//! The demo's rotate and retire (issue 14): chosen on its start screen or as `--plain`'s first
//! question, the demo makes a finished setup in its sandbox (saying so in one line), then runs
//! the rotation through every stage, or the retire to "retired", the sandbox playing the
//! admin's hands in ConnectWise (^D; `--plain`'s "let the sandbox" offers).

#[path = "support/pty.rs"]
mod pty;

const DOWN: &str = "\x1b[B";
const MADE: &str = "The demo made a finished setup in its sandbox";

fn plain(dir: &std::path::Path) -> pty::Screen {
    pty::spawn(
        dir,
        &["--plain", "demo"],
        &[("TERM", "xterm-256color"), ("NO_COLOR", "1")],
        (200, 200),
    )
}

fn full_screen(dir: &std::path::Path) -> pty::Screen {
    pty::spawn(dir, &["demo"], &[("TERM", "xterm-256color")], (24, 80))
}

/// The full-screen demo's rotation, the new key made and stored by the sandbox, at the stage
/// that asks to tick the old key's Inactive box.
fn rotated_to_inactive_stage() -> (tempfile::TempDir, pty::Screen) {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = full_screen(dir.path());
    s.wait_for("What shall the demo show?");
    s.send("3");
    s.wait_for("create a SECOND key");
    s.send("\x04"); // ^D: the sandbox creates it
    s.wait_for("ConnectWise will never show");
    s.send("\x12"); // ^R: read off the screen
    s.send("\x13"); // ^S: stored
    s.wait_for("tick the Inactive checkbox");
    (dir, s)
}

/// The state dir the tests give the demo stays empty: the demo's setup lives in a temporary
/// one, its summary too (nothing lands in the working directory).
fn no_setup_left(dir: &std::path::Path) {
    let here: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        !here.iter().any(|n| n.to_string_lossy().contains("summary")),
        "{here:?}"
    );
    let left: Vec<_> = std::fs::read_dir(dir.join("state"))
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        !left.iter().any(|n| n.to_string_lossy().ends_with(".json")),
        "{left:?}"
    );
}

#[test]
fn plain_demo_rotates_the_key_of_a_finished_setup_through_every_stage() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = plain(dir.path());
    s.wait_for("Rotate the key of a finished setup");
    s.send(&format!("{DOWN}{DOWN}\r"));
    s.wait_for(MADE);
    s.wait_for("Let the sandbox create the second key for you");
    s.send("\r");
    s.wait_for("Key belongs to the member");
    s.wait_for("The private key:");
    s.send(&format!("{DOWN}\r")); // stored by the admin
    s.wait_for("Let the sandbox tick the old key's Inactive checkbox");
    s.send("\r");
    s.wait_for("refuses the old key (401)");
    s.wait_for("inactive and refused. Next");
    s.send("\r"); // deleted: prove it
    s.wait_for("Let the sandbox delete the old key");
    s.send("\r");
    let status = s.wait_exit();
    assert!(status.success(), "{}", s.text());
    let text = s.text();
    assert!(text.contains("rotated"), "{text}");
    assert!(
        !text.contains("Old private key"),
        "the demo knows its old key"
    );
    assert!(!text.contains("✓ step 1"), "the setup is made in one line");
    assert!(
        !text.contains("cw-onboard verify"),
        "the demo's setup is gone with it: {text}"
    );
    no_setup_left(dir.path());
}

#[test]
fn plain_demo_retires_an_integration() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = plain(dir.path());
    s.wait_for("Retire an integration");
    s.send(&format!("{DOWN}{DOWN}{DOWN}\r"));
    s.wait_for(MADE);
    s.wait_for("Retire it?");
    s.send("y\r");
    s.wait_for("Let the sandbox delete the key for you");
    s.send("\r");
    s.wait_for("the sandbox deleted the key");
    let status = s.wait_exit();
    assert!(status.success(), "{}", s.text());
    assert!(s.text().contains("is retired"), "{}", s.text());
    assert!(
        !s.text().contains("cw-onboard list"),
        "the demo's setup is gone with it: {}",
        s.text()
    );
    // The demo's summary is not among its setups, read as an unreadable one.
    assert!(!s.text().contains("cannot be read"), "{}", s.text());
    no_setup_left(dir.path());
}

#[test]
fn full_screen_demo_rotates_with_the_sandbox_doing_every_stage() {
    let (dir, mut s) = rotated_to_inactive_stage();
    s.send("\x04"); // ^D: ticked; proven refused with the demo's old key
    s.wait_for("The old key is inactive");
    s.send("\x04"); // ^D: deleted; proven refused again
    let status = s.wait_exit();
    assert!(status.success(), "{}", s.text());
    let out = s.output();
    assert!(out.contains(MADE), "said in one line");
    assert!(s.text().contains("rotated"), "{}", s.text());
    no_setup_left(dir.path());
}

#[test]
fn full_screen_demo_retires_with_the_sandbox_deleting_the_key() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = full_screen(dir.path());
    s.wait_for("What shall the demo show?");
    s.send("4");
    s.wait_for("exactly what will change");
    s.send("y");
    s.wait_for("API Keys: delete key");
    s.send("\x04"); // ^D: the sandbox deletes it
    s.send("\r"); // prove it refused (the demo's key is typed in already)
    s.wait_for("is retired");
    s.send("\r");
    let status = s.wait_exit();
    assert!(status.success(), "{}", s.text());
    assert!(!s.output().contains("cannot be read"), "{}", s.output());
    assert!(!s.output().contains("cw-onboard list"), "{}", s.output());
    no_setup_left(dir.path());
}

/// Stopping the demo's rotation midway says what is true for the demo: its setup and sandbox
/// were temporary, so `cw-onboard demo` starts again (not "`cw-onboard rotate` resumes").
#[test]
fn plain_demo_stopped_mid_rotation_points_at_the_demo_not_rotate() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = plain(dir.path());
    s.wait_for("Rotate the key of a finished setup");
    s.send(&format!("{DOWN}{DOWN}\r"));
    s.wait_for("Let the sandbox create the second key for you");
    s.send("\r");
    s.wait_for("The private key:");
    s.send(&format!("{DOWN}\r")); // stored by the admin
    s.wait_for("Let the sandbox tick the old key's Inactive checkbox");
    s.send("\r");
    s.wait_for("inactive and refused. Next");
    s.wait_for("`cw-onboard demo` starts again");
    s.send(&format!("{DOWN}{DOWN}\r")); // stop here
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 4, "pending: {}", s.text());
    assert!(
        !s.text().contains("`cw-onboard rotate` resumes"),
        "{}",
        s.text()
    );
    no_setup_left(dir.path());
}

#[test]
fn full_screen_demo_quit_mid_rotation_points_at_the_demo_not_rotate() {
    let (_dir, mut s) = rotated_to_inactive_stage();
    s.send("\x03"); // ^C: save and quit
    let status = s.wait_exit();
    assert!(!status.success(), "{}", s.output());
    let out = s.output();
    assert!(out.contains("`cw-onboard demo` starts again"), "{out}");
    assert!(!out.contains("cw-onboard resume"), "{out}");
    assert!(!out.contains("cw-onboard rotate"), "{out}");
}
