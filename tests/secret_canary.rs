//! The secrets canary (issue 6): whole runs with known keys, then every place a secret could
//! leak is searched for either private key: the state directory (with its backups), exported
//! summaries, the process's output (cw-onboard's only log), a panic report, and the committed
//! snapshots and screenshots. Only the hand-off file the user chose may hold the new key.

#[path = "support/flows.rs"]
mod flows;

use cw_onboard::app::msg::{Exit, Msg};
use cw_onboard::app::setup::StepId;
use cw_onboard::app::steps::keys::KeyField;
use flows::{act_as_admin, batch, kanban_files, sandbox};
use ratatui::crossterm::event::KeyCode;
use std::path::{Path, PathBuf};

/// Every file under `dir`, recursively, except `skip`.
fn files(dir: &Path, skip: Option<&Path>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if Some(path.as_path()) == skip {
            continue;
        }
        if path.is_dir() {
            out.extend(files(&path, skip));
        } else {
            out.push(path);
        }
    }
    out
}

/// Fails naming the file if any of `files` holds any of `secrets`.
fn assert_clean(what: &str, files: &[PathBuf], secrets: &[&str]) {
    for file in files {
        let bytes = std::fs::read(file).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        for secret in secrets {
            assert!(
                !text.contains(secret),
                "{what}: a private key leaked into {}",
                file.display()
            );
        }
    }
}

/// The wizard, as the terminal runs it (real executor, saver and exports), with the key
/// handed off to a file the user chose.
#[tokio::test(flavor = "multi_thread")]
async fn the_wizard_keeps_private_keys_out_of_everything_but_the_chosen_file() {
    let (sandbox, control) = sandbox().await;
    let info = sandbox.info().clone();
    // A private temporary directory (0700): the hand-off file may go there, not in /tmp itself.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = flows::headless(&info, dir.path(), true);
    h.start().await.expect("start");
    // A step's Debug (a test failure, a trace) never prints a key typed into it.
    let step0 = format!("{:?}", h.wizard.instance);
    assert!(!step0.contains(&info.admin_private_key), "{step0}");
    assert!(
        step0.contains(&info.admin_public_key),
        "public halves stay visible"
    );
    h.ctrl('l').await.expect("check");
    h.ctrl('n').await.expect("next");
    h.type_text("cw-kanban").await.expect("type");
    h.key(KeyCode::Enter).await.expect("pick");
    h.key(KeyCode::Enter).await.expect("role");
    h.ctrl('d').await.expect("demo: set the levels");
    h.ctrl('n').await.expect("next");
    assert_eq!(h.wizard.step, StepId::Member, "{:?}", h.wizard.banner);
    flows::choose_location(&mut h).await;
    h.ctrl('n').await.expect("create");
    assert_eq!(h.wizard.step, StepId::Keys, "{:?}", h.wizard.banner);
    let key = control
        .create_key("kanban", "CW Kanban")
        .await
        .expect("key");
    h.send(Msg::Paste(key.public_key.clone()))
        .await
        .expect("paste");
    h.key(KeyCode::Tab).await.expect("tab");
    h.send(Msg::Paste(key.private_key.clone()))
        .await
        .expect("paste");
    assert_eq!(
        h.wizard.keys.field(KeyField::Private).value(),
        key.private_key
    );
    let step3 = format!("{:?}", h.wizard.keys);
    assert!(!step3.contains(&key.private_key), "{step3}");
    h.key(KeyCode::Enter).await.expect("verify");
    let handoff = dir.path().join("kanban-key.txt");
    assert!(h.wizard.keys.handoff().is_some(), "{:?}", h.wizard.banner);
    // The proposed path cleared (^U) and the chosen one pasted, as the admin would.
    h.ctrl('u').await.expect("clear the path");
    h.send(Msg::Paste(handoff.display().to_string()))
        .await
        .expect("paste the path");
    h.key(KeyCode::Enter)
        .await
        .expect("write the hand-off file");
    h.ctrl('s').await.expect("stored");
    assert_eq!(h.wizard.step, StepId::AllowList, "{:?}", h.wizard.banner);
    h.ctrl('n').await.expect("next");
    h.ctrl('e').await.expect("export");
    h.ctrl('n').await.expect("finish");
    assert_eq!(h.exit, Some(Exit::Finished), "{:?}", h.wizard.banner);
    assert!(h.exec.flush().await.is_none(), "saved");

    let chosen = std::fs::read_to_string(&handoff).expect("hand-off file");
    assert!(chosen.contains(&key.private_key), "the chosen file has it");
    let written = files(dir.path(), Some(&handoff));
    assert!(
        written.iter().any(|p| p.to_string_lossy().ends_with(".md")),
        "a summary was exported: {written:?}"
    );
    assert!(
        written
            .iter()
            .any(|p| p.to_string_lossy().ends_with(".bak")),
        "backups are searched too: {written:?}"
    );
    assert_clean(
        "wizard",
        &written,
        &[&key.private_key, &info.admin_private_key],
    );
    sandbox.shutdown().await;
}

/// The binary in batch mode, then `verify` and `list`: their output and files; then a panic
/// after the key was read: its report.
#[tokio::test(flavor = "multi_thread")]
async fn batch_runs_and_a_panic_report_never_show_a_private_key() {
    let (sandbox, control) = sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, admin) = kanban_files(dir.path(), &info);
    let mut output = String::new();
    let mut key = None;
    for _ in 0..4 {
        let run = tokio::task::block_in_place(|| {
            batch(dir.path(), &answers, &admin, key.as_deref(), &[])
        });
        output.push_str(&run.out);
        output.push_str(&run.err);
        if run.code == Some(0) {
            break;
        }
        if let Some(k) = act_as_admin(&control, dir.path(), &run.out).await {
            key = Some(k);
        }
    }
    assert!(output.contains("is done"), "{output}");
    let key_file = key.expect("a key was made");
    let key_text = std::fs::read_to_string(&key_file).expect("key file");
    let member_private = key_text
        .lines()
        .find_map(|l| l.strip_prefix("private_key = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("private key")
        .to_string();
    let env = [
        ("CW_ONBOARD_STATE_DIR", dir.path().join("state")),
        ("CW_ONBOARD_CONFIG_DIR", dir.path().join("none")),
    ];
    for args in [
        vec!["verify", "demomsp-cw-kanban", "--key-file"],
        vec!["list"],
    ] {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"));
        cmd.args(&args).envs(env.clone()).current_dir(dir.path());
        if args[0] == "verify" {
            cmd.arg(&key_file);
        }
        let out = cmd.output().expect("run");
        output.push_str(&String::from_utf8_lossy(&out.stdout));
        output.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    assert!(output.contains("Key authenticates"), "verify ran: {output}");
    // A panic once both keys are in memory (debug builds have the crash points).
    if cfg!(debug_assertions) {
        std::fs::remove_dir_all(dir.path().join("state")).expect("fresh state");
        // Without the state, the role and member the first setup made are no longer this
        // setup's own: the answers adopt them (app::ownership).
        let adopting = dir.path().join("adopting.toml");
        let text = std::fs::read_to_string(&answers).expect("answers");
        std::fs::write(
            &adopting,
            text.replace(
                "[member]\n",
                "adopt_role = true\n\n[member]\nadopt = true\n",
            ),
        )
        .expect("answers");
        let run = tokio::task::block_in_place(|| {
            batch(
                dir.path(),
                &adopting,
                &admin,
                Some(&key_file),
                &[
                    (
                        cw_onboard::runtime::crash_point::PANIC_AT,
                        "enter-allowlist",
                    ),
                    ("RUST_BACKTRACE", "full"),
                ],
            )
        });
        assert!(run.err.contains("test crash point"), "{}", run.err);
        assert_ne!(run.code, Some(0));
        output.push_str(&run.out);
        output.push_str(&run.err);
    }
    // Retire with both keys in memory: a panic mid-way (debug builds), then to the end.
    let admin_file = admin.to_string_lossy().to_string();
    let key_path = key_file.to_string_lossy().to_string();
    let retire = [
        "--no-input",
        "retire",
        "demomsp-cw-kanban",
        "--yes",
        "--admin-key-file",
        admin_file.as_str(),
        "--key-file",
        key_path.as_str(),
    ];
    let panic_at: &[(&str, &str)] = if cfg!(debug_assertions) {
        &[
            (
                cw_onboard::runtime::crash_point::PANIC_AT,
                "retire-member-deactivated",
            ),
            ("RUST_BACKTRACE", "full"),
        ]
    } else {
        &[]
    };
    for extra in [panic_at, &[]] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
            .args(retire)
            .envs(env.clone())
            .envs(extra.iter().copied())
            .current_dir(dir.path())
            .output()
            .expect("run");
        output.push_str(&String::from_utf8_lossy(&out.stdout));
        output.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    assert!(output.contains("is retired"), "retire ran: {output}");
    assert!(
        !cfg!(debug_assertions) || output.contains("panicking at retire-member-deactivated"),
        "the retire panicked mid-way: {output}"
    );
    let secrets = [member_private.as_str(), info.admin_private_key.as_str()];
    for secret in secrets {
        assert!(!output.contains(secret), "a private key in the output");
    }
    let written = files(dir.path(), Some(&key_file));
    let written: Vec<PathBuf> = written
        .into_iter()
        .filter(|p| !p.ends_with("admin.toml"))
        .collect();
    assert_clean("batch", &written, &secrets);
    sandbox.shutdown().await;
}

/// The committed snapshots and screenshots: the gallery's private key never shows.
#[test]
fn snapshots_and_screenshots_hold_no_private_key() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = files(&root.join("tests/snapshots"), None);
    all.extend(files(&root.join("screenshots"), None));
    assert!(all.len() > 10, "found {} files", all.len());
    assert_clean("committed", &all, &["HIDDEN-PRIVATE-KEY"]);
}

/// `audit` against the messy instance (a member key in it, integrator logins with passwords):
/// no key, half of one, or password in its `--json`, `--plain`, `--md` report or stderr.
#[tokio::test(flavor = "multi_thread")]
async fn the_audit_reports_hold_no_secret() {
    let sandbox = cw_onboard::sandbox::Sandbox::start(cw_onboard::sandbox::SandboxOptions {
        seed: cw_onboard::sandbox::Seed::Messy,
        ..Default::default()
    })
    .await
    .expect("sandbox");
    let info = sandbox.info().clone();
    let control = cw_onboard::sandbox::ControlClient::new(&info.url).expect("control");
    let member = control
        .create_key("syncbot", "audit canary")
        .await
        .expect("key");
    let dir = tempfile::tempdir().expect("tempdir");
    let admin = dir.path().join("admin.toml");
    std::fs::write(
        &admin,
        format!(
            "public_key = \"{}\"\nprivate_key = \"{}\"\n",
            info.admin_public_key, info.admin_private_key
        ),
    )
    .expect("admin keys");
    let report = dir.path().join("audit.md");
    let mut output = String::new();
    for extra in [
        vec!["--json"],
        vec!["--plain"],
        vec!["--md", report.to_str().expect("path")],
    ] {
        let out = tokio::task::block_in_place(|| {
            std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
                .args(["--admin-key-file", admin.to_str().expect("path"), "audit"])
                .args([
                    "--site",
                    &info.url,
                    "--company",
                    &info.company,
                    "--client-id",
                    &info.client_id,
                ])
                .args(&extra)
                .env("CW_ONBOARD_STATE_DIR", dir.path().join("state"))
                .env("CW_ONBOARD_CONFIG_DIR", dir.path().join("none"))
                .current_dir(dir.path())
                .output()
                .expect("run")
        });
        assert_eq!(
            out.status.code(),
            Some(3),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        output.push_str(&String::from_utf8_lossy(&out.stdout));
        output.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    assert!(output.contains("admin-rights"), "{output}");
    let secrets = [
        info.admin_private_key.as_str(),
        info.admin_public_key.as_str(),
        member.private_key.as_str(),
        member.public_key.as_str(),
        "Legacy-Integrator-Password-7",
        "Ticket-Bridge-Password-3",
        "Old-Crm-Password-5",
    ];
    for secret in secrets {
        assert!(!output.contains(secret), "a secret in the audit's output");
    }
    let written: Vec<PathBuf> = files(dir.path(), Some(&admin));
    assert!(written.contains(&report), "{written:?}");
    assert_clean("audit", &written, &secrets);
    sandbox.shutdown().await;
}
