//! Rotation's reversible retire in a terminal (issue 14): `rotate --plain` and the full-screen
//! `rotate`, each stopped mid-rotation and started again, continuing at the stage reached.

#[path = "support/flows.rs"]
mod flows;
#[path = "support/pty.rs"]
mod pty;

use cw_onboard::secrets::KeyPair;
use std::path::Path;
use std::time::{Duration, Instant};

/// Waits until the screen shows `needle` at least `n` times.
fn wait_count(s: &pty::Screen, needle: &str, n: usize) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if s.text().matches(needle).count() >= n {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!(
        "timed out waiting for {n}x {needle:?}; screen:\n{}",
        s.text()
    );
}

fn retire_stage(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join("state/demomsp-cw-kanban.json")).expect("state");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    let rotating = &doc["setup"]["key"]["rotating"];
    if rotating.is_null() {
        return "none".into();
    }
    rotating["retire"].as_str().unwrap_or("?").into()
}

const DOWN: &str = "\x1b[B";

#[tokio::test(flavor = "multi_thread")]
async fn plain_rotation_stops_at_inactive_resumes_there_undoes_and_finishes() {
    let f = flows::finished_by_batch("key.toml").await;
    let (sandbox, control, dir) = (f.sandbox, f.control, f.dir);
    std::fs::remove_file(&f.key_file).expect("the key file goes");
    let old = KeyPair::new(f.key.public_key, f.key.private_key);
    let env = [("TERM", "xterm-256color"), ("NO_COLOR", "1")];
    let size = (200, 200);

    // Run 1: the new key, the old one marked inactive and proven refused; then "stop here".
    let mut s = pty::spawn(dir.path(), &["--plain", "rotate"], &env, size);
    tokio::task::block_in_place(|| s.wait_for("New API member public key"));
    let new = control.create_key("kanban", "rotated").await.expect("key");
    tokio::task::block_in_place(|| {
        s.send(&format!("{}\r", new.public_key));
        s.wait_for("New API member private key");
        s.send(&format!("{}\r", new.private_key));
        s.wait_for("The private key:");
        s.send(&format!("{DOWN}\r")); // stored by the admin
        s.wait_for("tick the Inactive checkbox");
        s.wait_for("Ticked Inactive and saved?");
    });
    control
        .set_key_inactive("kanban", &old.public, true)
        .await
        .expect("inactive");
    let status = tokio::task::block_in_place(|| {
        s.send("\r");
        s.wait_for("Old private key");
        s.send(&format!("{}\r", old.expose_private()));
        s.wait_for("refuses the old key (401)");
        s.wait_for("inactive and refused. Next");
        s.send(&format!("{DOWN}{DOWN}\r"));
        s.wait_exit()
    });
    assert_eq!(status.exit_code(), 4, "pending: {}", s.text());
    assert_eq!(retire_stage(dir.path()), "inactive");
    for secret in [old.expose_private(), new.private_key.as_str()] {
        assert!(!s.output().contains(secret), "a private key echoed");
    }

    // Run 2: resumes at inactive; undo (the vendor broke), proven working; inactive again;
    // deleted, refused again: rotated.
    let mut s = pty::spawn(dir.path(), &["--plain", "rotate"], &env, size);
    tokio::task::block_in_place(|| {
        s.wait_for("inactive and refused. Next");
        s.send(&format!("{DOWN}\r"));
        s.wait_for("clear the Inactive checkbox");
        s.wait_for("Cleared Inactive and saved?");
    });
    assert_eq!(retire_stage(dir.path()), "reactivate");
    control
        .set_key_inactive("kanban", &old.public, false)
        .await
        .expect("active");
    tokio::task::block_in_place(|| {
        s.send("\r");
        s.wait_for("Old private key");
        s.send(&format!("{}\r", old.expose_private()));
        s.wait_for("Undone: ConnectWise accepts the old key again");
        s.wait_for("Ticked Inactive and saved?");
    });
    control
        .set_key_inactive("kanban", &old.public, true)
        .await
        .expect("inactive again");
    tokio::task::block_in_place(|| {
        s.send("\r");
        wait_count(&s, "inactive and refused. Next", 2);
    });
    control
        .delete_key("kanban", &old.public)
        .await
        .expect("delete");
    let status = tokio::task::block_in_place(|| {
        s.send("\r");
        s.wait_for("rotated");
        s.wait_exit()
    });
    assert!(status.success(), "{}", s.text());
    assert!(
        s.text().matches("Old private key of").count() == 1,
        "typed once per run: {}",
        s.text()
    );
    assert_eq!(retire_stage(dir.path()), "none");
    assert!(!s.output().contains(old.expose_private()), "masked");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn full_screen_rotation_quit_while_inactive_resumes_at_deleting_it() {
    let f = flows::finished_by_batch("key.toml").await;
    let (sandbox, control, dir) = (f.sandbox, f.control, f.dir);
    std::fs::remove_file(&f.key_file).expect("the key file goes");
    let old = KeyPair::new(f.key.public_key, f.key.private_key);
    let env = [("TERM", "xterm-256color")];

    let mut s = pty::spawn(dir.path(), &["rotate"], &env, (24, 80));
    tokio::task::block_in_place(|| s.wait_for("create a SECOND key"));
    // The setup batch finished is done at every step, not "○1 ... ○5" (no mark left by
    // batch's second run on the role, nor by the last step).
    assert!(s.text().contains("●0 ●1 ●2 ◉3 ●4 ●5"), "{}", s.text());
    let new = control.create_key("kanban", "rotated").await.expect("key");
    tokio::task::block_in_place(|| {
        s.send(&new.public_key);
        s.send("\t");
        s.send(&new.private_key);
        s.send("\r");
        s.wait_for("ConnectWise will never show");
        s.send("\x12"); // ^R: read off the screen
        s.send("\x13"); // ^S: stored
        s.wait_for("tick the Inactive checkbox");
    });
    control
        .set_key_inactive("kanban", &old.public, true)
        .await
        .expect("inactive");
    let status = tokio::task::block_in_place(|| {
        s.send(old.expose_private());
        s.send("\r");
        s.wait_for("The old key is inactive");
        s.send("\x03"); // ^C: save and quit
        s.wait_exit()
    });
    assert!(!status.success(), "quit mid-rotation: {}", s.text());
    assert_eq!(retire_stage(dir.path()), "inactive");

    let mut s = pty::spawn(dir.path(), &["rotate"], &env, (24, 80));
    tokio::task::block_in_place(|| {
        s.wait_for("The old key is inactive");
        s.wait_for("and delete it.");
    });
    control
        .delete_key("kanban", &old.public)
        .await
        .expect("delete");
    let status = tokio::task::block_in_place(|| {
        s.send(old.expose_private());
        s.send("\r");
        s.wait_exit()
    });
    assert!(status.success(), "{}", s.text());
    assert!(s.text().contains("rotated"), "{}", s.text());
    assert_eq!(retire_stage(dir.path()), "none");
    let text =
        std::fs::read_to_string(dir.path().join("state/demomsp-cw-kanban.json")).expect("state");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(
        doc["setup"]["key"]["handed_off"], "read off the screen",
        "the new key's hand-off, not the old one's"
    );
    sandbox.shutdown().await;
}

/// `rotate --plain` hands the new key off as the `--plain` setup does (issue 15): ^C before
/// the hand-off asks first; the key goes to a new 0600 file, and the setup records that file,
/// not "typed at the prompt".
#[tokio::test(flavor = "multi_thread")]
async fn plain_rotation_hands_the_new_key_off_to_a_file_and_records_it() {
    use std::os::unix::fs::PermissionsExt;
    let f = flows::finished_by_batch("key.toml").await;
    let (sandbox, control, dir) = (f.sandbox, f.control, f.dir);
    std::fs::remove_file(&f.key_file).expect("the key file goes");
    let env = [("TERM", "xterm-256color"), ("NO_COLOR", "1")];
    let file = dir.path().join("rotated-key.toml");
    let mut s = pty::spawn(dir.path(), &["--plain", "rotate"], &env, (200, 200));
    tokio::task::block_in_place(|| s.wait_for("New API member public key"));
    let new = control.create_key("kanban", "rotated").await.expect("key");
    let status = tokio::task::block_in_place(|| {
        s.send(&format!("{}\r", new.public_key));
        s.wait_for("New API member private key");
        s.send(&format!("{}\r", new.private_key));
        s.wait_for("The private key:");
        s.send("\x03"); // ^C before the hand-off
        s.wait_for("Quit anyway?");
        s.send("n\r");
        wait_count(&s, "The private key:", 2);
        s.send("\r"); // write it to a new key file
        s.wait_for("Key file (a new file)");
        s.send(&format!("{}\r", file.display()));
        s.wait_for("The key pair is in");
        s.wait_for("Ticked Inactive and saved?");
        s.send("n\r"); // stop here: resumes at this stage
        s.wait_exit()
    });
    assert_eq!(status.exit_code(), 4, "pending: {}", s.text());
    let written = std::fs::read_to_string(&file).expect("the key file");
    assert!(written.contains(&new.public_key) && written.contains(&new.private_key));
    let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let text =
        std::fs::read_to_string(dir.path().join("state/demomsp-cw-kanban.json")).expect("state");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    let handed = doc["setup"]["key"]["rotating"]["new_handed_off_how"]
        .as_str()
        .unwrap_or_default();
    assert!(handed.starts_with("file "), "recorded truthfully: {handed}");
    assert!(!handed.contains("typed at the prompt"), "{handed}");
    assert!(!text.contains(&new.private_key), "never in the state file");
    assert!(!s.output().contains(&new.private_key), "never echoed");
    sandbox.shutdown().await;
}
