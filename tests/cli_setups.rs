//! `cw-onboard list` and the front-end choice, through the binary.

use cw_onboard::app::setup::{Setup, StepId};
use cw_onboard::state::Store;
use std::process::Command;

fn run(state: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(args)
        .env("CW_ONBOARD_STATE_DIR", state)
        .env("CW_ONBOARD_CONFIG_DIR", state.join("no-config"))
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn list_shows_setups_as_json_and_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let lock = store.lock("acme-cw-kanban").expect("lock");
    let setup = Setup {
        id: "acme-cw-kanban".into(),
        site: "https://cw.acme.com".into(),
        company: "acme".into(),
        templates: vec!["cw-kanban".into()],
        step: Some(StepId::Member),
        ..Setup::default()
    };
    store.save(&lock, &setup).expect("save");
    drop(lock);
    let (code, out, _) = run(dir.path(), &["list", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v[0]["id"], "acme-cw-kanban");
    assert_eq!(v[0]["site"], "https://cw.acme.com");
    assert_eq!(v[0]["templates"][0], "cw-kanban");
    assert_eq!(v[0]["status"], "in_progress");
    let (code, out, _) = run(dir.path(), &["list"]);
    assert_eq!(code, 0);
    assert!(out.contains("at step 2 (API member)"), "{out}");
}

#[test]
fn without_a_terminal_the_wizard_says_what_to_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, err) = run(dir.path(), &["new", "--template", "cw-kanban"]);
    assert_eq!(code, 2);
    assert!(err.contains("terminal"), "{err}");
    let (code, _, err) = run(dir.path(), &["new", "--template", "no-such"]);
    assert_eq!(code, 2);
    assert!(err.contains("templates list"), "{err}");
}

#[test]
fn key_values_are_never_flags() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, err) = run(dir.path(), &["new", "--private-key", "secret"]);
    assert_eq!(code, 2, "{err}");
}
