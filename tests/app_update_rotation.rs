//! Pure update tests of rotation's reversible retire (issue 14): each stage (old key inactive
//! -> 401 proven -> deleted -> 401 proven, and undo: re-activated -> proven working), what is
//! saved at each, and resuming at each. No runtime, no terminal, no network.

#[path = "support/wizard.rs"]
mod wizard_support;

use cw_onboard::app::command::Command;
use cw_onboard::app::msg::{SandboxAction, SandboxDone};
use cw_onboard::app::setup::{RetireStage, RotationProgress};
use wizard_support::*;

const OLD: &str = "OldPublicKey0001";
const NEW: &str = "NewPublicKey0002";
const OLD_PRIVATE: &str = "OldPrivateKey0003";
const TODAY: &str = "2026-12-02";

fn rotating_setup(stage: RetireStage) -> Setup {
    let mut setup = Setup {
        id: "demomsp-cw-kanban".into(),
        templates: vec!["cw-kanban".into()],
        client_id: CLIENT_ID.into(),
        ..Setup::default()
    };
    setup.member.identifier = "kanban".into();
    setup.key.public_key = Some(OLD.into());
    setup.key.verified = true;
    setup.key.handed_off = Some("read off the screen".into());
    setup.key.rotating = Some(RotationProgress {
        old_public_key: OLD.into(),
        new_public_key: Some(NEW.into()),
        new_handed_off: true,
        retire: stage,
        inactive_on: (stage != RetireStage::MarkInactive)
            .then(|| chrono::NaiveDate::from_ymd_opt(2026, 12, 1))
            .flatten(),
        ..Default::default()
    });
    setup
}

/// `cw-onboard rotate` on a setup saved at `stage`, as a resume reads it back from disk.
fn resumed(setup: &Setup, demo: bool) -> Driver {
    let text = serde_json::to_string(setup).expect("json");
    let setup: Setup = serde_json::from_str(&text).expect("read back");
    let mut w = Driver::over(Wizard::rotation(
        Library::builtin().expect("templates"),
        setup,
        demo,
    ));
    w.set_today(TODAY);
    w
}

fn at(stage: RetireStage) -> Driver {
    resumed(&rotating_setup(stage), true)
}

fn stage(w: &Wizard) -> Option<RetireStage> {
    w.setup.key.rotating.as_ref().map(|r| r.retire)
}

/// Types the old private key and presses Enter: the proof's seq.
fn try_old_key(w: &mut Driver) -> u64 {
    let mut fx = w.send(Msg::Paste(OLD_PRIVATE.into()));
    fx.extend(w.press("<enter>"));
    find_seq(&fx, |e| match e {
        Effect::ProveRefused { seq, auth } => {
            assert_eq!(auth.key.public, OLD, "the old key is tried");
            Some(*seq)
        }
        _ => None,
    })
}

fn answer(w: &mut Driver, seq: u64, refused: bool) -> Vec<Effect> {
    w.answer_seq(seq, Outcome::OldKeyRefused(Ok(refused)))
}

/// The setups saved by `fx`, checked for the old private key.
fn saved(fx: &[Effect]) -> Vec<Setup> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Save(s) => Some((**s).clone()),
            _ => None,
        })
        .inspect(|s| {
            let text = serde_json::to_string(s).expect("json");
            assert!(!text.contains(OLD_PRIVATE), "the old private key was saved");
        })
        .collect()
}

#[test]
fn inactive_proven_refused_is_saved_as_the_next_stage() {
    let mut w = at(RetireStage::MarkInactive);
    assert_eq!(w.keys.phase.kind(), KeysPhase::RetireOld);
    let seq = try_old_key(&mut w);
    let fx = answer(&mut w, seq, true);
    assert_eq!(stage(&w), Some(RetireStage::Inactive));
    let progress = w.setup.key.rotating.clone().expect("rotating");
    assert_eq!(
        progress.inactive_on.map(|d| d.to_string()).as_deref(),
        Some(TODAY)
    );
    let saves = saved(&fx);
    assert_eq!(
        saves
            .last()
            .and_then(|s| s.key.rotating.as_ref())
            .map(|r| r.retire),
        Some(RetireStage::Inactive),
        "the stage is on disk before anything else happens"
    );
    assert!(
        fx.iter().all(|e| !matches!(e, Effect::Quit(_))),
        "not done yet"
    );
    assert_eq!(
        w.setup.key.public_key.as_deref(),
        Some(OLD),
        "not rotated yet"
    );
}

#[test]
fn an_old_key_still_working_stays_at_marking_it_inactive() {
    let mut w = at(RetireStage::MarkInactive);
    let seq = try_old_key(&mut w);
    answer(&mut w, seq, false);
    assert_eq!(stage(&w), Some(RetireStage::MarkInactive));
    assert!(
        w.banner.as_deref().is_some_and(|b| b.contains("Inactive")),
        "{:?}",
        w.banner
    );
}

#[test]
fn deleted_and_refused_again_records_the_rotation() {
    let mut w = at(RetireStage::Inactive);
    let seq = try_old_key(&mut w);
    let fx = answer(&mut w, seq, true);
    assert!(fx.iter().any(|e| matches!(e, Effect::Quit(Exit::Finished))));
    let r = w.setup.key.rotations.last().expect("recorded");
    assert!(r.old_key_refused && r.old_key_deleted);
    assert_eq!(
        r.inactive_on.map(|d| d.to_string()).as_deref(),
        Some("2026-12-01")
    );
    assert_eq!(
        (r.old_public_key.as_str(), r.new_public_key.as_str()),
        (OLD, NEW)
    );
    assert_eq!(w.setup.key.public_key.as_deref(), Some(NEW));
    assert!(w.setup.key.rotating.is_none());
    assert!(saved(&fx).iter().any(|s| s.key.rotating.is_none()));
}

#[test]
fn an_inactive_key_found_working_goes_back_to_marking_it_inactive() {
    let mut w = at(RetireStage::Inactive);
    let seq = try_old_key(&mut w);
    answer(&mut w, seq, false);
    assert_eq!(stage(&w), Some(RetireStage::MarkInactive));
    assert!(w.setup.key.rotations.is_empty());
}

#[test]
fn undo_re_activates_and_proves_the_old_key_works_again() {
    let mut w = at(RetireStage::Inactive);
    let fx = w.press("<c-z>");
    assert_eq!(stage(&w), Some(RetireStage::Reactivate));
    assert!(!saved(&fx).is_empty(), "the undo is saved");
    // Still refused: the checkbox is not cleared yet.
    let seq = try_old_key(&mut w);
    answer(&mut w, seq, true);
    assert_eq!(stage(&w), Some(RetireStage::Reactivate));
    assert!(w.banner.as_deref().is_some_and(|b| b.contains("clear")));
    // Accepted: undone, back to marking it inactive once the vendor is fixed.
    let seq = find_seq(&w.press("<enter>"), |e| match e {
        Effect::ProveRefused { seq, .. } => Some(*seq),
        _ => None,
    });
    answer(&mut w, seq, false);
    assert_eq!(stage(&w), Some(RetireStage::MarkInactive));
    assert!(w.keys.retire().expect("retiring").undone);
    assert_eq!(
        w.setup.key.rotating.as_ref().and_then(|r| r.inactive_on),
        None
    );
    assert!(
        w.setup.key.rotations.is_empty(),
        "nothing is recorded as rotated"
    );
}

#[test]
fn undo_is_offered_only_once_the_old_key_is_proven_inactive() {
    let mut w = at(RetireStage::MarkInactive);
    w.press("<c-z>");
    assert_eq!(stage(&w), Some(RetireStage::MarkInactive));
    let rejected = w.command(Command::UndoRetire).expect_err("nothing to undo");
    assert_eq!(rejected.field, "old_key");
    // Pressed by mistake while undoing: ^Z again keeps it inactive.
    let mut w = at(RetireStage::Reactivate);
    w.press("<c-z>");
    assert_eq!(stage(&w), Some(RetireStage::Inactive));
}

#[test]
fn an_interrupted_rotation_resumes_at_each_stage() {
    for s in [
        RetireStage::MarkInactive,
        RetireStage::Inactive,
        RetireStage::Reactivate,
    ] {
        let w = at(s);
        assert_eq!(
            (w.step, w.keys.phase.kind()),
            (StepId::Keys, KeysPhase::RetireOld)
        );
        assert_eq!(stage(&w), Some(s), "resumed at {s:?}");
        let undo = w
            .bindings()
            .iter()
            .any(|b| b.intent == cw_onboard::app::keymap::Intent::Undo);
        assert_eq!(undo, s != RetireStage::MarkInactive, "{s:?}");
        assert!(
            w.keys
                .retire()
                .expect("retiring")
                .old_private
                .value()
                .is_empty(),
            "the old private key is typed again after a resume"
        );
    }
}

#[test]
fn a_rotation_saved_before_stages_existed_resumes_at_marking_the_old_key_inactive() {
    let progress: RotationProgress = serde_json::from_value(serde_json::json!({
        "old_public_key": OLD,
        "new_public_key": NEW,
        "new_handed_off": true
    }))
    .expect("schema 1 progress");
    assert_eq!(progress.retire, RetireStage::MarkInactive);
    let rotation: cw_onboard::app::setup::Rotation = serde_json::from_value(serde_json::json!({
        "at": "2026-01-02", "old_public_key": OLD, "new_public_key": NEW, "old_key_refused": true
    }))
    .expect("schema 1 rotation");
    assert!(!rotation.old_key_deleted && rotation.inactive_on.is_none());
}

#[test]
fn the_demo_key_does_each_stage_in_the_sandbox_then_proves_it() {
    for (s, want) in [
        (RetireStage::MarkInactive, "inactive"),
        (RetireStage::Inactive, "delete"),
        (RetireStage::Reactivate, "active"),
    ] {
        let mut w = at(s);
        w.send(Msg::Paste(OLD_PRIVATE.into()));
        let fx = w.press("<c-d>");
        let (seq, action) = fx
            .iter()
            .find_map(|e| match e {
                Effect::Sandbox { seq, action } => Some((*seq, action.clone())),
                _ => None,
            })
            .expect("a sandbox action");
        let got = match action {
            SandboxAction::SetKeyInactive {
                public_key,
                inactive,
                ..
            } => {
                assert_eq!(public_key, OLD);
                if inactive { "inactive" } else { "active" }
            }
            SandboxAction::DeleteKey { public_key, .. } => {
                assert_eq!(public_key, OLD);
                "delete"
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(got, want, "{s:?}");
        let fx = w.answer_seq(seq, Outcome::Sandbox(Ok(SandboxDone::KeyInactive(true))));
        assert!(
            fx.iter().any(|e| matches!(e, Effect::ProveRefused { .. })),
            "proven at once: {s:?}"
        );
    }
}

#[test]
fn commands_name_the_proof_the_stage_asks_for() {
    let old = KeyPair::new(OLD, OLD_PRIVATE);
    let mut w = at(RetireStage::MarkInactive);
    let r = w
        .command(Command::ProveOldKeyWorks(old.clone()))
        .expect_err("nothing is undone");
    assert_eq!(r.field, "old_key");
    let r = w
        .command(Command::ProveOldKeyRefused(KeyPair::new(NEW, OLD_PRIVATE)))
        .expect_err("the new key is not retired");
    assert_eq!(r.field, "old_key.public_key");
    let fx = w
        .command(Command::ProveOldKeyRefused(old.clone()))
        .expect("taken");
    assert!(fx.iter().any(|e| matches!(e, Effect::ProveRefused { .. })));
    let mut w = at(RetireStage::Reactivate);
    assert!(w.command(Command::ProveOldKeyRefused(old.clone())).is_err());
    assert!(w.command(Command::ProveOldKeyWorks(old)).is_ok());
}

#[test]
fn finishing_early_while_inactive_records_refused_but_not_deleted() {
    let mut w = at(RetireStage::Inactive);
    let fx = w.press("<c-n>");
    assert!(fx.iter().any(|e| matches!(e, Effect::Quit(Exit::Finished))));
    let r = w.setup.key.rotations.last().expect("recorded");
    assert!(r.old_key_refused && !r.old_key_deleted);
}

#[test]
fn esc_drops_a_running_proof() {
    let mut w = at(RetireStage::MarkInactive);
    let seq = try_old_key(&mut w);
    let fx = w.press("<esc>");
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Cancel { seq: s } if *s == seq))
    );
    answer(&mut w, seq, true);
    assert_eq!(
        stage(&w),
        Some(RetireStage::MarkInactive),
        "a late answer is dropped"
    );
}
