//! `cw-onboard verify` against the sandbox: a finished setup passes; a lowered level, a raised
//! level, a missing customize item, a deactivated member and a deleted key are caught with exit 3.

#[path = "support/contract.rs"]
mod contract;
#[path = "support/finished.rs"]
mod finished;

use cw_onboard::app::setup::Setup;
use cw_onboard::level::Level;
use cw_onboard::sandbox::RoleSettingRow;
use cw_onboard::state::Store;
use std::io::Write;
use std::process::{Command, Stdio};

use finished::{Env, Made, customize_rows, finished_setup};

/// A finished CW Kanban setup, made the way the wizard makes it (through the admin client).
async fn finished() -> Env {
    finished_with("cw-kanban").await
}

/// A finished setup of `template`: its role with every level and customize item, its member
/// with that role, and a key.
async fn finished_with(template: &str) -> Env {
    finished_setup(
        template,
        Made {
            levels_set: true,
            ids_recorded: false,
        },
    )
    .await
}

fn verify(env: &Env, json: bool) -> (i32, String) {
    let mut args = vec!["verify", env.id.as_str()];
    if json {
        args.push("--json");
    }
    run_verify(env, &args)
}

fn run_verify(env: &Env, args: &[&str]) -> (i32, String) {
    let (code, out, _) = run_cli(env, args, None, true);
    (code, out)
}

/// Runs the binary with the setup's state dir and `config` (or an empty one) as the config dir;
/// the key on stdin when `key_on_stdin`, else stdin closed: (code, stdout, stderr).
fn run_cli(
    env: &Env,
    args: &[&str],
    config: Option<&std::path::Path>,
    key_on_stdin: bool,
) -> (i32, String, String) {
    let none = env.state.path().join("none");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(args)
        .env("CW_ONBOARD_STATE_DIR", env.state.path())
        .env("CW_ONBOARD_CONFIG_DIR", config.unwrap_or(&none))
        .stdin(if key_on_stdin {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    if let Some(mut stdin) = child.stdin.take() {
        let _ = writeln!(stdin, "{}\n{}", env.key.public_key, env.key.private_key);
    }
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

impl Env {
    fn admin(&self) -> cw_onboard::cw::Client {
        self.admin.clone()
    }
}

fn row(function: &str, module: &str, l: [Level; 4]) -> Vec<RoleSettingRow> {
    vec![RoleSettingRow {
        module: module.into(),
        function: function.into(),
        add: l[0],
        edit: l[1],
        delete: l[2],
        inquire: l[3],
    }]
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_passes_then_catches_drift_and_a_deleted_key() {
    let env = finished().await;
    let (code, out) = tokio::task::block_in_place(|| verify(&env, true));
    assert_eq!(code, 0, "{out}");
    let (code, all) =
        tokio::task::block_in_place(|| run_verify(&env, &["verify", "--all", "--json"]));
    assert_eq!(code, 0, "{all}");
    let rows: serde_json::Value = serde_json::from_str(&all).expect("json");
    assert_eq!(
        rows.as_array().map(Vec::len),
        Some(1),
        "--all prints an array"
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["setup"], "demomsp-cw-kanban");
    assert_eq!(v["ok"], true);
    assert!(v["checks"].as_array().is_some_and(|c| {
        c.iter()
            .all(|c| c.get("id").is_some() && c.get("status").is_some())
    }));
    assert!(
        !out.contains(&env.key.private_key),
        "the private key is never printed"
    );

    use Level::{All, None as N};
    env.control
        .set_role_settings(
            "CW Kanban",
            &row("Company Maintenance", "Companies", [N, N, N, N]),
        )
        .await
        .expect("lower");
    let (code, out) = tokio::task::block_in_place(|| verify(&env, false));
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("Company Maintenance"), "{out}");

    env.control
        .set_role_settings(
            "CW Kanban",
            &row("Company Maintenance", "Companies", [All, All, All, All]),
        )
        .await
        .expect("raise");
    let (code, out) = tokio::task::block_in_place(|| verify(&env, true));
    assert_eq!(code, 3, "higher than needed is drift too: {out}");
    assert!(out.contains("\"warn\""));

    env.control
        .set_role_settings(
            "CW Kanban",
            &row("Company Maintenance", "Companies", [N, N, N, All]),
        )
        .await
        .expect("restore");
    let (code, _) = tokio::task::block_in_place(|| verify(&env, true));
    assert_eq!(code, 0);
    // A co-worker deactivates the API member: refused, exit 3.
    let admin = env.admin();
    let member = admin
        .find_api_member("kanban")
        .await
        .expect("find")
        .expect("member");
    let id = member.id.expect("id");
    let set_inactive = |flag: bool| {
        vec![cw_onboard::cw::PatchOp::replace(
            "inactiveFlag",
            serde_json::json!(flag),
        )]
    };
    admin
        .patch_api_member(id, &set_inactive(true))
        .await
        .expect("deactivate");
    let (code, out) = tokio::task::block_in_place(|| verify(&env, true));
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("inactive"), "{out}");
    admin
        .patch_api_member(id, &set_inactive(false))
        .await
        .expect("reactivate");

    env.control
        .delete_key("kanban", &env.key.public_key)
        .await
        .expect("delete");
    let (code, out) = tokio::task::block_in_place(|| verify(&env, true));
    assert_eq!(code, 3);
    assert!(out.contains("\"auth\""), "{out}");
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_customize_item_is_drift() {
    let env = finished_with("axcient").await;
    let (code, out) = tokio::task::block_in_place(|| verify(&env, false));
    assert_eq!(code, 0, "every customize item allowed: {out}");
    // A co-worker takes one item away: the rest stay.
    let lib = cw_onboard::template::Library::builtin().expect("templates");
    let t = lib.get("axcient").expect("axcient");
    let mut rows = customize_rows(t);
    let removed = rows.pop().expect("axcient has customize items");
    env.control
        .set_role_customize(&t.role_name, &rows)
        .await
        .expect("customize");
    let (code, out) = tokio::task::block_in_place(|| verify(&env, false));
    assert_eq!(code, 3, "{out}");
    assert!(out.contains(&removed.item), "names {}: {out}", removed.item);
    env.sandbox.shutdown().await;
}

/// `verify` with stdin closed (no key anywhere) and `extra` arguments: (code, stdout, stderr).
fn run_without_key(env: &Env, args: &[&str]) -> (i32, String, String) {
    run_cli(env, args, None, false)
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_key_verify_is_an_error_unless_no_key_is_given_and_then_ok_is_not_claimed() {
    let env = finished().await;
    let (code, out, err) =
        tokio::task::block_in_place(|| run_without_key(&env, &["verify", env.id.as_str()]));
    assert_eq!(code, 2, "{out}{err}");
    for how in [
        "--key-file",
        "CW_PUBLIC_KEY",
        "CW_PRIVATE_KEY",
        "stdin",
        "--no-key",
    ] {
        assert!(err.contains(how), "says how to give the key ({how}): {err}");
    }
    assert!(!out.contains(": ok"), "{out}");

    let (code, out, err) = tokio::task::block_in_place(|| {
        run_without_key(&env, &["verify", env.id.as_str(), "--no-key"])
    });
    assert_eq!(code, 0, "asked for explicitly: {out}{err}");
    assert!(!out.contains(": ok"), "ok is not claimed: {out}");
    assert!(
        out.contains("not fully verified") && out.contains("levels"),
        "says what was skipped: {out}"
    );
    let (code, out, _) = tokio::task::block_in_place(|| {
        run_without_key(&env, &["verify", env.id.as_str(), "--no-key", "--json"])
    });
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["ok"], serde_json::Value::Null, "{v}");
    assert_eq!(v["skipped"][0], "key", "{v}");
    // A directory of key files without this setup's: exit 2, naming the file, not skipped.
    let keys = tempfile::tempdir().expect("keys");
    let keys_arg = keys.path().to_string_lossy().into_owned();
    let (code, out, err) = tokio::task::block_in_place(|| {
        run_without_key(&env, &["verify", "--all", "--key-file", keys_arg.as_str()])
    });
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains(&format!("{}.toml", env.id)), "{err}");
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_setup_is_a_usage_error_and_an_unreadable_one_fails_all() {
    let env = finished().await;
    let (code, out, err) =
        tokio::task::block_in_place(|| run_verify_err(&env, &["verify", "no-such-setup"]));
    assert_eq!(code, 2, "not drift: {out}{err}");
    assert!(
        err.contains("no setup named no-such-setup") && err.contains("cw-onboard list"),
        "{err}"
    );
    let broken = env.state.path().join("acme-broken.json");
    std::fs::write(&broken, b"{ not json").expect("write");
    let (code, out, err) =
        tokio::task::block_in_place(|| run_verify_err(&env, &["verify", "--all", "--json"]));
    assert_eq!(code, 1, "an unreadable setup fails --all: {out}{err}");
    assert!(err.contains("acme-broken.json"), "names it: {err}");
    let rows: serde_json::Value = serde_json::from_str(&out).expect("json");
    let row = rows
        .as_array()
        .and_then(|r| r.iter().find(|r| r["setup"] == "acme-broken"))
        .expect("listed");
    assert_eq!(row["status"], "unreadable", "{row}");
    assert_eq!(row["ok"], false);
    assert_eq!(
        std::fs::read(&broken).expect("still there"),
        b"{ not json",
        "verify leaves it as it is"
    );
    env.sandbox.shutdown().await;
}

/// `verify` with the key on stdin: (code, stdout, stderr).
fn run_verify_err(env: &Env, args: &[&str]) -> (i32, String, String) {
    run_cli(env, args, None, true)
}

/// `verify` with a config dir of our own (user templates), as JSON or text.
fn run_verify_with_config(env: &Env, config: &std::path::Path, json: bool) -> (i32, String) {
    let mut args = vec!["verify", env.id.as_str()];
    if json {
        args.push("--json");
    }
    let (code, out, _) = run_cli(env, &args, Some(config), true);
    (code, out)
}

/// The drift kind `verify --json` gives the check with `id`.
fn drift_of(json: &str, id: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(json).expect("json");
    v["checks"]
        .as_array()?
        .iter()
        .find(|c| c["id"] == id)
        .and_then(|c| c["drift"].as_str().map(String::from))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_raised_template_revision_is_template_drift_and_a_changed_role_is_instance_drift() {
    let env = finished_with("cw-kanban").await;
    let lib = cw_onboard::template::Library::builtin().expect("templates");
    let builtin = lib.get("cw-kanban").expect("kanban");
    // The setup was made with the shipped revision.
    let store = Store::open(env.state.path()).expect("store");
    let mut lock = store.lock(&env.id).expect("lock");
    let mut setup: Setup = store
        .load(&mut lock, &cw_onboard::runtime::saver::migrations())
        .expect("load")
        .expect("setup")
        .value;
    setup.record_template_versions(&[builtin]);
    assert_eq!(
        setup.template_versions["cw-kanban"].revision,
        builtin.revision
    );
    store.save(&lock, &setup).expect("save");
    drop(lock);
    // The vendor raises its list: a user template with one added row, recorded in its changelog.
    let config = tempfile::tempdir().expect("config");
    std::fs::create_dir_all(config.path().join("templates")).expect("mkdir");
    let shipped = cw_onboard::template::library::BUILTIN
        .iter()
        .find(|(id, _)| *id == "cw-kanban")
        .map(|(_, text)| *text)
        .expect("text");
    let raised = shipped
        .replacen(
            &format!("revision = \"{}\"", builtin.revision),
            "revision = \"2026-12-20\"",
            1,
        )
        .replacen(
            "[member]",
            "[[changelog]]\nrevision = \"2026-12-20\"\ntext = \"Kanban now reads SLAs\"\nadded = [{ module = \"Service Desk\", function = \"SLA Dashboard\", levels = \"None None None All\" }]\n\n[member]",
            1,
        )
        + "\n[[permissions]]\nmodule = \"Service Desk\"\nfunction = \"SLA Dashboard\"\nlevels = \"None None None All\"\nwhy = \"SLA columns\"\n";
    std::fs::write(config.path().join("templates/cw-kanban.toml"), raised).expect("write");

    let (code, out) =
        tokio::task::block_in_place(|| run_verify_with_config(&env, config.path(), false));
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains("Template drift: Service Desk / SLA Dashboard"),
        "names the row as template drift: {out}"
    );
    assert!(out.contains("Inquire All"), "the UI step: {out}");
    assert!(
        out.contains("templates diff cw-kanban --since"),
        "points at the checklist: {out}"
    );
    assert!(
        !out.contains("Instance drift"),
        "the role was not changed: {out}"
    );
    let (_, json) =
        tokio::task::block_in_place(|| run_verify_with_config(&env, config.path(), true));
    assert_eq!(
        drift_of(&json, "template-drift:Service Desk / SLA Dashboard").as_deref(),
        Some("template"),
        "{json}"
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["template_revisions"][0]["current"], "2026-12-20");

    // Someone changes the role: that row is instance drift, named as such.
    use Level::{All, None as N};
    env.control
        .set_role_settings(
            "CW Kanban",
            &row("Company Maintenance", "Companies", [N, N, N, N]),
        )
        .await
        .expect("lower");
    let (code, out) =
        tokio::task::block_in_place(|| run_verify_with_config(&env, config.path(), false));
    assert_eq!(code, 3, "{out}");
    assert!(
        out.lines()
            .any(|l| l.contains("Instance drift") && l.contains("Company Maintenance")),
        "{out}"
    );
    assert!(
        out.contains("Template drift: Service Desk / SLA Dashboard"),
        "{out}"
    );
    let (_, json) =
        tokio::task::block_in_place(|| run_verify_with_config(&env, config.path(), true));
    assert_eq!(
        drift_of(&json, "permission:Companies / Company Maintenance").as_deref(),
        Some("instance"),
        "{json}"
    );

    // The admin restores the role and applies the vendor's change: nothing drifts.
    env.control
        .set_role_settings(
            "CW Kanban",
            &row("Company Maintenance", "Companies", [N, N, N, All]),
        )
        .await
        .expect("restore");
    env.control
        .set_role_settings(
            "CW Kanban",
            &row("SLA Dashboard", "Service Desk", [N, N, N, All]),
        )
        .await
        .expect("apply");
    let (code, out) =
        tokio::task::block_in_place(|| run_verify_with_config(&env, config.path(), false));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Template change already in the role: Service Desk / SLA Dashboard"),
        "{out}"
    );
    // The role matches the new revision: verify records it, so the drift is not reported again.
    assert!(
        out.contains("template revision recorded: cw-kanban") && out.contains("-> 2026-12-20"),
        "{out}"
    );
    let (code, json) =
        tokio::task::block_in_place(|| run_verify_with_config(&env, config.path(), true));
    assert_eq!(code, 0, "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(
        v["template_revisions"][0]["recorded"], "2026-12-20",
        "{json}"
    );
    assert_eq!(
        v["revisions_recorded"],
        serde_json::json!([]),
        "once: {json}"
    );
    assert!(
        drift_of(&json, "template-drift:Service Desk / SLA Dashboard").is_none()
            && !json.contains("template-drift:"),
        "no template drift any more: {json}"
    );
    // A user file that raises its revision without a changelog entry: verify says so.
    let unrecorded = shipped.replacen(
        &format!("revision = \"{}\"", builtin.revision),
        "revision = \"2026-12-25\"",
        1,
    );
    std::fs::write(config.path().join("templates/cw-kanban.toml"), unrecorded).expect("write");
    let (_, out) =
        tokio::task::block_in_place(|| run_verify_with_config(&env, config.path(), false));
    assert!(
        out.contains("the changelog records no change since"),
        "{out}"
    );
    env.sandbox.shutdown().await;
}

/// Sets the day the setup's key was handed off to `days` ago (`None`: not recorded).
fn hand_off_days_ago(env: &Env, days: Option<u64>) {
    let store = Store::open(env.state.path()).expect("store");
    let mut lock = store.lock(&env.id).expect("lock");
    let mut setup: Setup = store
        .load(&mut lock, &cw_onboard::runtime::saver::migrations())
        .expect("load")
        .expect("setup")
        .value;
    setup.key.handed_off_on =
        days.map(|d| chrono::Local::now().date_naive() - chrono::Days::new(d));
    store.save(&lock, &setup).expect("save");
}

fn key_age_check(v: &serde_json::Value) -> Option<&serde_json::Value> {
    v["checks"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == "key-age"))
}

#[tokio::test(flavor = "multi_thread")]
async fn an_old_key_warns_and_max_key_age_makes_it_drift() {
    let env = finished().await;
    // Made before key ages were recorded: unknown, said as null, no check.
    let (code, out) = tokio::task::block_in_place(|| verify(&env, true));
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["key_age_days"], serde_json::Value::Null);
    assert!(key_age_check(&v).is_none(), "{out}");
    // A young key: its age, nothing to warn about.
    hand_off_days_ago(&env, Some(5));
    let (code, out) = tokio::task::block_in_place(|| verify(&env, true));
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let age = v["key_age_days"].as_i64().expect("age");
    assert!((5..=6).contains(&age), "{out}");
    assert!(key_age_check(&v).is_none(), "{out}");
    // 120 days: a warning naming the age and `rotate`, not a failure.
    hand_off_days_ago(&env, Some(120));
    let (code, out) = tokio::task::block_in_place(|| verify(&env, false));
    assert_eq!(code, 0, "a warning alone does not fail verify: {out}");
    assert!(out.contains("! Key age: 12"), "{out}");
    assert!(out.contains("cw-onboard rotate demomsp-cw-kanban"), "{out}");
    let (code, out) = tokio::task::block_in_place(|| verify(&env, true));
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["ok"], true, "{out}");
    assert!((120..=121).contains(&v["key_age_days"].as_i64().expect("age")));
    assert_eq!(key_age_check(&v).expect("check")["status"], "warn");
    // Over --max-key-age: drift, exit 3.
    let id = env.id.clone();
    let (code, out) = tokio::task::block_in_place(|| {
        run_verify(&env, &["verify", &id, "--json", "--max-key-age", "100"])
    });
    assert_eq!(code, 3, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let check = key_age_check(&v).expect("check");
    assert_eq!(check["status"], "fail");
    assert!(
        check["detail"]
            .as_str()
            .is_some_and(|d| d.contains("--max-key-age 100")),
        "{out}"
    );
    // Within the limit (still 90+): the warning stays, the exit does not change.
    let (code, out) =
        tokio::task::block_in_place(|| run_verify(&env, &["verify", &id, "--max-key-age", "365"]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("! Key age"), "{out}");
    // `--all` carries the age per setup.
    let (code, out) = tokio::task::block_in_place(|| {
        run_verify(&env, &["verify", "--all", "--json", "--max-key-age", "30"])
    });
    assert_eq!(code, 3, "{out}");
    let rows: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(rows[0]["key_age_days"].as_i64().is_some(), "{out}");
    // An unknown age cannot be held to a limit: said as skipped, `ok` not claimed.
    hand_off_days_ago(&env, None);
    let (code, out) = tokio::task::block_in_place(|| {
        run_verify(&env, &["verify", &id, "--json", "--max-key-age", "30"])
    });
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(key_age_check(&v).expect("check")["status"], "skip");
    assert_eq!(v["ok"], serde_json::Value::Null, "{out}");
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_inactive_key_fails_verify_until_it_is_made_active_again() {
    let env = finished().await;
    env.control
        .set_key_inactive("kanban", &env.key.public_key, true)
        .await
        .expect("deactivate");
    let (code, out) = tokio::task::block_in_place(|| verify(&env, true));
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("\"auth\""), "{out}");
    env.control
        .set_key_inactive("kanban", &env.key.public_key, false)
        .await
        .expect("reactivate");
    let (code, out) = tokio::task::block_in_place(|| verify(&env, true));
    assert_eq!(code, 0, "{out}");
    env.sandbox.shutdown().await;
}
