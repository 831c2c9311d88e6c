//! Progress on stderr for `verify --all`: shown when stderr is a terminal, absent when piped or
//! under `--json` (results on stdout stay clean either way).

#[path = "support/flows.rs"]
mod flows;
#[path = "support/pty.rs"]
mod pty;

use cw_onboard::app::setup::{Setup, SetupStatus};
use cw_onboard::sandbox::SandboxInfo;
use cw_onboard::state::Store;
use std::path::Path;

/// Two finished setups on the sandbox (no key is given: their key checks fail, which is enough
/// work to show progress for).
fn two_setups(dir: &Path, info: &SandboxInfo) {
    let state = dir.join("state");
    std::fs::create_dir(&state).expect("mkdir");
    std::fs::set_permissions(&state, std::os::unix::fs::PermissionsExt::from_mode(0o700))
        .expect("chmod");
    let store = Store::open(&state).expect("store");
    for template in ["cw-kanban", "hudu"] {
        let id = format!("demomsp-{template}");
        let lock = store.lock(&id).expect("lock");
        let setup = Setup {
            id: id.clone(),
            site: info.url.clone(),
            company: info.company.clone(),
            client_id: info.client_id.clone(),
            templates: vec![template.into()],
            status: SetupStatus::Done,
            ..Setup::default()
        };
        store.save(&lock, &setup).expect("save");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_all_shows_progress_only_on_a_terminal_and_never_with_json() {
    let (sandbox, _control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    two_setups(dir.path(), &info);

    // On a terminal: the bar, then the results.
    let mut s = pty::spawn(dir.path(), &["verify", "--all", "--no-key"], &[], (24, 100));
    tokio::task::block_in_place(|| {
        s.wait_exit();
    });
    let raw = s.output();
    assert!(raw.contains("verifying"), "{raw}");
    assert!(raw.contains("demomsp-hudu:"), "{raw}");

    // --json on a terminal: JSON only.
    let mut s = pty::spawn(
        dir.path(),
        &["verify", "--all", "--json", "--no-key"],
        &[],
        (24, 100),
    );
    tokio::task::block_in_place(|| {
        s.wait_exit();
    });
    let raw = s.output();
    assert!(!raw.contains("verifying"), "{raw}");
    let json: serde_json::Value = serde_json::from_str(raw.trim()).expect("only JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(2));

    // Piped: nothing on stderr but what is wrong.
    let out = tokio::task::block_in_place(|| {
        std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
            .args(["verify", "--all", "--no-key"])
            .env("CW_ONBOARD_STATE_DIR", dir.path().join("state"))
            .env("CW_ONBOARD_CONFIG_DIR", dir.path().join("none"))
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run")
    });
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("verifying"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("demomsp-cw-kanban:"));
    sandbox.shutdown().await;
}
