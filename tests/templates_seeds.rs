//! Every shipped template loads; each seed template matches its guide row for row (the
//! expectations below were written by reading the guides in shared/seeds/).

use cw_onboard::level::{Level, Levels};
use cw_onboard::template::{Confidence, HandoffValue, Library, Template, merge};

fn library() -> Library {
    Library::builtin().expect("every built-in template loads")
}

fn levels(text: &str) -> Levels {
    let l: Vec<Level> = text
        .split_whitespace()
        .map(|p| Level::parse(p).expect("level"))
        .collect();
    Levels::new(l[0], l[1], l[2], l[3])
}

/// (module, function, "Add Edit Delete Inquire") of every row, in catalog order.
fn rows(t: &Template) -> Vec<(String, String, Levels)> {
    t.permissions_in_catalog_order()
        .into_iter()
        .map(|p| {
            (
                p.function.module.to_string(),
                p.function.function.to_string(),
                p.levels,
            )
        })
        .collect()
}

fn expect(t: &Template, want: &[(&str, &str, &str)]) {
    let mut want: Vec<(String, String, Levels)> = want
        .iter()
        .map(|(m, f, l)| (m.to_string(), f.to_string(), levels(l)))
        .collect();
    let mut have = rows(t);
    want.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    have.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    assert_eq!(have, want, "{}", t.id);
}

#[test]
fn every_template_loads_and_says_where_it_comes_from() {
    let lib = library();
    assert!(
        lib.all().len() >= 16,
        "four seed templates and at least twelve more"
    );
    for t in lib.all() {
        assert!(!t.source.is_empty() && !t.vendor_url.is_empty(), "{}", t.id);
        assert!(
            t.permissions.iter().all(|p| !p.levels.is_none()),
            "{}: an all-None row",
            t.id
        );
        if t.confidence != Confidence::Solid {
            assert!(t.gaps.is_some(), "{}", t.id);
        }
        assert!(
            t.allow_list.note.is_some() || !t.allow_list.entries.is_empty(),
            "{}: allow-list or a note",
            t.id
        );
    }
}

#[test]
fn cw_kanban_matches_seed_004() {
    let lib = library();
    let t = lib.get("cw-kanban").expect("cw-kanban");
    expect(
        t,
        &[
            ("Companies", "Company Maintenance", "None None None All"),
            ("Companies", "CRM/Sales Activities", "None All None All"),
            ("Companies", "Manage Attachments", "None None None All"),
            ("Finance", "Agreements", "None None None All"),
            ("Project", "Close Project Tickets", "None All None All"),
            ("Project", "Project Headers", "None None None All"),
            ("Project", "Project Phase", "None None None All"),
            ("Project", "Project Scheduling", "All All All All"),
            ("Project", "Project Tickets", "None All None All"),
            ("Sales", "Closed Opportunity", "None All None All"),
            ("Sales", "Opportunity", "None All None All"),
            ("Service Desk", "Close Service Tickets", "None All None All"),
            ("Service Desk", "Resource Scheduling", "All All All All"),
            (
                "Service Desk",
                "Service Ticket - Dependencies",
                "All None None All",
            ),
            ("Service Desk", "Service Tickets", "None All None All"),
            ("System", "API Reports", "None None None All"),
            ("System", "Member Maintenance", "None None None All"),
            ("System", "Table Setup", "All None None All"),
            ("System", "My Company", "None None None All"),
            ("Time & Expense", "Time Entry", "All None None All"),
            (
                "Time & Expense",
                "Time Entry Billable Option",
                "All None None All",
            ),
        ],
    );
    let why = |f: &str| {
        t.permissions
            .iter()
            .find(|p| p.function.function == f)
            .map(|p| p.why.clone())
            .unwrap_or_default()
    };
    assert_eq!(why("Manage Attachments"), "Required to fetch member photos");
    assert!(why("Table Setup").contains("register embedded tabs"));
    assert_eq!(t.member.identifier, "kanban");
    assert_eq!(
        (t.member.first_name.as_str(), t.member.last_name.as_str()),
        ("CW Kanban", "API")
    );
    assert_eq!(t.member.level, "Corporate");
    assert_eq!(t.member.key_description, "CW Kanban");
    assert_eq!(t.role_name, "CW Kanban");
    assert!(t.allow_list.entries.is_empty());
    assert!(t.allow_list.note.as_deref().unwrap_or("").contains("ask"));
    let fields: Vec<&HandoffValue> = t.handoff.fields.iter().map(|f| &f.value).collect();
    assert_eq!(
        fields,
        vec![
            &HandoffValue::SiteUrl,
            &HandoffValue::CompanyId,
            &HandoffValue::PublicKey,
            &HandoffValue::PrivateKey
        ]
    );
    assert_eq!(
        t.handoff.portal_url.as_deref(),
        Some("https://portal.cwkanban.com/clientarea.php?action=details")
    );
    assert!(t.handoff.instructions.contains("Autotask"));
}

#[test]
fn kaseya_quote_manager_matches_seed_003() {
    let lib = library();
    let t = lib.get("kaseya-quote-manager").expect("kqm");
    let all = "All All All All";
    expect(
        t,
        &[
            ("Companies", "Company Maintenance", all),
            ("Companies", "Company/Contact Group Maintenance", all),
            ("Companies", "Contacts", all),
            ("Companies", "Notes", all),
            ("Companies", "Reports", all),
            ("Procurement", "Products", all),
            ("Procurement", "Product Catalog", all),
            ("Procurement", "Purchase Orders", all),
            ("Procurement", "Purchasing Demand", all),
            ("Procurement", "Reports", all),
            ("Sales", "Closed Opportunity", all),
            ("Sales", "Opportunity", all),
            ("Sales", "Reports", all),
            ("Sales", "Sales Orders", all),
            ("Service Desk", "Close Service Tickets", all),
            ("Service Desk", "Merge Tickets", all),
            ("Service Desk", "Reports", all),
            ("Service Desk", "Service Ticket - Dependencies", all),
            ("Service Desk", "Service Tickets", all),
            ("Service Desk", "Service Tickets - Finance", all),
            ("System", "API Reports", all),
            ("System", "Member Maintenance", all),
            ("System", "My Account", all),
            ("System", "My Company", all),
            ("System", "System Reports", all),
            ("System", "Table Setup", all),
        ],
    );
    assert!(t.member.location_required && t.member.business_unit_required);
    let notes = t.notes.join(" ");
    assert!(notes.contains("api-"), "the api- URL note");
    assert!(
        notes.contains("purchase demands"),
        "the purchase-demand note"
    );
    assert!(
        notes.contains("does not split") || notes.contains("without splitting"),
        "says the guide gives no columns"
    );
}

#[test]
fn binoxmsp_matches_seed_002() {
    let lib = library();
    let t = lib.get("binoxmsp").expect("binox");
    let ae = "All All None All";
    let ai = "All None None All";
    expect(
        t,
        &[
            ("Companies", "Company Maintenance", ae),
            ("Companies", "Company/Contact Group Maintenance", ae),
            ("Companies", "Contacts", ae),
            ("Companies", "CRM/Sales Activities", ae),
            ("Companies", "Import Contacts", ae),
            ("Companies", "Management", ae),
            ("Companies", "Notes", ae),
            ("Companies", "Reports", ae),
            ("Companies", "Team Members", ae),
            ("Finance", "Agreement Invoicing", ai),
            ("Finance", "Agreement Sales", ai),
            ("Finance", "Invoicing", ai),
            ("Procurement", "Product Billable Option", ai),
            ("Procurement", "Product Catalog", ai),
            ("Procurement", "Products", ai),
            ("Sales", "Closed Opportunity", ae),
            ("Sales", "Opportunity", ae),
            ("Sales", "Opportunity Finance", ae),
            ("System", "My Company", ae),
            ("System", "Table Setup", "None None None All"),
        ],
    );
    assert_eq!(t.member.key_description, "BinoxMSP");
    assert!(t.handoff.instructions.contains("do not email"));
}

#[test]
fn connectbooster_carries_the_sso_steps_and_validates_the_portal_url() {
    let lib = library();
    let t = lib.get("connectbooster").expect("connectbooster");
    assert!(
        t.permissions.is_empty(),
        "the guides define no security role"
    );
    let ids: Vec<&str> = t.manual_steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "enable-sso",
            "link-portal",
            "billing-admin",
            "client-profiles",
            "troubleshooting"
        ]
    );
    assert!(
        t.manual_steps[0]
            .instructions
            .contains("ConnectWise Portal")
    );
    let input = &t.manual_steps[1].inputs[0];
    assert!(
        input
            .validate("https://acme.connectboosterportal.com")
            .is_ok()
    );
    assert!(
        input
            .validate("https://acme.connectboosterportal.com/")
            .is_err()
    );
    assert!(
        input
            .validate("http://acme.connectboosterportal.com")
            .is_err()
    );
    assert!(input.validate("https://acme.example.com").is_err());
    assert!(
        t.manual_steps[3].instructions.contains("Dashboard")
            && t.manual_steps[3].instructions.contains("Service")
    );
    assert!(t.manual_steps[4].instructions.contains("Revoke Access"));
}

#[test]
fn merging_takes_the_highest_level_and_unites_the_rest() {
    let lib = library();
    let kanban = lib.get("cw-kanban").expect("kanban");
    let smileback = lib.get("smileback").expect("smileback");
    let m = merge(&[kanban, smileback]);
    let row = |f: &str| {
        m.permissions
            .iter()
            .find(|p| p.function.function == f)
            .map(|p| p.levels)
    };
    // Kanban: Service Tickets None All None All; SmileBack: All All None All.
    assert_eq!(row("Service Tickets"), Some(levels("All All None All")));
    assert_eq!(row("Surveys"), Some(levels("All None None All")));
    assert!(
        m.customize
            .iter()
            .any(|c| c.item == "Service/Service Board")
    );
    assert!(m.role_name_needs_confirmation);
    assert!(m.role_name.chars().count() <= 30);
    assert_eq!(m.allow_lists.len(), 2);
    let rewst = lib.get("rewst").expect("rewst");
    assert_eq!(rewst.allow_list.entries.len(), 12);
    assert!(
        rewst
            .allow_list
            .entries
            .iter()
            .all(|e| !e.source.is_empty())
    );
}
