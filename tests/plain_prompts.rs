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
    let mut s = pty_walk::plain_new(state.path(), &info, "cw-kanban");

    tokio::task::block_in_place(|| {
        let (demomsp, client_id) = (
            format!("{}demomsp", "\x7f".repeat(8)),
            format!("{}{}", "\x7f".repeat(4), info.client_id),
        );
        pty_walk::answer(
            &mut s,
            &[
                ("ConnectWise site", &info.url),
                ("Company ID", "Demo MSP"),
                ("login company", &demomsp),
                ("Client ID", "nope"),
                ("GUID", &client_id),
                ("Security role name", ""),
                ("API member ID", ""),
                ("Member name", ""),
                ("Email", ""),
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
    tokio::task::block_in_place(|| {
        s.send("\r");
        pty_walk::answer(&mut s, &[("Choose the member's location", "Remote")]);
    });
    tokio::task::block_in_place(|| s.wait_for("New API member public key"));
    let key = control
        .create_key("kanban", "CW Kanban")
        .await
        .expect("key");
    let status = tokio::task::block_in_place(|| {
        pty_walk::hand_in_key(&mut s, &key.public_key, &key.private_key);
        // The hand-off: the admin pasted the key and says it is stored (the record says so).
        s.wait_for("The private key:");
        // A dumb terminal: the choices are numbered lines.
        s.send("2\r");
        s.wait_for("is done");
        assert!(
            !s.text().contains(&key.private_key),
            "the private key is masked"
        );
        s.wait_exit()
    });
    assert!(status.success(), "{}", s.text());
    // Each answer drives the setup again; each step's progress line is printed once.
    for line in ["✓ step 0:", "✓ step 1:", "✓ step 2:"] {
        assert_eq!(
            s.output().matches(line).count(),
            1,
            "{line}: {}",
            s.output()
        );
    }
    sandbox.shutdown().await;
}

/// `--plain new --client-id GUID` offers the GUID as the Client ID's default, as it does the
/// site and company given (the full screen fills all three in).
#[test]
fn plain_new_offers_the_client_id_given() {
    let dir = tempfile::tempdir().expect("dir");
    let guid = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    let mut s = pty::spawn(
        dir.path(),
        &[
            "--plain",
            "new",
            "--site",
            "na.myconnectwise.net",
            "--company",
            "mymsp",
            "--client-id",
            guid,
        ],
        &[("TERM", "xterm-256color"), ("NO_COLOR", "1")],
        (30, 100),
    );
    s.wait_for("ConnectWise site");
    s.send("\r");
    s.wait_for("Company ID");
    s.send("\r");
    s.wait_for("Client ID");
    s.wait_for(guid);
    s.send("\x03");
    let _ = s.wait_exit();
}

/// `--plain resume` offers the recorded role name and member (ID, name, e-mail), not the
/// template's: it says "every recorded answer is the default", and Enter through them must not
/// point the setup at another member.
#[tokio::test(flavor = "multi_thread")]
async fn plain_resume_offers_the_recorded_role_and_member() {
    let (sandbox, _control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("dir");
    let (_, admin) = flows::kanban_files(dir.path(), &info);
    let answers = flows::answers_file(
        dir.path(),
        &info,
        "mine.toml",
        "cw-kanban",
        "role_name = \"Kanban Sync\"",
        "identifier = \"kbsync\"\nname = \"Kanban Sync API\"\nemail = \"kb@mymsp.com\"",
    );
    let run = tokio::task::block_in_place(|| flows::batch(dir.path(), &answers, &admin, None, &[]));
    assert_eq!(run.code, Some(4), "{}{}", run.out, run.err);
    let mut s = pty::spawn(
        dir.path(),
        &["--plain", "resume"],
        &[("TERM", "xterm-256color"), ("NO_COLOR", "1")],
        (30, 120),
    );
    tokio::task::block_in_place(|| {
        for (question, recorded) in [
            ("ConnectWise site", info.url.as_str()),
            ("Company ID", "demomsp"),
            ("Client ID", info.client_id.as_str()),
            ("Do you have admin API keys", "y/N"),
        ] {
            s.wait_for(question);
            s.wait_for(recorded);
            s.send("\r");
        }
        for (question, recorded) in [
            ("Security role name", "(Kanban Sync)"),
            ("API member ID", "(kbsync)"),
            ("Member name", "(Kanban Sync API)"),
            ("Email", "(kb@mymsp.com)"),
        ] {
            s.wait_for(question);
            s.wait_for(recorded);
            s.send("\r");
        }
        s.send("\x03");
        let _ = s.wait_exit();
    });
    sandbox.shutdown().await;
}

/// `--plain resume` offers the recorded pick lists too: a location picked before a quit at the
/// business unit is kept (not asked again from the first item), and the business unit is
/// asked among that location's units.
#[tokio::test(flavor = "multi_thread")]
async fn plain_resume_defaults_the_recorded_pick_lists() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let state = tempfile::tempdir().expect("state");
    let mut s = pty_walk::plain_new(state.path(), &info, "cw-kanban");
    let texts = [
        "Security role name",
        "API member ID",
        "Member name",
        "Email",
    ];
    tokio::task::block_in_place(|| {
        pty_walk::instance(&mut s, &info, "demomsp");
        for q in texts {
            pty_walk::answer(&mut s, &[(q, "")]);
        }
        pty_walk::answer(&mut s, &[("Keep it anyway", "y")]);
        s.wait_for("Check again");
    });
    flows::set_kanban_levels(&control).await;
    tokio::task::block_in_place(|| {
        s.send("\r");
        pty_walk::answer(&mut s, &[("Choose the member's location", "Denver")]);
        s.wait_for("Choose the member's business unit");
        s.send("\x03");
        let _ = s.wait_exit();
    });
    let mut s = pty::spawn(
        state.path(),
        &["--plain", "resume"],
        &pty_walk::dumb_env(&info),
        (60, 120),
    );
    tokio::task::block_in_place(|| {
        for q in ["ConnectWise site", "Company ID", "Client ID"]
            .into_iter()
            .chain(texts)
        {
            pty_walk::answer(&mut s, &[(q, "")]);
        }
        pty_walk::answer(&mut s, &[("Keep it anyway", "y")]);
        s.wait_for("Choose the member's business unit");
        assert!(
            !s.text().contains("Choose the member's location"),
            "{}",
            s.text()
        );
        // Denver's units only (Managed Services, Professional Services).
        assert!(!s.text().contains("Sales"), "{}", s.text());
        s.send("Professional\r");
        s.wait_for("New API member public key");
        s.send("\x03");
        let _ = s.wait_exit();
    });
    sandbox.shutdown().await;
}
