use super::*;
use std::collections::HashSet;

#[test]
fn every_module_has_functions_and_no_row_repeats() {
    for module in MODULES {
        assert!(CATALOG.iter().any(|e| e.module == module), "{module}");
    }
    let mut seen = HashSet::new();
    for e in CATALOG {
        assert!(MODULES.contains(&e.module), "{}", e.module);
        assert!(
            seen.insert((e.module, e.function)),
            "{} / {}",
            e.module,
            e.function
        );
    }
}

#[test]
fn no_two_functions_guard_the_same_resource() {
    let mut seen = HashSet::new();
    for probe in CATALOG.iter().filter_map(|e| e.probe) {
        assert!(
            seen.insert(probe.path.to_ascii_lowercase()),
            "{}",
            probe.path
        );
    }
}

#[test]
fn the_seed_002_module_sizes_hold() {
    let count = |m: &str| CATALOG.iter().filter(|e| e.module == m).count();
    assert_eq!(count("Companies"), 15);
    assert_eq!(count("Finance"), 13);
    assert_eq!(count("Marketing"), 4);
    assert_eq!(count("Procurement"), 12);
    assert_eq!(count("Project"), 16);
    assert_eq!(count("Sales"), 8);
    assert_eq!(count("Service Desk"), 19);
    assert_eq!(count("System"), 22);
    assert_eq!(count("Time & Expense"), 8);
}

#[test]
fn renamed_functions_are_known_by_both_names_and_by_version() {
    let catalog = exact("Procurement", "Product Catalog");
    assert!(catalog.is_some());
    assert_eq!(by_any_name("procurement", "Product Entry"), catalog);
    assert_eq!(by_any_name("Procurement", "Product Catalog"), catalog);
    assert_eq!(
        current_name("Procurement", "product entry"),
        "Product Catalog"
    );
    assert_eq!(current_name("Sales", "Product Entry"), "Product Entry");
    let f = catalog.copied().unwrap_or(CATALOG[0]);
    assert_eq!(name_in_version(&f, "v2017.3"), "Product Entry");
    assert_eq!(name_in_version(&f, "v2017.5"), "Product Catalog");
    assert_eq!(name_in_version(&f, "2025.1"), "Product Catalog");
    assert_eq!(name_in_version(&f, "v4.6.38842"), "Product Catalog");
    for a in ALIASES {
        assert!(exact(a.module, a.function).is_some(), "{}", a.function);
        assert!(
            exact(a.module, a.old).is_none(),
            "{} is not also current",
            a.old
        );
    }
}

#[test]
fn probes_resolve_to_their_function() {
    let e = guarding_function("/COMPANY/companies/").map(|e| e.function);
    assert_eq!(e, Some("Company Maintenance"));
    assert!(guarding_function("/system/info").is_none());
}
