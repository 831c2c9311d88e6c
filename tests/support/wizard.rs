//! The wizard core driven by messages, for the pure update tests: key helpers, and the walk
//! to each step, on the gallery's `Driver` (key scripts, commands, canned answers) with the
//! gallery's canned facts, the same driver and facts the screen fixtures use. A test holds a
//! `Driver` and reads the wizard through it; it never writes a step's fields.

#![allow(dead_code, unused_imports)]

pub use cw_onboard::app::Wizard;
pub use cw_onboard::app::command::{Command, MemberField};
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
pub use cw_onboard::ui::gallery::{
    CLIENT_ID, Driver, choose_location, instance_facts, key_facts, live_rows, member_lists_read,
    member_saved, pick_lists,
};
pub use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Types `text` (no key names: `<` is typed as is); returns the effects it started.
pub fn typed(w: &mut Driver, text: &str) -> Vec<Effect> {
    w.effects_of(|d| {
        d.type_text(text);
    })
}

/// A driver over a new wizard with the built-in templates and no setup.
pub fn driver() -> Driver {
    let library = Library::builtin().expect("built-in templates load");
    Driver::new(library)
}

/// A driver over a wizard opened on `setup` (`resume` says it was read back from disk).
pub fn driver_on(setup: Setup, resume: bool) -> Driver {
    let library = Library::builtin().expect("built-in templates load");
    Driver::over(Wizard::new(library, setup, resume))
}

pub fn find_seq(effects: &[Effect], pred: impl Fn(&Effect) -> Option<u64>) -> u64 {
    effects
        .iter()
        .rev()
        .find_map(pred)
        .expect("expected effect")
}

/// Walks step 0 with site, company and clientId; `admin` gives assisted mode.
pub fn through_instance(d: &mut Driver, admin: bool) {
    d.script("127.0.0.1:8080<tab>demomsp")
        .fire_timer(TimerKind::Discover);
    assert!(
        d.seq_of(|e| matches!(e, Effect::Discover { company, .. } if company == "demomsp"))
            .is_some(),
        "typing pauses: the instance is checked"
    );
    d.answer(
        |e| matches!(e, Effect::Discover { .. }),
        Outcome::Discovered(Ok(instance_facts(false))),
    );
    d.script(&format!("<tab>{CLIENT_ID}"));
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
}

pub fn pick_template(w: &mut Driver, id: &str) {
    w.type_text(id).script("<enter>");
    assert_eq!(w.role.phase.kind(), RolePhase::Checklist);
    assert_eq!(w.setup.templates, vec![id.to_string()]);
}

/// Assisted: to the member step with the role matched; the seqs of the pick lists' read and
/// of the member ID's check, left for the test to answer.
pub fn to_member(d: &mut Driver) -> (u64, u64) {
    through_instance(d, true);
    pick_template(d, "cw-kanban");
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
    let live = live_rows(d, |_, l| l);
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
    assert_eq!(d.step, StepId::Member);
    let seqs = (
        d.seq_of(|e| matches!(e, Effect::LoadPickLists { .. })),
        d.seq_of(
            |e| matches!(e, Effect::CheckIdentifier { identifier, .. } if identifier == "kanban"),
        ),
    );
    (
        seqs.0.expect("the pick lists are read"),
        seqs.1.expect("the member ID is checked"),
    )
}

pub fn to_keys(w: &mut Driver) {
    to_member(w);
    member_lists_read(w);
    choose_location(w);
    w.script("<c-n>");
    assert!(
        w.seq_of(|e| matches!(e, Effect::SaveMember { .. }))
            .is_some()
    );
    member_saved(w);
    assert_eq!(w.step, StepId::Keys);
    assert!(
        w.setup.intents.is_empty(),
        "the intent is cleared once the member is recorded"
    );
}

pub fn paste_key(w: &mut Driver, public: &str, private: &str) -> u64 {
    let fx = w.effects_of(|d| {
        d.paste(public)
            .script("<tab>")
            .paste(private)
            .script("<enter>");
    });
    find_seq(&fx, |e| match e {
        Effect::VerifyKey { seq, auth, .. } if auth.key.public == public => Some(*seq),
        _ => None,
    })
}
