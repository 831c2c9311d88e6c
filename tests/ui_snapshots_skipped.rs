//! The screens of a setup whose templates need no API access (ConnectBooster), at 80x24: the
//! allow-list the wizard goes to, with why steps 1-3 are skipped and the stepper marking
//! them "–", and the role step when the admin comes back to it (no role to create).

use cw_onboard::template::Library;
use cw_onboard::ui::{self, Theme, gallery};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The screen's text (the style hash lives in `ui_snapshots`; these check the words).
fn render(wizard: &cw_onboard::app::Wizard) -> String {
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    ui::draw(wizard, &Theme::color(), area, &mut buf);
    let mut text = String::new();
    for y in 0..24 {
        let line: String = (0..80).map(|x| buf[(x, y)].symbol()).collect();
        text.push_str(line.trim_end());
        text.push_str("|\n");
    }
    text
}

#[test]
fn steps_skipped_for_a_template_without_permission_rows_at_80x24() {
    let library = Library::builtin().expect("templates");
    let mut d = gallery::Driver::new(library);
    gallery::to_checklist(&mut d, true, "connectbooster");
    let allow = render(&d);
    assert!(allow.contains("–1 –2 –3"), "{allow}");
    assert!(allow.contains("publishes no API permissions"), "{allow}");
    insta::assert_snapshot!("1-3-skipped-allowlist-80x24", allow);

    d.ctrl('p');
    let role = render(&d);
    assert!(role.contains("Nothing is created in ConnectWise"), "{role}");
    assert!(!role.contains("Enter create"), "no create key: {role}");
    insta::assert_snapshot!("1-3-skipped-role-80x24", role);
}
