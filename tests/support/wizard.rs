//! The wizard core driven by messages, for the pure update tests: key helpers, fixtures, and
//! the walk to each step.

#![allow(dead_code, unused_imports)]

pub use cw_onboard::app::Wizard;
pub use cw_onboard::app::facts::{
    AdminFacts, IdentifierFacts, InstanceFacts, KeyFacts, LiveRow, LocationPick, MemberFacts, Pick,
    PickLists, RoleFacts,
};
pub use cw_onboard::app::msg::{Effect, Exit, MemberPlan, Msg, Outcome, TimerKind};
pub use cw_onboard::app::setup::{Mode, Setup, StepId};
pub use cw_onboard::app::steps::keys::Phase as KeysPhase;
pub use cw_onboard::app::steps::role::Phase as RolePhase;
pub use cw_onboard::level::{Level, Levels};
pub use cw_onboard::secrets::KeyPair;
pub use cw_onboard::template::Library;
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

pub fn pick_template(w: &mut Wizard, id: &str) {
    typed(w, id);
    w.update(key(KeyCode::Enter));
    assert_eq!(w.role.phase, RolePhase::Checklist);
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
    }
}

/// Assisted: to the member step with the role matched.
pub fn to_member(w: &mut Wizard) -> (u64, u64) {
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
            created: true,
            used: Default::default(),
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
