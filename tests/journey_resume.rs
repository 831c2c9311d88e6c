//! Journeys against the sandbox, continued: guided mode, a resume, adopting a member that
//! differs, and a rotation (the driver is tests/support/journey.rs).

#[path = "support/contract.rs"]
mod contract;
#[path = "support/flows.rs"]
mod flows;
#[path = "support/journey.rs"]
mod journey;

use cw_onboard::app::Wizard;
use cw_onboard::app::msg::{Exit, Msg};
use cw_onboard::app::setup::{CheckStatus, Mode, Setup, StepId};
use cw_onboard::app::steps::instance::InstanceField;
use cw_onboard::secrets::KeyPair;
use cw_onboard::template::Library;
use journey::*;
use ratatui::crossterm::event::KeyCode;

#[tokio::test]
async fn guided_mode_verifies_everything_with_the_new_key() {
    let mut j = Journey::start(false).await;
    j.ctrl('l').await;
    j.ctrl('n').await;
    assert_eq!(j.wizard.setup.mode, Mode::Guided);
    j.type_text("binoxmsp").await;
    j.key(KeyCode::Enter).await;
    let n = j.wizard.role.rows(j.wizard.merged.as_ref()).len();
    for _ in 0..n {
        j.key(KeyCode::Char(' ')).await;
        j.key(KeyCode::Down).await;
    }
    j.ctrl('n').await;
    assert_eq!(j.wizard.step, StepId::Member);
    j.ctrl('n').await;
    assert_eq!(j.wizard.step, StepId::Keys);
    // The admin's hands in the ConnectWise UI: role, levels, member and key.
    let info = j.sandbox.info().clone();
    let http = cw_onboard::cw::HttpSettings::for_tests();
    let site = cw_onboard::cw::site::parse_site(&info.url).expect("site");
    let instance = cw_onboard::cw::discovery::discover(&http, &site, &info.company)
        .await
        .expect("discover");
    let admin_key = KeyPair::new(
        info.admin_public_key.clone(),
        info.admin_private_key.clone(),
    );
    let admin =
        cw_onboard::cw::Client::new(&instance, &info.client_id, &admin_key, &http).expect("admin");
    let role = admin
        .create_role(&j.wizard.setup.role.name)
        .await
        .expect("role");
    let rows: Vec<cw_onboard::sandbox::RoleSettingRow> = j
        .wizard
        .merged
        .as_ref()
        .map(|m| {
            m.permissions
                .iter()
                .map(cw_onboard::sandbox::RoleSettingRow::from)
                .collect()
        })
        .unwrap_or_default();
    j.control
        .set_role_settings(&role.name, &rows)
        .await
        .expect("levels");
    let mut member = admin.api_member_default().await.expect("default");
    member.identifier = j.wizard.setup.member.identifier.clone();
    member.security_role = Some(cw_onboard::cw::Reference {
        id: role.id,
        name: None,
    });
    member.structure_level = Some(cw_onboard::cw::Reference { id: 1, name: None });
    admin.create_api_member(&member).await.expect("member");
    let key = j
        .control
        .create_key(&member.identifier, "BinoxMSP")
        .await
        .expect("key");
    j.send(Msg::Paste(key.public_key.clone())).await;
    j.key(KeyCode::Tab).await;
    j.send(Msg::Paste(key.private_key.clone())).await;
    j.key(KeyCode::Enter).await;
    let failed: Vec<_> = j
        .wizard
        .keys
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Fail)
        .collect();
    assert!(failed.is_empty(), "{failed:?}");
    j.ctrl('s').await;
    j.ctrl('s').await; // confirms: stored elsewhere
    assert_eq!(j.wizard.step, StepId::AllowList);
    j.sandbox.shutdown().await;
}

#[tokio::test]
async fn a_saved_setup_resumes_with_every_answer_as_default() {
    let mut j = Journey::start(true).await;
    through_member(&mut j).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = cw_onboard::state::Store::open(dir.path()).expect("store");
    let mut lock = store.lock(&j.wizard.setup.id).expect("lock");
    store.save(&lock, &j.wizard.setup).expect("save");
    let saved = std::fs::read_to_string(dir.path().join(format!("{}.json", j.wizard.setup.id)))
        .expect("read");
    let info = j.sandbox.info().clone();
    assert!(
        !saved.contains(&info.admin_private_key),
        "no admin key in the state file"
    );
    let setup: Setup = store
        .load(&mut lock, &cw_onboard::runtime::saver::migrations())
        .expect("load")
        .expect("present")
        .value;
    let resumed = Wizard::new(Library::builtin().expect("templates"), setup, false);
    assert_eq!(
        resumed.instance.field(InstanceField::Site).value(),
        info.url
    );
    assert_eq!(
        resumed.instance.field(InstanceField::Company).value(),
        info.company
    );
    assert_eq!(
        resumed.instance.field(InstanceField::ClientId).value(),
        info.client_id
    );
    assert_eq!(resumed.role.role_name.value(), "CW Kanban");
    assert_eq!(resumed.setup.member.identifier, "kanban");
    assert!(
        resumed.setup.member.id.is_some(),
        "the member created before is remembered"
    );
    assert_eq!(resumed.setup.step, Some(StepId::Keys));
    assert!(resumed.merged.is_some(), "the templates are merged again");
    let kanban_revision = Library::builtin()
        .expect("templates")
        .get("cw-kanban")
        .map(|t| t.revision);
    assert_eq!(
        resumed
            .setup
            .template_versions
            .get("cw-kanban")
            .map(|v| v.revision),
        kanban_revision,
        "the setup records the template revision it was made with"
    );
    j.sandbox.shutdown().await;
}

#[tokio::test]
async fn a_member_that_exists_and_differs_is_adopted_after_showing_the_differences() {
    let mut j = Journey::start(true).await;
    j.ctrl('l').await;
    j.ctrl('n').await;
    j.type_text("cw-kanban").await;
    j.key(KeyCode::Enter).await;
    j.key(KeyCode::Enter).await;
    j.ctrl('d').await;
    j.ctrl('n').await;
    assert_eq!(j.wizard.step, StepId::Member);
    j.ctrl('u').await;
    j.type_text("backupbot").await;
    let diffs = j.wizard.member.differences(&j.wizard.setup);
    assert!(diffs.iter().any(|d| d.field == "securityRole"), "{diffs:?}");
    assert!(diffs.iter().any(|d| d.field == "name"), "{diffs:?}");
    // ^N does not take another integration's member: only ^Y on the differences does.
    j.ctrl('n').await;
    assert_eq!(j.wizard.step, StepId::Member);
    let log = j.control.requests().await.expect("log");
    assert!(
        !log.iter().any(|r| r.method == "PATCH"),
        "nothing changed yet"
    );
    j.ctrl('y').await;
    assert_eq!(
        j.wizard.step,
        StepId::Keys,
        "{:?} {:?}",
        j.wizard.banner,
        j.wizard.member.save
    );
    assert!(j.wizard.setup.member.adopted);
    let log = j.control.requests().await.expect("log");
    assert!(log.iter().any(|r| r.method == "PATCH" && r.status == 200));
    assert_eq!(
        j.posts("/system/apiMembers").await,
        0,
        "adopted, not created"
    );
    j.sandbox.shutdown().await;
}

/// Finishes the assisted path with a key the test knows; returns the finished setup and key.
#[tokio::test]
async fn rotation_verifies_the_new_key_before_retiring_the_old_one() {
    let mut j = Journey::start(true).await;
    let old = finished_with_known_key(&mut j).await;
    assert_eq!(
        j.wizard.setup.key.public_key.as_deref(),
        Some(old.public_key.as_str())
    );
    // `cw-onboard rotate`: step 3 alone.
    let mut setup = j.wizard.setup.clone();
    setup.key.rotating = Some(cw_onboard::app::setup::RotationProgress {
        old_public_key: old.public_key.clone(),
        ..Default::default()
    });
    j.wizard = Wizard::rotation(Library::builtin().expect("templates"), setup, false);
    j.exit = None;
    let start = j.wizard.start();
    j.run(start).await;
    assert_eq!(j.wizard.step, StepId::Keys);
    // Pasting the old key again is refused: a second key is needed.
    j.send(Msg::Paste(old.public_key.clone())).await;
    j.key(KeyCode::Tab).await;
    j.send(Msg::Paste(old.private_key.clone())).await;
    j.key(KeyCode::Enter).await;
    assert!(
        j.wizard
            .keys
            .checks
            .iter()
            .any(|c| c.id == "new-key" && c.status == CheckStatus::Fail)
    );
    let new = j
        .control
        .create_key("kanban", "CW Kanban rotated")
        .await
        .expect("second key");
    j.ctrl('u').await;
    j.send(Msg::Paste(new.private_key.clone())).await;
    j.key(KeyCode::BackTab).await;
    j.ctrl('u').await;
    j.send(Msg::Paste(new.public_key.clone())).await;
    j.key(KeyCode::Enter).await;
    j.key(KeyCode::Enter).await;
    assert!(
        j.wizard
            .keys
            .checks
            .iter()
            .all(|c| c.status != CheckStatus::Fail),
        "{:?}",
        j.wizard.keys.checks
    );
    j.ctrl('s').await;
    j.ctrl('s').await; // confirms: stored elsewhere
    assert_eq!(
        j.wizard.keys.phase.kind(),
        cw_onboard::app::steps::keys::PhaseKind::RetireOld
    );
    let progress = j.wizard.setup.key.rotating.clone().expect("progress");
    assert!(
        progress.new_handed_off,
        "a resume would land at retiring the old key"
    );
    // The old key still works: the proof fails until it is marked Inactive.
    j.send(Msg::Paste(old.private_key.clone())).await;
    j.key(KeyCode::Enter).await;
    assert_eq!(
        j.wizard.keys.retire().expect("retiring").proof.ready(),
        Some(&false)
    );
    assert!(j.exit.is_none());
    j.control
        .set_key_inactive("kanban", &old.public_key, true)
        .await
        .expect("inactive");
    j.key(KeyCode::Enter).await;
    assert!(j.exit.is_none(), "inactive is reversible: not finished yet");
    j.control
        .delete_key("kanban", &old.public_key)
        .await
        .expect("delete old");
    j.key(KeyCode::Enter).await;
    assert_eq!(j.exit, Some(Exit::Finished));
    let rotation = j.wizard.setup.key.rotations.last().expect("recorded");
    assert_eq!(rotation.old_public_key, old.public_key);
    assert_eq!(rotation.new_public_key, new.public_key);
    assert!(rotation.old_key_refused);
    assert_eq!(
        j.wizard.setup.key.public_key.as_deref(),
        Some(new.public_key.as_str())
    );
    assert!(j.wizard.setup.key.rotating.is_none());
    j.sandbox.shutdown().await;
}
