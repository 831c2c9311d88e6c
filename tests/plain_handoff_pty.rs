//! `--plain`'s hand-off of the private key the admin pasted: it was recorded as "supplied by
//! the batch run's key source", could not be saved to a file, and nothing asked before
//! quitting. Now the admin writes a new 0600 key file (the full screen's rules) or says it is
//! stored, the setup records which, and quitting first asks, naming the consequence.

#[path = "support/flows.rs"]
mod flows;
#[path = "support/pty.rs"]
mod pty;

use cw_onboard::sandbox::ControlClient;
use std::os::unix::fs::PermissionsExt;

/// `--plain new --template cw-kanban` walked up to the hand-off of a verified key.
async fn to_the_handoff(
    control: &ControlClient,
    info: &cw_onboard::sandbox::SandboxInfo,
    dir: &std::path::Path,
    home: Option<&str>,
) -> (pty::Screen, String) {
    let mut env = vec![
        ("TERM", "dumb"),
        ("NO_COLOR", "1"),
        ("CW_ADMIN_PUBLIC_KEY", info.admin_public_key.as_str()),
        ("CW_ADMIN_PRIVATE_KEY", info.admin_private_key.as_str()),
    ];
    if let Some(home) = home {
        env.push(("HOME", home));
    }
    let mut s = pty::spawn(
        dir,
        &["--plain", "new", "--template", "cw-kanban"],
        &env,
        (30, 100),
    );
    tokio::task::block_in_place(|| {
        s.wait_for("ConnectWise site");
        s.send(&format!("{}\r", info.url));
        s.wait_for("Company ID");
        s.send(&format!("{}\r", info.company));
        s.wait_for("Client ID");
        s.send(&format!("{}\r", info.client_id));
        for prompt in ["Security role name", "API member ID", "Member name"] {
            s.wait_for(prompt);
            s.send("\r");
        }
        s.wait_for("Email");
        s.send("kanban@mymsp.com\r");
        s.wait_for("Check again");
    });
    control
        .set_role_settings("CW Kanban", &flows::kanban_rows())
        .await
        .expect("levels");
    tokio::task::block_in_place(|| {
        s.send("\r");
        s.wait_for("Choose the member's location");
        s.send("Remote\r");
        s.wait_for("New API member public key");
    });
    let key = control
        .create_key("kanban", "CW Kanban")
        .await
        .expect("key");
    tokio::task::block_in_place(|| {
        s.send(&format!("{}\r", key.public_key));
        s.wait_for("New API member private key");
        s.send(&format!("{}\r", key.private_key));
        s.wait_for("The private key:");
    });
    (s, key.private_key)
}

fn state(dir: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(
        &std::fs::read_to_string(dir.join("state/demomsp-cw-kanban.json")).expect("state"),
    )
    .expect("json")
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_asks_first_then_the_key_file_is_written_0600_and_recorded() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("dir");
    let (mut s, private) = to_the_handoff(&control, &info, dir.path(), None).await;
    let status = tokio::task::block_in_place(|| {
        s.send("\x03");
        s.wait_for("Quit anyway");
        assert!(
            s.output()
                .contains("only once; if you quit now without storing it you must create a"),
            "{}",
            s.output()
        );
        s.send("n\r");
        s.wait_for("The private key:");
        s.send("\r");
        s.wait_for("Key file");
        s.send("\r");
        s.wait_for("is done");
        s.wait_exit()
    });
    assert!(status.success(), "{}", s.output());
    let file = dir.path().join("kanban-api-key.toml");
    let text = std::fs::read_to_string(&file).expect("key file");
    assert!(text.contains(&private), "the file holds the key");
    let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let handed = state(dir.path())["setup"]["key"]["handed_off"].clone();
    assert!(
        handed
            .as_str()
            .is_some_and(|h| h.starts_with("file ") && h.ends_with("kanban-api-key.toml")),
        "{handed}"
    );
    assert!(!s.output().contains(&private), "never shown");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn stored_by_the_admin_is_what_is_recorded_and_quitting_anyway_exits_130() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("dir");
    let (mut s, _) = to_the_handoff(&control, &info, dir.path(), None).await;
    let status = tokio::task::block_in_place(|| {
        s.send("\x03");
        s.wait_for("Quit anyway");
        s.send("y\r");
        s.wait_exit()
    });
    assert_eq!(status.exit_code(), 130, "{}", s.output());
    assert_eq!(
        state(dir.path())["setup"]["key"]["handed_off"],
        serde_json::Value::Null,
        "not recorded as handed off"
    );
    sandbox.shutdown().await;

    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("dir");
    let (mut s, _) = to_the_handoff(&control, &info, dir.path(), None).await;
    let status = tokio::task::block_in_place(|| {
        // A dumb terminal: the choices are numbered lines.
        s.send("2\r");
        s.wait_for("is done");
        s.wait_exit()
    });
    assert!(status.success(), "{}", s.output());
    assert_eq!(
        state(dir.path())["setup"]["key"]["handed_off"],
        "pasted by the admin at the prompt; stored by the admin"
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn in_a_git_work_tree_the_key_file_is_proposed_in_the_home_directory() {
    let dir = tempfile::tempdir().expect("dir");
    let init = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status();
    if !init.is_ok_and(|s| s.success()) {
        eprintln!("skipped: no git here");
        return;
    }
    let home = tempfile::tempdir().expect("home");
    let home_text = home.path().display().to_string();
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let (mut s, private) = to_the_handoff(&control, &info, dir.path(), Some(&home_text)).await;
    let status = tokio::task::block_in_place(|| {
        s.send("\r");
        s.wait_for("Key file");
        s.send("\r");
        s.wait_for("is done");
        s.wait_exit()
    });
    assert!(status.success(), "{}", s.output());
    assert!(
        s.output()
            .contains("git work tree that would not ignore the key file"),
        "the prompt says why: {}",
        s.output()
    );
    assert!(
        !dir.path().join("kanban-api-key.toml").exists(),
        "never in the work tree"
    );
    let text = std::fs::read_to_string(home.path().join("kanban-api-key.toml")).expect("in home");
    assert!(text.contains(&private));
    sandbox.shutdown().await;
}
