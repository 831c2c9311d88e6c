//! The client against the sandbox on 127.0.0.1: every call, every error kind, retries under
//! the fault knobs, paging past 1000 rows, and no POST sent twice.

mod support;

use cw_onboard::cw::site::parse_site;
use cw_onboard::cw::{ApiMember, CwError, ErrorKind, HttpSettings, PatchOp, Reference, discovery};
use cw_onboard::sandbox::Faults;
use cw_onboard::secrets::KeyPair;
use support::{Misbehave, fault_server, fixture, fixture_with};

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
async fn gets_are_retried_on_429_with_retry_after_and_on_500_bursts() {
    let f = fixture(false).await;
    f.control
        .set_faults(&Faults {
            fail_every: 2,
            fail_status: 429,
            retry_after_s: 1,
            ..Faults::default()
        })
        .await
        .expect("faults");
    f.admin.system_info().await.expect("first");
    f.admin
        .system_info()
        .await
        .expect("second, after a 429 and Retry-After");
    let log = f.control.requests().await.expect("log");
    assert!(log.iter().any(|r| r.status == 429));
    f.control
        .set_faults(&Faults {
            fail_every: 2,
            fail_status: 500,
            ..Faults::default()
        })
        .await
        .expect("faults");
    for _ in 0..3 {
        f.admin.my_member().await.expect("retried past a 500");
    }
}

#[tokio::test]
async fn dropped_connections_are_retried_for_reads() {
    let f = fixture(false).await;
    f.control
        .set_faults(&Faults {
            drop_every: 2,
            ..Faults::default()
        })
        .await
        .expect("faults");
    for _ in 0..3 {
        f.admin
            .system_info()
            .await
            .expect("retried past a dropped connection");
    }
    assert!(
        f.control
            .requests()
            .await
            .expect("log")
            .iter()
            .any(|r| r.status == 0)
    );
}

#[tokio::test]
async fn a_post_that_may_have_landed_is_not_sent_again() {
    let f = fixture(false).await;
    f.control
        .set_faults(&Faults {
            fail_every: 1,
            fail_status: 500,
            ..Faults::default()
        })
        .await
        .expect("faults");
    let err = f.admin.create_role("Never Twice").await.expect_err("500");
    assert_eq!(err.kind(), ErrorKind::Server);
    let posts = f
        .control
        .requests()
        .await
        .expect("log")
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 1);
}

#[tokio::test]
async fn latency_past_the_timeout_is_a_timeout() {
    let mut http = HttpSettings::for_tests();
    http.read_timeout = std::time::Duration::from_millis(300);
    http.total_timeout = std::time::Duration::from_millis(400);
    http.retry.max_attempts = 2;
    let f = fixture_with(false, http).await;
    f.control
        .set_faults(&Faults {
            latency_ms: 800,
            ..Faults::default()
        })
        .await
        .expect("faults");
    let err = f.admin.system_info().await.expect_err("timeout");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err:?}");
}

#[tokio::test]
async fn a_site_that_is_not_connectwise_gives_a_clear_error() {
    let http = HttpSettings::for_tests();
    for (mode, kind) in [
        (Misbehave::Html, ErrorKind::NotConnectWise),
        (Misbehave::Garbage, ErrorKind::Undecodable),
        (Misbehave::Truncated, ErrorKind::Dropped),
        (Misbehave::CloseAtOnce, ErrorKind::Dropped),
    ] {
        let addr = fault_server(mode).await;
        let site = parse_site(&format!("http://{addr}")).expect("site");
        let err = discovery::discover(&http, &site, "demomsp")
            .await
            .expect_err("not ConnectWise");
        assert_eq!(err.kind(), kind, "{err:?}");
        assert!(!err.advice().is_empty());
    }
    let refused = parse_site("http://127.0.0.1:1").expect("site");
    let err = discovery::discover(&http, &refused, "demomsp")
        .await
        .expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::Unreachable, "{err:?}");
}

#[tokio::test]
async fn a_stalled_server_times_out() {
    let mut http = HttpSettings::for_tests();
    http.read_timeout = std::time::Duration::from_millis(300);
    http.total_timeout = std::time::Duration::from_millis(500);
    let addr = fault_server(Misbehave::Stall).await;
    let site = parse_site(&format!("http://{addr}")).expect("site");
    let err = discovery::discover(&http, &site, "demomsp")
        .await
        .expect_err("stall");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err:?}");
}

#[test]
fn plain_http_is_refused_for_real_hosts() {
    // Refused with what to type, never switched to https behind the admin's back.
    let err = parse_site("http://cw.example.com").expect_err("plain http");
    assert!(
        err.to_string().contains("use https://cw.example.com"),
        "{err}"
    );
}

mod tls {
    use cw_onboard::cw::site::parse_site;
    use cw_onboard::cw::{ErrorKind, HttpSettings, discovery};
    use cw_onboard::sandbox::{Sandbox, SandboxOptions, TlsMode};

    #[tokio::test]
    async fn a_private_ca_is_trusted_with_ca_file_and_refused_without() {
        let dir = tempfile::tempdir().expect("tempdir");
        let ca = dir.path().join("ca.pem");
        let sandbox = Sandbox::start(SandboxOptions {
            tls: TlsMode::CaSigned {
                ca_pem_out: ca.clone(),
            },
            deterministic: true,
            ..SandboxOptions::default()
        })
        .await
        .expect("sandbox");
        let site = parse_site(&sandbox.info().url).expect("site");
        let err = discovery::discover(&HttpSettings::for_tests(), &site, "demomsp")
            .await
            .expect_err("unknown CA");
        assert_eq!(err.kind(), ErrorKind::Tls, "{err:?}");
        assert!(err.advice().contains("--ca-file"));
        let http = HttpSettings {
            ca_file: Some(ca),
            ..HttpSettings::for_tests()
        };
        let instance = discovery::discover(&http, &site, "demomsp")
            .await
            .expect("trusted with --ca-file");
        assert!(instance.api_base.as_str().starts_with("https://localhost:"));
        sandbox.shutdown().await;
    }

    #[tokio::test]
    async fn a_self_signed_certificate_is_refused() {
        let sandbox = Sandbox::start(SandboxOptions {
            tls: TlsMode::SelfSigned,
            ..SandboxOptions::default()
        })
        .await
        .expect("sandbox");
        let site = parse_site(&sandbox.info().url).expect("site");
        let err = discovery::discover(&HttpSettings::for_tests(), &site, "demomsp")
            .await
            .expect_err("self-signed");
        assert_eq!(err.kind(), ErrorKind::Tls, "{err:?}");
        let control =
            cw_onboard::sandbox::ControlClient::new(&sandbox.info().url).expect("control");
        assert!(
            control.info().await.is_ok(),
            "the control client reaches its own sandbox"
        );
        sandbox.shutdown().await;
    }
}

mod certificates {
    use cw_onboard::cw::site::parse_site;
    use cw_onboard::cw::tls::inspect_certificate;
    use cw_onboard::sandbox::{Sandbox, SandboxOptions, TlsMode};

    #[tokio::test]
    async fn the_certificate_check_reports_issuer_expiry_and_chain() {
        let dir = tempfile::tempdir().expect("tempdir");
        let ca = dir.path().join("ca.pem");
        let sandbox = Sandbox::start(SandboxOptions {
            tls: TlsMode::CaSigned {
                ca_pem_out: ca.clone(),
            },
            ..SandboxOptions::default()
        })
        .await
        .expect("sandbox");
        let site = parse_site(&sandbox.info().url).expect("site");
        let trusted = inspect_certificate(&site, Some(&ca)).await.expect("report");
        assert!(
            trusted.chain_valid && !trusted.self_signed && trusted.problem.is_none(),
            "{trusted:?}"
        );
        assert!(trusted.issuer.contains("sandbox CA"));
        assert!(trusted.days_left > 30);
        let untrusted = inspect_certificate(&site, None).await.expect("report");
        assert!(!untrusted.chain_valid);
        assert!(
            untrusted
                .problem
                .as_deref()
                .unwrap_or("")
                .contains("does not verify"),
            "{untrusted:?}"
        );
        sandbox.shutdown().await;
        let sandbox = Sandbox::start(SandboxOptions {
            tls: TlsMode::SelfSigned,
            ..SandboxOptions::default()
        })
        .await
        .expect("sandbox");
        let site = parse_site(&sandbox.info().url).expect("site");
        let report = inspect_certificate(&site, None).await.expect("report");
        assert!(report.self_signed, "{report:?}");
        assert_eq!(
            report.problem.as_deref(),
            Some("the certificate is self-signed")
        );
        sandbox.shutdown().await;
    }
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
