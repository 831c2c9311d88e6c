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
fn list_shows_each_keys_age_and_when_to_rotate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let today = chrono::Local::now().date_naive();
    for (id, days) in [
        ("acme-hudu", Some(12)),
        ("acme-cw-kanban", Some(200)),
        ("acme-smileback", None),
    ] {
        let lock = store.lock(id).expect("lock");
        let mut setup = Setup {
            id: id.into(),
            site: "https://cw.acme.com".into(),
            company: "acme".into(),
            status: cw_onboard::app::setup::SetupStatus::Done,
            ..Setup::default()
        };
        setup.key.handed_off_on = days.map(|d| today - chrono::Days::new(d));
        store.save(&lock, &setup).expect("save");
    }
    let (code, out, _) = run(dir.path(), &["list", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let age = |id: &str| {
        v.as_array()
            .and_then(|rows| rows.iter().find(|r| r["id"] == id))
            .map(|r| r["key_age_days"].clone())
            .expect("row")
    };
    assert!(
        age("acme-hudu")
            .as_i64()
            .is_some_and(|d| (12..=13).contains(&d)),
        "{out}"
    );
    assert!(
        age("acme-cw-kanban").as_i64().is_some_and(|d| d >= 200),
        "{out}"
    );
    assert_eq!(
        age("acme-smileback"),
        serde_json::Value::Null,
        "unknown is null: {out}"
    );
    let (code, out, _) = run(dir.path(), &["list"]);
    assert_eq!(code, 0);
    let line = |id: &str| {
        out.lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("acme-hudu").contains("key 1"), "{out}");
    assert!(!line("acme-hudu").contains("rotate"), "{out}");
    assert!(line("acme-cw-kanban").contains("key 20"), "{out}");
    assert!(line("acme-cw-kanban").contains("rotate"), "{out}");
    assert!(!line("acme-smileback").contains("key"), "{out}");
}

#[test]
fn list_shows_a_rotation_under_way_and_its_stage() {
    use cw_onboard::app::setup::{RetireStage, RotationProgress, SetupStatus};
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let lock = store.lock("acme-cw-kanban").expect("lock");
    let mut setup = Setup {
        id: "acme-cw-kanban".into(),
        site: "https://cw.acme.com".into(),
        company: "acme".into(),
        status: SetupStatus::Done,
        ..Setup::default()
    };
    setup.key.handed_off_on = Some(chrono::Local::now().date_naive() - chrono::Days::new(200));
    setup.key.rotating = Some(RotationProgress {
        old_public_key: "OLDPUBLICKEY0001".into(),
        new_public_key: Some("NEWPUBLICKEY0001".into()),
        new_handed_off: true,
        retire: RetireStage::Inactive,
        ..RotationProgress::default()
    });
    store.save(&lock, &setup).expect("save");
    drop(lock);
    let (code, out, _) = run(dir.path(), &["list", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v[0]["status"], "done", "{out}");
    assert_eq!(v[0]["rotating"], "old_key_inactive", "{out}");
    let (code, out, _) = run(dir.path(), &["list"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("rotating the key: old key inactive")
            && out.contains("`cw-onboard rotate acme-cw-kanban` continues"),
        "{out}"
    );
    assert!(!out.contains("done"), "not said done mid-rotation: {out}");
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

#[test]
fn list_json_reports_an_unreadable_setup_with_its_status() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("acme-broken.json"), b"{ not json").expect("write");
    let (code, out, _) = run(dir.path(), &["list", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v[0]["id"], "acme-broken", "{v}");
    assert_eq!(v[0]["status"], "unreadable", "{v}");
    assert!(
        v[0]["problem"]
            .as_str()
            .is_some_and(|p| p.contains("unreadable")),
        "{v}"
    );
}

#[test]
fn an_empty_key_in_the_admin_key_file_is_an_error_in_every_front_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    let admin = dir.path().join("admin.toml");
    std::fs::write(&admin, "public_key = \"\"\nprivate_key = \"S1234567\"\n").expect("write");
    let answers = dir.path().join("answers.toml");
    std::fs::write(
        &answers,
        "site = \"cw.example.com\"\ncompany = \"acme\"\nclient_id = \"00000000-0000-0000-0000-000000000000\"\ntemplates = [\"cw-kanban\"]\n",
    )
    .expect("answers");
    let admin_arg = admin.to_string_lossy().into_owned();
    let answers_arg = answers.to_string_lossy().into_owned();
    for args in [
        vec!["--no-input", "--answers", answers_arg.as_str()],
        vec!["--plain", "new"],
        vec!["new"],
    ] {
        let mut all = vec!["--admin-key-file", admin_arg.as_str()];
        all.extend(args.iter().copied());
        let (code, out, err) = run(dir.path(), &all);
        assert_eq!(code, 2, "{all:?}: {out}{err}");
        assert!(
            err.contains("admin.toml") && err.contains("public_key"),
            "{all:?}: names the file and the key: {err}"
        );
    }
}

#[test]
fn config_dir_reads_templates_from_its_templates_folder_as_the_help_says() {
    let (_, help, _) = run(std::path::Path::new("/nonexistent"), &["--help"]);
    assert!(help.contains("DIR/templates/"), "{help}");
    let kanban = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/cw-kanban.toml"
    ))
    .expect("template")
    .replacen("id = \"cw-kanban\"", "id = \"my-kanban\"", 1);
    let list = |config: &std::path::Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
            .args(["templates", "list", "--config-dir"])
            .arg(config)
            .output()
            .expect("run");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // In DIR itself: not read, and said so with where they go.
    let config = tempfile::tempdir().expect("tempdir");
    std::fs::write(config.path().join("my-kanban.toml"), &kanban).expect("write");
    let (out, err) = list(config.path());
    assert!(!out.contains("my-kanban"), "{out}");
    let expected = config.path().join("templates");
    assert!(
        err.contains("templates are read from") && err.contains(&*expected.to_string_lossy()),
        "{err}"
    );
    // In DIR/templates/: read.
    std::fs::create_dir(&expected).expect("mkdir");
    std::fs::rename(
        config.path().join("my-kanban.toml"),
        expected.join("my-kanban.toml"),
    )
    .expect("move");
    let (out, err) = list(config.path());
    assert!(out.contains("my-kanban"), "{out}{err}");
    assert!(!err.contains("templates are read from"), "{err}");
}
