//! Templates without permission rows (ConnectBooster: seeds 000/001 define no API role). No
//! front-end creates a role, an API member or a key for them: each says the vendor publishes
//! no API permissions and goes to the allow-list and the manual steps. One chosen template
//! that needs rows brings the steps back.

#[path = "support/flows.rs"]
mod flows;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/wizard.rs"]
mod wizard_support;

use flows::{key_toml, write_private};
use wizard_support::*;

fn creates(fx: &[Effect]) -> bool {
    fx.iter().any(|e| {
        matches!(
            e,
            Effect::FindOrCreateRole { .. } | Effect::SaveMember { .. }
        )
    })
}

#[test]
fn full_screen_passes_the_role_member_and_key_steps_by_and_says_why() {
    let mut w = driver();
    through_instance(&mut w, true);
    typed(&mut w, "connectbooster");
    let fx = w.press("<enter>");
    assert!(!creates(&fx), "nothing is created: {fx:?}");
    assert_eq!(w.step, StepId::AllowList);
    let why = w.skip_reason().unwrap_or_default();
    assert!(
        why.contains("ConnectBooster publishes no API permissions"),
        "{why}"
    );
    assert!(why.contains("ask the vendor"), "{why}");
    for step in [StepId::Role, StepId::Member, StepId::Keys] {
        assert!(w.skips(step), "{step:?} is skipped");
    }
    assert!(!w.skips(StepId::AllowList) && !w.skips(StepId::Summary));

    // Back lands on the role step (where the templates are changed), not on the key step.
    w.press("<c-p>");
    assert_eq!(w.step, StepId::Role);
    let hints: Vec<_> = w.bindings().iter().map(|b| b.label).collect();
    assert!(!hints.contains(&"create"), "{hints:?}");
    let fx = w.press("<enter>");
    assert!(!creates(&fx), "Enter goes on, it does not create: {fx:?}");
    assert_eq!(w.step, StepId::AllowList);
    w.press("<enter>");
    assert_eq!(w.step, StepId::Summary);
    // Finishing waits for the manual step's input (batch: pending, exit 4), then finishes.
    let fx = w.press("<c-n>");
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Quit(_))),
        "not done without the portal URL: {fx:?}"
    );
    assert!(
        w.banner
            .as_deref()
            .is_some_and(|b| b.contains("ConnectBooster portal URL")),
        "{:?}",
        w.banner
    );
    w.type_text("https://mymsp.connectboosterportal.com");
    let fx = w.press("<c-n>");
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Quit(Exit::Finished))),
        "{fx:?}"
    );
    assert_eq!(w.setup.member.id, None);
    assert_eq!(w.setup.role.id, None);
}

#[test]
fn another_template_with_rows_brings_the_steps_back() {
    let mut w = driver();
    through_instance(&mut w, true);
    typed(&mut w, "connectbooster");
    w.press("<space>");
    for _ in 0.."connectbooster".len() {
        w.press("<bs>");
    }
    typed(&mut w, "cw-kanban");
    w.press("<space>");
    w.press("<enter>");
    assert_eq!(w.step, StepId::Role, "{:?}", w.banner);
    assert_eq!(w.setup.templates.len(), 2, "{:?}", w.setup.templates);
    assert!(!w.skips(StepId::Member) && !w.skips(StepId::Keys));
    // The member's defaults come from the template that needs API access, not ConnectBooster.
    let kanban = w.library.get("cw-kanban").expect("kanban").member.clone();
    let merged = w.merged.as_ref().expect("merged");
    assert_eq!(merged.ids[0], "connectbooster");
    assert_eq!(merged.member.identifier, kanban.identifier);
    let fx = w.press("<enter>");
    assert!(creates(&fx), "the role shell is created: {fx:?}");
}

fn answers(dir: &std::path::Path, info: &cw_onboard::sandbox::SandboxInfo) -> std::path::PathBuf {
    answers_with(
        dir,
        info,
        "\n[manual]\n\"connectbooster/link-portal/portal_url\" = \"https://mymsp.connectboosterportal.com\"\n",
    )
}

fn answers_with(
    dir: &std::path::Path,
    info: &cw_onboard::sandbox::SandboxInfo,
    manual: &str,
) -> std::path::PathBuf {
    let answers = dir.join("answers.toml");
    std::fs::write(
        &answers,
        format!(
            "site = \"{}\"\ncompany = \"{}\"\nclient_id = \"{}\"\ntemplates = [\"connectbooster\"]\n{manual}",
            info.url, info.company, info.client_id
        ),
    )
    .expect("answers");
    answers
}

/// A manual step's input left out of the answers file keeps the setup from done, as the
/// admin's work in ConnectWise does: pending (exit 4), naming the answers-file key; the run
/// with the answer finishes.
#[tokio::test(flavor = "multi_thread")]
async fn batch_without_a_manual_answer_is_pending_and_names_its_key() {
    let (sandbox, _control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let admin = dir.path().join("admin.toml");
    write_private(
        &admin,
        &key_toml(&info.admin_public_key, &info.admin_private_key),
    );
    let unanswered = answers_with(dir.path(), &info, "");
    let run =
        tokio::task::block_in_place(|| flows::batch(dir.path(), &unanswered, &admin, None, &[]));
    assert_eq!(run.code, Some(4), "{}{}", run.out, run.err);
    assert!(
        run.out
            .contains("manual.\"connectbooster/link-portal/portal_url\""),
        "{}",
        run.out
    );
    assert!(run.out.contains("ConnectBooster portal URL"), "{}", run.out);
    assert!(!run.out.contains("is done"), "{}", run.out);
    assert!(
        !dir.path()
            .join("demomsp-connectbooster-summary.md")
            .exists(),
        "no summary of an unfinished setup"
    );
    let answered = answers(dir.path(), &info);
    let run =
        tokio::task::block_in_place(|| flows::batch(dir.path(), &answered, &admin, None, &[]));
    assert_eq!(run.code, Some(0), "{}{}", run.out, run.err);
    assert!(run.out.contains("is done"), "{}", run.out);
    let summary = std::fs::read_to_string(dir.path().join("demomsp-connectbooster-summary.md"))
        .expect("summary");
    assert!(
        summary.contains("- ConnectBooster portal URL: https://mymsp.connectboosterportal.com"),
        "{summary}"
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn batch_finishes_at_once_creating_nothing_and_verify_and_list_say_so() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let answers = answers(dir.path(), &info);
    let admin = dir.path().join("admin.toml");
    write_private(
        &admin,
        &key_toml(&info.admin_public_key, &info.admin_private_key),
    );
    let run = tokio::task::block_in_place(|| flows::batch(dir.path(), &answers, &admin, None, &[]));
    assert_eq!(run.code, Some(0), "{}{}", run.out, run.err);
    assert!(
        run.out
            .contains("ConnectBooster publishes no API permissions"),
        "{}",
        run.out
    );
    assert!(
        run.out.contains("Enable SSO in ConnectBooster"),
        "{}",
        run.out
    );
    assert!(!run.out.contains("needs your hands"), "{}", run.out);
    let log = control.requests().await.expect("log");
    assert!(
        log.iter().all(|r| r.method == "GET"),
        "nothing is created: {:?}",
        log.iter()
            .filter(|r| r.method != "GET")
            .map(|r| format!("{} {}", r.method, r.path))
            .collect::<Vec<_>>()
    );
    let summary = std::fs::read_to_string(dir.path().join("demomsp-connectbooster-summary.md"))
        .expect("summary");
    assert!(summary.contains("no API permissions"), "{summary}");

    // `list` and `verify`: nothing to check for a key, said plainly, not a failure.
    let bin = env!("CARGO_BIN_EXE_cw-onboard");
    let cli = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .args(args)
            .current_dir(dir.path())
            .env("CW_ONBOARD_STATE_DIR", dir.path().join("state"))
            .env("CW_ONBOARD_CONFIG_DIR", dir.path().join("none"))
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, err) = tokio::task::block_in_place(|| cli(&["list"]));
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("no API key"), "{out}");
    let (code, out, err) =
        tokio::task::block_in_place(|| cli(&["verify", "demomsp-connectbooster"]));
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("no API permissions"), "{out}");
    assert!(!out.contains("✓ key"), "no key check is claimed: {out}");
    // `rotate`: there is no key to rotate, said as such; `resume` would not give it one.
    for args in [
        &["--no-input", "rotate", "demomsp-connectbooster"][..],
        &["--plain", "rotate", "demomsp-connectbooster"],
        &["--no-input", "rotate"],
    ] {
        let (code, out, err) = tokio::task::block_in_place(|| cli(args));
        assert_eq!(code, Some(2), "{args:?}: {out}{err}");
        assert!(err.contains("API key to rotate"), "{args:?}: {err}");
        assert!(!err.contains("resume"), "{args:?}: {err}");
    }
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_prompts_ask_no_role_or_member_and_finish() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("dir");
    let mut s = pty::spawn(
        dir.path(),
        &["--plain", "new", "--template", "connectbooster"],
        &[
            ("TERM", "dumb"),
            ("NO_COLOR", "1"),
            ("CW_ADMIN_PUBLIC_KEY", &info.admin_public_key),
            ("CW_ADMIN_PRIVATE_KEY", &info.admin_private_key),
        ],
        (30, 100),
    );
    let status = tokio::task::block_in_place(|| {
        s.wait_for("ConnectWise site");
        s.send(&format!("{}\r", info.url));
        s.wait_for("Company ID");
        s.send(&format!("{}\r", info.company));
        s.wait_for("Client ID");
        s.send(&format!("{}\r", info.client_id));
        // Step 5 asks its manual step's input (a setup is done only once it is answered).
        s.wait_for("ConnectBooster portal URL");
        s.send("https://mymsp.connectboosterportal.com/\r");
        s.wait_for("Remove the");
        s.send("https://mymsp.connectboosterportal.com\r");
        s.wait_for("is done");
        s.wait_exit()
    });
    let text = s.output();
    assert!(status.success(), "{text}");
    assert!(text.contains("publishes no API permissions"), "{text}");
    assert!(!text.contains("Security role name"), "{text}");
    assert!(!text.contains("API member ID"), "{text}");
    let log = control.requests().await.expect("log");
    assert!(log.iter().all(|r| r.method == "GET"), "nothing is created");
    sandbox.shutdown().await;
}

/// Through a PTY: the full-screen wizard passes steps 1-3 by, and a summary that cannot be
/// written (a symbolic link planted where it goes) ends the finished setup in exit 1, after
/// the setup was saved as done.
#[tokio::test(flavor = "multi_thread")]
async fn full_screen_walk_and_an_unwritable_summary_exits_1_after_saving() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("elsewhere.txt");
    std::fs::write(&target, "someone else's file").expect("target");
    std::os::unix::fs::symlink(
        &target,
        dir.path().join("demomsp-connectbooster-summary.md"),
    )
    .expect("symlink");
    let mut s = pty::spawn(
        dir.path(),
        &[
            "new",
            "--site",
            &info.url,
            "--company",
            &info.company,
            "--template",
            "connectbooster",
        ],
        &[("TERM", "xterm-256color")],
        (24, 80),
    );
    let status = tokio::task::block_in_place(|| {
        s.wait_for("Step 0 of 5");
        s.send("\t\t");
        s.send(&info.client_id);
        s.send("\x0e");
        s.wait_for("Step 1 of 5");
        assert!(
            s.text().contains("publishes no API permissions"),
            "{}",
            s.text()
        );
        s.send("\r");
        s.wait_for("Step 4 of 5");
        s.send("\r");
        s.wait_for("Step 5 of 5");
        // Finishing waits for the manual step's input; then it is typed.
        s.send("\x0e");
        s.wait_for("unanswered");
        s.send("https://mymsp.connectboosterportal.com");
        s.send("\x05");
        s.wait_for("symbolic link");
        s.send("\x0e");
        s.wait_exit()
    });
    assert_eq!(status.exit_code(), 1, "{}", s.output());
    assert!(
        s.output()
            .contains("is done and saved, but its summary could not be written"),
        "{}",
        s.output()
    );
    assert_eq!(
        std::fs::read_to_string(&target).expect("target"),
        "someone else's file"
    );
    let state: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("state/demomsp-connectbooster.json"))
            .expect("state"),
    )
    .expect("json");
    assert_eq!(state["setup"]["status"], "done", "saved as done first");
    let log = control.requests().await.expect("log");
    assert!(log.iter().all(|r| r.method == "GET"), "nothing is created");
    sandbox.shutdown().await;
}

/// TimeZest publishes its base rows only in its own app (a gap): batch creates the role and
/// member as for any integration (it needs API access) and says what the template leaves out,
/// so an empty role that "matches" is not mistaken for the vendor's whole list.
#[tokio::test(flavor = "multi_thread")]
async fn a_partial_templates_gap_is_said_beside_its_rows_in_batch() {
    let (sandbox, _control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let answers = dir.path().join("answers.toml");
    std::fs::write(
        &answers,
        format!(
            "site = \"{}\"\ncompany = \"{}\"\nclient_id = \"{}\"\ntemplates = [\"timezest\"]\n\n[member]\nlocation = \"Remote\"\nbusiness_unit = \"Professional Services\"\n",
            info.url, info.company, info.client_id
        ),
    )
    .expect("answers");
    let admin = dir.path().join("admin.toml");
    write_private(
        &admin,
        &key_toml(&info.admin_public_key, &info.admin_private_key),
    );
    let run = tokio::task::block_in_place(|| flows::batch(dir.path(), &answers, &admin, None, &[]));
    assert!(
        run.out.contains("Not covered (TimeZest)") && run.out.contains("generated live"),
        "{}{}",
        run.out,
        run.err
    );
    assert!(
        !run.out.contains("publishes no API permissions"),
        "{}",
        run.out
    );
}
