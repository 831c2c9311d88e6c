//! Pure update tests of `app::ownership` in the full-screen wizard (issue 15 item 1): a role
//! found is taken only when this setup made it or the admin adopts it (^Y) having seen who
//! holds it, never when it is built in or people hold it; an existing API member is taken only
//! with ^Y on its differences, never a person's member or another setup's. Renaming the role
//! a resumed setup created warns on the screen and offers ^K to keep the recorded name.

#[path = "support/wizard.rs"]
mod wizard_support;

use cw_onboard::app::keymap::Intent;
use cw_onboard::app::ownership::{Claimed, Holder, RoleUse};
use cw_onboard::app::setup::MEMBER_INTENT;
use wizard_support::*;

/// To the checklist, Enter, and the lookup answered with `role`; the effects of the answer.
fn role_answered(w: &mut Driver, role: RoleFacts) -> Vec<Effect> {
    through_instance(w, true);
    pick_template(w, "cw-kanban");
    let fx = w.press("<enter>");
    let seq = find_seq(&fx, |e| match e {
        Effect::FindOrCreateRole { seq, .. } => Some(*seq),
        _ => None,
    });
    w.answer_seq(seq, Outcome::Role(Ok(role)))
}

fn found(name: &str, admin_flag: bool, holders: &[(&str, bool)]) -> RoleFacts {
    RoleFacts {
        id: 1,
        name: name.into(),
        created: false,
        used: RoleUse {
            admin_flag,
            holders: holders
                .iter()
                .map(|(id, api)| Holder {
                    identifier: id.to_string(),
                    api: *api,
                    inactive: false,
                })
                .collect(),
        },
    }
}

fn reads_settings(fx: &[Effect]) -> bool {
    fx.iter()
        .any(|e| matches!(e, Effect::ReadRoleSettings { .. }))
}

/// What the step shows about the role found (the same sentence `--plain` and batch print).
fn held(w: &Wizard) -> String {
    w.role.held().map(|r| r.message).unwrap_or_default()
}

fn has_adopt_key(w: &Wizard) -> bool {
    w.bindings().iter().any(|b| b.intent == Intent::Adopt)
}

#[test]
fn the_built_in_admin_role_is_never_taken_and_the_wizard_says_why() {
    let mut w = driver();
    let fx = role_answered(&mut w, found("Admin", true, &[("admin", false)]));
    assert!(
        !reads_settings(&fx),
        "nothing read or set on a role not ours"
    );
    assert_eq!(w.setup.role.id, None);
    let banner = held(&w);
    assert!(banner.contains("built"), "{banner}");
    assert!(banner.contains("another role name"), "{banner}");
    assert!(!has_adopt_key(&w), "no ^Y for a role that is never adopted");
    // ^Y does nothing, ^N stays and says why again.
    assert!(!reads_settings(&w.press("<c-y>")));
    w.press("<c-n>");
    assert_eq!(w.step, StepId::Role);
    assert!(w.banner.clone().unwrap_or_default().contains("Admin"));
    // Another name is looked up afresh.
    for _ in 0..20 {
        w.press("<bs>");
    }
    typed(&mut w, "Kanban API");
    let fx = w.press("<enter>");
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::FindOrCreateRole { name, .. } if name == "Kanban API"))
    );
    assert!(w.role.found.is_none());
}

#[test]
fn a_role_people_hold_is_refused_naming_them() {
    let mut w = driver();
    let fx = role_answered(
        &mut w,
        found(
            "Field Crew",
            false,
            &[("jsmith", false), ("backupbot", true)],
        ),
    );
    assert!(!reads_settings(&fx));
    let banner = held(&w);
    assert!(banner.contains("held by people (jsmith)"), "{banner}");
    assert_eq!(w.role.held().map(|r| r.field), Some("role_name".into()));
    assert!(!has_adopt_key(&w));
}

#[test]
fn a_role_only_api_members_hold_is_adopted_with_ctrl_y_after_seeing_them() {
    let mut w = driver();
    let fx = role_answered(&mut w, found("Sync Role", false, &[("syncbot", true)]));
    assert!(!reads_settings(&fx), "not taken before the admin's yes");
    let banner = held(&w);
    assert_eq!(w.role.held().map(|r| r.field), Some("adopt_role".into()));
    assert!(
        banner.contains("held by the API member syncbot"),
        "{banner}"
    );
    assert!(has_adopt_key(&w), "the footer offers ^Y");
    let fx = w.press("<c-y>");
    assert!(reads_settings(&fx));
    assert_eq!(w.setup.role.id, Some(1));
    assert!(w.setup.role.ours);
}

#[test]
fn a_role_this_setup_created_needs_no_confirmation() {
    let mut w = driver();
    let mut role = found("CW Kanban", false, &[]);
    role.created = true;
    let fx = role_answered(&mut w, role);
    assert!(reads_settings(&fx));
    assert!(w.setup.role.ours);
}

/// A resumed setup whose recorded role (id 7, created by it) is looked up again on the
/// checklist and found; then the name field is cleared and `name` typed.
fn resumed_and_renamed(w: &mut Driver, name: &str) {
    through_instance(w, true);
    w.edit_setup(|s| {
        s.role.id = Some(7);
        s.role.name = "CW Kanban".into();
        s.role.ours = true;
    });
    pick_template(w, "cw-kanban");
    let seq = w
        .seq_of(|e| matches!(e, Effect::FindOrCreateRole { name, .. } if name == "CW Kanban"))
        .expect("the recorded role is looked up again at once");
    let mut role = found("CW Kanban", false, &[]);
    role.id = 7;
    w.answer_seq(seq, Outcome::Role(Ok(role)));
    assert!(w.setup.role.ours, "the recorded role is this setup's own");
    w.press(&"<bs>".repeat(20));
    typed(w, name);
}

fn has_keep_key(w: &Wizard) -> bool {
    w.bindings().iter().any(|b| b.intent == Intent::KeepName)
}

fn looks_up(fx: &[Effect], role: &str) -> bool {
    fx.iter()
        .any(|e| matches!(e, Effect::FindOrCreateRole { name, .. } if name == role))
}

fn left_behind(w: &Wizard) -> Vec<(String, u32)> {
    let left = &w.setup.role.left_behind;
    left.iter().map(|l| (l.name.clone(), l.id)).collect()
}

#[test]
fn renaming_the_recorded_role_warns_and_ctrl_k_keeps_the_recorded_name() {
    let mut w = driver();
    resumed_and_renamed(&mut w, "Kanban Sync");
    // The sentence `--plain` prints, before anything is created under the new name.
    let warning = w.role.left_behind(&w.setup).unwrap_or_default();
    assert!(
        warning.contains("CW Kanban (id 7) was created by this setup"),
        "{warning}"
    );
    assert!(warning.contains("`retire` will not remove it"), "{warning}");
    assert!(has_keep_key(&w), "the footer offers ^K");
    assert!(left_behind(&w).is_empty(), "typing records nothing");
    assert_eq!(w.setup.role.id, Some(7));
    // ^K puts the recorded name back; Enter finds the recorded role, still ours.
    let fx = w.press("<c-k>");
    assert!(!looks_up(&fx, "Kanban Sync"));
    assert_eq!(w.role.role_name.value(), "CW Kanban");
    assert_eq!(w.role.left_behind(&w.setup), None);
    assert!(!has_keep_key(&w));
    let fx = w.press("<enter>");
    assert!(looks_up(&fx, "CW Kanban"), "{fx:?}");
    let seq = find_seq(&fx, |e| match e {
        Effect::FindOrCreateRole { seq, .. } => Some(*seq),
        _ => None,
    });
    let mut role = found("CW Kanban", false, &[]);
    role.id = 7;
    let fx = w.answer_seq(seq, Outcome::Role(Ok(role)));
    assert!(reads_settings(&fx));
    assert_eq!(w.setup.role.id, Some(7));
    assert!(left_behind(&w).is_empty(), "nothing left behind");
}

#[test]
fn going_on_with_the_new_name_records_the_old_role_as_left_behind() {
    let mut w = driver();
    resumed_and_renamed(&mut w, "Kanban Sync");
    let fx = w.press("<enter>");
    assert!(looks_up(&fx, "Kanban Sync"), "{fx:?}");
    assert_eq!(left_behind(&w), vec![("CW Kanban".to_string(), 7)]);
    assert_eq!(w.role.left_behind(&w.setup), None, "said once, then done");
    assert!(!has_keep_key(&w));
}

/// Guided (no admin keys) looks nothing up: a role an earlier assisted run created, renamed
/// here, is recorded as left behind when the admin goes on, not kept under the new name.
#[test]
fn a_guided_rename_of_the_recorded_role_leaves_it_behind() {
    let mut w = driver();
    through_instance(&mut w, false);
    w.edit_setup(|s| {
        s.role.id = Some(7);
        s.role.name = "CW Kanban".into();
        s.role.ours = true;
    });
    pick_template(&mut w, "cw-kanban");
    // Space ticks a row on the guided checklist; Tab gives the name the keys, a space too.
    w.press("<tab>");
    w.press(&"<bs>".repeat(20));
    typed(&mut w, "Kanban Sync");
    assert_eq!(w.role.role_name.value(), "Kanban Sync");
    assert!(w.setup.role.ticked.is_empty(), "the space ticked nothing");
    w.press("<tab><space>");
    assert_eq!(
        w.setup.role.ticked.len(),
        1,
        "back on the rows, Space ticks"
    );
    w.press("<c-n>");
    assert_eq!(w.setup.role.name, "Kanban Sync");
    assert_eq!(left_behind(&w), vec![("CW Kanban".to_string(), 7)]);
    assert_eq!(w.setup.role.id, None, "the new name is no role of ours yet");
}

/// To the member step with the lists loaded and the identifier check answered with `facts`.
fn member_found(w: &mut Driver, facts: IdentifierFacts) {
    let (lists_seq, id_seq) = to_member(w);
    w.answer_seq(lists_seq, Outcome::PickLists(Ok(pick_lists())));
    choose_location(w);
    w.answer_seq(id_seq, Outcome::Identifier(Ok(facts)));
}

fn saves(fx: &[Effect]) -> bool {
    fx.iter().any(|e| matches!(e, Effect::SaveMember { .. }))
}

fn backupbot() -> IdentifierFacts {
    IdentifierFacts::ApiMember(Box::new(MemberFacts {
        id: 4,
        identifier: "kanban".into(),
        name: "Backup Bot".into(),
        ..MemberFacts::default()
    }))
}

#[test]
fn a_persons_member_id_is_refused_with_a_clear_message() {
    let mut w = driver();
    member_found(
        &mut w,
        IdentifierFacts::OtherMember {
            license_class: "F".into(),
        },
    );
    assert!(!has_adopt_key(&w));
    for k in ["<c-n>", "<c-y>"] {
        assert!(!saves(&w.press(k)));
    }
    assert_eq!(w.step, StepId::Member);
    let banner = w.banner.clone().unwrap_or_default();
    assert!(banner.contains("belongs to a person"), "{banner}");
    assert!(banner.contains("Pick another member ID"), "{banner}");
}

#[test]
fn a_member_another_setup_on_this_machine_holds_is_refused_naming_the_setup() {
    let mut w = driver();
    w.set_claimed_elsewhere(vec![Claimed {
        setup: "demomsp-hudu".into(),
        site: "http://127.0.0.1:8080/".into(),
        company: "DEMOMSP".into(),
        member: "kanban".into(),
        member_id: Some(4),
    }]);
    member_found(&mut w, backupbot());
    assert!(
        !has_adopt_key(&w),
        "no ^Y offered for another setup's member"
    );
    for k in ["<c-n>", "<c-y>"] {
        assert!(!saves(&w.press(k)), "never adopted, not even with ^Y");
    }
    let banner = w.banner.clone().unwrap_or_default();
    assert!(banner.contains("setup demomsp-hudu"), "{banner}");
}

#[test]
fn a_member_whose_create_was_recorded_before_a_crash_is_ours_not_adopted() {
    let mut w = driver();
    w.edit_setup(|s| s.open_intent(MEMBER_INTENT, "kanban"));
    member_found(&mut w, backupbot());
    let fx = w.press("<c-n>");
    assert!(saves(&fx), "its differences are set without a question");
    assert!(!w.setup.member.adopted, "made by this setup, not adopted");
}
