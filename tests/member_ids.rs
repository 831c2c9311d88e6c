//! Member IDs vendors tell admins to type (`Wise-Sync` for Wise-Sync, `Acct Sync API` for
//! Visionary 360) are within ConnectWise's one documented limit (15 characters), so the wizard,
//! `--plain` and batch mode all create them; the sandbox follows the same rule, and every
//! exchange keeps to the schema.

#[path = "support/contract.rs"]
mod contract;
#[path = "support/flows.rs"]
mod flows;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/pty_walk.rs"]
mod pty_walk;

use cw_onboard::app::command::MemberField;
use cw_onboard::app::setup::StepId;

#[tokio::test]
async fn the_wizard_creates_a_member_called_wise_sync() {
    let (sandbox, control) = flows::sandbox().await;
    let dir = tempfile::tempdir().expect("dir");
    let mut h = flows::headless(sandbox.info(), dir.path(), true);
    h.start().await.expect("start");
    // Check the instance, pick the template, create the role, set its levels (the sandbox
    // plays the admin), go on to the member.
    h.script("<c-l><c-n>cw-kanban<enter><enter><c-d><c-n>")
        .await
        .expect("to the member");
    assert_eq!(h.wizard.step, StepId::Member, "{:?}", h.wizard.banner);
    flows::focus_member(&mut h, MemberField::Identifier).await;
    h.script(&format!("{}Wise-Sync", "<bs>".repeat(20)))
        .await
        .expect("type the ID");
    flows::choose_location(&mut h).await;
    h.script("<c-n>").await.expect("save");
    assert_eq!(
        h.wizard.step,
        StepId::Keys,
        "{:?} {:?}",
        h.wizard.banner,
        h.wizard.member.save
    );
    assert_eq!(h.wizard.setup.member.identifier, "Wise-Sync");
    let key = control.create_key("Wise-Sync", "Wise-Sync").await;
    assert!(key.is_ok(), "the member exists in ConnectWise: {key:?}");
    contract::assert_conforms(&sandbox);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_prompts_accept_acct_sync_api() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let state = tempfile::tempdir().expect("state");
    let mut s = pty_walk::plain_new(state.path(), &info, "cw-kanban");
    tokio::task::block_in_place(|| {
        pty_walk::instance(&mut s, &info, "demomsp");
        pty_walk::answer(
            &mut s,
            &[
                ("Security role name", ""),
                ("API member ID", "Acct Sync API"),
                ("Member name", ""),
                ("Email", ""),
                ("Keep it anyway", ""),
            ],
        );
        s.wait_for("Check again");
    });
    control
        .set_role_settings("CW Kanban", &flows::kanban_rows())
        .await
        .expect("levels");
    tokio::task::block_in_place(|| {
        s.send("\r");
        pty_walk::answer(&mut s, &[("Choose the member's location", "Remote")]);
        s.wait_for("New API member public key");
    });
    let key = control
        .create_key("Acct Sync API", "Visionary 360")
        .await
        .expect("the member was created as typed");
    let status = tokio::task::block_in_place(|| {
        pty_walk::hand_in_key(&mut s, &key.public_key, &key.private_key);
        // The hand-off: the admin pasted the key and says it is stored (the record says so).
        s.wait_for("The private key:");
        // A dumb terminal: the choices are numbered lines.
        s.send("2\r");
        s.wait_for("is done");
        s.wait_exit()
    });
    assert!(status.success(), "{}", s.text());
    contract::assert_conforms(&sandbox);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn batch_mode_accepts_both_ids_from_the_answers_file() {
    for identifier in ["Wise-Sync", "Acct Sync API"] {
        let (sandbox, control) = flows::sandbox().await;
        let info = sandbox.info().clone();
        let dir = tempfile::tempdir().expect("tempdir");
        let (answers, admin) = flows::kanban_files(dir.path(), &info);
        let text = std::fs::read_to_string(&answers).expect("answers");
        std::fs::write(
            &answers,
            text.replace(
                "[member]\n",
                &format!("[member]\nidentifier = \"{identifier}\"\n"),
            ),
        )
        .expect("answers");
        control
            .set_role_settings("CW Kanban", &flows::kanban_rows())
            .await
            .ok();
        let run =
            tokio::task::block_in_place(|| flows::batch(dir.path(), &answers, &admin, None, &[]));
        if run.code == Some(4) && run.out.contains("System > Security Roles") {
            // The role was only created now: the admin sets its levels, then run again.
            control
                .set_role_settings("CW Kanban", &flows::kanban_rows())
                .await
                .expect("levels");
        }
        let run = match run
            .out
            .contains(&format!("API Members > {identifier} > API Keys"))
        {
            true => run,
            false => tokio::task::block_in_place(|| {
                flows::batch(dir.path(), &answers, &admin, None, &[])
            }),
        };
        assert_eq!(run.code, Some(4), "{}{}", run.out, run.err);
        assert!(
            run.out
                .contains(&format!("API Members > {identifier} > API Keys")),
            "{}",
            run.out
        );
        let key = control
            .create_key(identifier, "vendor")
            .await
            .expect("the member exists");
        let key_file = dir.path().join("key.toml");
        flows::write_private(
            &key_file,
            &flows::key_toml(&key.public_key, &key.private_key),
        );
        let run = tokio::task::block_in_place(|| {
            flows::batch(dir.path(), &answers, &admin, Some(&key_file), &[])
        });
        assert_eq!(run.code, Some(0), "{}{}", run.out, run.err);
        contract::assert_conforms(&sandbox);
        sandbox.shutdown().await;
    }
}
