use super::*;

#[test]
fn lookup_matches_key_and_modifiers() {
    let table = [TAB, NEXT_STEP, QUIT];
    let ctrl_n = KeyEvent::new(KeyCode::Char('n'), CTRL);
    assert_eq!(lookup(&table, &ctrl_n), Some(Intent::NextStep));
    let plain_n = KeyEvent::new(KeyCode::Char('n'), NONE);
    assert_eq!(lookup(&table, &plain_n), None);
}

#[test]
fn a_key_script_types_text_and_names_keys() {
    let keys = script("<c-n>ab<enter><s-tab><lt>").expect("a script");
    let codes: Vec<(KeyCode, KeyModifiers)> = keys.iter().map(|k| (k.code, k.modifiers)).collect();
    assert_eq!(
        codes,
        [
            (KeyCode::Char('n'), CTRL),
            (KeyCode::Char('a'), NONE),
            (KeyCode::Char('b'), NONE),
            (KeyCode::Enter, NONE),
            (KeyCode::BackTab, KeyModifiers::SHIFT),
            (KeyCode::Char('<'), NONE),
        ]
    );
    assert!(script("<nope>").is_err());
    assert!(script("<enter").is_err());
}
