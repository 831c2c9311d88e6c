//! Big pastes into `--plain`'s line prompts through a real PTY. Inquire inserted each pasted
//! character and redrew the line (quadratic: 100 KB took 6 s, 2 MB never finished); the
//! prompts now read blocks in raw mode: a paste over 4 KB is refused whole with a message and
//! the question asked again, and ^C right after a 2 MB paste exits 130 at once.

#[path = "support/pty.rs"]
mod pty;

fn plain(dir: &std::path::Path) -> pty::Screen {
    pty::spawn(
        dir,
        &["--plain", "new", "--template", "cw-kanban"],
        &[("TERM", "dumb"), ("NO_COLOR", "1")],
        (30, 100),
    )
}

#[test]
fn a_100_kb_paste_is_refused_with_a_message_and_the_prompt_goes_on() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = plain(dir.path());
    s.wait_for("ConnectWise site");
    s.send(&format!("\x1b[200~{}\x1b[201~", "x".repeat(100 * 1024)));
    s.send("\r");
    s.wait_for("That paste is 100 KB; a field takes at most 4 KB, so nothing was kept");
    // Asked again; a normal answer is taken.
    s.send("127.0.0.1:9\r");
    s.wait_for("Company ID");
    s.send("\x03");
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 130, "{}", s.output());
}

#[test]
fn ctrl_c_right_after_a_2_mb_paste_into_the_key_prompt_exits_130() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = plain(dir.path());
    s.wait_for("ConnectWise site");
    s.send("127.0.0.1:9\r");
    s.wait_for("Company ID");
    s.send("demomsp\r");
    s.wait_for("Client ID");
    s.send("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\r");
    s.wait_for("admin API keys");
    s.send("y\r");
    s.wait_for("Admin public key");
    s.send("AdminPublic01\r");
    s.wait_for("Admin private key");
    let secret = "s".repeat(2 * 1024 * 1024);
    s.send(&format!("\x1b[200~{secret}\x1b[201~"));
    s.wait_for("too long: press Enter");
    s.send("\x03");
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 130, "{}", s.text());
    assert!(
        !s.output().contains(&"s".repeat(64)),
        "a masked paste is never echoed"
    );
}

/// On a dumb terminal the yes/no questions are plain lines, not inquire's redrawn prompts (no
/// cursor hiding or moving): a pasted answer is read whole, and one that is not an answer is
/// refused and asked again instead of being taken as keys.
#[test]
fn yes_no_questions_on_a_dumb_terminal_are_plain_lines_read_whole() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = plain(dir.path());
    s.wait_for("ConnectWise site");
    s.send("127.0.0.1:9\r");
    s.wait_for("Company ID");
    s.send("demomsp\r");
    s.wait_for("Client ID");
    s.send("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\r");
    s.wait_for("admin API keys");
    s.wait_for("(y/N)");
    s.send("\x1b[200~yes please\x1b[201~\r");
    s.wait_for("Answer y or n");
    s.send("\x1b[200~yes\x1b[201~\r");
    s.wait_for("Admin public key");
    for drawn in ["\x1b[?25l", "\x1b[1A", "\x1b[2K"] {
        assert!(!s.output().contains(drawn), "{drawn:?}: {:?}", s.output());
    }
    s.send("\x03");
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 130, "{}", s.output());
}
