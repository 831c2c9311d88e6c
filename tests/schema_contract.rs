//! The sandbox and the client held to ConnectWise's published schema
//! (`schema/cw-schema-2025.16.json`, vendored from ../shared/reference). The journeys in
//! journey_sandbox.rs, batch_mode.rs, member_ids.rs, cw_client.rs (with its fault tests) and
//! verify_cmd.rs check their own request logs when they end (tests/support/contract.rs), and
//! schema_paths.rs walks every path of the schema; here: that the wiring catches a wrong answer
//! and a wrong body, a whole demo journey with faults, and that the vendored schema is the
//! shared one.

#[path = "support/contract.rs"]
mod contract;
#[path = "support/flows.rs"]
mod flows;

use contract::Contract;
use cw_onboard::sandbox::{Faults, Trip};
use serde_json::{Value, json};
use std::time::Instant;

fn trip(
    method: &str,
    path: &str,
    status: u16,
    request: Option<Value>,
    response: Option<Value>,
) -> Trip {
    Trip {
        method: method.into(),
        path: format!("/v4_6_release/apis/3.0{path}"),
        query: None,
        status,
        began: Instant::now(),
        ended: Instant::now(),
        request_body: request,
        response_body: response,
        response_headers: vec![(
            "link".into(),
            "<http://127.0.0.1/v4_6_release/apis/3.0/x?page=1>; rel=\"first\"".into(),
        )],
    }
}

fn info() -> Value {
    json!({"lastUpdated": "2025-11-03T14:22:05Z", "updatedBy": "admin"})
}

#[test]
fn the_vendored_schema_is_the_shared_one() {
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/reference/cw-schema-2025.16.json"
    );
    match std::fs::read_to_string(shared) {
        Ok(text) => {
            let a: Value = serde_json::from_str(&text).expect("shared schema");
            let b: Value = serde_json::from_str(cw_onboard::sandbox::schema::TEXT).expect("ours");
            assert_eq!(a, b, "schema/ differs from {shared}: copy it again");
        }
        // Outside the team's layout (a plain clone) there is nothing to compare with.
        Err(e) => eprintln!("no {shared} ({e}); the vendored copy stands"),
    }
}

#[test]
fn the_wiring_catches_an_invented_field_a_missing_required_one_and_a_bad_date() {
    let c = Contract::load();
    let good = json!({"id": 1, "identifier": "kanban", "name": "CW Kanban", "_info": info()});
    assert!(
        c.check(
            &trip("GET", "/system/apiMembers/1", 200, None, Some(good.clone())),
            "http"
        )
        .is_empty()
    );

    // The sandbox invents a field: named with path, field and model.
    let mut invented = good.clone();
    invented["licenseClass"] = json!("A");
    let problems = c.check(
        &trip("GET", "/system/apiMembers/1", 200, None, Some(invented)),
        "http",
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    assert!(
        p.contains("GET /system/apiMembers/1")
            && p.contains("licenseClass")
            && p.contains("ApiMember"),
        "{p}"
    );

    // A list row without a required field, a nested reference with a stray key.
    let row = json!({"id": 2, "identifier": "jsmith", "firstName": "Jo", "licenseClass": "F",
        "defaultEmail": "Office", "defaultPhone": "Office", "hireDate": "2024-01-08T14:00:00Z",
        "companyActivityTabFormat": "SummaryList", "invoiceTimeTabFormat": "SummaryList",
        "invoiceScreenDefaultTabFormat": "ShowInvoicingTab", "invoicingDisplayOptions": "RemainOnInvoicingScreen",
        "agreementInvoicingDisplayOptions": "RemainOnInvoicingScreen",
        "securityRole": {"id": 2, "name": "Technician", "roleType": "x"}, "_info": info()});
    let problems = c.check(
        &trip("GET", "/system/members", 200, None, Some(json!([row]))),
        "http",
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("lastName") && p.contains("of Member")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("row 0: field /securityRole")
                && p.contains("roleType")
                && p.contains("SecurityRoleReference")),
        "{problems:?}"
    );

    // `_info` without a real date.
    let mut undated = good.clone();
    undated["_info"] = json!({"lastUpdated": "2025-11-03 14:22", "updatedBy": "admin"});
    let problems = c.check(
        &trip("GET", "/system/apiMembers/1", 200, None, Some(undated)),
        "http",
    );
    assert!(
        problems.iter().any(|p| p.contains("lastUpdated")),
        "{problems:?}"
    );

    // A list where the schema has one record, and an error body of the wrong shape.
    let problems = c.check(
        &trip("GET", "/system/myMembers", 200, None, Some(json!([]))),
        "http",
    );
    assert!(!problems.is_empty());
    let problems = c.check(
        &trip(
            "GET",
            "/system/info",
            500,
            None,
            Some(json!({"code": "x", "message": "y", "errors": null})),
        ),
        "http",
    );
    assert!(
        problems.iter().any(|p| p.contains("ErrorResponseMessage")),
        "{problems:?}"
    );
}

#[test]
fn the_wiring_catches_a_client_body_with_a_wrong_field() {
    let c = Contract::load();
    let created = json!({"id": 9, "identifier": "kanban", "name": "CW Kanban", "_info": info()});
    // What the client used to send: licenseClass echoed from /default.
    let body = json!({"identifier": "kanban", "name": "CW Kanban", "licenseClass": "A"});
    let problems = c.check(
        &trip(
            "POST",
            "/system/apiMembers",
            201,
            Some(body),
            Some(created.clone()),
        ),
        "http",
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("POST /system/apiMembers") && problems[0].contains("body"));
    assert!(
        problems[0].contains("licenseClass") && problems[0].contains("ApiMember"),
        "{problems:?}"
    );

    // PATCH: a path the model lacks, and a value of the wrong type.
    let ops = json!([{"op": "replace", "path": "firstName", "value": "Kan"},
                     {"op": "replace", "path": "securityRole", "value": 12}]);
    let problems = c.check(
        &trip(
            "PATCH",
            "/system/apiMembers/9",
            200,
            Some(ops),
            Some(created),
        ),
        "http",
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("firstName") && p.contains("not a field of ApiMember")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("securityRole") && p.contains("ApiMember")),
        "{problems:?}"
    );

    // A method the schema does not list must be refused with 405.
    let problems = c.check(
        &trip("DELETE", "/system/apiMembers/9", 204, None, None),
        "http",
    );
    assert!(problems.iter().any(|p| p.contains("405")), "{problems:?}");
}

/// The demo, whole, through the real executor and client, with 500s and latency in step 0 and
/// 429s in step 3's checks: every answer and body checked.
#[tokio::test]
async fn a_whole_demo_with_faults_keeps_to_the_schema() {
    use cw_onboard::app::msg::Exit;
    use cw_onboard::app::setup::{CheckStatus, StepId};
    use ratatui::crossterm::event::KeyCode;
    let (sandbox, control) = flows::sandbox().await;
    let dir = tempfile::tempdir().expect("dir");
    let mut h = flows::headless(sandbox.info(), dir.path(), true);
    h.start().await.expect("start");
    // Step 0's reads through a burst of 500s (retried).
    let burst = Faults {
        fail_every: 3,
        fail_status: 500,
        latency_ms: 5,
        ..Faults::default()
    };
    control.set_faults(&burst).await.expect("faults");
    h.ctrl('l').await.expect("check instance");
    control
        .set_faults(&Faults::default())
        .await
        .expect("no faults");
    h.ctrl('n').await.expect("next");
    h.type_text("cw-kanban").await.expect("type");
    h.key(KeyCode::Enter).await.expect("pick");
    h.key(KeyCode::Enter).await.expect("create role");
    h.ctrl('d').await.expect("set levels");
    h.ctrl('n').await.expect("to member");
    assert_eq!(h.wizard.step, StepId::Member, "{:?}", h.wizard.banner);
    flows::choose_location(&mut h).await;
    h.ctrl('n').await.expect("save member");
    assert_eq!(h.wizard.step, StepId::Keys, "{:?}", h.wizard.member.save);
    // Step 3's checks of the new key through 429s (retried).
    let throttled = Faults {
        fail_every: 3,
        fail_status: 429,
        retry_after_s: 1,
        ..Faults::default()
    };
    control.set_faults(&throttled).await.expect("faults");
    h.ctrl('d').await.expect("create key");
    control
        .set_faults(&Faults::default())
        .await
        .expect("no faults");
    let identity = h
        .wizard
        .keys
        .checks
        .iter()
        .find(|c| c.id == "identity")
        .expect("identity check");
    assert_eq!(identity.status, CheckStatus::Pass);
    assert!(
        identity.detail.contains("CW Kanban"),
        "the real name, from firstName/lastName: {}",
        identity.detail
    );
    h.ctrl('s').await.expect("stored");
    h.ctrl('s').await.expect("confirmed: stored elsewhere");
    h.ctrl('n').await.expect("allow-list");
    h.ctrl('n').await.expect("summary");
    assert_eq!(h.exit, Some(Exit::Finished));
    let statuses: Vec<(String, u16)> = sandbox
        .exchanges()
        .iter()
        .map(|t| (format!("{} {}", t.method, t.path), t.status))
        .collect();
    assert!(
        statuses.iter().any(|t| t.1 == 500) && statuses.iter().any(|t| t.1 == 429),
        "the faults happened: {statuses:?}"
    );
    contract::assert_conforms(&sandbox);
    sandbox.shutdown().await;
}
