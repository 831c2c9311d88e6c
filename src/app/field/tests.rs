use super::*;
use crate::app::validate;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn typing_validates_as_you_go() {
    let mut f = TextField::new("Member ID", validate::member_identifier);
    assert!(f.error.is_none());
    for _ in 0..15 {
        f.handle_key(key(KeyCode::Char('a')));
    }
    assert!(f.error.is_none());
    // A 16th character passes ConnectWise's documented limit (15).
    f.handle_key(key(KeyCode::Char('-')));
    assert!(f.error.as_deref().unwrap_or("").contains("15"));
    f.handle_key(key(KeyCode::Backspace));
    assert!(f.error.is_none());
    assert_eq!(f.value(), "a".repeat(15));
}

#[test]
fn secret_fields_are_masked() {
    let mut f = TextField::new("Private key", |s| validate::api_key(s, "private")).secret();
    f.paste("abcdefghijklmnop\n");
    assert_eq!(f.value(), "abcdefghijklmnop");
    assert_eq!(f.display(), "****mnop");
}

#[test]
fn a_paste_goes_in_at_the_cursor_in_one_pass() {
    let mut f = TextField::new("Site", |_| Ok(String::new()));
    f.paste("cw.exle.com");
    for _ in 0..6 {
        f.handle_key(key(KeyCode::Left));
    }
    f.paste("amp\n");
    assert_eq!(f.value(), "cw.example.com");
    f.handle_key(key(KeyCode::Char('!')));
    assert_eq!(
        f.value(),
        "cw.examp!le.com",
        "the cursor is after the paste"
    );
}

#[test]
fn a_huge_paste_is_refused_at_once_with_a_message() {
    let mut f = TextField::new("Site", |_| Ok(String::new())).with_value("keep");
    // 2 MB used to take minutes (a char-by-char insert); refused without a look at it.
    f.paste(&"x".repeat(2 * 1024 * 1024));
    assert_eq!(f.value(), "keep");
    let error = f.error.clone().unwrap_or_default();
    assert!(
        error.contains("2048 KB") && error.contains("nothing was pasted"),
        "{error}"
    );
    // Up to the cap, pasted whole.
    f.paste(&"y".repeat(MAX_PASTE_BYTES - 4));
    assert_eq!(f.value().len(), MAX_PASTE_BYTES);
}

#[test]
fn pick_cycles_and_keeps_selection_by_id() {
    let mut p = PickField::new("Location", true);
    let opts = vec![
        Pick {
            id: 1,
            name: "Chicago".into(),
        },
        Pick {
            id: 2,
            name: "Denver".into(),
        },
    ];
    p.set_options(opts.clone(), None);
    assert!(p.validate().is_err());
    p.handle_key(key(KeyCode::Right));
    assert_eq!(p.value().map(|v| v.id), Some(1));
    p.handle_key(key(KeyCode::Char('d')));
    assert_eq!(p.value().map(|v| v.id), Some(2));
    p.set_options(opts.into_iter().rev().collect(), None);
    assert_eq!(p.value().map(|v| v.id), Some(2));
}
