//! Template drift: the recorded revision of a setup against the template now, and how `verify`
//! tells it apart from instance drift (pure: no sandbox; `verify_cmd.rs` runs it end to end).

use cw_onboard::level::{Level, Levels};
use cw_onboard::template::{Library, Template, merge, parse_template, template_drift};

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

#[test]
fn template_drift_compares_the_merged_lists_with_the_recorded_features() {
    let t = parsed(BASE);
    let then = t.at_revision(date("2026-11-01")).expect("older");
    let drift = template_drift(&merge(&[&then]), &merge(&[&t]));
    assert_eq!(drift.rows.len(), 3);
    // A feature switched on both then and now is no drift.
    let (then_on, now_on) = (
        then.with_features(&["billing"]),
        t.with_features(&["billing"]),
    );
    let drift_on = template_drift(&merge(&[&then_on]), &merge(&[&now_on]));
    assert_eq!(drift_on.rows.len(), 3);
    assert!(
        drift_on
            .rows
            .iter()
            .all(|r| r.function.function != "Agreements")
    );
    // No change: no drift.
    assert!(template_drift(&merge(&[&t]), &merge(&[&t])).is_empty());
}

#[test]
fn then_and_now_uses_the_recorded_revision_and_features() {
    let t = parsed(BASE);
    let (then, now, pairs, notes) = cw_onboard::template::revision::then_and_now(&[&t], |_| {
        Some((date("2026-11-01"), vec!["billing".to_string()]))
    });
    assert!(notes.is_empty());
    assert_eq!(pairs[0].recorded, Some(date("2026-11-01")));
    assert!(
        then[0]
            .permissions
            .iter()
            .any(|p| p.function.function == "Opportunity")
    );
    assert!(
        now[0]
            .permissions
            .iter()
            .any(|p| p.function.function == "Agreements")
    );
    // A recorded revision newer than the file (an older user file): a note, taken as now.
    let (then, _, _, notes) = cw_onboard::template::revision::then_and_now(&[&t], |_| {
        Some((date("2030-01-01"), Vec::new()))
    });
    assert_eq!(notes.len(), 1);
    assert_eq!(then[0].revision, t.revision);
}

/// Key facts where the role has exactly the template's rows and `allowed` customize items.
fn facts_for(
    merged: &cw_onboard::template::MergedTemplate,
    allowed: &[(&str, &str)],
) -> cw_onboard::app::facts::KeyFacts {
    cw_onboard::app::facts::KeyFacts {
        authenticated: true,
        security: merged
            .permissions
            .iter()
            .map(|p| cw_onboard::app::facts::LiveRow {
                module: p.function.module.into(),
                function: p.function.function.into(),
                levels: p.levels,
            })
            .collect(),
        customize: allowed
            .iter()
            .map(|(c, i)| (c.to_string(), i.to_string()))
            .collect(),
        ..Default::default()
    }
}

#[test]
fn a_disallowed_customize_item_passes_only_when_the_role_does_not_allow_it() {
    use cw_onboard::app::setup::CheckStatus;
    let lib = Library::builtin().expect("templates");
    let ninja = lib.get("ninjaone").expect("ninjaone");
    let merged = merge(&[ninja]);
    let status = |allowed: &[(&str, &str)]| {
        let checks = cw_onboard::app::verify::key_checks(&merged, "", &facts_for(&merged, allowed));
        checks
            .into_iter()
            .find(|c| c.id == "customize:SystemTableSetup/General/StsClient")
            .map(|c| (c.status, c.label, c.advice))
            .expect("the disallow check")
    };
    let (ok, label, _) = status(&[("SystemTableSetup", "Service/Service Board")]);
    assert_eq!(ok, CheckStatus::Pass);
    assert!(label.contains("disallows"), "{label}");
    let (bad, _, advice) = status(&[("SystemTableSetup", "General/StsClient")]);
    assert_eq!(bad, CheckStatus::Fail);
    assert!(
        advice
            .unwrap_or_default()
            .contains("Disallow access to these"),
        "says which box"
    );
}

#[test]
fn verify_separates_template_drift_from_instance_drift() {
    use cw_onboard::app::drift::{drift_kind, separate_template_drift};
    use cw_onboard::app::setup::CheckStatus;
    use cw_onboard::app::verify::key_checks;
    let t = parsed(BASE);
    let then = t.at_revision(date("2026-11-01")).expect("older");
    let (old, now) = (merge(&[&then]), merge(&[&t]));
    let drift = template_drift(&old, &now);
    // The role as it was set up (the old list), with Service Board allowed.
    let mut facts = facts_for(&old, &[("SystemTableSetup", "Service/Service Board")]);
    // Someone also raised Table Setup: instance drift.
    if let Some(r) = facts
        .security
        .iter_mut()
        .find(|r| r.function == "Table Setup")
    {
        r.levels = levels("All None None All");
    }
    let checks = separate_template_drift(
        key_checks(&now, "", &facts),
        &drift,
        "my-tool 2026-11-01 -> 2026-12-10",
    );
    let kind = |id: &str| {
        checks
            .iter()
            .find(|c| c.id == id)
            .and_then(drift_kind)
            .unwrap_or("none")
    };
    assert_eq!(
        kind("template-drift:Service Desk / SLA Dashboard"),
        "template"
    );
    assert_eq!(kind("template-drift:Sales / Opportunity"), "template");
    assert_eq!(kind("template-drift:Companies / Contacts"), "template");
    assert_eq!(kind("permission:System / Table Setup"), "instance");
    assert!(
        checks.iter().all(|c| !c.id.starts_with("permission:Sales")
            && !c.id.starts_with("permission:Service Desk")),
        "a template-drift row is not reported twice"
    );
    let instance = checks
        .iter()
        .find(|c| c.id == "permission:System / Table Setup")
        .expect("instance row");
    assert!(
        instance.label.starts_with("Instance drift: "),
        "{}",
        instance.label
    );
    let summary = checks
        .iter()
        .find(|c| c.id == "permissions")
        .expect("summary");
    assert_eq!(
        summary.status,
        CheckStatus::Warn,
        "only the raised row is left: {}",
        summary.detail
    );
    assert!(
        summary.detail.contains("template drift: "),
        "{}",
        summary.detail
    );
    // Once the role has the new list, the template's changes are passes.
    let applied = facts_for(&now, &[("SystemTableSetup", "Service/Service Board")]);
    let checks = separate_template_drift(key_checks(&now, "", &applied), &drift, "x");
    assert!(
        checks
            .iter()
            .filter(|c| c.id.starts_with("template-drift:"))
            .all(|c| c.status == CheckStatus::Pass),
        "{checks:#?}"
    );
    // Without live facts (no key), every change is template drift.
    let checks = separate_template_drift(Vec::new(), &drift, "x");
    assert_eq!(
        checks
            .iter()
            .filter(|c| drift_kind(c) == Some("template"))
            .count(),
        4
    );
}

#[test]
fn a_setup_switches_features_on_by_name_and_records_them() {
    use cw_onboard::app::setup::Setup;
    let lib = Library::builtin().expect("templates");
    let kanban = lib.get("cw-kanban").expect("kanban");
    let li = lib.get("lifecycle-insights").expect("li");
    let mut setup = Setup::default();
    setup
        .choose_features(
            &[kanban, li],
            &[
                "per-technician-keys".into(),
                "lifecycle-insights:opportunities".into(),
            ],
        )
        .expect("known features");
    let v = &setup.template_versions["cw-kanban"];
    assert_eq!(v.revision, kanban.revision);
    assert!(v.features.contains("per-technician-keys"));
    assert!(
        setup.template_versions["lifecycle-insights"]
            .features
            .contains("opportunities")
    );
    let on = setup.with_recorded_features(kanban);
    assert!(
        on.permissions
            .iter()
            .any(|p| p.function.function == "Billing View Time")
    );
    assert!(on.customize.iter().any(|c| c.item == "API Keys"));
    // Recording the chosen templates keeps the features.
    setup.record_template_versions(&[kanban, li]);
    assert!(
        setup.template_versions["cw-kanban"]
            .features
            .contains("per-technician-keys")
    );
    // Unknown: the error lists what there is.
    let err = Setup::default()
        .choose_features(&[kanban], &["opportunities".into()])
        .expect_err("not a kanban feature");
    assert!(err.contains("cw-kanban:per-technician-keys"), "{err}");
    let err = Setup::default()
        .choose_features(&[lib.get("hudu").expect("hudu")], &["x".into()])
        .expect_err("none");
    assert!(err.contains("no optional features"), "{err}");
    // The setup record keeps them across a save (serde round trip).
    let json = serde_json::to_string(&setup).expect("json");
    let back: Setup = serde_json::from_str(&json).expect("back");
    assert_eq!(back.template_versions, setup.template_versions);
    // An older record without the field still reads.
    let old: Setup =
        serde_json::from_str(&json.replace("\"template_versions\"", "\"ignored_field\""))
            .expect("old");
    assert!(old.template_versions.is_empty());
}

#[test]
fn the_wizard_merges_the_recorded_features() {
    use cw_onboard::app::setup::Setup;
    let lib = Library::builtin().expect("templates");
    let kanban = lib.get("cw-kanban").expect("kanban").clone();
    let mut setup = Setup {
        templates: vec!["cw-kanban".into()],
        ..Setup::default()
    };
    setup
        .choose_features(&[&kanban], &["per-technician-keys".into()])
        .expect("feature");
    let w = cw_onboard::app::Wizard::new(lib.clone(), setup, false);
    let merged = w.merged.as_ref().expect("merged");
    assert!(
        merged
            .permissions
            .iter()
            .any(|p| p.function.function == "Billing View Time")
    );
    let plain = cw_onboard::app::Wizard::new(
        lib,
        Setup {
            templates: vec!["cw-kanban".into()],
            ..Setup::default()
        },
        false,
    );
    let merged = plain.merged.as_ref().expect("merged");
    assert!(
        merged
            .permissions
            .iter()
            .all(|p| p.function.function != "Billing View Time")
    );
}
