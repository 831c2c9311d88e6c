use super::*;
use crate::template::Library;

fn merged(ids: &[&str]) -> MergedTemplate {
    let library = Library::builtin().expect("built-in templates");
    let templates: Vec<_> = ids
        .iter()
        .map(|id| library.get(id).expect("template"))
        .collect();
    crate::template::merge(&templates)
}

/// Every heading (`#`) is preceded by a blank line (except on the first line), so it is a
/// heading in every Markdown renderer, not text glued to the list above it.
fn assert_headings_stand_apart(md: &str) {
    let lines: Vec<&str> = md.lines().collect();
    for (i, line) in lines.iter().enumerate().skip(1) {
        if line.starts_with('#') {
            assert!(
                lines[i - 1].is_empty(),
                "no blank line before {line:?} (after {:?}):\n{md}",
                lines[i - 1]
            );
        }
    }
}

#[test]
fn a_blank_line_precedes_every_heading_after_manual_inputs() {
    let merged = merged(&["connectbooster", "cw-kanban"]);
    let mut setup = Setup {
        id: "demomsp-connectbooster+cw-kanban".into(),
        ..Setup::default()
    };
    setup.manual_inputs.insert(
        "connectbooster/link-portal/portal_url".into(),
        "https://pay.example.com".into(),
    );
    let md = markdown(&setup, &merged);
    assert!(md.contains("- ConnectBooster portal URL: https://pay.example.com"));
    assert_headings_stand_apart(&md);
    // Without the answer too (the "(not given)" line is a list item as well).
    let md = markdown(&Setup::default(), &merged);
    assert!(md.contains("(not given)"), "{md}");
    assert_headings_stand_apart(&md);
}

/// TimeZest's base rows exist only in its own app (a Partial template's gap): the export says
/// so, in Markdown and JSON, as the checklist and batch do, so its rows are not taken for the
/// vendor's whole list.
#[test]
fn a_partial_templates_gap_is_in_both_exports() {
    let merged = merged(&["timezest"]);
    let (name, gap) = merged.gaps.first().expect("TimeZest is Partial");
    let setup = Setup::default();
    let md = markdown(&setup, &merged);
    assert!(md.contains("## Not covered by the template"), "{md}");
    assert!(md.contains(&format!("- {name}: {gap}")), "{md}");
    assert_headings_stand_apart(&md);
    let value: serde_json::Value = serde_json::from_str(&json(&setup, &merged)).expect("json");
    assert_eq!(value["gaps"][0]["template"], name.as_str(), "{value}");
    assert_eq!(value["gaps"][0]["gap"], gap.as_str(), "{value}");
    // A complete template has none.
    let value: serde_json::Value =
        serde_json::from_str(&json(&setup, &self::merged(&["cw-kanban"]))).expect("json");
    assert_eq!(value["gaps"], serde_json::json!([]), "{value}");
    assert!(!markdown(&setup, &self::merged(&["cw-kanban"])).contains("Not covered"));
}
