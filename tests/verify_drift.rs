//! `cw-onboard verify` and drift: a raised template revision, a changed role, an old key
//! (`max_key_age`), an inactive key.

#[path = "support/contract.rs"]
mod contract;
#[path = "support/finished.rs"]
mod finished;
#[path = "support/verify_env.rs"]
mod verify_env;

use cw_onboard::level::Level;
use verify_env::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_raised_template_revision_is_template_drift_and_a_changed_role_is_instance_drift() {
    let env = finished_with("cw-kanban").await;
    let lib = cw_onboard::template::Library::builtin().expect("templates");
    let builtin = lib.get("cw-kanban").expect("kanban");
    // The setup was made with the shipped revision.
    edit_setup(&env, |setup| {
        setup.record_template_versions(&[builtin]);
        assert_eq!(
            setup.template_versions["cw-kanban"].revision,
            builtin.revision
        );
    });
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
