//! `screenshots/*.svg` are rendered from the gallery (the snapshot fixtures). This test fails
//! when they are stale; `UPDATE_SCREENSHOTS=1 cargo test --test screenshots` regenerates them.

use cw_onboard::template::Library;
use cw_onboard::ui::{self, Theme, gallery, screenshot};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::path::Path;

const SHOTS: [&str; 9] = [
    "0-instance-done",
    "1-role-picker",
    "1-role-mixed",
    "2-member-adopt",
    "3-keys-results",
    "3-keys-handoff",
    "4-allowlist-onprem",
    "5-summary",
    "0-instance-failed",
];

#[test]
fn screenshots_are_up_to_date() {
    let library = Library::builtin().expect("templates");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    let update = std::env::var_os("UPDATE_SCREENSHOTS").is_some();
    let mut stale = Vec::new();
    for (name, wizard) in gallery::all(&library) {
        if !SHOTS.contains(&name) {
            continue;
        }
        let area = Rect::new(0, 0, 100, 30);
        let mut buf = Buffer::empty(area);
        ui::draw(&wizard, &Theme::color(), area, &mut buf);
        let svg = screenshot::to_svg(&buf);
        assert!(
            !svg.contains("HIDDEN-PRIVATE-KEY"),
            "{name}: a private key in a screenshot"
        );
        let path = dir.join(format!("{name}.svg"));
        if update {
            std::fs::create_dir_all(&dir).expect("screenshots dir");
            std::fs::write(&path, &svg).expect("write screenshot");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(svg.as_str()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "stale screenshots {stale:?}: run UPDATE_SCREENSHOTS=1 cargo test --test screenshots"
    );
}
