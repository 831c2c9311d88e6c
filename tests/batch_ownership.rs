//! Batch mode never changes what is not its own (issue 15 item 1, `app::ownership`): a built-in
//! or people-held role is refused, an API-held role or an existing API member is taken only with
//! `adopt_role = true` / `adopt = true` (else exit 2 naming it, listing its holders or the
//! differences), a person's member and another setup's member never. Every refusal comes before
//! any write: the sandbox's request log shows no POST, PATCH or PUT. Also `new --adopt MEMBER`
//! in batch mode (issue 13 item 5).

#[path = "support/contract.rs"]
mod contract;
#[path = "support/flows.rs"]
mod flows;

use cw_onboard::sandbox::Seed;
use flows::BatchEnv;

#[tokio::test(flavor = "multi_thread")]
async fn the_built_in_admin_role_is_refused_before_anything_is_written() {
    let env = BatchEnv::start(Seed::Plain).await;
    for role in ["Admin", "technician"] {
        let r = env.run(
            "a.toml",
            "cw-kanban",
            &format!("role_name = \"{role}\"\nadopt_role = true"),
            "",
        );
        assert_eq!(r.code, Some(2), "{}{}", r.out, r.err);
        assert!(r.err.contains("role_name:"), "{}", r.err);
        assert!(r.err.contains("built-in"), "{}", r.err);
        assert!(
            !r.out.contains("lower to"),
            "never asks to lower a role it does not own: {}",
            r.out
        );
    }
    assert_eq!(env.writes().await, Vec::<String>::new());
    contract::assert_conforms(&env.sandbox);
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_role_api_members_hold_needs_adopt_role_and_names_its_holders() {
    let env = BatchEnv::start(Seed::Messy).await;
    let r = env.run(
        "a.toml",
        "cw-kanban",
        "role_name = \"Vendor Integrations\"",
        "",
    );
    assert_eq!(r.code, Some(2), "{}{}", r.out, r.err);
    assert!(r.err.contains("adopt_role:"), "{}", r.err);
    assert!(
        r.err.contains("the API member chatbot") && r.err.contains("the API member smileback"),
        "{}",
        r.err
    );
    assert!(r.err.contains("add adopt_role = true"), "{}", r.err);
    assert_eq!(env.writes().await, Vec::<String>::new());

    // With the admin's yes the role is taken (found, not created), and the run goes on.
    let r = env.run(
        "b.toml",
        "cw-kanban",
        "role_name = \"Vendor Integrations\"\nadopt_role = true",
        "",
    );
    assert_eq!(r.code, Some(4), "{}{}", r.out, r.err);
    let w = env.writes().await;
    assert!(
        !w.iter().any(|w| w.contains("securityroles")),
        "the role is found, not created: {w:?}"
    );
    contract::assert_conforms(&env.sandbox);
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn another_integrations_member_needs_adopt_and_lists_the_differences_first() {
    let env = BatchEnv::start(Seed::Plain).await;
    let r = env.run("a.toml", "cw-kanban", "", "identifier = \"backupbot\"");
    assert_eq!(r.code, Some(2), "{}{}", r.out, r.err);
    assert!(r.err.contains("member.adopt:"), "{}", r.err);
    assert!(
        r.err.contains("backupbot is an existing API member"),
        "{}",
        r.err
    );
    assert!(
        r.err.contains("name: Backup Bot -> CW Kanban API"),
        "the differences are listed: {}",
        r.err
    );
    assert!(
        r.err.contains("add adopt = true under [member]"),
        "{}",
        r.err
    );
    assert_eq!(
        env.writes().await,
        Vec::<String>::new(),
        "not even the role shell is created"
    );

    // `adopt = true`: the differences are printed, then made.
    let r = env.run(
        "b.toml",
        "cw-kanban",
        "",
        "identifier = \"backupbot\"\nadopt = true",
    );
    assert_eq!(r.code, Some(4), "{}{}", r.out, r.err);
    assert!(r.out.contains("adopting API member backupbot"), "{}", r.out);
    assert!(
        r.out.contains("name: Backup Bot -> CW Kanban API"),
        "{}",
        r.out
    );
    let w = env.writes().await;
    assert!(
        w.iter()
            .any(|w| w.starts_with("PATCH") && w.contains("apiMembers/4")),
        "{w:?}"
    );
    let state: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(env.dir.path().join("state/demomsp-cw-kanban.json"))
            .expect("state"),
    )
    .expect("json");
    assert_eq!(state["setup"]["member"]["adopted"], true);
    contract::assert_conforms(&env.sandbox);
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_persons_member_id_is_a_usage_error_not_a_failed_step() {
    let env = BatchEnv::start(Seed::Plain).await;
    let r = env.run(
        "a.toml",
        "cw-kanban",
        "",
        "identifier = \"jsmith\"\nadopt = true",
    );
    assert_eq!(r.code, Some(2), "{}{}", r.out, r.err);
    assert!(
        r.err
            .contains("member.identifier: That member ID belongs to a person"),
        "{}",
        r.err
    );
    assert!(!r.err.contains("could not be completed"), "{}", r.err);
    assert_eq!(env.writes().await, Vec::<String>::new());
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_member_another_setup_on_this_machine_holds_is_never_adopted() {
    let env = BatchEnv::start(Seed::Plain).await;
    // Setup 1 (CW Kanban) creates member kanban.
    let r = env.run("a.toml", "cw-kanban", "", "");
    assert_eq!(r.code, Some(4), "{}{}", r.out, r.err);
    let before = env.writes().await.len();
    // Setup 2 (Hudu) names the same member, even with adopt = true.
    let r = env.run(
        "b.toml",
        "hudu",
        "",
        "identifier = \"kanban\"\nadopt = true",
    );
    assert_eq!(r.code, Some(2), "{}{}", r.out, r.err);
    assert!(
        r.err.contains("API member of setup demomsp-cw-kanban"),
        "{}",
        r.err
    );
    assert_eq!(env.writes().await.len(), before, "nothing written");
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn new_adopt_works_in_batch_mode_with_the_flag_as_the_yes() {
    let env = BatchEnv::start(Seed::Messy).await;
    let out = tokio::task::block_in_place(|| {
        std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
            .args(["--no-input", "--admin-key-file"])
            .arg(&env.admin)
            .args([
                "new",
                "--adopt",
                "hudu",
                "--site",
                &env.info.url,
                "--company",
                &env.info.company,
                "--client-id",
                &env.info.client_id,
            ])
            .current_dir(env.dir.path())
            .env("CW_ONBOARD_STATE_DIR", env.dir.path().join("state"))
            .env("CW_ONBOARD_CONFIG_DIR", env.dir.path().join("none"))
            .output()
            .expect("run")
    });
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(4), "{o}{e}");
    assert!(
        e.contains("Adopting hudu: role Hudu Sync, template hudu"),
        "{e}"
    );
    // The flag is the admin's yes: no "until you confirm" that nothing would ask for.
    assert!(e.contains("--adopt is your yes"), "{e}");
    assert!(!e.contains("until you confirm"), "{e}");
    assert!(o.contains("adopting API member hudu"), "{o}");
    assert!(
        o.contains("System > Security Roles > Hudu Sync"),
        "its own role, adopted with it: {o}"
    );
    let w = env.writes().await;
    assert!(
        !w.iter().any(|w| w.contains("securityroles")),
        "no new role: {w:?}"
    );
    contract::assert_conforms(&env.sandbox);
    env.sandbox.shutdown().await;
}
