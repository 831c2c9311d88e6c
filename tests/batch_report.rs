//! What batch mode and `demo --no-input` say: every refused answer at once, each naming the
//! answers file and its key; the nearest template ids for an unknown one; each step's line
//! once per run; and a demo answers file needs no instance keys (the sandbox has its own).

#[path = "support/flows.rs"]
mod flows;

use flows::kanban_files;
use std::path::Path;

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

fn demo(dir: &Path, answers: &Path) -> flows::Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(["--no-input", "demo", "--answers"])
        .arg(answers)
        .current_dir(dir)
        .env("CW_ONBOARD_STATE_DIR", dir.join("state"))
        .env("CW_ONBOARD_CONFIG_DIR", dir.join("none"))
        .output()
        .expect("run");
    flows::Run {
        code: out.status.code(),
        out: String::from_utf8_lossy(&out.stdout).into(),
        err: String::from_utf8_lossy(&out.stderr).into(),
    }
}

/// No step's line twice in one run (`— run N —` starts a run).
fn each_step_once(out: &str) {
    for run in out.split("— run ") {
        for step in ["0", "1", "2", "3"] {
            let line = format!("✓ step {step}:");
            assert!(run.matches(&line).count() <= 1, "{line} twice: {run}");
        }
        assert!(!run.contains("✓ steps "), "steps merged in one line: {run}");
    }
}

#[test]
fn a_demo_answers_file_needs_no_instance_keys_and_its_errors_name_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let answers = dir.path().join("demo-answers.toml");
    std::fs::write(
        &answers,
        "templates = [\"cw-kanban\"]\n\n[member]\nlocation = \"Remote\"\n",
    )
    .expect("write");
    let run = demo(dir.path(), &answers);
    assert_eq!(run.code, Some(0), "{}{}", run.out, run.err);
    assert!(run.out.contains("is done"), "{}", run.out);
    // Run 2 reads what run 1 recorded: each step's line once, in order.
    let second = run.out.split("— run 2 —").nth(1).expect(&run.out);
    let second = second
        .split("— then a key rotation")
        .next()
        .unwrap_or(second);
    let at = |line: &str| {
        second
            .find(line)
            .unwrap_or_else(|| panic!("{line}: {second}"))
    };
    assert!(at("✓ step 0:") < at("✓ step 1:"), "{second}");
    assert!(at("✓ step 1:") < at("✓ step 2:"), "{second}");
    assert!(at("✓ step 2:") < at("✓ step 3:"), "{second}");
    each_step_once(&run.out);

    // A bad answer in it: exit 2, naming the file and the key.
    std::fs::write(
        &answers,
        "templates = [\"cw-kanbann\"]\n\n[member]\nemail = \"nope\"\n",
    )
    .expect("write");
    let run = demo(dir.path(), &answers);
    assert_eq!(run.code, Some(2), "{}{}", run.out, run.err);
    let file = answers.display().to_string();
    for key in [
        "templates: There is no template cw-kanbann",
        "member.email:",
    ] {
        assert!(
            run.err.contains(&format!("{file}: {key}")),
            "{key} with the file: {}",
            run.err
        );
    }
    assert!(run.err.contains("Did you mean cw-kanban?"), "{}", run.err);
}

#[test]
fn a_batch_answers_file_without_the_instance_keys_names_the_file_and_each_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let answers = dir.path().join("answers.toml");
    std::fs::write(
        &answers,
        "company = \"acme\"\ntemplates = [\"cw-kanban\"]\n",
    )
    .expect("write");
    let admin = dir.path().join("admin.toml");
    flows::write_private(&admin, &flows::key_toml("x", "y"));
    let run = flows::batch(dir.path(), &answers, &admin, None, &[]);
    assert_eq!(run.code, Some(2), "{}{}", run.out, run.err);
    let file = answers.display().to_string();
    assert!(
        run.err
            .contains(&format!("{file}: site, client_id: missing")),
        "{}",
        run.err
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_missing_or_bad_answer_is_named_at_once_before_anything_is_created() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, admin) = kanban_files(dir.path(), &info);
    let text = std::fs::read_to_string(&answers).expect("answers");
    // No location (so no business unit either), a time zone and a level the instance lacks,
    // and a bad email: all named in one run, each with what is allowed.
    let bad = "time_zone = \"Martian\"\nlevel = \"Planet\"";
    std::fs::write(&answers, text.replace("location = \"Remote\"", bad)).expect("write");
    let run = tokio::task::block_in_place(|| flows::batch(dir.path(), &answers, &admin, None, &[]));
    assert_eq!(run.code, Some(2), "{}{}", run.out, run.err);
    let file = answers.display().to_string();
    for (key, allowed) in [
        ("member.location", "Chicago HQ"),
        ("member.business_unit", "Managed Services"),
        ("member.time_zone", "Eastern"),
        ("member.level", "Corporate"),
    ] {
        let line = run
            .err
            .lines()
            .find(|l| l.contains(&format!("{file}: {key}:")))
            .unwrap_or_else(|| panic!("{key} with the file: {}", run.err));
        assert!(line.contains(allowed), "{key} lists {allowed}: {line}");
    }
    assert_eq!(changes(&control).await, Vec::<String>::new());

    // Answers refused before the instance is asked: all of them too.
    let bad = "location = \"Remote\"\nemail = \"nope\"\nidentifier = \"kanban-integration\"";
    std::fs::write(
        &answers,
        text.replace("location = \"Remote\"", bad)
            .replace("\"cw-kanban\"", "\"cw-kanbann\""),
    )
    .expect("write");
    let run = tokio::task::block_in_place(|| flows::batch(dir.path(), &answers, &admin, None, &[]));
    assert_eq!(run.code, Some(2), "{}{}", run.out, run.err);
    for key in ["templates:", "member.email:", "member.identifier:"] {
        assert!(
            run.err.contains(&format!("{file}: {key}")),
            "{key}: {}",
            run.err
        );
    }
    assert_eq!(changes(&control).await, Vec::<String>::new());
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_batch_run_prints_each_step_once() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, admin) = kanban_files(dir.path(), &info);
    let batch = |key: Option<&Path>| {
        tokio::task::block_in_place(|| flows::batch(dir.path(), &answers, &admin, key, &[]))
    };
    let run = batch(None);
    assert_eq!(run.code, Some(4), "{}{}", run.out, run.err);
    // Run 2 before the admin's visit: pending, step 0 once, step 1 not done.
    let run = batch(None);
    assert_eq!(run.code, Some(4), "{}{}", run.out, run.err);
    each_step_once(&run.out);
    assert!(run.out.contains("… step 1:"), "{}", run.out);
    flows::set_kanban_levels(&control).await;
    let key_file = dir.path().join("key.toml");
    flows::create_kanban_key(&control, &key_file).await;
    let run = batch(Some(&key_file));
    assert_eq!(run.code, Some(0), "{}{}", run.out, run.err);
    each_step_once(&run.out);
    for step in ["✓ step 0:", "✓ step 1:", "✓ step 2:", "✓ step 3:"] {
        assert!(run.out.contains(step), "{step}: {}", run.out);
    }
    sandbox.shutdown().await;
}

/// `--template` on the command line, full screen and `--plain` alike: the nearest ids first,
/// and where the whole list is, not all 37 of them.
#[test]
fn an_unknown_template_id_suggests_the_nearest_in_every_front_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    for args in [
        &["new", "--template", "cw-kanbann"][..],
        &["--plain", "new", "--template", "cw-kanbann"][..],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
            .args(args)
            .current_dir(dir.path())
            .env("CW_ONBOARD_STATE_DIR", dir.path().join("state"))
            .env("CW_ONBOARD_CONFIG_DIR", dir.path().join("none"))
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("--template: There is no template cw-kanbann. Did you mean cw-kanban?"),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("`cw-onboard templates list` shows all"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("timezest"), "not the whole list: {err}");
    }
}

/// A second run whose answers file renames the role takes the whole walk (it used to keep the
/// recorded role without a word): the new role is made, and the one this setup created under
/// the old name is named as left behind, for `retire` or the admin.
#[tokio::test(flavor = "multi_thread")]
async fn a_second_run_with_a_renamed_role_says_the_old_one_is_left_behind() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, admin) = kanban_files(dir.path(), &info);
    let answers = |role: &str| {
        flows::answers_file(
            dir.path(),
            &info,
            "answers.toml",
            "cw-kanban",
            &format!("role_name = \"{role}\""),
            "",
        )
    };
    let batch = |answers: &Path| {
        tokio::task::block_in_place(|| flows::batch(dir.path(), answers, &admin, None, &[]))
    };
    let run = batch(&answers("Kanban One"));
    assert_eq!(run.code, Some(4), "{}{}", run.out, run.err);
    let run = batch(&answers("Kanban Two"));
    let all = format!("{}{}", run.out, run.err);
    assert!(all.contains("Kanban Two"), "{all}");
    assert!(
        all.contains("Left behind: security role Kanban One"),
        "the recorded role is named as left behind: {all}"
    );
    let made: Vec<String> = control
        .requests()
        .await
        .expect("log")
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.to_lowercase().ends_with("/securityroles"))
        .map(|r| r.path)
        .collect();
    assert_eq!(made.len(), 2, "the renamed role is created: {made:?}");
    sandbox.shutdown().await;
}
