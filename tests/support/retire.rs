//! The retire tests' fixture: a finished CW Kanban setup made the way the wizard makes it
//! (role, member holding it, key, recorded instance) against a contract-checked sandbox, and
//! the binary run with the admin keys.
#![allow(dead_code)]

use cw_onboard::app::setup::Setup;
use cw_onboard::state::Store;
use std::process::{Command, Stdio};

pub use super::finished::Env;
use super::finished::{Made, finished_setup};

/// A finished CW Kanban setup as the wizard leaves it: role, member with it, key, instance
/// and ids recorded (its levels are not set: retiring never reads them).
pub async fn finished() -> Env {
    finished_setup(
        "cw-kanban",
        Made {
            levels_set: false,
            ids_recorded: true,
        },
    )
    .await
}

/// Runs the binary with the admin keys (and `member_key`) in the environment: (code, out, err).
pub fn run(
    env: &Env,
    args: &[&str],
    member_key: bool,
    extra: &[(&str, &str)],
) -> (i32, String, String) {
    let info = env.sandbox.info();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cw-onboard"));
    cmd.args(args)
        .env("CW_ONBOARD_STATE_DIR", env.state.path())
        .env("CW_ONBOARD_CONFIG_DIR", env.state.path().join("none"))
        .env("CW_ADMIN_PUBLIC_KEY", &info.admin_public_key)
        .env("CW_ADMIN_PRIVATE_KEY", &info.admin_private_key)
        .env_remove("CW_PUBLIC_KEY")
        .env_remove("CW_PRIVATE_KEY")
        .stdin(Stdio::null());
    if member_key {
        cmd.env("CW_PUBLIC_KEY", &env.key.public_key)
            .env("CW_PRIVATE_KEY", &env.key.private_key);
    }
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

pub async fn member_inactive(env: &Env) -> bool {
    env.admin
        .find_api_member("kanban")
        .await
        .expect("find")
        .expect("API members are never deleted")
        .inactive_flag
        == Some(true)
}

pub async fn role_exists(env: &Env) -> bool {
    env.admin.get_role(env.role_id).await.is_ok()
}

/// A directory for `pty::spawn` (state in `DIR/state`) holding the env's setup.
pub fn home_for_pty(env: &Env) -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("home");
    let store = Store::open(env.state.path()).expect("store");
    let mut lock = store.lock(&env.id).expect("lock");
    let setup: Setup = store
        .load(&mut lock, &cw_onboard::runtime::saver::migrations())
        .expect("load")
        .expect("setup")
        .value;
    drop(lock);
    std::fs::create_dir_all(home.path().join("state")).expect("dir");
    let store = Store::open(&home.path().join("state")).expect("store");
    let lock = store.lock(&env.id).expect("lock");
    store.save(&lock, &setup).expect("save");
    home
}

/// Puts the env's setup (in `state`) mid-rotation: a new key made and verified, handed off,
/// the old key not retired yet. The new key.
pub async fn mid_rotation(env: &Env, state: &std::path::Path) -> cw_onboard::sandbox::CreatedKey {
    let new = env
        .control
        .create_key("kanban", "rotated")
        .await
        .expect("new key");
    let store = Store::open(state).expect("store");
    let mut lock = store.lock(&env.id).expect("lock");
    let mut setup: Setup = store
        .load(&mut lock, &cw_onboard::runtime::saver::migrations())
        .expect("load")
        .expect("setup")
        .value;
    setup.key.rotating = Some(cw_onboard::app::setup::RotationProgress {
        old_public_key: env.key.public_key.clone(),
        new_public_key: Some(new.public_key.clone()),
        new_handed_off: true,
        ..Default::default()
    });
    store.save(&lock, &setup).expect("save");
    new
}
