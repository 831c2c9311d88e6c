//! Step 1's optional features in the full screen (issue 14 item 4): Tab from the template picker
//! to the chosen templates' features, Space switches one on, and the setup records it exactly as
//! `--feature` / the answers file do, so the checklist carries its rows; `--plain` asks the same
//! after the templates are picked.

#[path = "support/pty.rs"]
mod pty;
#[path = "support/pty_walk.rs"]
mod pty_walk;
#[path = "support/screen_text.rs"]
mod screen_text;
#[path = "support/wizard.rs"]
mod wizard_support;

use cw_onboard::ui::{self, Theme};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use wizard_support::*;

const FEATURE: &str = "per-technician-keys";

fn billing_view_time(w: &Wizard) -> Levels {
    let f = cw_onboard::template::catalog::CATALOG
        .iter()
        .find(|f| f.function == "Billing View Time")
        .expect("catalog row");
    w.merged.as_ref().expect("merged").wanted(f)
}

fn footer(w: &Wizard) -> Vec<&'static str> {
    w.bindings().iter().map(|b| b.label).collect()
}

fn screen(w: &Wizard) -> String {
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    ui::draw(w, &Theme::color(), area, &mut buf);
    screen_text::buffer_text(&buf)
}

/// The picker with CW Kanban ticked.
fn kanban_ticked() -> Driver {
    let w = ticked("kanban");
    assert_eq!(w.role.chosen, vec!["cw-kanban".to_string()]);
    w
}

/// At 80x24, step 1's picker with the template `search` finds first ticked (Space).
fn ticked(search: &str) -> Driver {
    let mut w = driver();
    w.send(Msg::Resize {
        width: 80,
        height: 24,
    });
    through_instance(&mut w, true);
    typed(&mut w, search);
    w.press("<space>");
    w
}

#[test]
fn tab_space_switches_a_feature_on_and_the_checklist_carries_its_rows() {
    let mut w = kanban_ticked();
    assert!(footer(&w).contains(&"features"), "{:?}", footer(&w));
    w.press("<tab>");
    assert!(w.role.picker().expect("the picker").features.focused);
    assert!(footer(&w).contains(&"templates"));
    w.press("<space>");
    assert_eq!(
        w.role.chosen,
        vec!["cw-kanban".to_string()],
        "the template stays"
    );
    insta::assert_snapshot!("1-role-features@80x24", screen(&w));
    w.press("<enter>");
    assert_eq!(w.role.phase.kind(), RolePhase::Checklist);
    assert_eq!(
        billing_view_time(&w),
        Levels::new(Level::None, Level::All, Level::None, Level::All)
    );
    assert!(
        w.merged
            .as_ref()
            .expect("merged")
            .customize
            .iter()
            .any(|c| c.item == "API Keys"),
        "the feature's customize item"
    );

    // The same record `--feature`, the answers file and `--plain` make (session's Plan).
    let library = Library::builtin().expect("templates");
    let kanban = library.get("cw-kanban").expect("cw-kanban");
    let mut planned = Setup::default();
    planned.record_template_versions(&[kanban]);
    planned
        .choose_features(&[kanban], &[FEATURE.to_string()])
        .expect("feature");
    assert_eq!(w.setup.template_versions, planned.template_versions);
}

#[test]
fn without_the_feature_the_rows_stay_out_and_space_off_switches_it_off_again() {
    let mut w = kanban_ticked();
    w.press("<tab>");
    w.press("<space>");
    w.press("<space>");
    w.press("<tab>");
    assert!(!w.role.picker().expect("the picker").features.focused);
    w.press("<enter>");
    assert_eq!(w.role.phase.kind(), RolePhase::Checklist);
    assert_eq!(billing_view_time(&w), Levels::NONE);
    assert!(
        w.setup.template_versions["cw-kanban"].features.is_empty(),
        "{:?}",
        w.setup.template_versions
    );
}

#[test]
fn back_in_the_picker_the_feature_stays_ticked_and_unticking_the_template_drops_it() {
    let mut w = kanban_ticked();
    w.press("<tab>");
    w.press("<space>");
    w.press("<enter>");
    w.press("<c-p>");
    assert_eq!(w.role.phase.kind(), RolePhase::Pick);
    assert!(footer(&w).contains(&"features"));
    assert!(screen(&w).contains("[x] Per-technician API keys"));
    // Space on the template list unticks CW Kanban: no features are offered any more.
    w.press("<space>");
    assert!(w.role.chosen.is_empty());
    assert!(!footer(&w).contains(&"features"));
    w.press("<tab>");
    assert!(!w.role.picker().expect("the picker").features.focused);
}

#[test]
fn a_template_without_features_offers_none() {
    let mut w = driver();
    through_instance(&mut w, true);
    typed(&mut w, "hudu");
    w.press("<space>");
    assert!(!footer(&w).contains(&"features"));
    assert!(!screen(&w).contains("Optional features"));
    w.press("<tab>");
    assert!(!w.role.picker().expect("the picker").features.focused);
    w.press("<enter>");
    assert_eq!(w.role.phase.kind(), RolePhase::Checklist);
}

#[test]
fn plain_asks_for_the_features_of_the_templates_it_picked() {
    let dir = tempfile::tempdir().expect("dir");
    let mut s = pty::spawn(
        dir.path(),
        &["--plain", "demo"],
        &[("TERM", "xterm-256color"), ("NO_COLOR", "1")],
        (30, 120),
    );
    pty_walk::send_keys(&mut s, pty_walk::DEMO_TO_TEMPLATES);
    pty_walk::tick_and_confirm(&mut s);
    s.wait_for("Optional features");
    s.wait_for(
        "Per-technician API keys (TopLeft) · cw-kanban (adds 1 role row(s), 1 customize item(s))",
    );
    pty_walk::tick_and_confirm(&mut s);
    pty_walk::send_keys(&mut s, pty_walk::DEMO_FROM_ROLE);
    s.wait_for("is done");
    assert!(s.wait_exit().success(), "{}", s.output());
    let state = std::fs::read_to_string(dir.path().join("state/demomsp-cw-kanban.json"))
        .expect("the setup");
    let state: serde_json::Value = serde_json::from_str(&state).expect("json");
    assert_eq!(
        state["setup"]["template_versions"]["cw-kanban"]["features"],
        serde_json::json!([FEATURE]),
        "{state}"
    );
}

/// A feature's reason cut to its lines at 80 columns: the ellipsis fits on the last line, so no
/// word spills onto an unindented line of its own (TimeZest's "…Not originally required, so…").
#[test]
fn a_long_reason_is_cut_within_its_indented_lines() {
    let mut w = ticked("timezest");
    w.press("<tab>");
    assert!(w.role.picker().expect("the picker").features.focused);
    let text = screen(&w);
    let at = text
        .find("Project team membership check")
        .expect("feature row");
    let reason: Vec<&str> = text[at..]
        .lines()
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with("adds "))
        .collect();
    assert!(!reason.is_empty(), "{text}");
    assert!(
        reason.iter().all(|l| l.starts_with("     ")),
        "every line of the reason is indented:\n{text}"
    );
    assert!(
        reason
            .last()
            .is_some_and(|l| l.trim_end_matches('|').trim_end().ends_with('…')),
        "{text}"
    );
}

/// A Partial template's gap (TimeZest's base rows live in its own app) shows on the role
/// checklist, so an empty checklist that "matches" is not taken for the vendor's whole list.
#[test]
fn a_partial_templates_gap_shows_on_the_checklist() {
    let mut w = ticked("timezest");
    w.press("<enter>");
    let text = screen(&w);
    assert!(text.contains("Not covered (TimeZest)"), "{text}");
}
