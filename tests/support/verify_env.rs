//! The verify tests' set-up: a finished setup in the sandbox, and `cw-onboard verify` run on it.

#![allow(dead_code)]

use super::finished::{Env, Made, finished_setup};
use cw_onboard::app::setup::Setup;
use cw_onboard::level::Level;
use cw_onboard::sandbox::RoleSettingRow;
use cw_onboard::state::Store;
use std::io::Write;
use std::process::{Command, Stdio};

/// A finished CW Kanban setup, made the way the wizard makes it (through the admin client).
pub async fn finished() -> Env {
    finished_with("cw-kanban").await
}

/// A finished setup of `template`: its role with every level and customize item, its member
/// with that role, and a key.
pub async fn finished_with(template: &str) -> Env {
    finished_setup(
        template,
        Made {
            levels_set: true,
            ids_recorded: false,
        },
    )
    .await
}

pub fn verify(env: &Env, json: bool) -> (i32, String) {
    let mut args = vec!["verify", env.id.as_str()];
    if json {
        args.push("--json");
    }
    run_verify(env, &args)
}

pub fn run_verify(env: &Env, args: &[&str]) -> (i32, String) {
    let (code, out, _) = run_cli(env, args, None, true);
    (code, out)
}

/// Runs the binary with the setup's state dir and `config` (or an empty one) as the config dir;
/// the key on stdin when `key_on_stdin`, else stdin closed: (code, stdout, stderr).
pub fn run_cli(
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
    pub fn admin(&self) -> cw_onboard::cw::Client {
        self.admin.clone()
    }
}

pub fn row(function: &str, module: &str, l: [Level; 4]) -> Vec<RoleSettingRow> {
    vec![RoleSettingRow {
        module: module.into(),
        function: function.into(),
        add: l[0],
        edit: l[1],
        delete: l[2],
        inquire: l[3],
    }]
}

/// `verify` with stdin closed (no key anywhere) and `extra` arguments: (code, stdout, stderr).
pub fn run_without_key(env: &Env, args: &[&str]) -> (i32, String, String) {
    run_cli(env, args, None, false)
}

/// `verify` with the key on stdin: (code, stdout, stderr).
pub fn run_verify_err(env: &Env, args: &[&str]) -> (i32, String, String) {
    run_cli(env, args, None, true)
}

/// `verify` with a config dir of our own (user templates), as JSON or text.
pub fn run_verify_with_config(env: &Env, config: &std::path::Path, json: bool) -> (i32, String) {
    let mut args = vec!["verify", env.id.as_str()];
    if json {
        args.push("--json");
    }
    let (code, out, _) = run_cli(env, &args, Some(config), true);
    (code, out)
}

/// The drift kind `verify --json` gives the check with `id`.
pub fn drift_of(json: &str, id: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(json).expect("json");
    v["checks"]
        .as_array()?
        .iter()
        .find(|c| c["id"] == id)
        .and_then(|c| c["drift"].as_str().map(String::from))
}

/// Sets the day the setup's key was handed off to `days` ago (`None`: not recorded).
pub fn hand_off_days_ago(env: &Env, days: Option<u64>) {
    edit_setup(env, |setup| {
        setup.key.handed_off_on =
            days.map(|d| chrono::Local::now().date_naive() - chrono::Days::new(d));
    });
}

/// Changes the setup's state file as another run would have left it.
pub fn edit_setup(env: &Env, edit: impl FnOnce(&mut Setup)) {
    let store = Store::open(env.state.path()).expect("store");
    let mut lock = store.lock(&env.id).expect("lock");
    let mut setup: Setup = store
        .load(&mut lock, &cw_onboard::runtime::saver::migrations())
        .expect("load")
        .expect("setup")
        .value;
    edit(&mut setup);
    store.save(&lock, &setup).expect("save");
}

pub fn key_age_check(v: &serde_json::Value) -> Option<&serde_json::Value> {
    v["checks"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == "key-age"))
}
