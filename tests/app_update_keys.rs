//! Pure update tests of the wizard core, step 3 and rotation: the key's verification, hand-off,
//! lag retries, and where an interrupted rotation resumes. No runtime, no terminal, no network.

#[path = "support/wizard.rs"]
mod wizard_support;

use cw_onboard::app::steps::instance::InstanceField;
use wizard_support::*;

#[test]
fn a_verified_key_is_handed_off_then_dropped_and_never_saved() {
    let mut w = at_handoff();
    assert!(w.keys.pending().is_some());
    let saved = serde_json::to_string(&w.setup).expect("serialise");
    assert!(!saved.contains("CANARY-PRIVATE"));
    assert!(!saved.contains("adminprivate1"));
    w.press("<c-r>");
    w.press("<c-s>");
    assert!(
        w.keys.pending().is_none(),
        "the private key is dropped after 'I stored it'"
    );
    assert_eq!(w.step, StepId::AllowList);
    w.press("<c-n>");
    assert_eq!(w.step, StepId::Summary);
    let fx = w.press("<c-n>");
    assert!(fx.iter().any(|e| matches!(e, Effect::Quit(Exit::Finished))));
    assert!(fx.iter().any(
        |e| matches!(e, Effect::Save(s) if s.status == cw_onboard::app::setup::SetupStatus::Done)
    ));
}

/// A wizard on the hand-off screen with a verified key that was neither written, copied
/// nor revealed.
fn at_handoff() -> Driver {
    let mut w = driver();
    to_keys(&mut w);
    let seq = paste_key(&mut w, "PUBLICKEY123", "CANARY-PRIVATE-0001");
    let facts = key_facts(&w);
    w.answer_seq(seq, Outcome::Key(Ok(facts)));
    assert_eq!(
        w.keys.phase.kind(),
        KeysPhase::HandOff,
        "{:?}",
        w.keys.checks
    );
    w
}

fn quits(fx: &[Effect]) -> bool {
    fx.iter().any(|e| matches!(e, Effect::Quit(_)))
}

#[test]
fn leaving_the_hand_off_screen_before_any_hand_off_asks_first() {
    // ^S before the key was written, copied or revealed: refused, with the consequence.
    let mut w = at_handoff();
    w.press("<c-s>");
    assert_eq!(w.step, StepId::Keys, "not accepted yet");
    assert!(w.keys.pending().is_some(), "the key is still held");
    let banner = w.banner.clone().unwrap_or_default();
    assert!(banner.contains("only once"), "{banner}");
    assert!(banner.contains("create a new key"), "{banner}");
    // The same key again confirms.
    w.press("<c-s>");
    assert_eq!(w.step, StepId::AllowList);
    assert!(w.keys.pending().is_none());

    // ^C likewise: the first press asks and does not quit; another key disarms it.
    let mut w = at_handoff();
    let fx = w.press("<c-c>");
    assert!(!quits(&fx), "{fx:?}");
    assert!(w.banner.as_deref().unwrap_or("").contains("quit"));
    w.press("x");
    let fx = w.press("<c-c>");
    assert!(!quits(&fx), "asked again after another key: {fx:?}");
    let fx = w.press("<c-c>");
    assert!(quits(&fx), "confirmed: {fx:?}");
}

#[test]
fn after_a_hand_off_action_stored_and_quit_go_at_once() {
    // Revealed.
    let mut w = at_handoff();
    w.press("<c-r>");
    assert!(quits(&w.press("<c-c>")));
    let mut w = at_handoff();
    w.press("<c-r>");
    w.press("<c-r>");
    w.press("<c-s>");
    assert_eq!(w.step, StepId::AllowList, "revealed once is enough");
    // Copied (OSC 52).
    let mut w = at_handoff();
    w.press("<c-o>");
    w.press("<c-s>");
    assert_eq!(w.step, StepId::AllowList);
    // Written to a file.
    let mut w = at_handoff();
    let fx = w.press("<enter>");
    let seq = find_seq(&fx, |e| match e {
        Effect::WriteKeyFile { seq, .. } => Some(*seq),
        _ => None,
    });
    let fx = w.press("<c-c>");
    assert!(!quits(&fx), "a write still running is no hand-off yet");
    w.answer_seq(seq, Outcome::KeyFileWritten(Ok("/tmp/k.toml".into())));
    assert!(quits(&w.press("<c-c>")));
}

#[test]
fn another_members_key_is_refused_with_advice() {
    let mut w = driver();
    to_keys(&mut w);
    let seq = paste_key(&mut w, "PUBLICKEY123", "PRIVATEKEY123");
    let mut facts = key_facts(&w);
    if let Some(me) = facts.me.as_mut() {
        me.identifier = "backupbot".into();
    }
    w.answer_seq(seq, Outcome::Key(Ok(facts)));
    assert_eq!(w.keys.phase.kind(), KeysPhase::Paste);
    let identity = w
        .keys
        .checks
        .iter()
        .find(|c| c.id == "identity")
        .expect("identity check");
    assert!(identity.detail.contains("backupbot"));
    assert!(identity.advice.as_deref().unwrap_or("").contains("kanban"));
}

#[test]
fn a_lagging_role_change_is_retried_with_backoff() {
    let mut w = driver();
    to_keys(&mut w);
    let seq = paste_key(&mut w, "PUBLICKEY123", "PRIVATEKEY123");
    let mut facts = key_facts(&w);
    facts.security = live_rows(&w, |_, _| Levels::NONE);
    let fx = w.answer_seq(seq, Outcome::Key(Ok(facts)));
    let retry = find_seq(&fx, |e| match e {
        Effect::Timer {
            seq,
            kind: TimerKind::RetryVerify,
            after,
        } if after.as_secs() == 2 => Some(*seq),
        _ => None,
    });
    assert!(w.keys.lag_waiting.is_some());
    let fx = w.send(Msg::Timer {
        seq: retry,
        kind: TimerKind::RetryVerify,
    });
    let seq = find_seq(&fx, |e| match e {
        Effect::VerifyKey { seq, .. } => Some(*seq),
        _ => None,
    });
    let facts = key_facts(&w);
    w.answer_seq(seq, Outcome::Key(Ok(facts)));
    assert_eq!(w.keys.phase.kind(), KeysPhase::HandOff);
}

#[test]
fn going_back_keeps_what_was_typed() {
    let mut w = driver();
    through_instance(&mut w, false);
    pick_template(&mut w, "binoxmsp");
    w.press("<c-p>");
    assert_eq!(w.role.phase.kind(), RolePhase::Pick);
    w.press("<c-p>");
    assert_eq!(w.step, StepId::Instance);
    assert_eq!(w.instance.field(InstanceField::Company).value(), "demomsp");
    assert_eq!(w.instance.field(InstanceField::ClientId).value(), CLIENT_ID);
}

#[test]
fn admin_keys_stay_in_memory_only() {
    let mut w = driver();
    through_instance(&mut w, true);
    assert!(w.admin.as_ref().map(|k: &KeyPair| k.public.as_str()) == Some("adminpublic1"));
    let saved = serde_json::to_string(&w.setup).expect("serialise");
    assert!(!saved.contains("adminprivate1"));
}

#[test]
fn under_tmux_the_clipboard_copy_warns_first() {
    let mut w = driver();
    w.set_clipboard_warning("tmux may keep a copy.");
    to_keys(&mut w);
    let seq = paste_key(&mut w, "PUBLICKEY123", "PRIVATEKEY123");
    let facts = key_facts(&w);
    w.answer_seq(seq, Outcome::Key(Ok(facts)));
    let fx = w.press("<c-o>");
    assert!(
        fx.iter()
            .all(|e| !matches!(e, Effect::CopyToClipboard { .. })),
        "warn before copying"
    );
    assert!(w.banner.as_deref().unwrap_or("").contains("tmux"));
    let fx = w.press("<c-o>");
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::CopyToClipboard { .. }))
    );
}

#[test]
fn an_interrupted_rotation_resumes_at_the_sub_step_it_reached() {
    use cw_onboard::app::setup::RotationProgress;
    use cw_onboard::app::steps::keys::PhaseKind as Phase;
    let library = Library::builtin().expect("templates");
    let mut setup = Setup {
        templates: vec!["cw-kanban".into()],
        ..Setup::default()
    };
    setup.key.public_key = Some("OLDPUBLIC1".into());
    setup.key.rotating = Some(RotationProgress {
        old_public_key: "OLDPUBLIC1".into(),
        new_public_key: None,
        new_handed_off: false,
        ..Default::default()
    });
    let w = Driver::over(Wizard::rotation(library.clone(), setup.clone(), false));
    assert_eq!(
        (w.step, w.keys.phase.kind()),
        (StepId::Keys, Phase::Paste),
        "not verified yet: paste the new key"
    );
    setup.key.rotating = Some(RotationProgress {
        old_public_key: "OLDPUBLIC1".into(),
        new_public_key: Some("NEWPUBLIC1".into()),
        new_handed_off: true,
        ..Default::default()
    });
    let mut w = Driver::over(Wizard::rotation(library, setup, false));
    assert_eq!(
        w.keys.phase.kind(),
        Phase::RetireOld,
        "handed off: retire the old key"
    );
    // Finishing without the proof records it as not proven, never losing the new key.
    let fx = w.press("<c-n>");
    assert!(fx.iter().any(|e| matches!(e, Effect::Quit(Exit::Finished))));
    let r = w.setup.key.rotations.last().expect("recorded");
    assert!(!r.old_key_refused);
    assert_eq!(w.setup.key.public_key.as_deref(), Some("NEWPUBLIC1"));
}

#[test]
fn a_missing_customize_item_fails_with_where_to_click() {
    let library = Library::builtin().expect("templates");
    let smileback = library.get("smileback").expect("smileback");
    let merged = cw_onboard::template::merge(&[smileback]);
    let security = cw_onboard::template::catalog::CATALOG
        .iter()
        .map(|f| LiveRow {
            module: f.module.into(),
            function: f.function.into(),
            levels: merged.wanted(f),
        })
        .collect();
    let facts = KeyFacts {
        authenticated: true,
        me: Some(MemberFacts {
            identifier: "SmileBack".into(),
            ..MemberFacts::default()
        }),
        security,
        customize: vec![("SystemTableSetup".into(), "Service/Service Board".into())],
        ..KeyFacts::default()
    };
    let checks = cw_onboard::app::verify::key_checks(&merged, "SmileBack", &facts);
    let surveys = checks
        .iter()
        .find(|c| c.id.contains("Service/Surveys - Service"))
        .expect("customize check");
    assert_eq!(surveys.status, cw_onboard::app::setup::CheckStatus::Fail);
    assert!(
        surveys
            .advice
            .as_deref()
            .unwrap_or("")
            .contains("Customize")
    );
    let board = checks
        .iter()
        .find(|c| c.id.contains("Service/Service Board"))
        .expect("customize check");
    assert_eq!(board.status, cw_onboard::app::setup::CheckStatus::Pass);
}

#[test]
fn a_rotation_verified_but_not_handed_off_starts_the_new_key_again() {
    use cw_onboard::app::setup::RotationProgress;
    use cw_onboard::app::steps::keys::PhaseKind as Phase;
    let library = Library::builtin().expect("templates");
    let mut setup = Setup {
        templates: vec!["cw-kanban".into()],
        ..Setup::default()
    };
    setup.key.public_key = Some("OLDPUBLIC1".into());
    // The crash came between verification and hand-off: the new private key is gone.
    setup.key.rotating = Some(RotationProgress {
        old_public_key: "OLDPUBLIC1".into(),
        new_public_key: Some("NEWPUBLIC1".into()),
        new_handed_off: false,
        ..Default::default()
    });
    let mut w = Driver::over(Wizard::rotation(library, setup, false));
    assert_eq!(
        w.keys.phase.kind(),
        Phase::Paste,
        "a key whose secret was never handed off cannot be resumed"
    );
    assert_eq!(
        w.setup.key.public_key.as_deref(),
        Some("OLDPUBLIC1"),
        "the old key stays the setup's key"
    );
    let fx = w.press("<c-n>");
    assert!(
        fx.iter().all(|e| !matches!(e, Effect::Quit(_))),
        "retiring the old key is not offered yet"
    );
}

#[test]
fn a_key_verified_and_handed_off_earlier_lets_a_resume_pass_step_3() {
    let mut w = driver();
    to_keys(&mut w);
    // Not handed off yet: ^N does not skip the paste.
    w.edit_setup(|s| {
        s.key.verified = true;
        s.key.public_key = Some("PUBLICKEY123".into());
    });
    w.press("<c-n>");
    assert_eq!(w.step, StepId::Keys);
    // Handed off in the earlier run (the private key was never kept): ^N goes on.
    w.edit_setup(|s| s.key.handed_off = Some("file /home/admin/kanban-key.toml".into()));
    w.press("<c-n>");
    assert_eq!(w.step, StepId::AllowList, "{:?}", w.banner);
}

#[test]
fn the_hand_off_day_is_recorded_and_a_rotation_resets_it() {
    use cw_onboard::app::setup::RotationProgress;
    let day = |s: &str| s.parse::<chrono::NaiveDate>().expect("date");
    let mut w = driver();
    w.set_today("2026-09-01");
    to_keys(&mut w);
    let seq = paste_key(&mut w, "PUBLICKEY123", "CANARY-PRIVATE-0001");
    let facts = key_facts(&w);
    w.answer_seq(seq, Outcome::Key(Ok(facts)));
    assert_eq!(
        w.setup.key.handed_off_on, None,
        "verified but not handed off yet"
    );
    w.press("<c-r>");
    w.press("<c-s>");
    assert_eq!(w.setup.key.handed_off_on, Some(day("2026-09-01")));
    let saved = serde_json::to_string(&w.setup).expect("serialise");
    assert!(
        saved.contains("\"handed_off_on\":\"2026-09-01\""),
        "{saved}"
    );
    assert!(!saved.contains("CANARY-PRIVATE"), "a date, never the key");
    // `cw-onboard rotate` on a later day: the new key's hand-off day counts once it is done.
    let mut setup = w.setup.clone();
    setup.key.rotating = Some(RotationProgress {
        old_public_key: "PUBLICKEY123".into(),
        ..Default::default()
    });
    let mut r = Driver::over(Wizard::rotation(
        Library::builtin().expect("templates"),
        setup,
        false,
    ));
    r.set_today("2026-12-10");
    use cw_onboard::app::steps::keys::KeyField;
    // The description, retyped; then on to the public key.
    let erase = "<bs>".repeat(r.keys.field(KeyField::Description).value().chars().count());
    r.press(&format!("<s-tab>{erase}CW Kanban rotated<tab>"));
    assert_eq!(
        r.keys.field(KeyField::Description).value(),
        "CW Kanban rotated"
    );
    assert_eq!(r.keys.focus, KeyField::Public);
    let seq = paste_key(&mut r, "NEWPUBLIC456", "CANARY-PRIVATE-0002");
    let facts = key_facts(&r);
    r.answer_seq(seq, Outcome::Key(Ok(facts)));
    r.press("<c-r>");
    r.press("<c-s>");
    let progress = r.setup.key.rotating.clone().expect("rotating");
    assert_eq!(progress.new_handed_off_on, Some(day("2026-12-10")));
    assert_eq!(
        r.setup.key.handed_off_on,
        Some(day("2026-09-01")),
        "the old key is still the setup's key until the rotation ends"
    );
    // Resumed two days later, the old key is retired: the age counts from the new key's hand-off.
    r.set_today("2026-12-12");
    r.press("<c-n>");
    assert_eq!(r.setup.key.public_key.as_deref(), Some("NEWPUBLIC456"));
    assert_eq!(r.setup.key.handed_off_on, Some(day("2026-12-10")));
}
