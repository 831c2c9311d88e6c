//! The wizard core driven by messages, for the pure update tests: key helpers, fixtures, and
//! the walk to each step, on the gallery's `Driver` (key scripts, commands, canned answers),
//! the same driver the screen fixtures use.

#![allow(dead_code, unused_imports)]

pub use cw_onboard::app::Wizard;
pub use cw_onboard::app::command::MemberField;
pub use cw_onboard::app::facts::{
    AdminFacts, IdentifierFacts, InstanceFacts, KeyFacts, LiveRow, LocationPick, MemberFacts, Pick,
    PickLists, RoleFacts,
};
pub use cw_onboard::app::msg::{Effect, Exit, MemberPlan, Msg, Outcome, TimerKind};
pub use cw_onboard::app::setup::{Mode, Setup, StepId};
pub use cw_onboard::app::steps::keys::PhaseKind as KeysPhase;
pub use cw_onboard::app::steps::role::PhaseKind as RolePhase;
pub use cw_onboard::level::{Level, Levels};
pub use cw_onboard::secrets::KeyPair;
pub use cw_onboard::template::Library;
pub use cw_onboard::ui::gallery::Driver;
pub use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub const CLIENT: &str = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn typed(w: &mut Wizard, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| w.update(key(KeyCode::Char(c))))
        .collect()
}

pub fn wizard() -> Wizard {
    let library = Library::builtin().expect("built-in templates load");
    Wizard::new(library, Setup::default(), false)
}

pub fn instance_facts() -> InstanceFacts {
    InstanceFacts {
        company_name: "Demo MSP Inc.".into(),
        version: "v2025.1".into(),
        is_cloud: false,
        codebase: "v4_6_release/".into(),
        api_url: "http://127.0.0.1:1/v4_6_release/apis/3.0/".into(),
        site_notes: vec![],
    }
}

pub fn find_seq(effects: &[Effect], pred: impl Fn(&Effect) -> Option<u64>) -> u64 {
    effects
        .iter()
        .rev()
        .find_map(pred)
        .expect("expected effect")
}

/// Walks step 0 with site, company and clientId; `admin` gives assisted mode.
pub fn through_instance(w: &mut Wizard, admin: bool) {
    Driver::walk(w, |d| {
        d.script("127.0.0.1:8080<tab>demomsp")
            .fire_timer(TimerKind::Discover);
        assert!(
            d.seq_of(|e| matches!(e, Effect::Discover { company, .. } if company == "demomsp"))
                .is_some(),
            "typing pauses: the instance is checked"
        );
        d.answer(
            |e| matches!(e, Effect::Discover { .. }),
            Outcome::Discovered(Ok(instance_facts())),
        );
        d.script(&format!("<tab>{CLIENT}"));
        if admin {
            d.script("<tab>adminpublic1<tab>adminprivate1");
            assert!(
                d.seq_of(|e| matches!(e, Effect::CheckAdmin { .. }))
                    .is_none(),
                "typing the admin keys checks nothing yet"
            );
            d.script("<enter>");
            let facts = AdminFacts {
                member: "admin".into(),
                can_manage_roles: true,
                can_manage_members: true,
            };
            assert!(
                d.seq_of(|e| matches!(e, Effect::CheckAdmin { .. }))
                    .is_some()
            );
            d.answer(
                |e| matches!(e, Effect::CheckAdmin { .. }),
                Outcome::Admin(Ok(facts)),
            );
        }
        d.script("<c-n>");
    });
}

pub fn pick_template(w: &mut Wizard, id: &str) {
    typed(w, id);
    w.update(key(KeyCode::Enter));
    assert_eq!(w.role.phase.kind(), RolePhase::Checklist);
    assert_eq!(w.setup.templates, vec![id.to_string()]);
}

pub fn live_from(w: &Wizard, tweak: impl Fn(&str, Levels) -> Levels) -> Vec<LiveRow> {
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

pub fn lists() -> PickLists {
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
        member_default: None,
    }
}

/// Assisted: to the member step with the role matched; the seqs of the pick lists' read and
/// of the member ID's check, left for the test to answer.
pub fn to_member(w: &mut Wizard) -> (u64, u64) {
    through_instance(w, true);
    pick_template(w, "cw-kanban");
    let mut seqs = (None, None);
    Driver::walk(w, |d| {
        d.script("<enter>");
        assert!(
            d.seq_of(|e| matches!(e, Effect::FindOrCreateRole { .. }))
                .is_some()
        );
        d.answer(
            |e| matches!(e, Effect::FindOrCreateRole { .. }),
            Outcome::Role(Ok(RoleFacts {
                id: 7,
                name: "CW Kanban".into(),
                created: true,
                used: Default::default(),
            })),
        );
        let live = live_from(&d.wizard, |_, l| l);
        assert!(
            d.seq_of(|e| matches!(e, Effect::ReadRoleSettings { .. }))
                .is_some()
        );
        d.answer(
            |e| matches!(e, Effect::ReadRoleSettings { .. }),
            Outcome::RoleSettings(Ok(live)),
        );
        // Step 2's lists load as soon as the role is known (prefetch), not on entering it.
        d.script("<c-n>");
        assert_eq!(d.wizard.step, StepId::Member);
        seqs = (
            d.seq_of(|e| matches!(e, Effect::LoadPickLists { .. })),
            d.seq_of(|e| {
                matches!(e, Effect::CheckIdentifier { identifier, .. } if identifier == "kanban")
            }),
        );
    });
    (
        seqs.0.expect("the pick lists are read"),
        seqs.1.expect("the member ID is checked"),
    )
}

pub fn good_key_facts(w: &Wizard) -> KeyFacts {
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

pub fn to_keys(w: &mut Wizard) {
    let (lists_seq, id_seq) = to_member(w);
    Driver::walk(w, |d| {
        d.send(Msg::Done {
            seq: lists_seq,
            outcome: Outcome::PickLists(Ok(lists())),
        });
        d.send(Msg::Done {
            seq: id_seq,
            outcome: Outcome::Identifier(Ok(IdentifierFacts::Free)),
        });
        d.wizard.member.focus = MemberField::Location;
        d.script("<right><right><c-n>");
        let saved = MemberFacts {
            id: 43,
            identifier: "kanban".into(),
            ..MemberFacts::default()
        };
        assert!(
            d.seq_of(|e| matches!(e, Effect::SaveMember { .. }))
                .is_some()
        );
        d.answer(
            |e| matches!(e, Effect::SaveMember { .. }),
            Outcome::MemberSaved(Ok(saved)),
        );
    });
    assert_eq!(w.step, StepId::Keys);
    assert!(
        w.setup.intents.is_empty(),
        "the intent is cleared once the member is recorded"
    );
}

pub fn paste_key(w: &mut Wizard, public: &str, private: &str) -> u64 {
    w.update(Msg::Paste(public.into()));
    w.update(key(KeyCode::Tab));
    w.update(Msg::Paste(private.into()));
    let fx = w.update(key(KeyCode::Enter));
    find_seq(&fx, |e| match e {
        Effect::VerifyKey { seq, auth, .. } if auth.key.public == public => Some(*seq),
        _ => None,
    })
}
