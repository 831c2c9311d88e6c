//! Template revisions: the new fields (revision, changelog, features, row status/since/source,
//! customize allow/disallow), parse errors that name the field and line, rebuilding an older
//! revision, `templates diff`, and template drift between a recorded and a current revision.

use cw_onboard::level::{Level, Levels};
use cw_onboard::template::{
    CustomizeAccess, EditKind, Library, RowStatus, Template, diff_templates, parse_template,
};
use std::process::Command;

/// A user template with every new field: two revisions, a feature, statuses, a disallow.
const BASE: &str = include_str!("fixtures/versioned-template.toml");

fn levels(text: &str) -> Levels {
    let l: Vec<Level> = text
        .split_whitespace()
        .map(|p| Level::parse(p).expect("level"))
        .collect();
    Levels::new(l[0], l[1], l[2], l[3])
}

fn parsed(text: &str) -> Template {
    parse_template(text, "test").unwrap_or_else(|p| panic!("{p:?}"))
}

fn date(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn row<'a>(t: &'a Template, function: &str) -> Option<&'a cw_onboard::template::Permission> {
    t.all_permissions()
        .into_iter()
        .find(|p| p.function.function == function)
}

#[test]
fn the_new_fields_are_read() {
    let t = parsed(BASE);
    assert_eq!(t.revision, date("2026-12-10"));
    assert_eq!(t.changelog.len(), 2);
    assert_eq!(
        t.changelog[1].source.as_deref(),
        Some("https://example.com/changes")
    );
    let contacts = row(&t, "Contacts").expect("contacts");
    assert_eq!(contacts.since.as_deref(), Some("2020.3"));
    assert_eq!(
        contacts.source.as_deref(),
        Some("https://example.com/contacts")
    );
    assert_eq!(
        row(&t, "SLA Dashboard").map(|p| p.status),
        Some(RowStatus::Planned)
    );
    assert_eq!(
        row(&t, "Table Setup").map(|p| p.status),
        Some(RowStatus::Legacy)
    );
    // A feature row is not in the base list until the feature is switched on.
    assert!(
        t.permissions
            .iter()
            .all(|p| p.function.function != "Agreements")
    );
    assert_eq!(t.feature_permissions.len(), 1);
    let on = t.with_features(&["billing"]);
    assert!(
        on.permissions
            .iter()
            .any(|p| p.function.function == "Agreements")
    );
    let disallowed: Vec<&str> = t
        .customize
        .iter()
        .filter(|c| c.access == CustomizeAccess::Disallow)
        .map(|c| c.item.as_str())
        .collect();
    assert_eq!(disallowed, vec!["General/StsClient"]);
}

#[test]
fn a_file_without_revision_counts_as_its_last_verified_date() {
    let text = BASE.replacen(
        "revision = \"2026-12-10\"\nlast_verified = \"2026-11-01\"",
        "last_verified = \"2026-12-10\"",
        1,
    );
    let t = parsed(&text);
    assert_eq!(t.revision, date("2026-12-10"));
    assert_eq!(t.last_verified, t.revision);
}

#[test]
fn every_shipped_template_states_its_revision_and_the_library_has_34() {
    let lib = Library::builtin().expect("built-in templates");
    assert!(lib.all().len() >= 34, "{}", lib.all().len());
    for (id, text) in cw_onboard::template::library::BUILTIN {
        assert!(
            text.lines().any(|l| l.starts_with("revision = ")),
            "{id} has no revision"
        );
    }
    let ours = lib.get("read-only-assistant").expect("read-only-assistant");
    assert!(ours.source.contains("cw-onboard's own"), "stated as ours");
    assert!(
        ours.permissions.iter().all(|p| p.levels.add == Level::None
            && p.levels.edit == Level::None
            && p.levels.delete == Level::None),
        "Inquire only"
    );
}

/// The first problem of `text`, which must exist.
fn problem(text: &str) -> cw_onboard::template::Problem {
    parse_template(text, "test")
        .expect_err("a problem")
        .into_iter()
        .next()
        .expect("one")
}

/// `text` with the last `from` replaced by `to`.
fn replace_last(text: &str, from: &str, to: &str) -> String {
    let i = text.rfind(from).expect(from);
    format!("{}{to}{}", &text[..i], &text[i + from.len()..])
}

/// The line of the changelog entry whose text starts with `text_start`.
fn entry_line(text: &str, text_start: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .position(|w| w[0].starts_with("revision = ") && w[1].starts_with(text_start))
        .map(|i| i + 1)
        .expect(text_start)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .expect(needle)
}

#[test]
fn parse_errors_name_the_field_and_its_line() {
    let cases: Vec<(String, &str, &str)> = vec![
        (
            BASE.replace("status = \"planned\"", "status = \"someday\""),
            "status = \"someday\"",
            "status",
        ),
        (
            BASE.replace("since = \"2020.3\"", "since = \"twenty20\""),
            "since = \"twenty20\"",
            "since",
        ),
        (
            BASE.replace("feature = \"billing\"", "feature = \"biling\""),
            "feature = \"biling\"",
            "not declared in [[features]]",
        ),
        (
            replace_last(BASE, "access = \"disallow\"", "access = \"deny\""),
            "access = \"deny\"",
            "access",
        ),
        (
            BASE.replace(
                "revision = \"2026-12-10\"\nlast",
                "revision = \"soon\"\nlast",
            ),
            "revision = \"soon\"",
            "revision must be a date",
        ),
        (
            BASE.replace(
                "revision = \"2026-11-01\"\ntext = \"first list\"",
                "revision = \"2027-01-01\"\ntext = \"first list\"",
            ),
            "revision = \"2027-01-01\"",
            "newer than the template's revision",
        ),
        (
            BASE.replace(
                "revision = \"2026-11-01\"\ntext = \"first list\"",
                "revision = \"2026-12-10\"\ntext = \"first list\"",
            ),
            "revision = \"2026-12-10\"\ntext = \"first list\"",
            "two entries",
        ),
    ];
    for (text, at, says) in cases {
        let p = problem(&text);
        let line = if at.contains('\n') {
            // The second of two entries with the same revision.
            entry_line(&text, "text = \"the vendor")
        } else {
            line_of(&text, at)
        };
        assert!(p.message.contains(says), "{says}: {}", p.message);
        assert_eq!(p.line, line, "{says}: {p}");
    }
}

#[test]
fn a_changelog_that_does_not_fit_the_list_names_its_entry() {
    // The entry says SLA Dashboard was added with Inquire All; the list has Add too.
    let text = BASE.replace(
        "function = \"SLA Dashboard\"\nlevels = \"None None None All\"",
        "function = \"SLA Dashboard\"\nlevels = \"All None None All\"",
    );
    let p = problem(&text);
    assert!(p.message.contains("SLA Dashboard"), "{}", p.message);
    assert!(p.message.contains("changelog 2026-12-10"), "{}", p.message);
    assert_eq!(p.line, entry_line(&text, "text = \"the vendor"), "{p}");
}

#[test]
fn an_older_revision_is_rebuilt_and_diffed() {
    let t = parsed(BASE);
    let old = t.at_revision(date("2026-11-01")).expect("older");
    let opportunity = row(&old, "Opportunity").expect("was there");
    assert_eq!(opportunity.levels, levels("All None None All"));
    assert!(row(&old, "SLA Dashboard").is_none());
    assert_eq!(
        row(&old, "Contacts").map(|p| p.levels),
        Some(levels("None None None All"))
    );
    assert!(old.customize.iter().all(|c| c.item != "General/StsClient"));
    let d = diff_templates(&old, &t);
    let kinds: Vec<(String, EditKind)> = d
        .rows
        .iter()
        .map(|r| (r.function.function.to_string(), r.kind()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("Contacts".to_string(), EditKind::Changed),
            ("Opportunity".to_string(), EditKind::Removed),
            ("SLA Dashboard".to_string(), EditKind::Added),
        ]
    );
    let removed = &d.rows[1];
    assert_eq!(
        removed.instruction(),
        "Sales / Opportunity: set Add None, Edit None, Delete None, Inquire None"
    );
    assert_eq!(d.customize.len(), 1);
    assert!(
        d.customize[0]
            .instruction()
            .contains("Disallow access to these")
    );
    assert!(t.at_revision(date("2027-01-01")).is_err());
    // The current revision against itself: nothing.
    assert!(diff_templates(&t, &t).is_empty());
}

fn cli(args: &[&str], config: &std::path::Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(args)
        .env("CW_ONBOARD_CONFIG_DIR", config)
        .output()
        .expect("run the binary");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn templates_diff_prints_the_ui_checklist_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("templates")).expect("mkdir");
    std::fs::write(dir.path().join("templates/my-tool.toml"), BASE).expect("write");
    let (code, out, err) = cli(
        &["templates", "diff", "my-tool", "--since", "2026-11-01"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("revision 2026-11-01 -> 2026-12-10"), "{out}");
    assert!(
        out.contains("In System > Security Roles > My Tool:"),
        "{out}"
    );
    assert!(
        out.contains("[ ] Service Desk / SLA Dashboard: set Add None, Edit None, Delete None, Inquire All  (added)"),
        "{out}"
    );
    assert!(out.contains("Sales / Opportunity"), "{out}");
    assert!(out.contains("(removed (was Add All"), "{out}");
    assert!(
        out.contains("General/StsClient to \"Disallow access to these\""),
        "{out}"
    );
    let (code, json, _) = cli(
        &[
            "templates",
            "diff",
            "my-tool",
            "--since",
            "2026-11-01",
            "--json",
        ],
        dir.path(),
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["since"], "2026-11-01");
    assert_eq!(v["revision"], "2026-12-10");
    let rows = v["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 3);
    let added = rows.iter().find(|r| r["change"] == "added").expect("added");
    assert_eq!(added["function"], "SLA Dashboard");
    assert!(added["before"].is_null());
    assert_eq!(added["after"]["inquire"], "All");
    assert_eq!(v["customize"][0]["after"], "disallow");
    // Nothing changed since the current revision.
    let (code, out, _) = cli(
        &["templates", "diff", "my-tool", "--since", "2026-12-10"],
        dir.path(),
    );
    assert_eq!(code, 0);
    assert!(out.contains("nothing to do"), "{out}");
    // Bad --since values are usage errors naming the flag and the known revisions.
    let (code, _, err) = cli(
        &["templates", "diff", "my-tool", "--since", "last week"],
        dir.path(),
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--since") && err.contains("2026-11-01"),
        "{err}"
    );
    let (code, _, err) = cli(
        &["templates", "diff", "my-tool", "--since", "2027-01-01"],
        dir.path(),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("newer"), "{err}");
}

#[test]
fn list_and_show_carry_source_revision_confidence_and_the_new_fields() {
    let none = std::path::Path::new("/nonexistent-cw-onboard-config");
    let (code, out, _) = cli(&["templates", "list"], none);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().skip(1).collect();
    assert!(lines.len() >= 34, "{}", lines.len());
    assert!(out.lines().next().is_some_and(|h| h.contains("REVISION")
        && h.contains("SOURCE")
        && h.contains("CONFIDENCE")));
    let ninja = lines
        .iter()
        .find(|l| l.starts_with("ninjaone "))
        .expect("ninjaone");
    assert!(
        ninja.contains("Solid")
            && ninja.contains("2026-12-02")
            && ninja.contains("ninjaone.com/docs"),
        "{ninja}"
    );
    let (code, out, _) = cli(&["templates", "show", "ninjaone"], none);
    assert_eq!(code, 0);
    assert!(
        out.contains("disallow Contacts/Communication Type"),
        "{out}"
    );
    let (_, out, _) = cli(
        &["templates", "show", "manageengine-endpoint-central-msp"],
        none,
    );
    assert!(out.contains("Optional feature asset-sync"), "{out}");
    let (_, json, _) = cli(&["templates", "show", "cw-kanban", "--json"], none);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["revision"], "2026-12-02");
    assert_eq!(v["features"][0]["id"], "per-technician-keys");
    assert_eq!(v["feature_permissions"][0]["since"], "2020.4");
    assert_eq!(v["feature_customize"][0]["item"], "API Keys");
    assert_eq!(v["permissions"][0]["status"], "used");
    assert_eq!(v["changelog"][1]["rows"][0]["change"], "added");
}

#[test]
fn new_templates_match_their_pages_row_for_row() {
    let lib = Library::builtin().expect("templates");
    let rows = |id: &str| -> Vec<(String, Levels)> {
        lib.get(id)
            .expect(id)
            .permissions_in_catalog_order()
            .into_iter()
            .map(|p| {
                (
                    format!("{} / {}", p.function.module, p.function.function),
                    p.levels,
                )
            })
            .collect()
    };
    let want = |list: &[(&str, &str)]| -> Vec<(String, Levels)> {
        list.iter()
            .map(|(f, l)| (f.to_string(), levels(l)))
            .collect()
    };
    assert_eq!(
        rows("ninjaone"),
        want(&[
            ("Companies / Company Maintenance", "None None None All"),
            ("Companies / Configurations", "All All None All"),
            ("Companies / Contacts", "All None None All"),
            ("Finance / Agreements", "All All None All"),
            ("Procurement / Product Catalog", "None None None All"),
            ("Procurement / Products", "None None None All"),
            ("Service Desk / Close Service Tickets", "All All None All"),
            ("Service Desk / Service Tickets", "All All None All"),
            ("Service Desk / SLA Dashboard", "None None None All"),
            ("System / Table Setup", "All All None All"),
        ])
    );
    assert_eq!(
        rows("manageengine-endpoint-central-msp"),
        want(&[
            ("Companies / Company Maintenance", "None None None All"),
            ("System / Table Setup", "None None None All"),
        ])
    );
    let me = lib.get("manageengine-endpoint-central-msp").expect("me");
    let helpdesk = me.with_features(&["helpdesk"]);
    assert!(
        helpdesk
            .permissions
            .iter()
            .any(|p| p.function.function == "Service Tickets")
    );
    assert!(
        helpdesk
            .permissions
            .iter()
            .all(|p| p.function.function != "Configurations")
    );
    let umbrella = lib.get("cisco-umbrella").expect("umbrella");
    let items: Vec<&str> = umbrella.customize.iter().map(|c| c.item.as_str()).collect();
    assert_eq!(
        items,
        vec![
            "Company/Configuration",
            "Service/Priority",
            "Service/Service Board"
        ]
    );
    let chat = lib.get("cloudradial-chat").expect("chat");
    assert_eq!(chat.temporary.len(), 1, "Table Setup Add only during setup");
    assert_eq!(rows("timesanity").len(), 40, "every row Inquire All");
    assert!(
        rows("timesanity")
            .iter()
            .chain(rows("turbodocx").iter())
            .all(|(_, l)| *l == levels("None None None All")),
        "read-only templates"
    );
    for id in [
        "thread",
        "propel",
        "timesanity",
        "cyrisma",
        "visionary360-mass-maintenance",
        "turbodocx",
    ] {
        let t = lib.get(id).expect(id);
        assert_eq!(
            t.confidence,
            cw_onboard::template::Confidence::Partial,
            "{id}"
        );
        assert!(t.gaps.is_some(), "{id}");
    }
}

#[test]
fn a_feature_the_vendor_dropped_is_still_diffed() {
    // The 2026-12-10 revision dropped the "reports" feature and its row.
    let text = BASE.replacen(
        "removed = [{ module = \"Sales\", function = \"Opportunity\", levels = \"All None None All\" }]",
        "removed = [{ module = \"Sales\", function = \"Opportunity\", levels = \"All None None All\" }, { module = \"Finance\", function = \"Invoicing\", levels = \"None None None All\", feature = \"reports\" }]",
        1,
    );
    let t = parsed(&text);
    let old = t.at_revision(date("2026-11-01")).expect("older");
    assert!(
        old.feature_permissions
            .iter()
            .any(|p| p.feature.as_deref() == Some("reports"))
    );
    let d = diff_templates(&old, &t);
    let out = cw_onboard::cli::templates_cmd::diff_text(&t, date("2026-11-01"), &d);
    assert!(
        out.contains("Only if you switched on reports (no longer offered):"),
        "{out}"
    );
    assert!(
        out.contains("Finance / Invoicing: set Add None, Edit None, Delete None, Inquire None"),
        "{out}"
    );
}
