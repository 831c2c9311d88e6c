use super::*;
use crate::app::command::MemberField;
use crate::app::setup::Setup;
use crate::app::setup::{Mode, StepId};
use crate::app::steps::instance::InstanceField;
use crate::app::steps::keys::HandOff;
use crate::app::steps::keys::{KeyField, Phase as KeysPhase};
use crate::app::steps::rotation::RetireOld;
use crate::secrets::KeyPair;
use crate::template::Library;

fn wizard() -> Wizard {
    let library = Library::builtin().unwrap_or_else(|e| panic!("library: {e}"));
    Wizard::new(library, Setup::default(), false)
}

#[test]
fn moving_between_steps_is_a_command_on_every_step() {
    let mut w = wizard();
    for step in StepId::ALL {
        w.step = step;
        assert!(matches!(
            w.key_command(Intent::NextStep),
            Some(Command::Next)
        ));
        assert!(matches!(
            w.key_command(Intent::PrevStep),
            Some(Command::Back)
        ));
    }
}

#[test]
fn focus_scroll_and_typing_stay_with_the_step() {
    let mut w = wizard();
    for step in StepId::ALL {
        w.step = step;
        for intent in [
            Intent::NextField,
            Intent::PrevField,
            Intent::Up,
            Intent::Down,
            Intent::Toggle,
            Intent::Reveal,
        ] {
            assert!(w.key_command(intent).is_none(), "{step:?} {intent:?}");
        }
    }
}

#[test]
fn enter_on_the_member_forms_last_field_is_next() {
    let mut w = wizard();
    w.step = StepId::Member;
    w.member.focus = MemberField::Email;
    assert!(matches!(w.key_command(Intent::Submit), Some(Command::Next)));
    w.setup.mode = Mode::Assisted;
    assert!(
        w.key_command(Intent::Submit).is_none(),
        "the pick lists follow"
    );
    w.member.focus = MemberField::Territory;
    assert!(matches!(w.key_command(Intent::Submit), Some(Command::Next)));
}

#[test]
fn export_is_a_command_on_the_summary() {
    let mut w = wizard();
    w.step = StepId::Summary;
    assert!(matches!(
        w.key_command(Intent::Export),
        Some(Command::Export)
    ));
}

#[test]
fn enter_on_the_key_form_is_submit_key_and_its_refusal_names_the_field_marked_red() {
    let mut w = wizard();
    w.step = StepId::Keys;
    w.keys.focus = KeyField::Public;
    assert!(
        w.key_command(Intent::Submit).is_none(),
        "Enter before the private key moves the focus"
    );
    w.keys
        .field_mut(KeyField::Description)
        .set("cw-onboard 2026-12-02");
    w.keys.field_mut(KeyField::Public).set("not a key");
    w.keys.focus = KeyField::Private;
    let Some(command) = w.key_command(Intent::Submit) else {
        panic!("Enter on the last field submits");
    };
    assert!(matches!(command, Command::SubmitKey(_)));
    let refused = w
        .apply(command)
        .err()
        .unwrap_or_else(|| panic!("bad key taken"));
    assert_eq!(refused.field, "key.public_key");
    assert!(w.keys.field(KeyField::Public).error.is_some(), "shown red");
    assert!(w.keys.field(KeyField::Private).error.is_some(), "shown red");
}

#[test]
fn dropping_a_never_stored_key_asks_once_on_every_path() {
    let mut w = wizard();
    w.step = StepId::Keys;
    w.keys.phase = KeysPhase::HandOff(HandOff::new(
        KeyPair::new("AbCdEfGhIjKlMnOp", "QrStUvWxYz012345"),
        "",
    ));
    let Some(first) = w.key_command(Intent::Stored) else {
        panic!("^S is a command");
    };
    assert!(matches!(first, Command::KeyStored { confirmed: false }));
    let refused = w
        .apply(first)
        .err()
        .unwrap_or_else(|| panic!("dropped unasked"));
    assert_eq!(refused.field, "key.private_key");
    assert!(refused.message.contains("only once"), "{refused}");
    assert!(w.keys.pending().is_some());
    let Some(again) = w.key_command(Intent::Stored) else {
        panic!("^S is a command");
    };
    assert!(matches!(again, Command::KeyStored { confirmed: true }));
    assert!(w.apply(again).is_ok());
    assert!(w.keys.pending().is_none(), "dropped once confirmed");

    // A hand-off the front-end did (--plain wrote or showed it) meets the rule at once.
    let mut w = wizard();
    w.step = StepId::Keys;
    w.keys.phase = KeysPhase::HandOff(HandOff::new(
        KeyPair::new("AbCdEfGhIjKlMnOp", "QrStUvWxYz012345"),
        "",
    ));
    assert!(w.apply(Command::HandedOff("file ./k.toml".into())).is_ok());
    assert!(w.keys.pending().is_none());
    assert_eq!(w.setup.key.handed_off.as_deref(), Some("file ./k.toml"));
}

#[test]
fn the_rotation_screens_keys_are_its_commands() {
    let mut w = wizard();
    w.step = StepId::Keys;
    w.keys.phase = KeysPhase::RetireOld(RetireOld::default());
    assert!(matches!(
        w.key_command(Intent::Submit),
        Some(Command::ProveOldKeyRefused(_))
    ));
    assert!(matches!(
        w.key_command(Intent::Undo),
        Some(Command::UndoRetire)
    ));
}

#[test]
fn reloading_the_member_lists_is_a_command() {
    let mut w = wizard();
    w.step = StepId::Member;
    assert!(matches!(
        w.key_command(Intent::Recheck),
        Some(Command::ReloadMemberLists)
    ));
}

#[test]
fn enter_on_step_0s_last_field_connects_with_the_parsed_fields_then_goes_on() {
    let mut w = wizard();
    w.instance
        .field_mut(InstanceField::Site)
        .set("https://NA.myconnectwise.net/");
    w.instance.field_mut(InstanceField::Company).set("acme");
    w.instance
        .field_mut(InstanceField::ClientId)
        .set("9a3b1c2d-4e5f-4a6b-8c7d-0e1f2a3b4c5d");
    w.instance.focus = InstanceField::Company;
    assert!(w.key_command(Intent::Submit).is_none(), "focus moves");
    w.instance.focus = InstanceField::AdminPrivate;
    let Some(Command::Connect { site, admin, .. }) = w.key_command(Intent::Submit) else {
        panic!("the final Enter connects");
    };
    assert_eq!(
        site.as_str(),
        "https://na.myconnectwise.net",
        "parsed, normalised"
    );
    assert!(admin.is_none());
    w.instance
        .field_mut(InstanceField::AdminPublic)
        .set("AbCdEfGhIjKlMnOp");
    assert!(
        w.key_command(Intent::Submit).is_none(),
        "one admin key: the step asks for both"
    );
}
