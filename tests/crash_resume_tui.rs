//! The full-screen wizard killed after ConnectWise created the API member but before the wizard
//! recorded it, then `cw-onboard resume`: the member is found again as its own (not adopted), never created twice.

#[path = "support/flows.rs"]
mod flows;
#[path = "support/pty.rs"]
mod pty;

use cw_onboard::runtime::crash_point::ABORT_AT;

#[tokio::test(flavor = "multi_thread")]
async fn a_wizard_killed_after_the_member_create_resumes_without_a_duplicate() {
    if !cfg!(debug_assertions) {
        return; // the crash points exist in debug builds
    }
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let admin = [
        ("TERM", "xterm-256color"),
        ("CW_ADMIN_PUBLIC_KEY", info.admin_public_key.as_str()),
        ("CW_ADMIN_PRIVATE_KEY", info.admin_private_key.as_str()),
    ];
    let mut env = admin.to_vec();
    env.push((ABORT_AT, "member-created"));
    let mut s = pty::spawn(
        dir.path(),
        &[
            "new",
            "--site",
            &info.url,
            "--company",
            &info.company,
            "--template",
            "cw-kanban",
        ],
        &env,
        (24, 80),
    );
    tokio::task::block_in_place(|| {
        s.wait_for("Step 0 of 5");
        s.send("\t\t");
        s.send(&info.client_id);
        s.send("\x0c");
        s.wait_for("assisted mode");
        s.send("\x0e");
        s.wait_for("Step 1 of 5");
        s.send("\r");
        s.wait_for("too low");
    });
    control
        .set_role_settings("CW Kanban", &flows::kanban_rows())
        .await
        .expect("levels");
    let status = tokio::task::block_in_place(|| {
        s.wait_for("21 match");
        s.send("\x0e");
        s.wait_for("Step 2 of 5");
        s.send("\t\t\t\t\t\x1b[C\x1b[C\t\x1b[C");
        s.send("\x0e");
        s.wait_exit()
    });
    assert!(
        !status.success(),
        "aborted at the crash point: {}",
        s.text()
    );
    let posts = |log: &[cw_onboard::sandbox::RequestRecord], what: &str| {
        log.iter()
            .filter(|r| r.method == "POST" && r.status == 201 && r.path.ends_with(what))
            .count()
    };
    let log = control.requests().await.expect("log");
    assert_eq!(posts(&log, "/apiMembers"), 1, "the member was created");

    // Resume: every answer is the default; the member is found again, as its own.
    let mut s = pty::spawn(
        dir.path(),
        &["resume", "demomsp-cw-kanban"],
        &admin,
        (24, 80),
    );
    tokio::task::block_in_place(|| {
        s.wait_for("assisted mode");
        s.send("\x0e");
        s.wait_for("Step 1 of 5");
        s.send("\r");
        s.send("\r");
        s.wait_for("21 match");
        s.send("\x0e");
        s.wait_for("Step 2 of 5");
        s.send("\x0e");
        s.wait_for("Step 3 of 5");
        s.send("\x03");
        s.wait_exit();
    });
    let log = control.requests().await.expect("log");
    assert_eq!(posts(&log, "/apiMembers"), 1, "no second member");
    assert_eq!(posts(&log, "/securityroles"), 1, "no second role");
    let state: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("state/demomsp-cw-kanban.json")).expect("state"),
    )
    .expect("json");
    // Its create was recorded before the crash: the member is this setup's own, not adopted
    // (no ^Y was asked for), and the record says so.
    assert_eq!(state["setup"]["member"]["adopted"], false);
    assert_eq!(state["setup"]["intents"], serde_json::json!([]));
    sandbox.shutdown().await;
}
