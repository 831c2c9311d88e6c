//! The client against the sandbox on 127.0.0.1: every call, every error kind, paging past 1000
//! rows. Its faults (retries, timeouts, TLS) are in `cw_client_faults.rs`.

mod support;

use cw_onboard::cw::site::parse_site;
use cw_onboard::cw::{ApiMember, CwError, ErrorKind, HttpSettings, PatchOp, Reference, discovery};
use cw_onboard::secrets::KeyPair;
use support::fixture;

#[tokio::test]
async fn discovery_finds_codebase_on_premise_and_the_api_host_on_cloud() {
    let f = fixture(false).await;
    assert!(!f.instance.info.is_cloud);
    assert!(
        f.instance
            .api_base
            .as_str()
            .ends_with("/v4_6_release/apis/3.0/")
    );
    assert_eq!(f.instance.info.company_name, "Demo MSP Inc.");
    let cloud = fixture(true).await;
    assert!(cloud.instance.info.is_cloud);
    assert!(
        cloud
            .instance
            .api_base
            .as_str()
            .ends_with("/v2025_1/apis/3.0/"),
        "{}",
        cloud.instance.api_base
    );
    let site = parse_site(&f.sandbox.info().url).expect("site");
    let err = discovery::discover(&HttpSettings::for_tests(), &site, "nosuchco")
        .await
        .expect_err("unknown company");
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("company ID"));
}

#[tokio::test]
async fn every_read_the_wizard_needs() {
    let f = fixture(false).await;
    let c = &f.admin;
    assert!(
        c.system_info()
            .await
            .expect("info")
            .version
            .starts_with('v')
    );
    let me = c.my_member().await.expect("me");
    assert_eq!(me.identifier.as_deref(), Some("admin"));
    assert_eq!(
        me.name().as_deref(),
        Some("Dana Admin"),
        "firstName + lastName"
    );
    let (security, customize) = c.my_security_and_customize().await.expect("security");
    assert_eq!(
        security.len(),
        cw_onboard::template::catalog::CATALOG.len(),
        "all pages of mySecurity"
    );
    assert!(customize.is_empty());
    let admin_role = c
        .find_role_by_name("admin")
        .await
        .expect("find")
        .expect("Admin role");
    assert_eq!(c.get_role(admin_role.id).await.expect("get").name, "Admin");
    assert_eq!(
        c.role_settings(admin_role.id)
            .await
            .expect("settings")
            .len(),
        security.len()
    );
    assert!(
        c.find_role_by_name("No Such Role")
            .await
            .expect("find")
            .is_none()
    );
    assert!(
        c.find_api_member("backupbot")
            .await
            .expect("find")
            .is_some()
    );
    assert_eq!(
        c.find_member("ADMIN")
            .await
            .expect("find")
            .and_then(|m| m.license_class)
            .as_deref(),
        Some("F")
    );
    assert!(c.find_member("nobody").await.expect("find").is_none());
    assert_eq!(
        c.structure_levels().await.expect("levels")[0]
            .name
            .as_deref(),
        Some("Corporate")
    );
    let locations = c.locations().await.expect("locations");
    assert!(locations.len() >= 3);
    let chicago = locations
        .iter()
        .find(|l| l.name == "Chicago HQ")
        .expect("Chicago");
    let units = c.location_departments(chicago.id).await.expect("units");
    assert_eq!(
        units.len(),
        chicago.department_ids.as_ref().map_or(0, Vec::len)
    );
    assert!(
        units
            .iter()
            .all(|u| u.location.as_ref().map(|l| l.id) == Some(chicago.id)),
        "LocationDepartment rows link the location and a business unit"
    );
    // An instance that leaves departmentIds out: the links come from LocationDepartment.
    let bare = [cw_onboard::cw::Location {
        department_ids: None,
        ..chicago.clone()
    }];
    let linked = c.unlisted_departments(&bare).await.expect("links");
    assert_eq!(linked.get(&chicago.id), chicago.department_ids.as_ref());
    assert!(c.departments().await.expect("departments").len() >= 4);
    assert!(
        c.time_zones()
            .await
            .expect("zones")
            .iter()
            .any(|z| z.default_flag == Some(true))
    );
    let structure = c.corporate_structure().await.expect("structure");
    assert!(
        structure
            .first()
            .and_then(|s| s.level_count.as_ref())
            .is_some()
    );
    assert_eq!(structure.first().and_then(|s| s.levels()), Some(3));
    assert_eq!(c.count("/company/companies").await.expect("count"), 1234);
    let all: Vec<serde_json::Value> = c
        .get_all("company/companies", None)
        .await
        .expect("all pages");
    assert_eq!(all.len(), 1234, "paging past 1000 rows follows Link");
}

#[tokio::test]
async fn roles_and_api_members_are_created_once_and_duplicates_are_typed() {
    let f = fixture(false).await;
    let c = &f.admin;
    let role = c.create_role("CW Kanban").await.expect("create role");
    let err = c
        .create_role("cw kanban")
        .await
        .expect_err("duplicate role");
    assert!(
        matches!(&err, CwError::Duplicate { field, .. } if field == "name"),
        "{err:?}"
    );
    let mut body = c.api_member_default().await.expect("default");
    body.identifier = "kanban".into();
    body.name = Some("CW Kanban API".into());
    body.security_role = Some(Reference {
        id: role.id,
        name: None,
    });
    body.structure_level = Some(Reference { id: 1, name: None });
    let created = c.create_api_member(&body).await.expect("create member");
    assert_eq!(created.security_role.map(|r| r.id), Some(role.id));
    let err = c.create_api_member(&body).await.expect_err("duplicate");
    assert!(
        matches!(&err, CwError::Duplicate { field, .. } if field == "identifier"),
        "{err:?}"
    );
    let long = ApiMember {
        identifier: "waytoolongidentifier".into(),
        ..ApiMember::default()
    };
    let err = c.create_api_member(&long).await.expect_err("too long");
    assert!(
        matches!(&err, CwError::Invalid { errors, .. } if errors[0].field == "identifier"),
        "{err:?}"
    );
    assert!(err.advice().contains("identifier"));
    let id = created.id.expect("id");
    let patched = c
        .patch_api_member(
            id,
            &[PatchOp::replace("name", serde_json::json!("Renamed"))],
        )
        .await
        .expect("patch");
    assert_eq!(patched.name.as_deref(), Some("Renamed"));
    let posts = f
        .control
        .requests()
        .await
        .expect("log")
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("apiMembers"))
        .count();
    assert_eq!(posts, 3, "one POST per create call, none repeated");
}

#[tokio::test]
async fn credentials_problems_are_auth_errors_with_advice() {
    let f = fixture(false).await;
    let bad = f.client_for(&KeyPair::new("NoSuchPublicKey1", "NoSuchPrivateKey"));
    let err = bad.system_info().await.expect_err("bad key");
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert!(err.advice().contains("clientId"));
    let info = f.sandbox.info();
    let key = KeyPair::new(
        info.admin_public_key.clone(),
        info.admin_private_key.clone(),
    );
    let wrong_client = cw_onboard::cw::Client::new(
        &f.instance,
        "00000000-0000-0000-0000-000000000000",
        &key,
        &HttpSettings::for_tests(),
    )
    .expect("client");
    assert_eq!(
        wrong_client
            .system_info()
            .await
            .expect_err("clientId")
            .kind(),
        ErrorKind::Auth
    );
    let cloud = fixture(true).await;
    let bad = cloud.client_for(&KeyPair::new("NoSuchPublicKey1", "NoSuchPrivateKey"));
    let err = bad.system_info().await.expect_err("cloud answers 404");
    assert_eq!(err.kind(), ErrorKind::Auth, "{err:?}");
}

#[tokio::test]
async fn a_probe_without_inquire_is_forbidden_and_names_the_function() {
    let f = fixture(false).await;
    let key = f
        .control
        .create_key("mlee", "sales user")
        .await
        .expect("key");
    let sales = f.client_for(&KeyPair::new(key.public_key, key.private_key));
    let err = sales.count("/project/tickets").await.expect_err("403");
    assert_eq!(err.kind(), ErrorKind::Forbidden);
    // The client names the refused resource; the advice the user sees (worded where the
    // catalog is known, issue 12's W6) names the security function.
    let advice = cw_onboard::runtime::api::failure(&err).advice;
    assert!(advice.contains("Project / Project Tickets"), "{advice}");
    assert!(
        err.advice().contains("/project/tickets"),
        "{}",
        err.advice()
    );
    assert_eq!(
        sales.count("/sales/opportunities").await.expect("allowed"),
        7
    );
}

#[tokio::test]
async fn retiring_deactivates_the_member_and_deletes_its_role_once_unused() {
    use cw_onboard::cw::MemberDeactivation;
    let f = fixture(false).await;
    let c = &f.admin;
    let role = c.create_role("Retire Me").await.expect("role");
    let body = ApiMember {
        identifier: "retiree".into(),
        name: Some("Retired Integration".into()),
        security_role: Some(Reference::to(role.id)),
        ..ApiMember::default()
    };
    let member = c.create_api_member(&body).await.expect("member");
    let id = member.id.expect("id");
    assert!(
        c.delete_role(role.id).await.is_err(),
        "a role a member still has is refused"
    );
    c.deactivate_member(
        id,
        &MemberDeactivation {
            delete_open_time_sheets_flag: Some(true),
        },
    )
    .await
    .expect("deactivate");
    let after = c
        .find_api_member("retiree")
        .await
        .expect("find")
        .expect("still there: API members are deactivated, not deleted");
    assert_eq!(after.inactive_flag, Some(true));
    assert!(after.inactive_date.is_some());
    c.patch_api_member(
        id,
        &[PatchOp::replace(
            "securityRole",
            serde_json::json!({"id": 2}),
        )],
    )
    .await
    .expect("another role");
    c.delete_role(role.id).await.expect("unused: deleted");
    assert!(
        c.find_role_by_name("Retire Me")
            .await
            .expect("find")
            .is_none()
    );
}

#[test]
fn references_an_instance_leaves_unnamed_say_so_instead_of_a_blank() {
    let member = ApiMember {
        id: Some(7),
        identifier: "kanban".into(),
        security_role: Some(Reference::to(5)),
        structure_level: Some(Reference {
            id: 1,
            name: Some("Corporate".into()),
        }),
        ..ApiMember::default()
    };
    let facts = cw_onboard::runtime::api::member_facts(&member);
    assert_eq!(
        facts.role.map(|r| r.name).as_deref(),
        Some("#5 (name not reported)")
    );
    assert_eq!(facts.level.map(|l| l.name).as_deref(), Some("Corporate"));
}
