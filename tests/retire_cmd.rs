//! `cw-onboard --no-input retire SETUP` against the sandbox: the member ends inactive, the role
//! deleted when no other member holds it and kept (the holder named) when one does, the key
//! refused, the setup kept and listed as retired. Nothing changes without `--yes`; a member or
//! role another setup on this machine uses is never touched; an interrupted retire resumes.
//! Every request is checked against the schema contract.

#[path = "support/contract.rs"]
mod contract;
#[path = "support/pty.rs"]
mod pty;

use cw_onboard::app::setup::{Setup, SetupStatus};
use cw_onboard::sandbox::{ControlClient, Sandbox, SandboxOptions};
use cw_onboard::state::Store;
use std::process::{Command, Stdio};

struct Env {
    admin: cw_onboard::cw::Client,
    sandbox: contract::Checked,
    control: ControlClient,
    state: tempfile::TempDir,
    key: cw_onboard::sandbox::CreatedKey,
    role_id: u32,
    member_id: u32,
    id: String,
}

/// A finished CW Kanban setup as the wizard leaves it: role, member with it, key, instance.
async fn finished() -> Env {
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

fn save(state: &tempfile::TempDir, setup: &Setup) {
    let store = Store::open(state.path()).expect("store");
    let lock = store.lock(&setup.id).expect("lock");
    store.save(&lock, setup).expect("save");
}

/// Runs the binary with the admin keys (and `member_key`) in the environment: (code, out, err).
fn run(
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

async fn member_inactive(env: &Env) -> bool {
    env.admin
        .find_api_member("kanban")
        .await
        .expect("find")
        .expect("API members are never deleted")
        .inactive_flag
        == Some(true)
}

async fn role_exists(env: &Env) -> bool {
    env.admin.get_role(env.role_id).await.is_ok()
}

#[tokio::test(flavor = "multi_thread")]
async fn retire_deactivates_deletes_the_unshared_role_proves_the_key_refused_and_keeps_the_setup() {
    let env = finished().await;
    let args = ["--no-input", "retire", env.id.as_str()];
    // Without --yes: the plan, exit 2, nothing changed.
    let (code, out, err) = tokio::task::block_in_place(|| run(&env, &args, false, &[]));
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.contains("Deactivate API member kanban"), "{out}");
    assert!(out.contains("delete role CW Kanban"), "{out}");
    assert!(err.contains("--yes"), "{err}");
    assert!(!member_inactive(&env).await && role_exists(&env).await);
    // With --yes, no key yet: member and role done, the key's UI step, exit 4.
    let yes = ["--no-input", "retire", env.id.as_str(), "--yes"];
    let (code, out, err) = tokio::task::block_in_place(|| run(&env, &yes, false, &[]));
    assert_eq!(code, 4, "{out}{err}");
    assert!(member_inactive(&env).await, "the member is inactive");
    assert!(!role_exists(&env).await, "the unshared role is deleted");
    assert!(out.contains("API Keys: delete key"), "{out}");
    // The admin deletes the key; the next run proves it refused and retires the setup.
    env.control
        .delete_key("kanban", &env.key.public_key)
        .await
        .expect("delete key");
    let (code, out, err) = tokio::task::block_in_place(|| run(&env, &args, true, &[]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("key: refused (401)"), "{out}");
    assert!(!out.contains(&env.key.private_key) && !err.contains(&env.key.private_key));
    // Kept, listed as retired with the day; verify says so; resume and rotate refuse it.
    let (code, list, _) =
        tokio::task::block_in_place(|| run(&env, &["list", "--json"], false, &[]));
    assert_eq!(code, 0);
    let rows: serde_json::Value = serde_json::from_str(&list).expect("json");
    let today = chrono::Local::now().date_naive().to_string();
    assert_eq!(rows[0]["status"], "retired", "{list}");
    assert_eq!(rows[0]["retired_on"], today.as_str(), "{list}");
    let (_, list, _) = tokio::task::block_in_place(|| run(&env, &["list"], false, &[]));
    assert!(list.contains(&format!("retired {today}")), "{list}");
    let (code, out, _) =
        tokio::task::block_in_place(|| run(&env, &["verify", env.id.as_str()], false, &[]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("retired on"), "{out}");
    for refused in [
        vec!["--no-input", "rotate", env.id.as_str()],
        vec!["--plain", "resume", env.id.as_str()],
    ] {
        let (code, out, err) = tokio::task::block_in_place(|| run(&env, &refused, true, &[]));
        assert_eq!(code, 2, "{refused:?}: {out}{err}");
        assert!(err.contains("was retired on"), "{refused:?}: {err}");
    }
    let (code, out, _) = tokio::task::block_in_place(|| run(&env, &args, false, &[]));
    assert_eq!(code, 0, "retiring again is a no-op: {out}");
    let store = Store::open(env.state.path()).expect("store");
    let text = std::fs::read_to_string(store.dir().join(format!("{}.json", env.id))).expect("kept");
    assert!(
        !text.contains(&env.key.private_key),
        "no private key in the state file"
    );
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_role_another_member_holds_is_kept_and_the_holder_named() {
    let env = finished().await;
    let mut other = env.admin.api_member_default().await.expect("default");
    other.identifier = "hudu".into();
    other.security_role = Some(cw_onboard::cw::Reference::to(env.role_id));
    other.structure_level = Some(cw_onboard::cw::Reference::to(1));
    env.admin.create_api_member(&other).await.expect("other");
    let yes = ["--no-input", "retire", env.id.as_str(), "--yes"];
    let (code, out, err) = tokio::task::block_in_place(|| run(&env, &yes, false, &[]));
    assert_eq!(code, 4, "{out}{err}");
    assert!(out.contains("member hudu holds it too"), "{out}");
    assert!(member_inactive(&env).await);
    assert!(role_exists(&env).await, "a shared role is never deleted");
    let hudu = env
        .admin
        .find_api_member("hudu")
        .await
        .expect("find")
        .expect("hudu");
    assert_eq!(
        hudu.inactive_flag,
        Some(false),
        "the other member is untouched"
    );
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_member_another_setup_here_uses_is_never_touched() {
    let env = finished().await;
    let info = env.sandbox.info().clone();
    let mut twin = Setup {
        id: "demomsp-hudu".into(),
        site: info.url.clone(),
        company: info.company.clone(),
        status: SetupStatus::Done,
        ..Setup::default()
    };
    twin.member.identifier = "kanban".into();
    save(&env.state, &twin);
    let yes = ["--no-input", "retire", env.id.as_str(), "--yes"];
    let (code, out, err) = tokio::task::block_in_place(|| run(&env, &yes, false, &[]));
    assert_eq!(code, 4, "{out}{err}");
    assert!(
        out.contains("setup demomsp-hudu on this machine uses member kanban"),
        "{out}"
    );
    assert!(!member_inactive(&env).await, "never deactivated");
    assert!(role_exists(&env).await, "its role stays with it");
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_role_another_setup_here_uses_is_kept_while_the_member_is_retired() {
    let env = finished().await;
    let info = env.sandbox.info().clone();
    let mut twin = Setup {
        id: "demomsp-hudu".into(),
        site: info.url.clone(),
        company: info.company.clone(),
        status: SetupStatus::InProgress,
        ..Setup::default()
    };
    twin.role.name = "CW Kanban".into();
    twin.role.id = Some(env.role_id);
    twin.member.identifier = "hudu".into();
    save(&env.state, &twin);
    let yes = ["--no-input", "retire", env.id.as_str(), "--yes"];
    let (code, out, err) = tokio::task::block_in_place(|| run(&env, &yes, false, &[]));
    assert_eq!(code, 4, "{out}{err}");
    assert!(
        out.contains("setup demomsp-hudu on this machine uses it"),
        "{out}"
    );
    assert!(member_inactive(&env).await);
    assert!(role_exists(&env).await);
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_interrupted_retire_resumes_at_the_stage_it_reached() {
    let env = finished().await;
    let yes = ["--no-input", "retire", env.id.as_str(), "--yes"];
    let abort = [("CW_ONBOARD_TEST_ABORT_AT", "retire-member-deactivated")];
    let (code, _, err) = tokio::task::block_in_place(|| run(&env, &yes, false, &abort));
    assert_ne!(code, 0, "aborted: {err}");
    assert!(
        member_inactive(&env).await,
        "ConnectWise did it before the crash"
    );
    let args = ["--no-input", "retire", env.id.as_str()];
    let (code, out, err) = tokio::task::block_in_place(|| run(&env, &args, false, &[]));
    assert_eq!(
        code, 4,
        "confirmed before the crash: no --yes needed: {out}{err}"
    );
    assert!(out.contains("member: inactive already"), "{out}");
    assert!(!role_exists(&env).await, "on to the role");
    let inactive = env
        .admin
        .find_api_member("kanban")
        .await
        .expect("find")
        .expect("member");
    assert_ne!(inactive.security_role.map(|r| r.id), Some(env.role_id));
    let _ = env.member_id;
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_retire_asks_first_then_proves_the_typed_key_refused() {
    let env = finished().await;
    let info = env.sandbox.info().clone();
    let home = home_for_pty(&env);
    let vars = [
        ("TERM", "dumb"),
        ("NO_COLOR", "1"),
        ("CW_ADMIN_PUBLIC_KEY", info.admin_public_key.as_str()),
        ("CW_ADMIN_PRIVATE_KEY", info.admin_private_key.as_str()),
    ];
    let args = ["--plain", "retire", env.id.as_str()];
    // No: nothing changes (exit 130).
    let mut s = pty::spawn(home.path(), &args, &vars, (30, 120));
    let status = tokio::task::block_in_place(|| {
        s.wait_for("Retire it?");
        assert!(
            s.text().contains("Deactivate API member kanban"),
            "{}",
            s.text()
        );
        s.send("n\r");
        s.wait_for("Nothing was changed");
        s.wait_exit()
    });
    assert_eq!(status.exit_code(), 130, "{}", s.text());
    assert!(!member_inactive(&env).await && role_exists(&env).await);
    // Yes: member and role, then the key's UI step and its private key, masked.
    let mut s = pty::spawn(home.path(), &args, &vars, (30, 120));
    tokio::task::block_in_place(|| {
        s.wait_for("Retire it?");
        s.send("y\r");
        s.wait_for("Private key of");
    });
    assert!(member_inactive(&env).await && !role_exists(&env).await);
    env.control
        .delete_key("kanban", &env.key.public_key)
        .await
        .expect("delete key");
    let status = tokio::task::block_in_place(|| {
        s.send(&format!("{}\r", env.key.private_key));
        s.wait_for("is retired");
        s.wait_exit()
    });
    assert!(status.success(), "{}", s.text());
    assert!(
        !s.output().contains(&env.key.private_key),
        "the key is masked"
    );
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_admin_keys_batch_retire_is_a_usage_error_and_changes_nothing() {
    let env = finished().await;
    let out = Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(["--no-input", "retire", env.id.as_str(), "--yes"])
        .env("CW_ONBOARD_STATE_DIR", env.state.path())
        .env("CW_ONBOARD_CONFIG_DIR", env.state.path().join("none"))
        .env_remove("CW_ADMIN_PUBLIC_KEY")
        .env_remove("CW_ADMIN_PRIVATE_KEY")
        .stdin(Stdio::null())
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("retire needs admin API keys"), "{err}");
    assert!(!member_inactive(&env).await && role_exists(&env).await);
    let (code, _, err) = tokio::task::block_in_place(|| {
        run(&env, &["--no-input", "retire", "no-such-setup"], false, &[])
    });
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no setup no-such-setup"), "{err}");
    env.sandbox.shutdown().await;
}

/// A directory for `pty::spawn` (state in `DIR/state`) holding the env's setup.
fn home_for_pty(env: &Env) -> tempfile::TempDir {
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

#[tokio::test(flavor = "multi_thread")]
async fn full_screen_retire_shows_the_plan_asks_then_runs_every_stage() {
    let env = finished().await;
    let info = env.sandbox.info().clone();
    let home = home_for_pty(&env);
    let vars = [
        ("TERM", "xterm-256color"),
        ("CW_ADMIN_PUBLIC_KEY", info.admin_public_key.as_str()),
        ("CW_ADMIN_PRIVATE_KEY", info.admin_private_key.as_str()),
        ("CW_PUBLIC_KEY", env.key.public_key.as_str()),
        ("CW_PRIVATE_KEY", env.key.private_key.as_str()),
    ];
    let mut s = pty::spawn(home.path(), &["retire", env.id.as_str()], &vars, (24, 80));
    tokio::task::block_in_place(|| {
        s.wait_for("exactly what will change");
        assert!(
            s.text().contains("Deactivate API member kanban"),
            "{}",
            s.text()
        );
        s.send("y");
        s.wait_for("API Keys: delete key");
    });
    assert!(member_inactive(&env).await && !role_exists(&env).await);
    env.control
        .delete_key("kanban", &env.key.public_key)
        .await
        .expect("delete key");
    let status = tokio::task::block_in_place(|| {
        s.send("\r");
        s.wait_for("is retired");
        s.send("\r");
        s.wait_exit()
    });
    assert!(status.success(), "{}", s.text());
    assert!(
        !s.output().contains(&env.key.private_key),
        "the key is never drawn"
    );
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn in_the_demo_the_sandbox_deletes_the_key_and_it_is_proven_refused() {
    use cw_onboard::app::retire::{Phase, RetireEnd};
    let env = finished().await;
    let info = env.sandbox.info().clone();
    let config = cw_onboard::session::SessionConfig {
        state_dir: Some(env.state.path().to_path_buf()),
        config_dir: Some(env.state.path().join("none")),
        ca_file: None,
    };
    let admin = cw_onboard::secrets::KeyPair::new(
        info.admin_public_key.clone(),
        info.admin_private_key.clone(),
    );
    let hands = ControlClient::new(&info.url).expect("control");
    let Ok(mut s) = cw_onboard::session::retire::open(
        &config,
        &env.id,
        admin,
        Some(std::sync::Arc::new(hands)),
    ) else {
        panic!("opened")
    };
    let start = s.core.start();
    s.runner.settle(&mut s.core, start).await;
    let confirm = s.core.confirm().expect("the plan is shown");
    s.runner.settle(&mut s.core, confirm).await;
    assert_eq!(s.core.phase, Phase::Key);
    let delete = s.core.demo_delete_key();
    assert!(!delete.is_empty(), "^D works in the demo");
    s.runner.settle(&mut s.core, delete).await;
    assert!(s.core.sandbox.ready().is_some(), "{:?}", s.core.sandbox);
    s.core.on_paste(&env.key.private_key);
    let prove = s.core.on_key(ratatui::crossterm::event::KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Enter,
        ratatui::crossterm::event::KeyModifiers::NONE,
    ));
    let end = s.runner.settle(&mut s.core, prove).await;
    assert_eq!(end, Some(RetireEnd::Retired));
    assert!(s.runner.close().await.is_none());
    assert!(member_inactive(&env).await && !role_exists(&env).await);
    env.sandbox.shutdown().await;
}
