//! `cw-onboard new --adopt MEMBER`: the audit's adopt prefills a setup from an existing API
//! member; outside the full screen it needs admin keys and says so.

#[path = "support/seeded.rs"]
mod seeded;
use seeded::sandbox;

use cw_onboard::sandbox::Seed;
use cw_onboard::secrets::KeyPair;
use std::process::Command;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adopt_prefills_the_setup_from_the_member() {
    use cw_onboard::cli::{GlobalArgs, NewArgs, adopt_cmd};
    let sandbox = sandbox(Seed::Messy).await;
    let info = sandbox.info().clone();
    let state = tempfile::tempdir().expect("state");
    let global = GlobalArgs {
        state_dir: Some(state.path().to_path_buf()),
        config_dir: Some(state.path().join("none")),
        ..GlobalArgs::default()
    };
    let args = NewArgs {
        site: Some(info.url.clone()),
        company: Some(info.company.clone()),
        client_id: Some(info.client_id.clone()),
        ..NewArgs::default()
    };
    let key = KeyPair::new(
        info.admin_public_key.clone(),
        info.admin_private_key.clone(),
    );
    let library = cw_onboard::template::Library::builtin().expect("templates");
    let setup = adopt_cmd::prefill(
        &global,
        &args,
        "hudu",
        Some(&key),
        &library,
        adopt_cmd::Yes::Screen,
    )
    .await
    .expect("prefill");
    assert_eq!(setup.templates, ["hudu"]);
    assert_eq!(
        (setup.role.id, setup.role.name.as_str()),
        (Some(51), "Hudu Sync")
    );
    assert_eq!(setup.member.identifier, "hudu");
    assert_eq!(setup.id, "demomsp-hudu");
    // The wizard opens on that role with the template's checklist.
    let wizard = cw_onboard::app::Wizard::new(library.clone(), setup, false);
    assert_eq!(wizard.role.role_name.value(), "Hudu Sync");
    assert_eq!(wizard.role.chosen, ["hudu"]);
    // An Admin-like role matches no template; an unknown member is an error; no keys, usage.
    let admin_like = adopt_cmd::prefill(
        &global,
        &args,
        "syncbot",
        Some(&key),
        &library,
        adopt_cmd::Yes::Screen,
    )
    .await;
    assert_eq!(admin_like.err(), Some(cw_onboard::cli::Exit::Usage));
    let chosen = NewArgs {
        templates: vec!["cw-kanban".into()],
        ..args.clone()
    };
    let forced = adopt_cmd::prefill(
        &global,
        &chosen,
        "syncbot",
        Some(&key),
        &library,
        adopt_cmd::Yes::Screen,
    )
    .await
    .expect("forced");
    assert_eq!(forced.templates, ["cw-kanban"]);
    // Its own role (only syncbot holds it) comes with it; a built-in role people hold never.
    assert_eq!(forced.role.id, Some(50));
    assert!(forced.role.ours);
    let backup = adopt_cmd::prefill(
        &global,
        &chosen,
        "backupbot",
        Some(&key),
        &library,
        adopt_cmd::Yes::Screen,
    )
    .await
    .expect("backupbot");
    assert_eq!(
        backup.role.id, None,
        "Technician is built in and held by jsmith"
    );
    assert!(backup.role.name.is_empty());
    let unknown = adopt_cmd::prefill(
        &global,
        &args,
        "nobody",
        Some(&key),
        &library,
        adopt_cmd::Yes::Screen,
    )
    .await;
    assert_eq!(unknown.err(), Some(cw_onboard::cli::Exit::Error));
    let keyless = adopt_cmd::prefill(
        &global,
        &args,
        "hudu",
        None,
        &library,
        adopt_cmd::Yes::Screen,
    )
    .await;
    assert_eq!(keyless.err(), Some(cw_onboard::cli::Exit::Usage));
    sandbox.shutdown().await;
}

/// `--adopt` works in `--plain` and `--no-input` too (tests/plain_ownership.rs,
/// tests/batch_ownership.rs); without admin keys it says how to give them.
#[test]
fn adopt_outside_the_full_screen_needs_admin_keys_and_says_so() {
    let state = tempfile::tempdir().expect("state");
    for mode in ["--plain", "--no-input"] {
        let out = Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
            .args([mode, "new", "--adopt", "hudu"])
            .env("CW_ONBOARD_STATE_DIR", state.path())
            .env_remove("CW_ADMIN_PUBLIC_KEY")
            .env_remove("CW_ADMIN_PRIVATE_KEY")
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("--adopt reads the member with admin keys"),
            "{err}"
        );
        assert!(!err.contains("full-screen wizard only"), "{err}");
    }
}
