//! Pure update tests of the wizard core: messages in, effects and state out. No runtime, no
//! terminal, no network.

use cw_onboard::app::Wizard;
use cw_onboard::app::facts::{
    AdminFacts, IdentifierFacts, InstanceFacts, KeyFacts, LiveRow, LocationPick, MemberFacts, Pick,
    PickLists, RoleFacts,
};
use cw_onboard::app::msg::{Effect, Exit, MemberPlan, Msg, Outcome, TimerKind};
use cw_onboard::app::setup::{Mode, Setup, StepId};
use cw_onboard::app::steps::keys::Phase as KeysPhase;
use cw_onboard::app::steps::role::Phase as RolePhase;
use cw_onboard::level::{Level, Levels};
use cw_onboard::secrets::KeyPair;
use cw_onboard::template::Library;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const CLIENT: &str = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(w: &mut Wizard, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| w.update(key(KeyCode::Char(c))))
        .collect()
}

fn wizard() -> Wizard {
    let library = Library::builtin().expect("built-in templates load");
    Wizard::new(library, Setup::default(), false)
}

fn instance_facts() -> InstanceFacts {
    InstanceFacts {
        company_name: "Demo MSP Inc.".into(),
        version: "v2025.1".into(),
        is_cloud: false,
        codebase: "v4_6_release/".into(),
        api_url: "http://127.0.0.1:1/v4_6_release/apis/3.0/".into(),
        site_notes: vec![],
    }
}

fn find_seq(effects: &[Effect], pred: impl Fn(&Effect) -> Option<u64>) -> u64 {
    effects
        .iter()
        .rev()
        .find_map(pred)
        .expect("expected effect")
}

/// Walks step 0 with site, company and clientId; `admin` gives assisted mode.
fn through_instance(w: &mut Wizard, admin: bool) {
    typed(w, "127.0.0.1:8080");
    w.update(key(KeyCode::Tab));
    let fx = typed(w, "demomsp");
    let timer = find_seq(&fx, |e| match e {
        Effect::Timer {
            seq,
            kind: TimerKind::Discover,
            ..
        } => Some(*seq),
        _ => None,
    });
    let fx = w.update(Msg::Timer {
        seq: timer,
        kind: TimerKind::Discover,
    });
    let seq = find_seq(&fx, |e| match e {
        Effect::Discover { seq, company, .. } if company == "demomsp" => Some(*seq),
        _ => None,
    });
    w.update(Msg::Done {
        seq,
        outcome: Outcome::Discovered(Ok(instance_facts())),
    });
    w.update(key(KeyCode::Tab));
    typed(w, CLIENT);
    if admin {
        w.update(key(KeyCode::Tab));
        typed(w, "adminpublic1");
        w.update(key(KeyCode::Tab));
        let fx = typed(w, "adminprivate1");
        assert!(fx.iter().all(|e| !matches!(e, Effect::CheckAdmin { .. })));
        let fx = w.update(key(KeyCode::Enter));
        let seq = find_seq(&fx, |e| match e {
            Effect::CheckAdmin { seq, .. } => Some(*seq),
            _ => None,
        });
        let facts = AdminFacts {
            member: "admin".into(),
            can_manage_roles: true,
            can_manage_members: true,
        };
        w.update(Msg::Done {
            seq,
            outcome: Outcome::Admin(Ok(facts)),
        });
    }
    w.update(ctrl('n'));
}

#[test]
fn step0_checks_the_instance_after_typing_pauses_and_drops_stale_answers() {
    let mut w = wizard();
    typed(&mut w, "127.0.0.1:8080");
    w.update(key(KeyCode::Tab));
    let fx = typed(&mut w, "demomsp");
    let timers: Vec<u64> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Timer {
                seq,
                kind: TimerKind::Discover,
                ..
            } => Some(*seq),
            _ => None,
        })
        .collect();
    assert_eq!(timers.len(), 7, "one debounce timer per keystroke");
    // Only the last timer starts a check.
    assert!(
        w.update(Msg::Timer {
            seq: timers[0],
            kind: TimerKind::Discover
        })
        .is_empty()
    );
    let fx = w.update(Msg::Timer {
        seq: timers[6],
        kind: TimerKind::Discover,
    });
    let seq = find_seq(&fx, |e| match e {
        Effect::Discover { seq, .. } => Some(*seq),
        _ => None,
    });
    assert!(w.is_busy());
    // A stale answer changes nothing.
    w.update(Msg::Done {
        seq: seq + 100,
        outcome: Outcome::Discovered(Ok(instance_facts())),
    });
    assert!(w.instance.discovery.ready().is_none());
    w.update(Msg::Done {
        seq,
        outcome: Outcome::Discovered(Ok(instance_facts())),
    });
    assert_eq!(
        w.instance
            .discovery
            .ready()
            .map(|f| f.company_name.as_str()),
        Some("Demo MSP Inc.")
    );
}

#[test]
fn step0_refuses_to_go_on_without_a_valid_client_id() {
    let mut w = wizard();
    typed(&mut w, "127.0.0.1:8080");
    w.update(ctrl('n'));
    assert_eq!(w.step, StepId::Instance);
    assert!(w.banner.is_some());
}

#[test]
fn esc_cancels_the_running_check() {
    let mut w = wizard();
    typed(&mut w, "127.0.0.1:8080");
    w.update(key(KeyCode::Tab));
    typed(&mut w, "demomsp");
    let fx = w.update(key(KeyCode::Enter));
    let seq = find_seq(&fx, |e| match e {
        Effect::Discover { seq, .. } => Some(*seq),
        _ => None,
    });
    let fx = w.update(key(KeyCode::Esc));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Cancel { seq: s } if *s == seq))
    );
    assert!(!w.is_busy());
}

#[test]
fn guided_mode_without_admin_keys() {
    let mut w = wizard();
    through_instance(&mut w, false);
    assert_eq!(w.step, StepId::Role);
    assert_eq!(w.setup.mode, Mode::Guided);
    assert_eq!(w.setup.client_id, CLIENT);
}

fn pick_template(w: &mut Wizard, id: &str) {
    typed(w, id);
    w.update(key(KeyCode::Enter));
    assert_eq!(w.role.phase, RolePhase::Checklist);
    assert_eq!(w.setup.templates, vec![id.to_string()]);
}

#[test]
fn guided_role_needs_every_row_ticked() {
    let mut w = wizard();
    through_instance(&mut w, false);
    pick_template(&mut w, "cw-kanban");
    assert_eq!(w.setup.id, "demomsp-cw-kanban");
    assert_eq!(w.role.role_name.value(), "CW Kanban");
    w.update(ctrl('n'));
    assert_eq!(w.step, StepId::Role);
    let rows = w.role.rows(w.merged.as_ref()).len();
    for _ in 0..rows {
        w.update(key(KeyCode::Char(' ')));
        w.update(key(KeyCode::Down));
    }
    w.update(ctrl('n'));
    assert_eq!(w.step, StepId::Member);
}

fn live_from(w: &Wizard, tweak: impl Fn(&str, Levels) -> Levels) -> Vec<LiveRow> {
    cw_onboard::template::catalog::CATALOG
        .iter()
        .map(|f| {
            let wanted = w
                .merged
                .as_ref()
                .map(|m| m.wanted(f))
                .unwrap_or(Levels::NONE);
            LiveRow {
                module: f.module.into(),
                function: f.function.into(),
                levels: tweak(f.function, wanted),
            }
        })
        .collect()
}

#[test]
fn templates_given_up_front_default_the_role_name() {
    // `cw-onboard new --template cw-kanban`: the pick is skipped, the name still defaults.
    let library = Library::builtin().expect("built-in templates load");
    let setup = Setup {
        templates: vec!["cw-kanban".into()],
        ..Setup::default()
    };
    let mut w = Wizard::new(library, setup, false);
    through_instance(&mut w, true);
    assert_eq!(w.step, StepId::Role);
    assert_eq!(w.role.role_name.value(), "CW Kanban");
    let fx = w.update(key(KeyCode::Enter));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::FindOrCreateRole { name, .. } if name == "CW Kanban")),
        "Enter creates the role at once"
    );
}

#[test]
fn assisted_role_polls_until_levels_match_and_flags_low_and_high_rows() {
    let mut w = wizard();
    through_instance(&mut w, true);
    assert_eq!(w.setup.mode, Mode::Assisted);
    pick_template(&mut w, "cw-kanban");
    let fx = w.update(key(KeyCode::Enter));
    let seq = find_seq(&fx, |e| match e {
        Effect::FindOrCreateRole { seq, name, .. } if name == "CW Kanban" => Some(*seq),
        _ => None,
    });
    // The intent record goes to disk first: the save precedes the create.
    match fx.first() {
        Some(Effect::Save(setup)) => assert_eq!(
            setup.intents.first().map(|i| i.natural_key.as_str()),
            Some("CW Kanban")
        ),
        other => panic!("expected the intent saved first, got {other:?}"),
    }
    let fx = w.update(Msg::Done {
        seq,
        outcome: Outcome::Role(Ok(RoleFacts {
            id: 7,
            name: "CW Kanban".into(),
            created: true,
        })),
    });
    assert_eq!(w.setup.role.id, Some(7));
    assert!(w.setup.intents.is_empty(), "the role is recorded");
    let seq = find_seq(&fx, |e| match e {
        Effect::ReadRoleSettings {
            seq, role_id: 7, ..
        } => Some(*seq),
        _ => None,
    });
    // One row too low, one row too high: keep polling, refuse to go on.
    let live = live_from(&w, |f, l| match f {
        "Company Maintenance" => Levels::NONE,
        "Surveys" => Levels::uniform(Level::All),
        _ => l,
    });
    let fx = w.update(Msg::Done {
        seq,
        outcome: Outcome::RoleSettings(Ok(live)),
    });
    let (ok, low, high) = cw_onboard::app::verify::tally(&w.role.rows(w.merged.as_ref()));
    assert_eq!((low, high), (1, 1));
    assert!(ok > 0);
    let poll = find_seq(&fx, |e| match e {
        Effect::Timer {
            seq,
            kind: TimerKind::PollRole,
            ..
        } => Some(*seq),
        _ => None,
    });
    w.update(ctrl('n'));
    assert_eq!(w.step, StepId::Role, "a too-low row blocks the step");
    let fx = w.update(Msg::Timer {
        seq: poll,
        kind: TimerKind::PollRole,
    });
    let seq = find_seq(&fx, |e| match e {
        Effect::ReadRoleSettings { seq, .. } => Some(*seq),
        _ => None,
    });
    let fx = w.update(Msg::Done {
        seq,
        outcome: Outcome::RoleSettings(Ok(live_from(&w, |_, l| l))),
    });
    assert!(w.setup.role.all_match);
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Timer { .. })),
        "polling stops once all match"
    );
    w.update(ctrl('n'));
    assert_eq!(w.step, StepId::Member);
}

fn lists() -> PickLists {
    let pick = |id: u32, name: &str| Pick {
        id,
        name: name.into(),
    };
    PickLists {
        levels: vec![pick(1, "Corporate"), pick(2, "Location")],
        locations: vec![
            LocationPick {
                id: 1,
                name: "Corporate".into(),
                level_id: Some(1),
                departments: vec![],
            },
            LocationPick {
                id: 2,
                name: "Chicago HQ".into(),
                level_id: Some(2),
                departments: vec![pick(10, "Managed Services")],
            },
        ],
        departments: vec![pick(10, "Managed Services"), pick(11, "Administration")],
        time_zones: vec![pick(1, "Eastern"), pick(2, "Central")],
        default_time_zone: Some(1),
    }
}

/// Assisted: to the member step with the role matched.
fn to_member(w: &mut Wizard) -> (u64, u64) {
    through_instance(w, true);
    pick_template(w, "cw-kanban");
    let fx = w.update(key(KeyCode::Enter));
    let seq = find_seq(&fx, |e| match e {
        Effect::FindOrCreateRole { seq, .. } => Some(*seq),
        _ => None,
    });
    let mut fx = w.update(Msg::Done {
        seq,
        outcome: Outcome::Role(Ok(RoleFacts {
            id: 7,
            name: "CW Kanban".into(),
            created: false,
        })),
    });
    let seq = find_seq(&fx, |e| match e {
        Effect::ReadRoleSettings { seq, .. } => Some(*seq),
        _ => None,
    });
    let live = live_from(w, |_, l| l);
    w.update(Msg::Done {
        seq,
        outcome: Outcome::RoleSettings(Ok(live)),
    });
    // Step 2's lists load as soon as the role is known (prefetch), not on entering it.
    fx.extend(w.update(ctrl('n')));
    assert_eq!(w.step, StepId::Member);
    let lists_seq = find_seq(&fx, |e| match e {
        Effect::LoadPickLists { seq, .. } => Some(*seq),
        _ => None,
    });
    let id_seq = find_seq(&fx, |e| match e {
        Effect::CheckIdentifier {
            seq, identifier, ..
        } if identifier == "kanban" => Some(*seq),
        _ => None,
    });
    (lists_seq, id_seq)
}

#[test]
fn assisted_member_is_created_from_template_defaults_and_live_lists() {
    let mut w = wizard();
    let (lists_seq, id_seq) = to_member(&mut w);
    w.update(Msg::Done {
        seq: lists_seq,
        outcome: Outcome::PickLists(Ok(lists())),
    });
    w.update(Msg::Done {
        seq: id_seq,
        outcome: Outcome::Identifier(Ok(IdentifierFacts::Free)),
    });
    assert_eq!(w.member.texts[0].note.as_deref(), Some("available"));
    // Level defaults to Corporate, its owner record follows; location must be chosen.
    let fx = w.update(ctrl('n'));
    assert!(fx.iter().all(|e| !matches!(e, Effect::SaveMember { .. })));
    assert!(w.member.picks[2].error.is_some(), "location is required");
    w.member.focus = 5;
    w.update(key(KeyCode::Right));
    w.update(key(KeyCode::Right));
    let fx = w.update(ctrl('n'));
    let plan = fx
        .iter()
        .find_map(|e| match e {
            Effect::SaveMember { plan, .. } => Some(plan.clone()),
            _ => None,
        })
        .expect("save member");
    let MemberPlan::Create { answers, role_id } = plan else {
        panic!("expected a create")
    };
    assert_eq!(role_id, Some(7));
    assert_eq!(answers.identifier, "kanban");
    assert_eq!(answers.level.map(|p| p.name), Some("Corporate".into()));
    assert_eq!(answers.owner.map(|p| p.name), Some("Corporate".into()));
    assert_eq!(answers.location.map(|p| p.name), Some("Chicago HQ".into()));
    assert_eq!(
        answers.business_unit.map(|p| p.name),
        Some("Managed Services".into())
    );
    assert_eq!(answers.time_zone.map(|p| p.name), Some("Eastern".into()));
    assert_eq!(
        w.setup.intents.len(),
        1,
        "an intent is recorded before the create"
    );
}

#[test]
fn an_existing_member_that_differs_is_adopted_with_a_patch_of_the_differences() {
    let mut w = wizard();
    let (lists_seq, id_seq) = to_member(&mut w);
    w.update(Msg::Done {
        seq: lists_seq,
        outcome: Outcome::PickLists(Ok(lists())),
    });
    let existing = MemberFacts {
        id: 42,
        identifier: "kanban".into(),
        name: "Old name".into(),
        level: Some(Pick {
            id: 2,
            name: "Location".into(),
        }),
        ..MemberFacts::default()
    };
    w.update(Msg::Done {
        seq: id_seq,
        outcome: Outcome::Identifier(Ok(IdentifierFacts::ApiMember(Box::new(existing)))),
    });
    let diffs = w.member.differences(&w.setup);
    assert!(
        diffs
            .iter()
            .any(|d| d.field == "name" && d.existing == "Old name")
    );
    assert!(
        diffs
            .iter()
            .any(|d| d.field == "structureLevel" && d.existing == "Location")
    );
    w.member.focus = 5;
    w.update(key(KeyCode::Right));
    w.update(key(KeyCode::Right));
    let fx = w.update(ctrl('n'));
    let plan = fx.iter().find_map(|e| match e {
        Effect::SaveMember { plan, .. } => Some(plan.clone()),
        _ => None,
    });
    let Some(MemberPlan::Patch { id: 42, fields, .. }) = plan else {
        panic!("expected a patch")
    };
    assert!(fields.contains(&"name".to_string()));
    assert!(fields.contains(&"structureLevel".to_string()));
}

#[test]
fn an_existing_member_that_matches_is_adopted_without_a_round_trip() {
    let mut w = wizard();
    let (lists_seq, id_seq) = to_member(&mut w);
    w.update(Msg::Done {
        seq: lists_seq,
        outcome: Outcome::PickLists(Ok(lists())),
    });
    w.member.focus = 5;
    w.update(key(KeyCode::Right));
    w.update(key(KeyCode::Right));
    let a = w.member.answers(&w.setup);
    let existing = MemberFacts {
        id: 42,
        identifier: a.identifier.clone(),
        name: a.name.clone(),
        email: a.email.clone(),
        role: Some(Pick {
            id: w.setup.role.id.unwrap_or(0),
            name: w.setup.role.name.clone(),
        }),
        level: a.level.clone(),
        owner: a.owner.clone(),
        location: a.location.clone(),
        business_unit: a.business_unit.clone(),
        time_zone: a.time_zone.clone(),
        territory: a.territory.clone(),
        ..MemberFacts::default()
    };
    w.update(Msg::Done {
        seq: id_seq,
        outcome: Outcome::Identifier(Ok(IdentifierFacts::ApiMember(Box::new(existing)))),
    });
    assert!(w.member.differences(&w.setup).is_empty());
    let fx = w.update(ctrl('n'));
    assert!(
        fx.iter().all(|e| !matches!(e, Effect::SaveMember { .. })),
        "nothing to send"
    );
    assert_eq!(w.step, StepId::Keys, "{:?}", w.banner);
    assert_eq!(w.setup.member.id, Some(42));
    assert!(w.setup.member.adopted);
}

fn good_key_facts(w: &Wizard) -> KeyFacts {
    KeyFacts {
        authenticated: true,
        auth_failure: None,
        me: Some(MemberFacts {
            identifier: "kanban".into(),
            level: Some(Pick {
                id: 1,
                name: "Corporate".into(),
            }),
            ..MemberFacts::default()
        }),
        security: live_from(w, |_, l| l),
        customize: w
            .merged
            .as_ref()
            .map(|m| {
                m.customize
                    .iter()
                    .map(|c| {
                        (
                            c.function.customize.unwrap_or_default().to_string(),
                            c.item.clone(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        probes: w
            .merged
            .as_ref()
            .map(|m| {
                m.probes()
                    .into_iter()
                    .map(|(_, p)| (p.path.to_string(), Ok(3)))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn to_keys(w: &mut Wizard) {
    let (lists_seq, id_seq) = to_member(w);
    w.update(Msg::Done {
        seq: lists_seq,
        outcome: Outcome::PickLists(Ok(lists())),
    });
    w.update(Msg::Done {
        seq: id_seq,
        outcome: Outcome::Identifier(Ok(IdentifierFacts::Free)),
    });
    w.member.focus = 5;
    w.update(key(KeyCode::Right));
    w.update(key(KeyCode::Right));
    let fx = w.update(ctrl('n'));
    let seq = find_seq(&fx, |e| match e {
        Effect::SaveMember { seq, .. } => Some(*seq),
        _ => None,
    });
    let saved = MemberFacts {
        id: 43,
        identifier: "kanban".into(),
        ..MemberFacts::default()
    };
    w.update(Msg::Done {
        seq,
        outcome: Outcome::MemberSaved(Ok(saved)),
    });
    assert_eq!(w.step, StepId::Keys);
    assert!(
        w.setup.intents.is_empty(),
        "the intent is cleared once the member is recorded"
    );
}

fn paste_key(w: &mut Wizard, public: &str, private: &str) -> u64 {
    w.update(Msg::Paste(public.into()));
    w.update(key(KeyCode::Tab));
    w.update(Msg::Paste(private.into()));
    let fx = w.update(key(KeyCode::Enter));
    find_seq(&fx, |e| match e {
        Effect::VerifyKey { seq, auth, .. } if auth.key.public == public => Some(*seq),
        _ => None,
    })
}

#[test]
fn a_verified_key_is_handed_off_then_dropped_and_never_saved() {
    let mut w = wizard();
    to_keys(&mut w);
    let seq = paste_key(&mut w, "PUBLICKEY123", "CANARY-PRIVATE-0001");
    let facts = good_key_facts(&w);
    w.update(Msg::Done {
        seq,
        outcome: Outcome::Key(Ok(facts)),
    });
    assert_eq!(w.keys.phase, KeysPhase::Handoff, "{:?}", w.keys.checks);
    assert!(w.keys.pending.is_some());
    let saved = serde_json::to_string(&w.setup).expect("serialise");
    assert!(!saved.contains("CANARY-PRIVATE"));
    assert!(!saved.contains("adminprivate1"));
    w.update(ctrl('s'));
    assert!(
        w.keys.pending.is_none(),
        "the private key is dropped after 'I stored it'"
    );
    assert_eq!(w.step, StepId::AllowList);
    w.update(ctrl('n'));
    assert_eq!(w.step, StepId::Summary);
    let fx = w.update(ctrl('n'));
    assert!(fx.iter().any(|e| matches!(e, Effect::Quit(Exit::Finished))));
    assert!(fx.iter().any(
        |e| matches!(e, Effect::Save(s) if s.status == cw_onboard::app::setup::SetupStatus::Done)
    ));
}

#[test]
fn another_members_key_is_refused_with_advice() {
    let mut w = wizard();
    to_keys(&mut w);
    let seq = paste_key(&mut w, "PUBLICKEY123", "PRIVATEKEY123");
    let mut facts = good_key_facts(&w);
    if let Some(me) = facts.me.as_mut() {
        me.identifier = "backupbot".into();
    }
    w.update(Msg::Done {
        seq,
        outcome: Outcome::Key(Ok(facts)),
    });
    assert_eq!(w.keys.phase, KeysPhase::Paste);
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
    let mut w = wizard();
    to_keys(&mut w);
    let seq = paste_key(&mut w, "PUBLICKEY123", "PRIVATEKEY123");
    let mut facts = good_key_facts(&w);
    facts.security = live_from(&w, |_, _| Levels::NONE);
    let fx = w.update(Msg::Done {
        seq,
        outcome: Outcome::Key(Ok(facts)),
    });
    let retry = find_seq(&fx, |e| match e {
        Effect::Timer {
            seq,
            kind: TimerKind::RetryVerify,
            after,
        } if after.as_secs() == 2 => Some(*seq),
        _ => None,
    });
    assert!(w.keys.lag_waiting.is_some());
    let fx = w.update(Msg::Timer {
        seq: retry,
        kind: TimerKind::RetryVerify,
    });
    let seq = find_seq(&fx, |e| match e {
        Effect::VerifyKey { seq, .. } => Some(*seq),
        _ => None,
    });
    let facts = good_key_facts(&w);
    w.update(Msg::Done {
        seq,
        outcome: Outcome::Key(Ok(facts)),
    });
    assert_eq!(w.keys.phase, KeysPhase::Handoff);
}

#[test]
fn going_back_keeps_what_was_typed() {
    let mut w = wizard();
    through_instance(&mut w, false);
    pick_template(&mut w, "binoxmsp");
    w.update(ctrl('p'));
    assert_eq!(w.role.phase, RolePhase::Pick);
    w.update(ctrl('p'));
    assert_eq!(w.step, StepId::Instance);
    assert_eq!(w.instance.fields[1].value(), "demomsp");
    assert_eq!(w.instance.fields[2].value(), CLIENT);
}

#[test]
fn admin_keys_stay_in_memory_only() {
    let mut w = wizard();
    through_instance(&mut w, true);
    assert!(w.admin.as_ref().map(|k: &KeyPair| k.public.as_str()) == Some("adminpublic1"));
    let saved = serde_json::to_string(&w.setup).expect("serialise");
    assert!(!saved.contains("adminprivate1"));
}

#[test]
fn under_tmux_the_clipboard_copy_warns_first() {
    let mut w = wizard();
    w.clipboard_warning = Some("tmux may keep a copy.".into());
    to_keys(&mut w);
    let seq = paste_key(&mut w, "PUBLICKEY123", "PRIVATEKEY123");
    let facts = good_key_facts(&w);
    w.update(Msg::Done {
        seq,
        outcome: Outcome::Key(Ok(facts)),
    });
    let fx = w.update(ctrl('o'));
    assert!(
        fx.iter()
            .all(|e| !matches!(e, Effect::CopyToClipboard { .. })),
        "warn before copying"
    );
    assert!(w.banner.as_deref().unwrap_or("").contains("tmux"));
    let fx = w.update(ctrl('o'));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::CopyToClipboard { .. }))
    );
}

#[test]
fn an_interrupted_rotation_resumes_at_the_sub_step_it_reached() {
    use cw_onboard::app::setup::RotationProgress;
    use cw_onboard::app::steps::keys::Phase;
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
    });
    let w = Wizard::rotation(library.clone(), setup.clone(), false);
    assert_eq!(
        (w.step, w.keys.phase),
        (StepId::Keys, Phase::Paste),
        "not verified yet: paste the new key"
    );
    setup.key.rotating = Some(RotationProgress {
        old_public_key: "OLDPUBLIC1".into(),
        new_public_key: Some("NEWPUBLIC1".into()),
        new_handed_off: true,
    });
    let mut w = Wizard::rotation(library, setup, false);
    assert_eq!(
        w.keys.phase,
        Phase::RetireOld,
        "handed off: retire the old key"
    );
    // Finishing without the proof records it as not proven, never losing the new key.
    let fx = w.update(ctrl('n'));
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
    use cw_onboard::app::steps::keys::Phase;
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
    });
    let mut w = Wizard::rotation(library, setup, false);
    assert_eq!(
        w.keys.phase,
        Phase::Paste,
        "a key whose secret was never handed off cannot be resumed"
    );
    assert_eq!(
        w.setup.key.public_key.as_deref(),
        Some("OLDPUBLIC1"),
        "the old key stays the setup's key"
    );
    let fx = w.update(ctrl('n'));
    assert!(
        fx.iter().all(|e| !matches!(e, Effect::Quit(_))),
        "retiring the old key is not offered yet"
    );
}
