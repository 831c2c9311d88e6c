use super::*;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

#[test]
fn an_old_key_given_up_front_fills_the_retire_form_once_it_shows() {
    let mut keys = KeysStep::new("cw-onboard");
    keys.prefill_old_key("OLD-PRIVATE-KEY-0001");
    assert!(keys.retire().is_none(), "not retiring yet");
    assert!(!format!("{keys:?}").contains("OLD-PRIVATE"));
    keys.start_retiring();
    assert_eq!(
        keys.retire().map(|r| r.old_private.value()),
        Some("OLD-PRIVATE-KEY-0001")
    );
    assert!(
        !format!("{keys:?}").contains("OLD-PRIVATE"),
        "the retire form"
    );
}

fn type_into(field: &mut TextField, text: &str) {
    for c in text.chars() {
        field.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

#[test]
fn the_key_form_never_prints_the_private_key_being_typed() {
    let mut keys = KeysStep::new("cw-onboard");
    type_into(keys.field_mut(KeyField::Public), "PUBLICKEY123");
    type_into(keys.field_mut(KeyField::Private), "CANARY-PRIVATE-0004");
    for printed in [format!("{keys:?}"), format!("{keys:#?}")] {
        assert!(!printed.contains("CANARY-PRIVATE"), "{printed}");
        assert!(
            printed.contains("PUBLICKEY123"),
            "a public value stays visible"
        );
        assert!(
            printed.contains("19 chars"),
            "the length is all it shows: {printed}"
        );
    }
}

#[test]
fn the_retire_form_never_prints_the_old_private_key_typed() {
    let mut keys = KeysStep::new("cw-onboard");
    keys.start_retiring();
    let Some(retire) = keys.retire_mut() else {
        panic!("retiring");
    };
    for c in "CANARY-OLD-PRIVATE-0005".chars() {
        retire.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    retire.old_private.revealed = true;
    assert_eq!(retire.old_private.value(), "CANARY-OLD-PRIVATE-0005");
    let printed = format!("{:?} {keys:?}", keys.retire());
    assert!(!printed.contains("CANARY-OLD"), "even revealed: {printed}");
}

#[test]
fn the_instance_step_never_prints_the_admin_private_key_typed() {
    use crate::app::steps::instance::{InstanceField, InstanceStep};
    let mut instance = InstanceStep::new("cw.example.com", "acme", "");
    type_into(
        instance.field_mut(InstanceField::AdminPublic),
        "ADMINPUBLIC1",
    );
    type_into(
        instance.field_mut(InstanceField::AdminPrivate),
        "CANARY-ADMIN-PRIVATE-0006",
    );
    let printed = format!("{instance:?}");
    assert!(!printed.contains("CANARY-ADMIN"), "{printed}");
    for visible in ["cw.example.com", "acme", "ADMINPUBLIC1"] {
        assert!(
            printed.contains(visible),
            "{visible} stays visible: {printed}"
        );
    }
}
