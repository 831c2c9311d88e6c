//! A rotation in the demo (issue 14), against the sandbox with the demo key ^D playing the
//! admin's hands at every stage: new key -> verified -> handed off -> old key inactive -> 401
//! proven -> (undo: re-activated -> proven working -> inactive again) -> deleted -> 401 proven.
//! After every stage the wizard is dropped and rebuilt from the state file on disk, as
//! `cw-onboard rotate` after an interruption: it continues at that stage.

#[path = "support/flows.rs"]
mod flows;

use cw_onboard::app::Wizard;
use cw_onboard::app::msg::{Exit, Msg};
use cw_onboard::app::setup::{RetireStage, Setup};
use cw_onboard::app::steps::keys::PhaseKind as Phase;
use cw_onboard::runtime::{api::Services, executor::Executor, headless::Headless, saver::Saver};
use cw_onboard::sandbox::SandboxInfo;
use cw_onboard::secrets::KeyPair;
use ratatui::crossterm::event::KeyCode;
use std::path::Path;

const ID: &str = "demomsp-cw-kanban";

fn on_disk(dir: &Path) -> (String, Setup) {
    let text = std::fs::read_to_string(dir.join(format!("state/{ID}.json"))).expect("state");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    (
        text,
        serde_json::from_value(doc["setup"].clone()).expect("setup"),
    )
}

/// `cw-onboard rotate` in the demo, from what is on disk: the real executor, saver and the
/// sandbox as the admin's hands.
fn open(info: &SandboxInfo, dir: &Path) -> Headless {
    let (_, setup) = on_disk(dir);
    let services =
        Services::for_tests().with_stand_in(cw_onboard::session::demo::stand_in(&info.url));
    assert!(cw_onboard::runtime::net::services::recorded_target(&setup).is_some());
    let store = cw_onboard::state::Store::open(&dir.join("state")).expect("store");
    let mut wizard = Wizard::rotation(
        cw_onboard::template::Library::builtin().expect("templates"),
        setup,
        true,
    );
    wizard.today = "2026-12-02".into();
    wizard.start_rotation();
    let exec = Executor::new(services, Some(Saver::start(store, None)));
    Headless::new(wizard, exec)
}

/// Interrupts the rotation (everything saved so far is on disk) and opens it again.
async fn interrupt(h: Headless, info: &SandboxInfo, dir: &Path) -> Headless {
    let mut exec = h.exec;
    assert_eq!(exec.flush().await, None, "saved");
    drop(exec);
    open(info, dir)
}

fn stage(h: &Headless) -> Option<RetireStage> {
    cw_onboard::app::steps::rotation::stage(&h.wizard.setup)
}

/// Types the old private key (a resume asks for it again: it is never stored) and presses ^D.
async fn demo_key(h: &mut Headless, old: &KeyPair) {
    h.send(Msg::Paste(old.expose_private().to_string()))
        .await
        .expect("paste");
    h.ctrl('d').await.expect("^D");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_demo_rotation_resumes_at_every_stage_and_ends_with_the_old_key_deleted() {
    let f = flows::finished_by_batch("key.toml").await;
    let (sandbox, info, dir) = (f.sandbox, f.info, f.dir);
    std::fs::remove_file(&f.key_file).expect("the key file goes");
    let old = KeyPair::new(f.key.public_key, f.key.private_key);

    // New key: ^D creates it in the sandbox, the wizard verifies it; then it is handed off.
    let mut h = open(&info, dir.path());
    assert_eq!(h.wizard.keys.phase.kind(), Phase::Paste);
    h.ctrl('d').await.expect("^D");
    assert_eq!(
        h.wizard.keys.phase.kind(),
        Phase::HandOff,
        "{:?}",
        h.wizard.keys.checks
    );
    let new_public = h
        .wizard
        .setup
        .key
        .rotating
        .as_ref()
        .and_then(|r| r.new_public_key.clone());
    h.ctrl('r').await.expect("revealed: read off the screen");
    h.ctrl('s').await.expect("stored");
    assert_eq!(stage(&h), Some(RetireStage::MarkInactive));

    // Handed off, interrupted: the old key is still to be marked inactive.
    let mut h = interrupt(h, &info, dir.path()).await;
    assert_eq!(h.wizard.keys.phase.kind(), Phase::RetireOld);
    assert_eq!(stage(&h), Some(RetireStage::MarkInactive));
    demo_key(&mut h, &old).await;
    assert_eq!(
        stage(&h),
        Some(RetireStage::Inactive),
        "{:?}",
        h.wizard.banner
    );

    // Inactive and refused, interrupted: next is deleting it (or undo).
    let mut h = interrupt(h, &info, dir.path()).await;
    assert_eq!(stage(&h), Some(RetireStage::Inactive));
    assert!(
        h.wizard
            .keys
            .retire()
            .expect("retiring")
            .old_private
            .value()
            .is_empty()
    );
    h.ctrl('z').await.expect("undo");
    assert_eq!(stage(&h), Some(RetireStage::Reactivate));

    // Undoing, interrupted: the old key is re-activated and proven working.
    let mut h = interrupt(h, &info, dir.path()).await;
    assert_eq!(stage(&h), Some(RetireStage::Reactivate));
    demo_key(&mut h, &old).await;
    assert_eq!(stage(&h), Some(RetireStage::MarkInactive));
    assert!(h.wizard.keys.retire().expect("retiring").undone);

    // Inactive again, then deleted: refused again, the rotation is recorded.
    h.ctrl('d').await.expect("^D inactive");
    assert_eq!(stage(&h), Some(RetireStage::Inactive));
    let mut h = interrupt(h, &info, dir.path()).await;
    demo_key(&mut h, &old).await;
    assert_eq!(h.exit, Some(Exit::Finished), "{:?}", h.wizard.banner);
    let mut exec = h.exec;
    assert_eq!(exec.flush().await, None);

    let (text, setup) = on_disk(dir.path());
    assert!(
        !text.contains(old.expose_private()),
        "the old private key is never stored"
    );
    assert!(setup.key.rotating.is_none());
    assert_eq!(setup.key.public_key, new_public);
    let r = setup.key.rotations.last().expect("recorded");
    assert!(
        r.old_key_refused && r.old_key_deleted && r.inactive_on.is_some(),
        "{r:?}"
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_old_key_keeps_working_until_the_admin_marks_it_inactive() {
    let f = flows::finished_by_batch("key.toml").await;
    let (sandbox, info, dir) = (f.sandbox, f.info, f.dir);
    std::fs::remove_file(&f.key_file).expect("the key file goes");
    let old = KeyPair::new(f.key.public_key, f.key.private_key);
    let mut h = open(&info, dir.path());
    h.ctrl('d').await.expect("^D");
    h.ctrl('r').await.expect("reveal");
    h.ctrl('s').await.expect("stored");
    h.send(Msg::Paste(old.expose_private().to_string()))
        .await
        .expect("paste");
    h.key(KeyCode::Enter).await.expect("prove");
    assert_eq!(
        h.wizard.keys.retire().expect("retiring").proof.ready(),
        Some(&false)
    );
    assert_eq!(stage(&h), Some(RetireStage::MarkInactive));
    sandbox.shutdown().await;
}
