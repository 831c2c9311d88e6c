//! Functions ConnectWise renamed between releases: an older instance reports the former name
//! ("Product Entry" before 2017.5), and the role checklist and key checks still match it to
//! the catalog's current name ("Product Catalog"), both ways.

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
