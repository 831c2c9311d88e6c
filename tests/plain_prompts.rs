//! `--plain` line prompts driven through a PTY, against the sandbox: the same validators
//! refuse bad input, and the run waits for the admin's hands, then finishes.

#[path = "support/flows.rs"]
mod flows;
#[path = "support/pty.rs"]
mod pty;

#[tokio::test(flavor = "multi_thread")]
async fn plain_prompts_walk_the_setup_with_the_shared_validators() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let state = tempfile::tempdir().expect("state");
    let mut s = pty::spawn(
        state.path(),
        &["--plain", "new", "--template", "cw-kanban"],
        &[
            ("TERM", "dumb"),
            ("NO_COLOR", "1"),
            ("CW_ADMIN_PUBLIC_KEY", &info.admin_public_key),
            ("CW_ADMIN_PRIVATE_KEY", &info.admin_private_key),
        ],
        (30, 100),
    );

    tokio::task::block_in_place(|| {
        s.wait_for("ConnectWise site");
        s.send(&format!("{}\r", info.url));
        s.wait_for("Company ID");
        s.send("Demo MSP\r");
        s.wait_for("login company");
        s.send(&format!("{}demomsp\r", "\x7f".repeat(8)));
        s.wait_for("Client ID");
        s.send("nope\r");
        s.wait_for("GUID");
        s.send(&format!("{}{}\r", "\x7f".repeat(4), info.client_id));
        s.wait_for("Security role name");
        s.send("\r");
        s.wait_for("API member ID");
        s.send("\r");
        s.wait_for("Member name");
        s.send("\r");
        s.wait_for("Email");
        s.send("\r");
        // The template's cwkanban@yourdomain.com: a warning and a chance to change it.
        s.wait_for("Keep it anyway");
        assert!(s.text().contains("placeholder domain"), "{}", s.text());
        s.send("n\r");
        s.send("kanban@mymsp.com\r");
        s.wait_for("Check again");
    });
    // The admin sets the levels in ConnectWise, then answers "yes, check again".
    control
        .set_role_settings("CW Kanban", &flows::kanban_rows())
        .await
        .expect("levels");
    tokio::task::block_in_place(|| {
        s.send("\r");
        s.wait_for("Choose the member's location");
        s.send("Remote\r");
    });
    tokio::task::block_in_place(|| s.wait_for("New API member public key"));
    let key = control
        .create_key("kanban", "CW Kanban")
        .await
        .expect("key");
    let status = tokio::task::block_in_place(|| {
        s.send(&format!("{}\r", key.public_key));
        s.wait_for("New API member private key");
        s.send(&format!("{}\r", key.private_key));
        // The hand-off: the admin pasted the key and says it is stored (the record says so).
        s.wait_for("The private key:");
        s.send("\x1b[B");
        s.send("\r");
        s.wait_for("is done");
        assert!(
            !s.text().contains(&key.private_key),
            "the private key is masked"
        );
        s.wait_exit()
    });
    assert!(status.success(), "{}", s.text());
    sandbox.shutdown().await;
}
