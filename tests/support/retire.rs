//! The retire tests' fixture: a finished CW Kanban setup made the way the wizard makes it
//! (role, member holding it, key, recorded instance) against a contract-checked sandbox, and
//! the binary run with the admin keys.
#![allow(dead_code)]

use super::contract;

use cw_onboard::app::setup::{Setup, SetupStatus};
use cw_onboard::sandbox::{ControlClient, Sandbox, SandboxOptions};
use cw_onboard::state::Store;
use std::process::{Command, Stdio};

pub struct Env {
    pub admin: cw_onboard::cw::Client,
    pub sandbox: contract::Checked,
    pub control: ControlClient,
    pub state: tempfile::TempDir,
    pub key: cw_onboard::sandbox::CreatedKey,
    pub role_id: u32,
    pub member_id: u32,
    pub id: String,
}

/// A finished CW Kanban setup as the wizard leaves it: role, member with it, key, instance.
pub async fn finished() -> Env {
    let sandbox = contract::Checked::new(
        Sandbox::start(SandboxOptions {
            deterministic: true,
            keep_bodies: true,
            ..SandboxOptions::default()
        })
        .await
        .expect("sandbox"),
    );
    let info = sandbox.info().clone();
    let control = ControlClient::new(&info.url).expect("control");
    let http = cw_onboard::cw::HttpSettings::for_tests();
    let site = cw_onboard::cw::site::parse_site(&info.url).expect("site");
    let instance = cw_onboard::cw::discovery::discover(&http, &site, &info.company)
        .await
        .expect("discover");
    let admin = cw_onboard::cw::Client::new(
        &instance,
        &info.client_id,
        &cw_onboard::secrets::KeyPair::new(
            info.admin_public_key.clone(),
            info.admin_private_key.clone(),
        ),
        &http,
    )
    .expect("client");
    let facts = cw_onboard::runtime::api::discover(
        &cw_onboard::runtime::api::Services::for_tests(),
        &info.url,
        &info.company,
    )
    .await
    .expect("facts");
    let role = admin.create_role("CW Kanban").await.expect("role");
    let mut member = admin.api_member_default().await.expect("default");
    member.identifier = "kanban".into();
    member.security_role = Some(cw_onboard::cw::Reference::to(role.id));
    member.structure_level = Some(cw_onboard::cw::Reference::to(1));
    let member = admin.create_api_member(&member).await.expect("member");
    let key = control
        .create_key("kanban", "CW Kanban")
        .await
        .expect("key");
    let state = tempfile::tempdir().expect("state");
    let id = "demomsp-cw-kanban".to_string();
    let mut setup = Setup {
        id: id.clone(),
        site: info.url.clone(),
        company: info.company.clone(),
        client_id: info.client_id.clone(),
        templates: vec!["cw-kanban".into()],
        status: SetupStatus::Done,
        instance: Some(facts),
        ..Setup::default()
    };
    setup.role.name = "CW Kanban".into();
    setup.role.id = Some(role.id);
    setup.member.identifier = "kanban".into();
    setup.member.id = member.id;
    setup.key.public_key = Some(key.public_key.clone());
    save(&state, &setup);
    Env {
        admin,
        sandbox,
        control,
        state,
        key,
        role_id: role.id,
        member_id: member.id.expect("id"),
        id,
    }
}

pub fn save(state: &tempfile::TempDir, setup: &Setup) {
    let store = Store::open(state.path()).expect("store");
    let lock = store.lock(&setup.id).expect("lock");
    store.save(&lock, setup).expect("save");
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
