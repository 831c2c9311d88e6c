//! Pure tests of the audit: one per finding kind, and a clean instance that reports none.

use super::*;
use crate::app::facts::{LiveRow, Pick};
use crate::level::{Level, Levels};
use crate::template::Library;
use crate::template::catalog::CATALOG;

fn library() -> Library {
    Library::builtin().unwrap()
}

fn rows(lib: &Library, id: &str) -> Vec<LiveRow> {
    lib.get(id)
        .unwrap()
        .permissions
        .iter()
        .map(|p| LiveRow {
            module: p.function.module.into(),
            function: p.function.function.into(),
            levels: p.levels,
        })
        .collect()
}

fn role(id: u32, name: &str, settings: Vec<LiveRow>) -> RoleInventory {
    RoleInventory {
        id,
        name: name.into(),
        admin_flag: false,
        inactive: false,
        settings: Some(settings),
    }
}

fn member(id: u32, identifier: &str, role: Option<(u32, &str)>) -> ApiMemberFacts {
    ApiMemberFacts {
        id,
        identifier: identifier.into(),
        name: identifier.into(),
        inactive: false,
        role: role.map(|(id, name)| Pick {
            id,
            name: name.into(),
        }),
        level: Some(Pick {
            id: 1,
            name: "Corporate".into(),
        }),
        admin_flag: false,
    }
}

fn setup(id: &str, template: &str, m: &ApiMemberFacts) -> LocalSetup {
    LocalSetup {
        id: id.into(),
        company: "demomsp".into(),
        templates: vec![template.into()],
        member_identifier: m.identifier.clone(),
        member_id: Some(m.id),
        role_name: m.role.as_ref().map(|r| r.name.clone()).unwrap_or_default(),
        role_id: m.role.as_ref().map(|r| r.id),
    }
}

/// One Kanban member on an exact Kanban role, with a setup on this machine.
fn clean(lib: &Library) -> Inventory {
    let kanban = member(10, "kanban", Some((20, "CW Kanban")));
    Inventory {
        instance: InstanceSummary {
            company: "demomsp".into(),
            ..Default::default()
        },
        setups: vec![setup("demomsp-cw-kanban", "cw-kanban", &kanban)],
        members: vec![kanban],
        roles: vec![role(20, "CW Kanban", rows(lib, "cw-kanban"))],
        integrator_logins: vec![IntegratorLoginFacts {
            id: 1,
            username: "tickets".into(),
            apis: vec!["Service Ticket".into()],
            ..Default::default()
        }],
    }
}

fn codes(report: &Report) -> Vec<(Code, Severity, String)> {
    report
        .findings
        .iter()
        .map(|f| (f.code, f.severity, f.subject.clone()))
        .collect()
}

#[test]
fn a_clean_instance_reports_nothing() {
    let lib = library();
    let report = audit(&clean(&lib), lib.all());
    assert_eq!(codes(&report), vec![]);
    let m = &report.members[0];
    assert_eq!(m.template.as_deref(), Some("cw-kanban"));
    assert!(m.missing.is_empty() && m.extra.is_empty());
    assert!(report.worst().is_none());
}

#[test]
fn an_admin_role_is_high() {
    let lib = library();
    let mut inv = clean(&lib);
    let all = CATALOG
        .iter()
        .map(|f| LiveRow {
            module: f.module.into(),
            function: f.function.into(),
            levels: Levels::uniform(Level::All),
        })
        .collect();
    inv.roles[0] = role(20, "Integrations Admin", all);
    inv.setups[0].templates.clear();
    let report = audit(&inv, lib.all());
    assert_eq!(
        codes(&report),
        vec![(Code::AdminRights, Severity::High, "member kanban".into())]
    );
    assert!(
        report.findings[0].message.contains("Security Roles"),
        "{}",
        report.findings[0].message
    );
    assert_eq!(report.members[0].template, None);
    // Named Admin, or flagged, is enough; Inquire alone on the two rows is not.
    let mut named = clean(&lib);
    named.roles[0].name = "Admin".into();
    assert_eq!(audit(&named, lib.all()).findings[0].code, Code::AdminRights);
    let mut flagged = clean(&lib);
    flagged.roles[0].admin_flag = true;
    assert_eq!(
        audit(&flagged, lib.all()).findings[0].code,
        Code::AdminRights
    );
    let mut inquire = clean(&lib);
    inquire.roles[0].settings.as_mut().unwrap().push(LiveRow {
        module: "System".into(),
        function: "Member Maintenance".into(),
        levels: Levels::new(Level::None, Level::None, Level::None, Level::All),
    });
    assert!(
        audit(&inquire, lib.all())
            .findings
            .iter()
            .all(|f| f.code != Code::AdminRights)
    );
}

#[test]
fn extra_rows_are_listed() {
    let lib = library();
    let mut inv = clean(&lib);
    inv.roles[0].settings.as_mut().unwrap().push(LiveRow {
        module: "Finance".into(),
        function: "Invoicing".into(),
        levels: Levels::uniform(Level::All),
    });
    let report = audit(&inv, lib.all());
    assert_eq!(
        codes(&report),
        vec![(
            Code::RoleExceedsTemplate,
            Severity::Medium,
            "member kanban".into()
        )]
    );
    assert!(report.findings[0].message.contains("Finance / Invoicing"));
    assert_eq!(report.members[0].extra.len(), 1);
    assert_eq!(report.members[0].extra[0].add, Level::All);
    // Missing rows are reported as rows, not as a finding of this kind.
    let mut low = clean(&lib);
    low.roles[0].settings.as_mut().unwrap().remove(0);
    let report = audit(&low, lib.all());
    assert_eq!(report.members[0].missing.len(), 1);
}

#[test]
fn a_role_shared_by_two_integrations() {
    let lib = library();
    let mut inv = clean(&lib);
    let hudu = member(11, "hudu", Some((20, "CW Kanban")));
    inv.setups.push(setup("demomsp-hudu", "hudu", &hudu));
    inv.members.push(hudu);
    let report = audit(&inv, lib.all());
    let shared: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == Code::RoleShared)
        .collect();
    assert_eq!(shared.len(), 1);
    assert_eq!(
        (shared[0].severity, shared[0].subject.as_str()),
        (Severity::Medium, "role CW Kanban")
    );
    // Two members of the same integration share nothing worth a finding.
    let mut same = clean(&lib);
    let second = member(12, "kanban2", Some((20, "CW Kanban")));
    same.setups
        .push(setup("demomsp-cw-kanban-2", "cw-kanban", &second));
    same.members.push(second);
    assert!(audit(&same, lib.all()).findings.is_empty());
}

#[test]
fn inactive_with_role_and_active_without() {
    let lib = library();
    let mut inv = clean(&lib);
    inv.members[0].inactive = true;
    inv.setups.clear();
    let mut orphan = member(13, "orphan", None);
    orphan.level = None;
    inv.setups.push(setup("demomsp-x", "cw-kanban", &orphan));
    inv.setups[0].role_id = None;
    inv.members.push(orphan);
    let report = audit(&inv, lib.all());
    assert_eq!(
        codes(&report),
        vec![
            (
                Code::MemberWithoutRole,
                Severity::Medium,
                "member orphan".into()
            ),
            (
                Code::InactiveMemberHasRole,
                Severity::Low,
                "member kanban".into()
            ),
        ]
    );
}

#[test]
fn level_not_corporate() {
    let lib = library();
    let mut inv = clean(&lib);
    inv.members[0].level = Some(Pick {
        id: 2,
        name: "Location".into(),
    });
    let report = audit(&inv, lib.all());
    assert_eq!(
        codes(&report),
        vec![(
            Code::LevelNotCorporate,
            Severity::Medium,
            "member kanban".into()
        )]
    );
    assert!(report.findings[0].message.contains("Location"));
}

#[test]
fn integrator_logins_with_all_access() {
    let lib = library();
    let mut inv = clean(&lib);
    inv.integrator_logins.push(IntegratorLoginFacts {
        id: 2,
        username: "legacy".into(),
        all_apis: true,
        ..Default::default()
    });
    inv.integrator_logins.push(IntegratorLoginFacts {
        id: 3,
        username: "retired".into(),
        all_records: true,
        inactive: true,
        ..Default::default()
    });
    let report = audit(&inv, lib.all());
    assert_eq!(
        codes(&report),
        vec![(
            Code::IntegratorLoginBroad,
            Severity::High,
            "integrator login legacy".into()
        )]
    );
}

#[test]
fn drift_of_a_local_setup() {
    let lib = library();
    // The member moved to another role.
    let mut inv = clean(&lib);
    inv.roles.push(role(21, "Other", rows(&lib, "cw-kanban")));
    inv.members[0].role = Some(Pick {
        id: 21,
        name: "Other".into(),
    });
    let report = audit(&inv, lib.all());
    assert_eq!(
        codes(&report),
        vec![(
            Code::SetupDrift,
            Severity::Medium,
            "setup demomsp-cw-kanban".into()
        )]
    );
    assert!(report.findings[0].message.contains("now on role Other"));
    assert_eq!(report.members[0].findings.len(), 1);
    // The member is gone.
    let mut gone = clean(&lib);
    gone.members.clear();
    let report = audit(&gone, lib.all());
    assert_eq!(
        codes(&report),
        vec![(
            Code::SetupDrift,
            Severity::Medium,
            "setup demomsp-cw-kanban".into()
        )]
    );
    assert!(report.findings[0].message.contains("is gone"));
}

#[test]
fn a_member_without_a_setup_is_offered_adoption() {
    let lib = library();
    let mut inv = clean(&lib);
    inv.setups.clear();
    let report = audit(&inv, lib.all());
    assert_eq!(
        codes(&report),
        vec![(Code::MemberUnmanaged, Severity::Low, "member kanban".into())]
    );
    assert!(
        report.findings[0]
            .message
            .contains("cw-onboard new --adopt kanban")
    );
    // Still matched by its rows.
    assert_eq!(report.members[0].template.as_deref(), Some("cw-kanban"));
}

#[test]
fn members_sort_worst_first() {
    let lib = library();
    let mut inv = clean(&lib);
    inv.roles.push(RoleInventory {
        admin_flag: true,
        ..role(1, "Admin", vec![])
    });
    inv.members
        .push(member(14, "aaa-quiet", Some((20, "CW Kanban"))));
    inv.members
        .push(member(15, "zzz-admin", Some((1, "Admin"))));
    let report = audit(&inv, lib.all());
    assert_eq!(report.members[0].identifier, "zzz-admin");
    assert_eq!(report.worst(), Some(Severity::High));
}

#[test]
fn json_has_exactly_the_issue_shape() {
    let lib = library();
    let mut inv = clean(&lib);
    inv.roles[0].settings.as_mut().unwrap().push(LiveRow {
        module: "Finance".into(),
        function: "Invoicing".into(),
        levels: Levels::uniform(Level::All),
    });
    let v = render::json(&audit(&inv, lib.all()));
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        keys(&v),
        [
            "findings",
            "instance",
            "integrator_logins",
            "members",
            "roles"
        ]
    );
    let m = &v["members"][0];
    assert_eq!(
        keys(m),
        [
            "extra",
            "findings",
            "identifier",
            "inactive",
            "missing",
            "role",
            "template"
        ]
    );
    assert_eq!(
        keys(&m["extra"][0]),
        ["add", "delete", "edit", "function", "inquire", "module"]
    );
    assert_eq!(m["extra"][0]["add"], "All");
    assert_eq!(
        keys(&v["findings"][0]),
        ["code", "message", "severity", "subject"]
    );
    assert_eq!(v["findings"][0]["code"], "role-exceeds-template");
    assert_eq!(v["findings"][0]["severity"], "medium");
}

#[test]
fn plain_and_markdown_say_the_same() {
    let lib = library();
    let mut inv = clean(&lib);
    inv.setups.clear();
    inv.members[0].identifier = "pipe|bot".into();
    let report = audit(&inv, lib.all());
    let plain = render::plain(&report);
    assert!(
        plain.contains("low    member-unmanaged member pipe|bot"),
        "{plain}"
    );
    assert!(
        plain.contains("Findings: 0 high, 0 medium, 1 low"),
        "{plain}"
    );
    let md = render::markdown(&report, "2026-12-02");
    assert!(
        md.contains("| low | `member-unmanaged` | member pipe\\|bot |"),
        "{md}"
    );
    assert!(md.starts_with("# ConnectWise API access audit"));
    let clean_md = render::markdown(&audit(&clean(&lib), lib.all()), "2026-12-02");
    assert!(clean_md.contains("**Findings: no findings.**"));
}

#[test]
fn a_managed_role_missing_rows_is_drift_and_an_admin_flagged_member_is_high() {
    let lib = library();
    let mut inv = clean(&lib);
    inv.roles[0].settings.as_mut().unwrap().remove(0);
    let report = audit(&inv, lib.all());
    assert_eq!(
        codes(&report),
        vec![(
            Code::SetupDrift,
            Severity::Medium,
            "setup demomsp-cw-kanban".into()
        )]
    );
    assert!(
        report.findings[0].message.contains("lacks 1 row"),
        "{}",
        report.findings[0].message
    );
    let mut flagged = clean(&lib);
    flagged.members[0].admin_flag = true;
    assert_eq!(
        codes(&audit(&flagged, lib.all())),
        vec![(Code::AdminRights, Severity::High, "member kanban".into())]
    );
}
