//! `--plain` and `app::ownership` (issue 15 item 1, issue 13 item 5): a built-in role is
//! refused with why and another name is asked for; an existing API member is adopted only after
//! a yes/no question that shows its differences; `new --adopt MEMBER` works in line prompts.

#[path = "support/flows.rs"]
mod flows;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/pty_walk.rs"]
mod pty_walk;

async fn patches(control: &cw_onboard::sandbox::ControlClient) -> Vec<String> {
    control
        .requests()
        .await
        .expect("log")
        .into_iter()
        .filter(|r| r.method == "PATCH" || r.method == "PUT")
        .map(|r| r.path)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_built_in_role_and_a_refused_adoption_ask_for_other_names() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("state");
    let mut s = pty_walk::plain_at(
        dir.path(),
        &info,
        &["new", "--template", "cw-kanban"],
        false,
    );
    tokio::task::block_in_place(|| {
        s.wait_for("ConnectWise site");
        s.send("\r");
        s.wait_for("Company ID");
        s.send("\r");
        s.wait_for("Client ID");
        s.send(&format!("{}\r", info.client_id));
        s.wait_for("Security role name");
        s.send(&format!("{}Admin\r", "\x7f".repeat(12)));
        s.wait_for("API member ID");
        s.send(&format!("{}backupbot\r", "\x7f".repeat(12)));
        s.wait_for("Member name");
        s.send("\r");
        s.wait_for("Email");
        s.send("ops@mymsp.com\r");
        // The role: why it is refused, then another name.
        s.wait_for("Another security role name");
        assert!(s.text().contains("built-in"), "{}", s.text());
        s.send("Kanban Role\r");
        s.wait_for("Check again");
    });
    control
        .set_role_settings("Kanban Role", &flows::kanban_rows())
        .await
        .expect("levels");
    tokio::task::block_in_place(|| {
        s.send("\r");
        // The member: its differences, and a question that defaults to no.
        s.wait_for("Adopt this member, with the changes above?");
        let text = s.text();
        assert!(
            text.contains("backupbot is an existing API member"),
            "{text}"
        );
        assert!(text.contains("name: Backup Bot -> CW Kanban API"), "{text}");
        s.send("n\r");
        s.wait_for("Another API member ID");
        s.send("kanban\r");
        s.wait_for("Choose the member's location");
    });
    assert_eq!(
        patches(&control).await,
        Vec::<String>::new(),
        "nothing of theirs changed"
    );
    let log = control.requests().await.expect("log");
    assert!(
        !log.iter()
            .any(|r| r.method == "POST" && r.path.ends_with("securityroles") && r.status != 201),
        "one role create, for Kanban Role"
    );
    drop(s);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn new_adopt_in_plain_mode_asks_with_the_differences_then_patches() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("state");
    let mut s = pty_walk::plain_at(
        dir.path(),
        &info,
        &["new", "--adopt", "backupbot", "--template", "cw-kanban"],
        true,
    );
    tokio::task::block_in_place(|| {
        s.wait_for("ConnectWise site");
        // Technician is built in: it stays as it is, the template's role is made instead.
        assert!(
            s.text().contains("The role Technician is not adopted"),
            "{}",
            s.text()
        );
        s.send("\r");
        s.wait_for("Company ID");
        s.send("\r");
        s.wait_for("Client ID");
        s.send("\r");
        s.wait_for("Security role name");
        s.send("\r");
        s.wait_for("API member ID");
        assert!(s.text().contains("backupbot"), "{}", s.text());
        s.send("\r");
        s.wait_for("Member name");
        s.send("\r");
        s.wait_for("Email");
        s.send("ops@mymsp.com\r");
        s.wait_for("Check again");
    });
    control
        .set_role_settings("CW Kanban", &flows::kanban_rows())
        .await
        .expect("levels");
    tokio::task::block_in_place(|| {
        s.send("\r");
        s.wait_for("Adopt this member, with the changes above?");
        assert!(
            s.text().contains("securityRole: Technician -> CW Kanban"),
            "{}",
            s.text()
        );
        s.send("y\r");
        s.wait_for("New API member public key");
    });
    let p = patches(&control).await;
    assert!(p.iter().any(|p| p.ends_with("apiMembers/4")), "{p:?}");
    drop(s);
    sandbox.shutdown().await;
}

/// `new --adopt chatbot` where the best-matching template's own member ID (smileback) is
/// another existing API member: the run goes on to the role's levels, never asking about
/// smileback (the role step's early member check must not judge the template's default ID).
#[tokio::test(flavor = "multi_thread")]
async fn plain_adopt_asks_about_the_member_named_not_the_templates_default() {
    let (sandbox, _control) = flows::sandbox_seeded(cw_onboard::sandbox::Seed::Messy).await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("state");
    let mut s = pty_walk::plain_at(dir.path(), &info, &["new", "--adopt", "chatbot"], true);
    tokio::task::block_in_place(|| {
        for prompt in [
            "ConnectWise site",
            "Company ID",
            "Client ID",
            "Security role name",
        ] {
            s.wait_for(prompt);
            s.send("\r");
        }
        s.wait_for("API member ID");
        assert!(s.text().contains("(chatbot)"), "{}", s.text());
        s.send("\r");
        s.wait_for("Member name");
        s.send("\r");
        s.wait_for("Email");
        s.send("\r");
        // The role's levels are asked for first; the member is judged at step 2.
        s.wait_for("Check again");
    });
    let text = s.text();
    assert!(!text.contains("smileback is an existing"), "{text}");
    assert!(!text.contains("Another API member ID"), "{text}");
    drop(s);
    sandbox.shutdown().await;
}

/// The recorded setup's JSON (the only setup in `dir`'s state).
fn recorded(dir: &std::path::Path) -> serde_json::Value {
    let file = dir.join("state").join("demomsp-cw-kanban.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).expect("read")).expect("json");
    doc["setup"].clone()
}

/// `--plain resume` with another role name than the one this setup created: a warning names
/// the role left behind and `retire`; keeping the recorded name keeps it, going on records the
/// old role as left behind (and the new one as the setup's).
#[tokio::test(flavor = "multi_thread")]
async fn renaming_the_created_role_on_resume_warns_and_records_the_role_left_behind() {
    let (sandbox, _control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("state");
    let walk = |role: &str, then: &[(&str, &str)]| {
        let env = pty_walk::dumb_env(&info);
        let mut s = pty::spawn(dir.path(), &["--plain", "resume"], &env, (60, 140));
        let mut answers = vec![
            ("ConnectWise site", ""),
            ("Company ID", ""),
            ("Client ID", ""),
        ];
        answers.push(("Security role name", role));
        answers.extend_from_slice(then);
        pty_walk::answer(&mut s, &answers);
        s
    };
    tokio::task::block_in_place(|| {
        let mut s =
            pty_walk::plain_at(dir.path(), &info, &["new", "--template", "cw-kanban"], true);
        let mut answers = vec![
            ("ConnectWise site", ""),
            ("Company ID", ""),
            ("Client ID", ""),
        ];
        answers.extend_from_slice(&[("Security role name", "Y1"), ("API member ID", "")]);
        answers.extend_from_slice(&[("Member name", ""), ("Email", ""), ("Keep it anyway", "y")]);
        pty_walk::answer(&mut s, &answers);
        s.wait_for("Check again");
        s.send("\x03");
        let _ = s.wait_exit();
        let y1 = recorded(dir.path())["role"]["id"].clone();
        assert!(y1.is_u64(), "{}", recorded(dir.path()));
        // Keep (the default): the recorded role stays the setup's.
        let mut s = walk("Z1", &[]);
        s.wait_for("Y1 (id");
        assert!(s.text().contains("created by this setup"), "{}", s.text());
        assert!(s.text().contains("retire"), "{}", s.text());
        pty_walk::answer(&mut s, &[("Keep the recorded name Y1", "")]);
        s.wait_for("API member ID");
        s.send("\x03");
        let _ = s.wait_exit();
        assert_eq!(recorded(dir.path())["role"]["name"], "Y1");
        // Go on with Z1: Y1 is recorded as left behind, by name and id.
        let on = [("Keep the recorded name Y1", "n"), ("API member ID", "")];
        let mut s = walk("Z1", &on);
        pty_walk::answer(
            &mut s,
            &[("Member name", ""), ("Email", ""), ("Keep it anyway", "y")],
        );
        s.wait_for("Check again");
        assert!(s.text().contains("Y1 is left behind"), "{}", s.text());
        s.send("\x03");
        let _ = s.wait_exit();
        let role = &recorded(dir.path())["role"];
        assert_eq!(role["name"], "Z1", "{role}");
        assert_eq!(role["left_behind"][0]["name"], "Y1", "{role}");
        assert_eq!(role["left_behind"][0]["id"], y1, "{role}");
        assert_ne!(role["id"], y1, "{role}");
    });
    sandbox.shutdown().await;
}
