//! A 2 MB bracketed paste into the full-screen wizard through a real PTY: refused at once with
//! a message, and ^C right after it still saves, restores the terminal and exits 130. (It used
//! to be inserted char by char, quadratic: 2 MB never finished and ^C waited behind it.)

#[path = "support/pty.rs"]
mod pty;

#[test]
fn a_huge_bracketed_paste_is_refused_and_ctrl_c_still_works() {
    let dir = tempfile::tempdir().expect("state");
    let mut screen = pty::spawn(
        dir.path(),
        &["demo"],
        &[("TERM", "xterm-256color")],
        (24, 80),
    );
    screen.wait_for("What shall the demo show?");
    screen.send("\r");
    screen.wait_for("Step 0 of 5");
    let paste = format!("\x1b[200~{}\x1b[201~", "x".repeat(2 * 1024 * 1024));
    screen.send(&paste);
    screen.wait_for("nothing was pasted");
    screen.send("\x03");
    let status = screen.wait_exit();
    assert_eq!(status.exit_code(), 130, "{}", screen.text());
}
