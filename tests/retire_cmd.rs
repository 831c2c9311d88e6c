//! `cw-onboard --no-input retire SETUP` against the sandbox: the member ends inactive, the role
//! deleted when no other member holds it and kept (the holder named) when one does, the key
//! refused, the setup kept and listed as retired. Nothing changes without `--yes`; a member or
//! role another setup on this machine uses is never touched; an interrupted retire resumes.
//! Every request is checked against the schema contract.

#[path = "support/contract.rs"]
mod contract;
#[path = "support/finished.rs"]
mod finished;
#[path = "support/retire.rs"]
mod retire;

use cw_onboard::app::setup::{Setup, SetupStatus};
use cw_onboard::state::Store;
use finished::save;
use retire::{finished, member_inactive, role_exists, run};
use std::process::{Command, Stdio};

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
        vec!["--no-input", "resume", env.id.as_str()],
        vec!["--plain", "rotate", env.id.as_str()],
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

/// Mid-rotation the setup has two working keys (the old one and the verified new one): the
/// plan names both, each is deleted and proven refused (one run per key), then it is retired.
#[tokio::test(flavor = "multi_thread")]
async fn a_retire_during_a_rotation_deletes_and_proves_both_keys() {
    let env = finished().await;
    let new = retire::mid_rotation(&env, env.state.path()).await;
    let yes = ["--no-input", "retire", env.id.as_str(), "--yes"];
    let (code, out, err) = tokio::task::block_in_place(|| run(&env, &yes, false, &[]));
    assert_eq!(code, 4, "{out}{err}");
    let plan = out
        .lines()
        .find(|l| l.contains("You delete"))
        .unwrap_or_default();
    assert!(
        plan.contains(&env.key.public_key) && plan.contains(&new.public_key),
        "the plan names both keys: {out}"
    );
    assert!(out.contains("one run per key"), "{out}");
    for key in [&new, &env.key] {
        env.control
            .delete_key("kanban", &key.public_key)
            .await
            .expect("delete");
    }
    let given = [
        ("CW_PUBLIC_KEY", new.public_key.as_str()),
        ("CW_PRIVATE_KEY", new.private_key.as_str()),
    ];
    let (code, out, err) = tokio::task::block_in_place(|| run(&env, &yes, false, &given));
    assert_eq!(code, 4, "the old key is still to prove: {out}{err}");
    assert!(
        out.contains(&format!("✓ ConnectWise refuses key {}", new.public_key))
            && out.contains(&format!("delete key {}.", env.key.public_key)),
        "{out}"
    );
    let (code, out, err) = tokio::task::block_in_place(|| run(&env, &yes, true, &[]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("refused (401)") && out.contains(&new.public_key),
        "{out}"
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
