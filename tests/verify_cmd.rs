//! `cw-onboard verify` against the sandbox: a finished setup passes; a lowered level, a raised
//! level, a missing customize item, a deactivated member and a deleted key are caught with exit 3.

#[path = "support/contract.rs"]
mod contract;
#[path = "support/finished.rs"]
mod finished;
#[path = "support/verify_env.rs"]
mod verify_env;

use cw_onboard::level::Level;
use finished::customize_rows;
use verify_env::*;

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
    assert!(
        !out.contains("no-such-setup"),
        "said once, on stderr: {out}"
    );
    let (code, out, err) =
        tokio::task::block_in_place(|| run_cli(&env, &["verify", "no-such-setup"], None, false));
    assert_eq!(code, 2, "{out}{err}");
    assert_eq!(
        err.matches("no setup named no-such-setup").count(),
        1,
        "without a key too, the setup is unknown, not the key missing: {err}"
    );
    assert!(out.is_empty(), "{out}");
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
