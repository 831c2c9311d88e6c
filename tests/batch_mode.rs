//! Batch mode from an answers file: pending (exit 4) while the admin's hands are needed, then
//! done (exit 0), with the sandbox control API playing the admin.

#[path = "support/contract.rs"]
mod contract;
#[path = "support/flows.rs"]
mod flows;

use flows::kanban_files;

fn batch(
    dir: &std::path::Path,
    answers: &std::path::Path,
    admin: &std::path::Path,
    key: Option<&std::path::Path>,
) -> (i32, String, String) {
    let run = flows::batch(dir, answers, admin, key, &[]);
    (run.code.unwrap_or(-1), run.out, run.err)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_run_goes_from_pending_to_done() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, admin) = kanban_files(dir.path(), &info);

    // 1. The role is created but its levels are not set: pending, with the checklist.
    let (code, out, err) =
        tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, None));
    let log = control.requests().await.expect("log");
    assert!(
        log.iter().any(|r| r.method == "POST" && r.status == 201),
        "the role shell was created"
    );
    assert_eq!(code, 4, "{out}{err}");
    assert!(out.contains("System > Security Roles > CW Kanban"), "{out}");
    assert!(
        out.contains("Company Maintenance: set to Add None, Edit None, Delete None, Inquire All"),
        "{out}"
    );

    // The admin sets the levels in ConnectWise.
    flows::set_kanban_levels(&control).await;

    // 2. Role matches, member created (Remote has one business unit): pending the key.
    let (code, out, err) =
        tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, None));
    assert_eq!(code, 4, "{out}{err}");
    assert!(out.contains("API Members > kanban > API Keys"), "{out}");
    // The template's placeholder email is kept, with a warning naming the answers key.
    assert!(
        err.contains("warning: member.email: cwkanban@yourdomain.com uses the placeholder domain"),
        "{err}"
    );

    // The admin creates the key.
    let key_file = dir.path().join("key.toml");
    let key = flows::create_kanban_key(&control, &key_file).await;

    // 3. Done.
    let (code, out, err) =
        tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, Some(&key_file)));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("is done"), "{out}");
    assert!(!out.contains(&key.private_key) && !err.contains(&key.private_key));
    let summary =
        std::fs::read_to_string(dir.path().join("demomsp-cw-kanban-summary.md")).expect("summary");
    assert!(
        !summary.contains(&key.private_key),
        "no private key in the summary"
    );
    // The day of the hand-off is recorded (never the key): `list` counts the key's age from it.
    let listed = std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(["list", "--json"])
        .env("CW_ONBOARD_STATE_DIR", dir.path().join("state"))
        .env("CW_ONBOARD_CONFIG_DIR", dir.path().join("none"))
        .output()
        .expect("list");
    let rows: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert!(
        rows[0]["key_age_days"].as_i64().is_some_and(|d| d <= 1),
        "{rows}"
    );
    // 4. Again, without the key (it was verified and handed off): still done, nothing created.
    let (code, out, err) =
        tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, None));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("verified earlier"), "{out}");
    let log = control.requests().await.expect("log");
    let creates = log.iter().filter(|r| r.method == "POST").count();
    assert_eq!(creates, 2, "one role and one member over four runs");
    // Nothing secret in the state directory.
    for entry in std::fs::read_dir(dir.path().join("state")).expect("state") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).unwrap_or_default();
        assert!(!text.contains(&key.private_key) && !text.contains(&info.admin_private_key));
    }
    contract::assert_conforms(&sandbox);
    sandbox.shutdown().await;
}

#[test]
fn a_bad_answers_file_is_a_usage_error_naming_the_key() {
    // Checked without an instance: the answers file itself is validated first.
    let dir = tempfile::tempdir().expect("tempdir");
    let answers = dir.path().join("answers.toml");
    std::fs::write(&answers, "site = \"cw.example.com\"\ncompany = \"acme\"\nclient_id = \"bad\"\ntemplates = [\"cw-kanban\"]\n").expect("write");
    let admin = dir.path().join("admin.toml");
    std::fs::write(&admin, "public_key = \"x\"\nprivate_key = \"y\"\n").expect("write");
    let (code, _, err) = batch(dir.path(), &answers, &admin, None);
    assert_eq!(code, 2);
    assert!(err.contains("client_id"), "{err}");
}

/// Requests that change the instance, from the sandbox's log.
async fn changes(control: &cw_onboard::sandbox::ControlClient) -> Vec<String> {
    control
        .requests()
        .await
        .expect("log")
        .into_iter()
        .filter(|r| matches!(r.method.as_str(), "POST" | "PATCH" | "PUT" | "DELETE"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

/// One batch run over a fresh CW Kanban answers file with `from` replaced by `to`: it must exit
/// 2 having changed nothing on the instance. Its stderr, for what it names.
async fn refused(
    info: &cw_onboard::sandbox::SandboxInfo,
    control: &cw_onboard::sandbox::ControlClient,
    from: &str,
    to: &str,
) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, admin) = kanban_files(dir.path(), info);
    let text = std::fs::read_to_string(&answers).expect("answers");
    assert!(text.contains(from), "{text}");
    std::fs::write(&answers, text.replace(from, to)).expect("write");
    let (code, out, err) =
        tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, None));
    assert_eq!(code, 2, "{to}: {out}{err}");
    assert_eq!(changes(control).await, Vec::<String>::new(), "{to}");
    err
}

#[tokio::test(flavor = "multi_thread")]
async fn every_bad_answer_exits_2_naming_its_key_before_anything_is_created() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    // (what to change in the answers file, the key named, a word of the allowed values)
    let cases = [
        (
            "location = \"Remote\"\nemail = \"not an email\"",
            "member.email",
            "@",
        ),
        ("location = \"Nowhere\"", "member.location", "Chicago HQ"),
        (
            "location = \"Remote\"\ntime_zone = \"Martian\"",
            "member.time_zone",
            "Eastern",
        ),
        (
            "location = \"Remote\"\nbusiness_unit = \"Sales\"",
            "member.business_unit",
            "Professional Services",
        ),
        (
            "location = \"Remote\"\nlevel = \"Planet\"",
            "member.level",
            "Corporate",
        ),
        (
            "location = \"Corporate\"",
            "member.business_unit",
            "Managed Services",
        ),
    ];
    for (change, key, allowed) in cases {
        let err = refused(&info, &control, "location = \"Remote\"", change).await;
        assert!(
            err.contains(&format!("{key}:")),
            "{change} names {key}: {err}"
        );
        assert!(
            err.contains(allowed),
            "{change} lists what is allowed: {err}"
        );
    }
    // An unknown template id: checked before the instance is even asked.
    let err = refused(&info, &control, "\"cw-kanban\"", "\"cw-kanbann\"").await;
    assert!(
        err.contains("templates: There is no template cw-kanbann"),
        "{err}"
    );
    assert!(err.contains("cw-kanban"), "the ids there are: {err}");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_answers_key_exits_2_naming_it_and_the_keys_allowed_there() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    // (what to change in the answers file, the key named, keys listed as allowed there)
    let cases = [
        (
            "location = \"Remote\"\nemial = \"kanban@example.com\"",
            "member.emial: There is no such key under [member].",
            ["identifier", "email", "time_zone", "adopt"],
        ),
        (
            "location = \"Remote\"\n[members]\nname = \"Kanban\"",
            "members: There is no such key in an answers file.",
            ["site", "templates", "role_name", "member"],
        ),
    ];
    for (change, named, allowed) in cases {
        let err = refused(&info, &control, "location = \"Remote\"", change).await;
        assert!(err.contains(named), "{change} names the key: {err}");
        for key in allowed {
            assert!(err.contains(key), "{change} lists {key}: {err}");
        }
    }
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_setup_is_two_runs_and_one_visit_to_connectwise() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, admin) = kanban_files(dir.path(), &info);

    // Run 1: the role shell and the member are created; one checklist, levels then the key.
    let (code, out, err) =
        tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, None));
    assert_eq!(code, 4, "{out}{err}");
    let levels = out.find("System > Security Roles > CW Kanban").expect(&out);
    let key_at = out.find("API Members > kanban > API Keys").expect(&out);
    assert!(levels < key_at, "levels first, then the key: {out}");
    let created = changes(&control).await;
    assert_eq!(
        created.len(),
        2,
        "the role shell and the member: {created:?}"
    );
    assert!(created[1].contains("apiMembers"), "{created:?}");

    // One visit: the admin sets the levels and creates the key.
    flows::set_kanban_levels(&control).await;
    let key_file = dir.path().join("key.toml");
    flows::create_kanban_key(&control, &key_file).await;

    // Run 2: verified and done, nothing more created.
    let (code, out, err) =
        tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, Some(&key_file)));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("is done"), "{out}");
    assert_eq!(changes(&control).await.len(), 2);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_run_while_the_levels_lag_exits_4_naming_the_rows() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, admin) = kanban_files(dir.path(), &info);
    let (code, out, err) =
        tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, None));
    assert_eq!(code, 4, "{out}{err}");
    // The admin creates the key but forgets the levels.
    let key_file = dir.path().join("key.toml");
    flows::create_kanban_key(&control, &key_file).await;
    let (code, out, err) =
        tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, Some(&key_file)));
    assert_eq!(code, 4, "{out}{err}");
    assert!(
        out.contains("Company Maintenance: set to Add None, Edit None, Delete None, Inquire All"),
        "{out}"
    );
    flows::set_kanban_levels(&control).await;
    let (code, out, err) =
        tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, Some(&key_file)));
    assert_eq!(code, 0, "{out}{err}");
    sandbox.shutdown().await;
}

/// A role (or member) create the instance answers with a 500, or drops: an error naming the answer
/// (exit 1), never the "needs your hands" checklist for a role that does not exist.
#[tokio::test(flavor = "multi_thread")]
async fn a_role_create_the_instance_fails_is_an_error_not_pending() {
    let role = "POST /system/securityroles";
    let member = "POST /system/apiMembers";
    for (only, fail_every, drop_every, step, answer) in [
        (role, 1, 0, "step 1:", "500"),
        (role, 0, 1, "step 1:", "connection"),
        (member, 1, 0, "step 2:", "500"),
    ] {
        let (sandbox, control) = flows::sandbox().await;
        let info = sandbox.info().clone();
        let dir = tempfile::tempdir().expect("tempdir");
        let (answers, admin) = kanban_files(dir.path(), &info);
        control
            .set_faults(&cw_onboard::sandbox::Faults {
                fail_every,
                drop_every,
                fail_status: 500,
                fail_only: only.into(),
                ..Default::default()
            })
            .await
            .expect("faults");
        let (code, out, err) =
            tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, None));
        assert_eq!(code, 1, "an error, never 'needs your hands': {out}{err}");
        assert!(!out.contains("needs your hands"), "{out}");
        assert!(
            err.contains(step) && err.contains(answer),
            "the instance's answer: {err}"
        );
        let log = control.requests().await.expect("log");
        let made = log.iter().filter(|r| r.status == 201).count();
        assert_eq!(
            made,
            usize::from(only == member),
            "only the role shell, if anything"
        );
        sandbox.shutdown().await;
    }
}

/// Rate limiting (429) or a failing instance (5xx) while the role's levels are read back is a
/// failure to try again (exit 1), never "N rows are still too low" (exit 4).
#[tokio::test(flavor = "multi_thread")]
async fn a_settings_read_the_instance_refuses_is_an_error_not_low_rows() {
    for (status, answer) in [(429, "rate-limiting"), (503, "failing")] {
        let (sandbox, control) = flows::sandbox().await;
        let info = sandbox.info().clone();
        let dir = tempfile::tempdir().expect("tempdir");
        let (answers, admin) = kanban_files(dir.path(), &info);
        let (code, out, err) =
            tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, None));
        assert_eq!(code, 4, "{out}{err}");
        control
            .set_faults(&cw_onboard::sandbox::Faults {
                fail_every: 1,
                fail_status: status,
                fail_only: "GET /settings".into(),
                ..Default::default()
            })
            .await
            .expect("faults");
        let (code, out, err) =
            tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, None));
        assert_eq!(code, 1, "{out}{err}");
        assert!(!out.contains("too low"), "{out}");
        assert!(err.contains(answer) && err.contains("retried"), "{err}");
        sandbox.shutdown().await;
    }
}

/// An export that cannot be written: the setup is still saved as done, but the run is an error
/// (exit 1) saying the summary is missing, never "done".
#[tokio::test(flavor = "multi_thread")]
async fn a_summary_that_cannot_be_written_is_an_error_after_the_state_is_saved() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, admin) = kanban_files(dir.path(), &info);
    let (code, out, err) =
        tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, None));
    assert_eq!(code, 4, "{out}{err}");
    flows::set_kanban_levels(&control).await;
    let key_file = dir.path().join("key.toml");
    flows::create_kanban_key(&control, &key_file).await;
    // A directory where the summary goes: it cannot be written.
    std::fs::create_dir(dir.path().join("demomsp-cw-kanban-summary.md")).expect("plant");
    let (code, out, err) =
        tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, Some(&key_file)));
    assert_eq!(code, 1, "{out}{err}");
    assert!(!out.contains("is done."), "{out}");
    assert!(err.contains("summary could not be written"), "{err}");
    let listed = std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(["list", "--json"])
        .env("CW_ONBOARD_STATE_DIR", dir.path().join("state"))
        .env("CW_ONBOARD_CONFIG_DIR", dir.path().join("none"))
        .output()
        .expect("list");
    let rows: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(rows[0]["status"], "done", "the state was saved: {rows}");
    sandbox.shutdown().await;
}

/// Step 0's answers are refused by their answers-file key (`InstanceField::key`), before the
/// instance is asked anything that changes it.
#[tokio::test(flavor = "multi_thread")]
async fn a_bad_site_or_company_exits_2_naming_its_key_before_anything_is_created() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    // (the answers-file line, its bad value, the key named)
    let cases = [
        (
            format!("site = \"{}\"", info.url),
            "site = \"ftp://cw.example.com\"",
            "site",
        ),
        (
            format!("company = \"{}\"", info.company),
            "company = \"Acme Corp\"",
            "company",
        ),
    ];
    for (line, bad, key) in cases {
        let err = refused(&info, &control, &line, bad).await;
        assert!(
            err.contains(&format!("{key}: ")),
            "{bad} names {key}: {err}"
        );
    }
    sandbox.shutdown().await;
}

/// Guided (no admin keys): batch can create nothing, so run 1's checklist has all three of the
/// admin's things to do in ConnectWise, as the full screen's guided steps show them: the role
/// with its rows, the API member with its role, then the key. Nothing is created.
#[tokio::test(flavor = "multi_thread")]
async fn a_guided_run_lists_the_role_the_member_and_the_key() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, _admin) = kanban_files(dir.path(), &info);
    let out = tokio::task::block_in_place(|| {
        std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
            .args(["--no-input", "--answers"])
            .arg(&answers)
            .current_dir(dir.path())
            .env("CW_ONBOARD_STATE_DIR", dir.path().join("state"))
            .env("CW_ONBOARD_CONFIG_DIR", dir.path().join("none"))
            .output()
            .expect("run")
    });
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(4), "{text}");
    let mut at = 0;
    for step in [
        "(guided)",
        "1. System > Security Roles > CW Kanban (+ creates it), set:",
        "Company Maintenance: set to Add None, Edit None, Delete None, Inquire All",
        "2. System > Members > API Members > +",
        "Role ID        CW Kanban",
        "3. System > Members > API Members > kanban > API Keys > +",
    ] {
        let found = text[at..].find(step).map(|i| at + i);
        at = found.unwrap_or_else(|| panic!("{step:?} missing or out of order:\n{text}"));
    }
    assert!(changes(&control).await.is_empty(), "guided creates nothing");
    sandbox.shutdown().await;
}
