//! Functions ConnectWise renamed between releases: an older instance reports the former name
//! ("Product Entry" before 2017.5), and the role checklist and key checks still match it to
//! the catalog's current name ("Product Catalog"), both ways; the checklist, the batch list and
//! verify name the row as that instance does ("Product Entry (Product Catalog)").

use cw_onboard::app::facts::LiveRow;
use cw_onboard::app::verify::{RowState, checklist};
use cw_onboard::level::Levels;
use cw_onboard::template::catalog::{by_any_name, name_in_version};
use cw_onboard::template::{Library, merge};

fn live(template: &cw_onboard::template::Template, rename: bool) -> Vec<LiveRow> {
    template
        .permissions
        .iter()
        .map(|p| LiveRow {
            module: p.function.module.to_string(),
            function: if rename {
                name_in_version(p.function, "v2017.3").to_string()
            } else {
                p.function.function.to_string()
            },
            levels: p.levels,
        })
        .collect()
}

#[test]
fn an_old_instance_reporting_product_entry_matches_product_catalog() {
    let lib = Library::builtin().expect("templates");
    let t = lib.get("commvault").expect("commvault");
    assert!(
        t.permissions
            .iter()
            .any(|p| p.function.function == "Product Catalog"),
        "the template asks for Product Catalog"
    );
    let merged = merge(&[t]);
    let rows = live(t, true);
    assert!(
        rows.iter().any(|r| r.function == "Product Entry"),
        "a 2017.3 instance says Product Entry"
    );
    let list = checklist(&merged, Some(&rows));
    let catalog_row = list
        .iter()
        .find(|r| r.function.function == "Product Catalog")
        .expect("row");
    assert_eq!(catalog_row.state, RowState::Matches, "{catalog_row:?}");
    assert!(
        list.iter().all(|r| r.state == RowState::Matches),
        "{list:?}"
    );
}

#[test]
fn a_current_name_is_still_matched_and_an_unknown_one_is_missing() {
    let lib = Library::builtin().expect("templates");
    let t = lib.get("commvault").expect("commvault");
    let merged = merge(&[t]);
    let mut rows = live(t, false);
    let list = checklist(&merged, Some(&rows));
    assert!(list.iter().all(|r| r.state == RowState::Matches));
    for r in &mut rows {
        if r.function == "Product Catalog" {
            r.function = "Product Shelf".into();
            r.levels = Levels::NONE;
        }
    }
    let list = checklist(&merged, Some(&rows));
    let row = list
        .iter()
        .find(|r| r.function.function == "Product Catalog")
        .expect("row");
    assert_eq!(row.state, RowState::Missing);
    assert_eq!(
        by_any_name("Procurement", "Product Entry").map(|f| f.function),
        Some("Product Catalog")
    );
}

#[test]
fn an_old_instance_sees_its_own_name_first() {
    use cw_onboard::template::catalog::{exact, label_in_version, rename_note};
    let f = exact("Procurement", "Product Catalog").expect("catalog");
    assert_eq!(
        label_in_version(f, "v2017.3"),
        "Product Entry (Product Catalog)"
    );
    assert_eq!(label_in_version(f, "v2017.5"), "Product Catalog");
    assert_eq!(
        label_in_version(f, ""),
        "Product Catalog",
        "version unknown"
    );
    assert_eq!(
        rename_note(f, "v2017.3").as_deref(),
        Some(
            "This instance (v2017.3) calls it Product Entry; ConnectWise renamed it Product Catalog in 2017.5."
        )
    );
    assert_eq!(rename_note(f, "v2025.1"), None);
    let other = exact("Companies", "Company Maintenance").expect("catalog");
    assert_eq!(label_in_version(other, "v2017.3"), "Company Maintenance");
}

#[test]
fn verify_names_the_row_as_the_old_instance_does() {
    use cw_onboard::app::facts::KeyFacts;
    use cw_onboard::app::verify::key_checks;
    let lib = Library::builtin().expect("templates");
    let t = lib.get("commvault").expect("commvault");
    let merged = merge(&[t]);
    // What the key of an instance at `rename`'s version sees, with the renamed row at None.
    let checks_with = |rename: bool| {
        let mut security = live(t, rename);
        for r in &mut security {
            if r.function == "Product Entry" || r.function == "Product Catalog" {
                r.levels = Levels::NONE;
            }
        }
        let facts = KeyFacts {
            authenticated: true,
            security,
            ..Default::default()
        };
        key_checks(&merged, "", &facts)
    };
    let checks = checks_with(true);
    let failed = checks
        .iter()
        .find(|c| c.id.contains("Product Catalog"))
        .expect("the row's check");
    assert!(
        failed
            .label
            .contains("Procurement / Product Entry (Product Catalog)"),
        "{failed:?}"
    );
    assert!(
        failed
            .advice
            .as_deref()
            .is_some_and(|a| a.contains("set Procurement / Product Entry (Product Catalog) to")),
        "{failed:?}"
    );
    // A current instance keeps the catalog's name.
    let checks = checks_with(false);
    assert!(
        checks
            .iter()
            .any(|c| c.label.starts_with("Procurement / Product Catalog is")),
        "{checks:?}"
    );
}

#[test]
fn the_full_screen_checklist_shows_the_old_instance_s_name() {
    use cw_onboard::app::Wizard;
    use cw_onboard::app::facts::InstanceFacts;
    use cw_onboard::app::setup::Setup;
    use cw_onboard::ui::{Theme, draw};
    let lib = Library::builtin().expect("templates");
    let old = InstanceFacts {
        company_name: "Old MSP".into(),
        version: "v2017.3".into(),
        is_cloud: false,
        codebase: "v2017_3/".into(),
        api_url: "http://127.0.0.1:1/v2017_3/apis/3.0/".into(),
        site_notes: vec![],
    };
    let setup = Setup {
        site: "127.0.0.1:1".into(),
        company: "demomsp".into(),
        client_id: cw_onboard::ui::gallery::CLIENT_ID.into(),
        templates: vec!["commvault".into()],
        instance: Some(old.clone()),
        step: Some(cw_onboard::app::setup::StepId::Role),
        ..Setup::default()
    };
    // On step 1 with the template merged, as a resume there finds it.
    let mut w = cw_onboard::ui::gallery::Driver::over(Wizard::new(lib, setup, false));
    w.send(cw_onboard::app::msg::Msg::Resize {
        width: 120,
        height: 40,
    });
    // Step 0 again (admin keys are never stored): the instance checked, then on.
    w.press("<enter>");
    w.answer(
        |e| matches!(e, cw_onboard::app::msg::Effect::Discover { .. }),
        cw_onboard::app::msg::Outcome::Discovered(Ok(old)),
    );
    w.press("<c-n>");
    assert_eq!(w.step, cw_onboard::app::setup::StepId::Role);
    // The cursor moves to the row with the keys.
    let row = |w: &Wizard| {
        w.role
            .rows(w.merged.as_ref())
            .get(w.role.checklist().map_or(0, |c| c.cursor))
            .map(|r| r.function.function)
    };
    for _ in 0..w.role.rows(w.merged.as_ref()).len() {
        if row(&w) == Some("Product Catalog") {
            break;
        }
        w.press("<down>");
    }
    assert_eq!(row(&w), Some("Product Catalog"));
    let area = ratatui::layout::Rect::new(0, 0, 120, 40);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    draw(&w, &Theme::plain(), area, &mut buf);
    let text: String = (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                + "\n"
        })
        .collect();
    assert!(text.contains("Product Entry (Product Catalog)"), "{text}");
    assert!(
        text.contains("This instance (v2017.3) calls it Product Entry"),
        "{text}"
    );
}
