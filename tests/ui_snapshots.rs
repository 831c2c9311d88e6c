//! Every screen of the gallery at 80x24 and 120x40, plus the too-small screen, as insta
//! snapshots (text; a style hash per screen catches colour/attribute changes).

use cw_onboard::template::Library;
use cw_onboard::ui::{self, Theme, gallery};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

fn render(wizard: &cw_onboard::app::Wizard, width: u16, height: u16) -> String {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    ui::draw(wizard, &Theme::color(), area, &mut buf);
    let mut text = String::new();
    let mut hasher = DefaultHasher::new();
    for y in 0..height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..width {
            let cell = &buf[(x, y)];
            format!("{:?}{:?}{:?}", cell.fg, cell.bg, cell.modifier).hash(&mut hasher);
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = cell.symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        text.push_str(line.trim_end());
        text.push_str("|\n");
    }
    text.push_str(&format!("styles: {:016x}\n", hasher.finish()));
    text
}

#[test]
fn every_screen_at_80x24_and_120x40() {
    let library = Library::builtin().expect("templates");
    for (name, wizard) in gallery::all(&library) {
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = render(&wizard, w, h);
            assert!(
                !screen.contains("HIDDEN-PRIVATE-KEY"),
                "{name}: a private key is on screen"
            );
            insta::with_settings!({ snapshot_suffix => format!("{w}x{h}"), prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(name, screen);
            });
        }
    }
}

#[test]
fn too_small_says_what_is_needed() {
    let library = Library::builtin().expect("templates");
    let wizard = cw_onboard::app::Wizard::new(library, Default::default(), false);
    let screen = render(&wizard, 60, 16);
    assert!(screen.contains("need 80x24, have 60x16"), "{screen}");
    insta::assert_snapshot!("too-small-60x16", screen);
}

#[test]
fn too_small_still_shows_the_question_before_quitting_with_an_unstored_key() {
    let library = Library::builtin().expect("templates");
    let (_, wizard) = gallery::all(&library)
        .into_iter()
        .find(|(name, _)| *name == "3-keys-handoff-quit-unsaved")
        .expect("gallery state");
    let screen = render(&wizard, 60, 16);
    assert!(screen.contains("need 80x24"), "{screen}");
    assert!(screen.contains("create a new key"), "{screen}");
}

#[test]
fn no_color_keeps_focus_visible() {
    let library = Library::builtin().expect("templates");
    let wizard = cw_onboard::app::Wizard::new(library, Default::default(), false);
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    ui::draw(&wizard, &Theme::plain(), area, &mut buf);
    let focused = (0..80).any(|x| {
        (3..10).any(|y| {
            buf[(x, y)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        })
    });
    assert!(focused, "the focused field is marked without colour");
    let coloured = (0..80).any(|x| (0..24).any(|y| buf[(x, y)].fg != ratatui::style::Color::Reset));
    assert!(!coloured, "no colour under NO_COLOR");
}
