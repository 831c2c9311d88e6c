//! Batch rotation across runs (issue 14): each `rotate --no-input` run advances one stage
//! (new key -> verified -> handed off -> old key inactive -> 401 -> deleted -> 401), exits 4
//! while the admin must act in ConnectWise (the sandbox's control API plays the admin), 0 when
//! done. Aborted at every stage (test crash points, debug builds), the next run continues at
//! the stage on disk and the rotation ends the same; the old private key is never stored.

#[path = "support/flows.rs"]
mod flows;

use cw_onboard::runtime::crash_point::ABORT_AT;
use flows::{Run, key_toml, write_private};
use serde_json::Value;
use std::path::Path;

fn state_text(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("state/demomsp-cw-kanban.json")).expect("state")
}

fn setup_of(dir: &Path) -> Value {
    let state: Value = serde_json::from_str(&state_text(dir)).expect("json");
    state["setup"].clone()
}

/// The stage the state file records: "new-key" until the new key is handed off, then the
/// retire stage, "done" once the rotation is recorded.
fn stage(setup: &Value) -> String {
    let rotating = &setup["key"]["rotating"];
    if rotating.is_null() {
        let rotated = setup["key"]["rotations"]
            .as_array()
            .is_some_and(|r| !r.is_empty());
        return if rotated { "done" } else { "new-key" }.into();
    }
    if rotating["new_handed_off"] != true {
        return "new-key".into();
    }
    rotating["retire"]
        .as_str()
        .unwrap_or("mark_inactive")
        .into()
}

struct Journey {
    runs: Vec<Run>,
    aborted: bool,
    /// The stage on disk after each run, consecutive repeats dropped.
    stages: Vec<String>,
    setup: Value,
    new_public: String,
    old_public: String,
}

/// Rotates the finished setup until done, aborting once at `point` (if any), the sandbox
/// playing the admin from what the state file says is next; `undo` re-activates the old key
/// once (the vendor broke) before it is deleted.
async fn journey(point: Option<&str>, undo: bool) -> Journey {
    let f = flows::finished_by_batch("old.toml").await;
    let (sandbox, control, dir) = (f.sandbox, f.control, f.dir);
    let (old_file, old_public, old_private) = (f.key_file, f.key.public_key, f.key.private_key);
    let new_file = dir.path().join("new.toml");
    let (mut new_public, mut new_private) = (String::new(), String::new());
    let (mut runs, mut aborted, mut stages) = (Vec::new(), false, Vec::<String>::new());
    let (mut undo_asked, mut undone, mut deleted) = (false, false, false);
    for _ in 0..14 {
        let now = stage(&setup_of(dir.path()));
        // The admin, in ConnectWise, does what the stage on disk waits for.
        let mut args: Vec<String> = Vec::new();
        match now.as_str() {
            // The first run says where to create the key; the admin creates it after.
            "new-key" if new_public.is_empty() && !runs.is_empty() => {
                let key = control.create_key("kanban", "rotated").await.expect("key");
                write_private(&new_file, &key_toml(&key.public_key, &key.private_key));
                (new_public, new_private) = (key.public_key, key.private_key);
            }
            "mark_inactive" if !deleted => control
                .set_key_inactive("kanban", &old_public, true)
                .await
                .expect("inactive"),
            "inactive" if undo && !undone => {
                args.push("--undo".into());
                undo_asked = true;
            }
            "inactive" if !deleted => {
                control
                    .delete_key("kanban", &old_public)
                    .await
                    .expect("delete");
                deleted = true;
            }
            "reactivate" => {
                control
                    .set_key_inactive("kanban", &old_public, false)
                    .await
                    .expect("active");
                undone = true;
            }
            _ => {}
        }
        if !new_public.is_empty() {
            args.extend(["--key-file".into(), new_file.display().to_string()]);
            args.extend(["--old-key-file".into(), old_file.display().to_string()]);
        }
        let env: Vec<(&str, &str)> = match point {
            Some(p) if !aborted => vec![(ABORT_AT, p)],
            _ => Vec::new(),
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = tokio::task::block_in_place(|| flows::rotate_batch(dir.path(), &args, &env));
        match run.code {
            None => {
                assert!(run.err.contains("test crash point"), "{}", run.err);
                aborted = true;
            }
            Some(0) | Some(4) => {}
            other => panic!("exit {other:?}: {}{}", run.out, run.err),
        }
        let after = stage(&setup_of(dir.path()));
        if stages.last() != Some(&after) {
            stages.push(after.clone());
        }
        let done = run.code == Some(0);
        runs.push(run);
        if done {
            break;
        }
    }
    // The canary: no private key in any run's output, nor in any file of the state dir
    // (backups and kept copies included).
    for entry in std::fs::read_dir(dir.path().join("state")).expect("state dir") {
        let path = entry.expect("entry").path();
        let text = String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
        for secret in [&old_private, &new_private] {
            assert!(
                !text.contains(secret.as_str()),
                "a private key in {}",
                path.display()
            );
        }
    }
    for run in &runs {
        for secret in [&old_private, &new_private] {
            assert!(!run.out.contains(secret.as_str()) && !run.err.contains(secret.as_str()));
        }
    }
    assert!(!undo || undo_asked, "the undo was exercised");
    let setup = setup_of(dir.path());
    sandbox.shutdown().await;
    Journey {
        runs,
        aborted,
        stages,
        setup,
        new_public,
        old_public,
    }
}

fn assert_rotated(j: &Journey) {
    let last = j.runs.last().expect("runs");
    assert_eq!(last.code, Some(0), "{}{}", last.out, last.err);
    assert!(last.out.contains("rotated"), "{}", last.out);
    let key = &j.setup["key"];
    assert_eq!(key["public_key"], j.new_public.as_str());
    assert!(key["rotating"].is_null());
    let r = &key["rotations"][0];
    assert_eq!(r["old_public_key"], j.old_public.as_str());
    assert_eq!(r["old_key_refused"], true);
    assert_eq!(r["old_key_deleted"], true);
    assert!(r["inactive_on"].is_string(), "inactive before deleted: {r}");
}

const STAGES: [&str; 4] = ["new-key", "mark_inactive", "inactive", "done"];

#[tokio::test(flavor = "multi_thread")]
async fn each_batch_run_advances_one_stage_and_exits_4_until_done() {
    let j = journey(None, false).await;
    assert_rotated(&j);
    assert_eq!(j.stages, STAGES);
    let codes: Vec<Option<i32>> = j.runs.iter().map(|r| r.code).collect();
    // Create the key; verify + hand off (old key still active); inactive proven; deleted proven.
    assert_eq!(codes, [Some(4), Some(4), Some(4), Some(0)], "{codes:?}");
    let out: Vec<&str> = j.runs.iter().map(|r| r.out.as_str()).collect();
    assert!(out[0].contains("API Keys > +"), "{}", out[0]);
    assert!(out[1].contains("tick the Inactive checkbox"), "{}", out[1]);
    assert!(out[1].contains("still works"), "{}", out[1]);
    assert!(out[2].contains("refuses the old key (401)"), "{}", out[2]);
    assert!(out[2].contains("and delete the key"), "{}", out[2]);
    assert!(out[2].contains("--undo"), "{}", out[2]);
}

#[tokio::test(flavor = "multi_thread")]
async fn undo_reactivates_the_old_key_proves_it_works_then_retires_it_again() {
    let j = journey(None, true).await;
    assert_rotated(&j);
    assert_eq!(
        j.stages,
        [
            "new-key",
            "mark_inactive",
            "inactive",
            "reactivate",
            "mark_inactive",
            "inactive",
            "done"
        ]
    );
    let undone = j
        .runs
        .iter()
        .find(|r| r.out.contains("Undone"))
        .expect("the undo was proven");
    assert!(
        undone.out.contains("accepts the old key again"),
        "{}",
        undone.out
    );
}

async fn crash_at(point: &str, undo: bool) {
    let j = journey(Some(point), undo).await;
    if cfg!(debug_assertions) {
        assert!(j.aborted, "the crash point {point} was never reached");
    }
    assert_rotated(&j);
    let clean: Vec<&str> = if undo {
        vec![
            "new-key",
            "mark_inactive",
            "inactive",
            "reactivate",
            "mark_inactive",
            "inactive",
            "done",
        ]
    } else {
        STAGES.to_vec()
    };
    assert_eq!(
        j.stages, clean,
        "after a crash at {point} the next run continues at the stage on disk"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crash_before_the_hand_off_is_recorded_verifies_the_new_key_again() {
    crash_at("rotate-mark_inactive", false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crash_before_inactive_is_recorded_proves_it_again() {
    crash_at("rotate-inactive", false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crash_before_the_rotation_is_recorded_proves_the_deletion_again() {
    crash_at("rotate-done", false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crash_before_the_undo_is_recorded_asks_for_it_again() {
    crash_at("rotate-reactivate", true).await;
}

/// `demo --no-input`: after the setup, its key is rotated through every stage, one run per
/// stage, the sandbox doing the admin's part between runs.
#[test]
fn the_batch_demo_rotates_the_key_through_every_stage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(["--no-input", "demo"])
        .current_dir(dir.path())
        .env("CW_ONBOARD_STATE_DIR", dir.path().join("state"))
        .env("CW_ONBOARD_CONFIG_DIR", dir.path().join("none"))
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut at = 0;
    for step in [
        "is done",
        "API Keys > +",
        "the sandbox creates the second key",
        "the new key is verified",
        "tick the Inactive checkbox",
        "refuses the old key (401)",
        "and delete the key",
        "the old key is deleted and ConnectWise refuses it",
    ] {
        let found = text[at..].find(step).map(|i| at + i);
        at = found.unwrap_or_else(|| panic!("{step:?} missing or out of order:\n{text}"));
    }
    assert!(
        text.contains("rotated in the demo's sandbox") && !text.contains("checks the new one"),
        "nothing can verify the demo's setup after it: {text}"
    );
    let setup = setup_of(dir.path());
    assert_eq!(setup["key"]["rotations"][0]["old_key_deleted"], true);
    assert!(setup["key"]["rotations"][0]["inactive_on"].is_string());
}

/// `verify` with the new key while the rotation waits for the admin: said so, with how to
/// continue, not "rotated outside cw-onboard?".
#[tokio::test(flavor = "multi_thread")]
async fn verify_mid_rotation_names_the_rotation_under_way() {
    let f = flows::finished_by_batch("old.toml").await;
    let (sandbox, control, dir) = (f.sandbox, f.control, f.dir);
    let old_file = f.key_file;
    let new = control.create_key("kanban", "rotated").await.expect("key");
    let new_file = dir.path().join("new.toml");
    write_private(&new_file, &key_toml(&new.public_key, &new.private_key));
    let (new_arg, old_arg) = (
        new_file.display().to_string(),
        old_file.display().to_string(),
    );
    let run = tokio::task::block_in_place(|| {
        flows::rotate_batch(
            dir.path(),
            &["--key-file", &new_arg, "--old-key-file", &old_arg],
            &[],
        )
    });
    assert_eq!(run.code, Some(4), "{}{}", run.out, run.err);
    assert_eq!(stage(&setup_of(dir.path())), "mark_inactive");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(["verify", "demomsp-cw-kanban", "--key-file", &new_arg])
        .current_dir(dir.path())
        .env("CW_ONBOARD_STATE_DIR", dir.path().join("state"))
        .env("CW_ONBOARD_CONFIG_DIR", dir.path().join("none"))
        .output()
        .expect("verify");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("rotation under way"), "{text}");
    assert!(
        text.contains("cw-onboard rotate demomsp-cw-kanban"),
        "{text}"
    );
    assert!(!text.contains("Rotated outside"), "{text}");
    sandbox.shutdown().await;
}

/// `rotate --undo` with no rotation under way (the last one finished, or none started) has
/// nothing to undo: exit 2 saying so, not "create a second key" (exit 4) as if it had started
/// one, and no rotation is left recorded as under way.
#[tokio::test(flavor = "multi_thread")]
async fn undo_without_a_rotation_under_way_is_refused() {
    let f = flows::finished_by_batch("old.toml").await;
    let (sandbox, dir) = (f.sandbox, f.dir);
    let old_file = f.key_file;
    let old_arg = old_file.display().to_string();
    let run = tokio::task::block_in_place(|| {
        flows::rotate_batch(dir.path(), &["--old-key-file", &old_arg, "--undo"], &[])
    });
    assert_eq!(run.code, Some(2), "{}{}", run.out, run.err);
    assert!(run.err.contains("--undo"), "{}", run.err);
    assert!(run.err.contains("nothing to undo"), "{}", run.err);
    assert!(!run.out.contains("API Keys > +"), "{}", run.out);
    assert!(setup_of(dir.path())["key"]["rotating"].is_null());
    sandbox.shutdown().await;
}
