use super::*;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn enter_starts_the_walk_by_default_and_the_others_once_moved_to() {
    let mut s = DemoStart::default();
    assert_eq!(
        s.clone().on_key(key(KeyCode::Enter)),
        Some(StartEnd::Chosen(DemoChoice::Walk))
    );
    for want in [DemoChoice::Audit, DemoChoice::Rotate, DemoChoice::Retire] {
        assert_eq!(s.on_key(key(KeyCode::Down)), None);
        assert_eq!(
            s.clone().on_key(key(KeyCode::Enter)),
            Some(StartEnd::Chosen(want))
        );
    }
    assert_eq!(s.on_key(key(KeyCode::Down)), None, "stays on the last");
    assert_eq!(s.selected(), DemoChoice::Retire);
    assert_eq!(s.on_key(key(KeyCode::Up)), None);
    assert_eq!(s.selected(), DemoChoice::Rotate);
}

#[test]
fn a_digit_starts_its_choice_and_esc_or_ctrl_c_quit() {
    let mut s = DemoStart::default();
    assert_eq!(
        s.on_key(key(KeyCode::Char('2'))),
        Some(StartEnd::Chosen(DemoChoice::Audit))
    );
    assert_eq!(
        s.on_key(key(KeyCode::Char('3'))),
        Some(StartEnd::Chosen(DemoChoice::Rotate))
    );
    assert_eq!(
        s.on_key(key(KeyCode::Char('4'))),
        Some(StartEnd::Chosen(DemoChoice::Retire))
    );
    assert_eq!(s.on_key(key(KeyCode::Char('7'))), None);
    assert_eq!(s.on_key(key(KeyCode::Esc)), Some(StartEnd::Quit));
    assert_eq!(
        s.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        Some(StartEnd::Quit)
    );
}
