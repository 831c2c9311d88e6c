//! `cw-onboard retire`'s pure core: the plan touches only what is this setup's alone (every
//! refusal named), the stages run in order and are recorded one by one, a resume continues at
//! the recorded stage, and the full screen shows exactly what will change (80x24 snapshots).

use cw_onboard::app::facts::Failure;
use cw_onboard::app::msg::{Effect, Outcome};
use cw_onboard::app::retire::plan::{
    MemberAction, OtherSetup, RoleAction, RoleRef, SeenMember, Survey, plan,
};
use cw_onboard::app::retire::{Phase, Retire, RetireAnswer, RetireEffect, RetireEnd, Stage};
use cw_onboard::app::setup::{Setup, SetupStatus};
use cw_onboard::secrets::KeyPair;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

const PUBLIC: &str = "PubKey0123456789";
const PRIVATE: &str = "HIDDEN-PRIVATE-KEY-0123";

fn setup() -> Setup {
    let mut s = Setup {
        id: "demomsp-cw-kanban".into(),
        site: "na.myconnectwise.net".into(),
        company: "demomsp".into(),
        client_id: "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0".into(),
        templates: vec!["cw-kanban".into()],
        status: SetupStatus::Done,
        ..Setup::default()
    };
    s.role.name = "CW Kanban".into();
    s.role.id = Some(21);
    s.member.identifier = "kanban".into();
    s.member.id = Some(31);
    s.key.public_key = Some(PUBLIC.into());
    s
}

fn member(id: u32, identifier: &str, role: u32) -> SeenMember {
    SeenMember {
        id,
        identifier: identifier.into(),
        inactive: false,
        role_id: Some(role),
    }
}

fn fallback() -> RoleRef {
    RoleRef {
        id: 3,
        name: "Sales".into(),
    }
}

/// The instance as the wizard left it: our member alone holds our role.
fn unshared() -> Survey {
    Survey {
        member: Some(member(31, "kanban", 21)),
        role_exists: true,
        role_holders: vec![member(31, "kanban", 21)],
        fallback_role: Some(fallback()),
    }
}

fn other(id: &str, member: &str, role: Option<u32>, role_name: &str) -> OtherSetup {
    let mut o = OtherSetup {
        id: id.into(),
        site: "NA.myconnectwise.net".into(),
        company: "DemoMSP".into(),
        status: SetupStatus::Done,
        ..OtherSetup::default()
    };
    o.member.identifier = member.into();
    o.role.id = role;
    o.role.name = role_name.into();
    o
}

#[test]
fn an_unshared_member_and_role_are_deactivated_and_deleted() {
    let p = plan(&setup(), &unshared(), &[]);
    assert_eq!(p.member, MemberAction::Deactivate { id: 31 });
    assert_eq!(
        p.role,
        RoleAction::Delete {
            role: RoleRef {
                id: 21,
                name: "CW Kanban".into()
            },
            move_member_to: Some((31, fallback())),
        }
    );
}

#[test]
fn a_role_another_member_holds_is_kept_and_the_member_named() {
    let mut survey = unshared();
    survey.role_holders.push(SeenMember {
        inactive: true,
        ..member(40, "hudu", 21)
    });
    let p = plan(&setup(), &survey, &[]);
    assert_eq!(p.member, MemberAction::Deactivate { id: 31 });
    let RoleAction::Keep { why } = &p.role else {
        panic!("kept: {:?}", p.role)
    };
    assert!(why.contains("hudu (inactive)"), "{why}");
}

#[test]
fn a_role_another_setup_on_this_machine_uses_is_kept() {
    let others = [other("demomsp-hudu", "hudu", Some(21), "Shared")];
    let p = plan(&setup(), &unshared(), &others);
    assert_eq!(p.member, MemberAction::Deactivate { id: 31 });
    let RoleAction::Keep { why } = &p.role else {
        panic!("kept: {:?}", p.role)
    };
    assert!(why.contains("setup demomsp-hudu on this machine"), "{why}");
}

#[test]
fn a_member_another_setup_on_this_machine_uses_is_never_deactivated_nor_its_role_deleted() {
    let others = [other("demomsp-rewst", "KANBAN", Some(99), "Other")];
    let p = plan(&setup(), &unshared(), &others);
    let MemberAction::Keep { why } = &p.member else {
        panic!("kept: {:?}", p.member)
    };
    assert!(why.contains("setup demomsp-rewst"), "{why}");
    assert!(
        matches!(&p.role, RoleAction::Keep { why } if why.contains("not retired here")),
        "{:?}",
        p.role
    );
}

#[test]
fn other_instances_and_retired_setups_share_nothing() {
    let mut elsewhere = other("othermsp-cw-kanban", "kanban", Some(21), "CW Kanban");
    elsewhere.company = "othermsp".into();
    let mut retired = other("demomsp-old", "kanban", Some(21), "CW Kanban");
    retired.status = SetupStatus::Retired;
    let p = plan(&setup(), &unshared(), &[elsewhere, retired]);
    assert_eq!(p.member, MemberAction::Deactivate { id: 31 });
    assert!(matches!(p.role, RoleAction::Delete { .. }), "{:?}", p.role);
}

#[test]
fn a_member_that_is_not_the_one_recorded_is_not_ours() {
    let mut survey = unshared();
    survey.member = Some(member(77, "kanban", 21));
    let p = plan(&setup(), &survey, &[]);
    assert!(
        matches!(&p.member, MemberAction::Keep { why } if why.contains("#77")),
        "{:?}",
        p.member
    );
}

#[test]
fn no_role_to_move_to_keeps_the_role_and_says_why() {
    let mut survey = unshared();
    survey.fallback_role = None;
    let p = plan(&setup(), &survey, &[]);
    assert!(
        matches!(&p.role, RoleAction::Keep { why } if why.contains("refuses to delete a role a member holds")),
        "{:?}",
        p.role
    );
}

fn seq_of(effects: &[RetireEffect]) -> Option<u64> {
    effects.iter().find_map(|e| match e {
        RetireEffect::Survey { seq, .. }
        | RetireEffect::Deactivate { seq, .. }
        | RetireEffect::DeleteRole { seq, .. } => Some(*seq),
        RetireEffect::Core(e) => e.seq(),
        _ => None,
    })
}

fn saves(effects: &[RetireEffect]) -> Vec<Setup> {
    effects
        .iter()
        .filter_map(|e| match e {
            RetireEffect::Save(s) => Some((**s).clone()),
            _ => None,
        })
        .collect()
}

fn core() -> Retire {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("date");
    Retire::new(
        setup(),
        KeyPair::new("AdminPub0123", "AdminPriv0123"),
        Vec::new(),
        today,
    )
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn the_stages_run_in_order_each_saved_and_the_setup_ends_retired() {
    let mut r = core();
    let start = r.start();
    assert!(matches!(start[..], [RetireEffect::Survey { .. }]));
    let seq = seq_of(&start).expect("seq");
    assert!(
        r.on_answer(seq, RetireAnswer::Surveyed(Ok(unshared())))
            .is_empty()
    );
    assert_eq!(
        r.phase,
        Phase::Confirm,
        "nothing changes before the admin says yes"
    );
    let effects = r.on_key(key(KeyCode::Char('y')));
    assert_eq!(
        saves(&effects)[0]
            .retirement
            .as_ref()
            .and_then(|r| r.confirmed_on)
            .map(|d| d.to_string())
            .as_deref(),
        Some("2026-12-02")
    );
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, RetireEffect::Deactivate { member_id: 31, .. }))
    );
    let effects = r.on_answer(
        seq_of(&effects).expect("seq"),
        RetireAnswer::Deactivated(Ok(())),
    );
    assert_eq!(
        saves(&effects)[0]
            .retirement
            .as_ref()
            .and_then(|r| r.member.clone())
            .as_deref(),
        Some("deactivated")
    );
    assert!(effects.iter().any(|e| matches!(
        e,
        RetireEffect::DeleteRole {
            role_id: 21,
            move_member: Some((31, 3)),
            ..
        }
    )));
    let effects = r.on_answer(
        seq_of(&effects).expect("seq"),
        RetireAnswer::RoleDeleted(Ok(())),
    );
    assert_eq!(r.phase, Phase::Key);
    assert_eq!(saves(&effects).len(), 1);
    assert!(
        r.key_step()
            .contains("System > Members > API Members > kanban"),
        "{}",
        r.key_step()
    );
    assert!(
        r.prove_key(KeyPair::new("SomeoneElse123", PRIVATE))
            .is_err(),
        "only this setup's key"
    );
    let effects = r.prove_key(KeyPair::new(PUBLIC, PRIVATE)).expect("proof");
    let [RetireEffect::Core(Effect::ProveRefused { seq, auth })] = &effects[..] else {
        panic!("the wizard's own prove-refused effect: {effects:?}")
    };
    assert_eq!(auth.key.public, PUBLIC);
    // Still accepted: said, and the stage waits.
    let still = r.on_answer(*seq, RetireAnswer::Core(Outcome::OldKeyRefused(Ok(false))));
    assert!(still.is_empty());
    assert!(
        r.note
            .as_deref()
            .is_some_and(|n| n.contains("still accepts"))
    );
    let effects = r.on_key(key(KeyCode::Enter));
    let seq = seq_of(&effects).expect("seq");
    let effects = r.on_answer(seq, RetireAnswer::Core(Outcome::OldKeyRefused(Ok(true))));
    let saved = saves(&effects);
    let last = saved.last().expect("saved");
    assert_eq!(last.status, SetupStatus::Retired);
    assert_eq!(
        last.retirement
            .as_ref()
            .and_then(|r| r.retired_on)
            .map(|d| d.to_string())
            .as_deref(),
        Some("2026-12-02")
    );
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, RetireEffect::Quit(RetireEnd::Retired)))
    );
    assert!(
        !format!("{last:?}").contains(PRIVATE),
        "no private key in the record"
    );
    assert!(
        r.private_key.value().is_empty(),
        "the private key is forgotten"
    );
}

#[test]
fn declining_changes_nothing() {
    let mut r = core();
    let seq = seq_of(&r.start()).expect("seq");
    r.on_answer(seq, RetireAnswer::Surveyed(Ok(unshared())));
    let effects = r.on_key(key(KeyCode::Char('n')));
    assert!(matches!(
        effects[..],
        [RetireEffect::Quit(RetireEnd::Stopped)]
    ));
    assert!(r.setup.retirement.is_none());
}

#[test]
fn a_resume_skips_the_question_and_continues_at_the_recorded_stage() {
    let mut r = core();
    r.setup.retirement = Some(cw_onboard::app::retire::Retirement {
        confirmed_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
        member: Some("deactivated".into()),
        ..Default::default()
    });
    assert_eq!(r.stage(), Stage::Role);
    let seq = seq_of(&r.start()).expect("seq");
    let mut survey = unshared();
    survey.member.as_mut().expect("member").inactive = true;
    let effects = r.on_answer(seq, RetireAnswer::Surveyed(Ok(survey)));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, RetireEffect::DeleteRole { .. })),
        "on to the role at once: {effects:?}"
    );
}

#[test]
fn a_retire_during_a_rotation_names_deletes_and_proves_both_keys() {
    const NEW: &str = "NewKey0123456789";
    let mut r = core();
    r.setup.key.rotating = Some(cw_onboard::app::setup::RotationProgress {
        old_public_key: PUBLIC.into(),
        new_public_key: Some(NEW.into()),
        new_handed_off: true,
        ..Default::default()
    });
    let lines = plan(&r.setup, &unshared(), &[]).lines(&r.setup);
    assert!(
        lines.iter().any(|l| l.contains(PUBLIC) && l.contains(NEW)),
        "the plan names both keys: {lines:?}"
    );
    r.setup.retirement = Some(cw_onboard::app::retire::Retirement {
        confirmed_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
        member: Some("deactivated".into()),
        role: Some("deleted".into()),
        ..Default::default()
    });
    let seq = seq_of(&r.start()).expect("seq");
    r.on_answer(seq, RetireAnswer::Surveyed(Ok(unshared())));
    assert_eq!(r.phase, Phase::Key);
    let step = r.key_step();
    assert!(step.contains(PUBLIC) && step.contains(NEW), "{step}");
    // The new key first (any order), from a key file: proven, saved, and the old one asked.
    let effects = r.prove_key(KeyPair::new(NEW, PRIVATE)).expect("proof");
    let [RetireEffect::Core(Effect::ProveRefused { seq, auth })] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(auth.key.public, NEW);
    let effects = r.on_answer(*seq, RetireAnswer::Core(Outcome::OldKeyRefused(Ok(true))));
    let saved = saves(&effects);
    assert_eq!(saved.len(), 1, "the proof is saved: {effects:?}");
    assert_eq!(r.phase, Phase::Key, "the old key is still to go");
    assert_eq!(r.key_to_prove().as_deref(), Some(PUBLIC));
    assert!(r.refused_so_far().is_some_and(|d| d.contains(NEW)));
    assert!(render(&r).contains(&format!("paste the private half of key {PUBLIC}")));
    assert!(!r.key_step().contains(NEW), "{}", r.key_step());
    assert!(
        r.prove_key(KeyPair::new(NEW, PRIVATE)).is_err(),
        "proven already"
    );
    // The full screen: the old key's private half pasted, Enter.
    r.on_paste(PRIVATE);
    let effects = r.on_key(key(KeyCode::Enter));
    let [RetireEffect::Core(Effect::ProveRefused { seq, auth })] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(auth.key.public, PUBLIC);
    let effects = r.on_answer(*seq, RetireAnswer::Core(Outcome::OldKeyRefused(Ok(true))));
    let last = saves(&effects).pop().expect("saved");
    assert_eq!(last.status, SetupStatus::Retired);
    let record = last.retirement.expect("record");
    assert_eq!(record.refused, vec![NEW.to_string(), PUBLIC.to_string()]);
    assert!(
        record
            .key
            .is_some_and(|k| k.contains(PUBLIC) && k.contains(NEW))
    );
}

#[test]
fn a_failed_call_is_said_and_enter_reads_again() {
    let mut r = core();
    let seq = seq_of(&r.start()).expect("seq");
    r.on_answer(
        seq,
        RetireAnswer::Surveyed(Err(Failure::local("boom", "Try again."))),
    );
    assert!(matches!(r.phase, Phase::Failed(_)));
    let effects = r.on_key(key(KeyCode::Enter));
    assert!(matches!(effects[..], [RetireEffect::Survey { .. }]));
}

#[test]
fn a_retired_setup_is_refused_by_resume_and_rotate() {
    let mut s = setup();
    assert!(cw_onboard::app::retire::refuse_retired(&s, "resume").is_ok());
    s.status = SetupStatus::Retired;
    s.retirement = Some(cw_onboard::app::retire::Retirement {
        retired_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 2),
        ..Default::default()
    });
    let why = cw_onboard::app::retire::refuse_retired(&s, "resume").expect_err("refused");
    assert!(why.contains("retired on 2026-12-02"), "{why}");
}

fn render(r: &Retire) -> String {
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    cw_onboard::ui::retire::draw(r, &cw_onboard::ui::Theme::plain(), area, &mut buf);
    let mut text = String::new();
    for y in 0..24 {
        let line: String = (0..80).map(|x| buf[(x, y)].symbol().to_string()).collect();
        text.push_str(line.trim_end());
        text.push_str("|\n");
    }
    text
}

#[test]
fn screens_at_80x24() {
    let mut r = core();
    let seq = seq_of(&r.start()).expect("seq");
    let mut survey = unshared();
    survey.role_holders.push(member(40, "hudu", 21));
    r.on_answer(seq, RetireAnswer::Surveyed(Ok(survey)));
    insta::assert_snapshot!("retire-confirm-80x24", render(&r));
    let effects = r.on_key(key(KeyCode::Char('y')));
    insta::assert_snapshot!("retire-deactivating-80x24", render(&r));
    r.on_answer(
        seq_of(&effects).expect("seq"),
        RetireAnswer::Deactivated(Ok(())),
    );
    r.demo = true;
    r.on_paste(PRIVATE);
    let screen = render(&r);
    assert!(!screen.contains(PRIVATE), "the private key is masked");
    insta::assert_snapshot!("retire-key-80x24", screen);
    let effects = r.on_key(key(KeyCode::Enter));
    r.on_answer(
        seq_of(&effects).expect("seq"),
        RetireAnswer::Core(Outcome::OldKeyRefused(Ok(true))),
    );
    let demo = render(&r);
    assert!(
        demo.contains("demo's sandbox") && !demo.contains("cw-onboard list"),
        "the demo's setup ends with it: {demo}"
    );
    r.demo = false;
    insta::assert_snapshot!("retire-retired-80x24", render(&r));
}
