//! `--plain` line prompts driven through a PTY, against the sandbox: the same validators
//! refuse bad input, and the run waits for the admin's hands, then finishes.

#[path = "support/flows.rs"]
mod flows;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/pty_walk.rs"]
mod pty_walk;

#[tokio::test(flavor = "multi_thread")]
async fn plain_prompts_walk_the_setup_with_the_shared_validators() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let state = tempfile::tempdir().expect("state");
    let mut s = pty_walk::plain_new_kanban(state.path(), &info);

    tokio::task::block_in_place(|| {
        pty_walk::answer(
            &mut s,
            &[
                ("ConnectWise site", &format!("{}\r", info.url)),
                ("Company ID", "Demo MSP\r"),
                ("login company", &format!("{}demomsp\r", "\x7f".repeat(8))),
                ("Client ID", "nope\r"),
                ("GUID", &format!("{}{}\r", "\x7f".repeat(4), info.client_id)),
                ("Security role name", "\r"),
                ("API member ID", "\r"),
                ("Member name", "\r"),
                ("Email", "\r"),
            ],
        );
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
    tokio::task::block_in_place(|| pty_walk::levels_set_then_location(&mut s, "Remote"));
    tokio::task::block_in_place(|| s.wait_for("New API member public key"));
    let key = control
        .create_key("kanban", "CW Kanban")
        .await
        .expect("key");
    let status = tokio::task::block_in_place(|| {
        pty_walk::hand_in_key(&mut s, &key.public_key, &key.private_key);
        assert!(
            !s.text().contains(&key.private_key),
            "the private key is masked"
        );
        s.wait_exit()
    });
    assert!(status.success(), "{}", s.text());
    sandbox.shutdown().await;
}
