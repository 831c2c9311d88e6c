//! The sandbox and the client held to ConnectWise's published schema
//! (`schema/cw-schema-2025.16.json`, vendored from ../shared/reference). The journeys in
//! journey_sandbox.rs, batch_mode.rs, cw_client.rs (with its fault tests) and verify_cmd.rs check
//! their own request logs when they end (tests/support/contract.rs); here: that the wiring
//! catches a wrong answer and a wrong body, that every path of the schema the sandbox models
//! answers its model (and 405 for methods the schema lacks), a whole demo journey with faults,
//! and that the vendored schema is the shared one.

#[path = "support/contract.rs"]
mod contract;
#[path = "support/flows.rs"]
mod flows;

use base64::Engine;
use contract::Contract;
use cw_onboard::sandbox::{Faults, Sandbox, SandboxOptions, TlsMode, Trip};
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

/// Admin calls straight to the sandbox, as any client could make them.
struct Raw {
    http: reqwest::Client,
    base: String,
    auth: String,
    client_id: String,
}

impl Raw {
    fn new(sandbox: &Sandbox) -> Raw {
        let info = sandbox.info();
        let raw = format!(
            "{}+{}:{}",
            info.company, info.admin_public_key, info.admin_private_key
        );
        Raw {
            http: reqwest::Client::builder()
                .tls_danger_accept_invalid_certs(true)
                .build()
                .expect("http"),
            base: format!("{}/v4_6_release/apis/3.0", info.url),
            auth: format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(raw)
            ),
            client_id: info.client_id.clone(),
        }
    }

    async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> (u16, Value, reqwest::header::HeaderMap) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("Authorization", &self.auth)
            .header("clientId", &self.client_id);
        if let Some(b) = body {
            req = req.json(b);
        }
        let r = req.send().await.expect("send");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().await.unwrap_or_default();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::Null),
            headers,
        )
    }
}

fn member_body(identifier: &str) -> Value {
    json!({"identifier": identifier, "firstName": "Casey", "lastName": "Contractor", "licenseClass": "X",
           "hireDate": "2025-01-06T14:00:00Z", "defaultEmail": "Office", "defaultPhone": "Office",
           "companyActivityTabFormat": "SummaryList", "invoiceTimeTabFormat": "SummaryList",
           "invoiceScreenDefaultTabFormat": "ShowInvoicingTab", "invoicingDisplayOptions": "RemainOnInvoicingScreen",
           "agreementInvoicingDisplayOptions": "RemainOnInvoicingScreen", "officeEmail": "casey@demomsp.com"})
}

/// A body for a write, where the sandbox models one (else any object: it answers 404/501).
fn body_for(template: &str, method: &str) -> Option<Value> {
    Some(match (template, method) {
        (_, "GET" | "DELETE") => return None,
        ("/system/securityroles", "POST") => json!({"name": "Contract Role 2"}),
        ("/system/apiMembers", "POST") => json!({"identifier": "Wise-Sync", "name": "Wise-Sync"}),
        ("/system/apiMembers/{id}", "PUT") => {
            json!({"identifier": "backupbot", "name": "Backup Bot", "notes": "put", "blockCostFlag": true,
                   "securityRole": {"id": 2}, "structureLevel": {"id": 1}})
        }
        ("/system/apiMembers/{id}", "PATCH") => json!([
            {"op": "replace", "path": "notes", "value": "patched"},
            {"op": "replace", "path": "excludedServiceBoardIds", "value": [1, 2]},
            {"op": "replace", "path": "blockPriceFlag", "value": true}
        ]),
        ("/system/members", "POST") => member_body("contractor"),
        ("/system/members/{id}", "PUT") => member_body("mlee"),
        ("/system/members/{id}", "PATCH") => {
            json!([{"op": "replace", "path": "title", "value": "Sales lead"}])
        }
        ("/system/members/{id}/deactivate", "POST") => json!({"deleteOpenTimeSheetsFlag": true}),
        (_, "PATCH") => json!([]),
        _ => minimal(template, method),
    })
}

/// A body of the operation's model with only its required fields, each the simplest value of
/// its type: for paths this test has no body of its own for (another engineer's route).
fn minimal(template: &str, method: &str) -> Value {
    let schema: Value = serde_json::from_str(cw_onboard::sandbox::schema::TEXT).expect("schema");
    let model = schema["paths"][template][method.to_ascii_lowercase()]["response"]["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/$defs/"))
        .unwrap_or("");
    let def = &schema["$defs"][model];
    let mut body = serde_json::Map::new();
    for field in def["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        let p = &def["properties"][field];
        let first_enum = p["anyOf"][0]["enum"][0].clone();
        let value = match p["type"].as_str() {
            Some("string") if p["format"] == "date-time" => json!("2025-01-06T14:00:00Z"),
            Some("string") => json!("contract"),
            Some("integer") | Some("number") => json!(1),
            Some("boolean") => json!(false),
            _ if !first_enum.is_null() => first_enum,
            _ => json!({"id": 1}),
        };
        body.insert(field.to_string(), value);
    }
    Value::Object(body)
}

/// The schema's path with ids the seeded sandbox has.
fn concrete(template: &str, role: u64) -> String {
    let with = |id: &str| template.replace("{id}", id).replace("{parentId}", id);
    match template {
        t if t.starts_with("/system/apiMembers/") => with("4"),
        t if t.starts_with("/system/members/{memberIdentifier}") => {
            t.replace("{memberIdentifier}", "mlee")
        }
        t if t.starts_with("/system/members/") => with("3"),
        t if t.starts_with("/system/securityroles/") => with(&role.to_string()),
        t if t.starts_with("/system/securityRoles/") => with("1"),
        t if t.starts_with("/system/locations/") => with("2"),
        t if t.starts_with("/system/departments/") => with("10"),
        _ => with("1"),
    }
}

#[tokio::test]
async fn every_schema_path_answers_its_model_and_405_for_other_methods() {
    let sandbox = Sandbox::start(SandboxOptions {
        deterministic: true,
        keep_bodies: true,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox");
    let raw = Raw::new(&sandbox);
    let (status, role, _) = raw
        .send(
            "POST",
            "/system/securityroles",
            Some(&json!({"name": "Contract Role"})),
        )
        .await;
    assert_eq!(status, 201, "{role}");
    let role_id = role["id"].as_u64().expect("role id");
    let schema: Value = serde_json::from_str(cw_onboard::sandbox::schema::TEXT).expect("schema");
    let paths = schema["paths"].as_object().expect("paths");
    let mut refused = Vec::new();
    for (template, ops) in paths {
        let path = concrete(template, role_id);
        let mut methods: Vec<String> = ops
            .as_object()
            .expect("ops")
            .keys()
            .map(|m| m.to_ascii_uppercase())
            .collect();
        // Reads first, deletes last; then one method the schema does not list.
        methods.sort_by_key(|m| match m.as_str() {
            "GET" => 0,
            "POST" | "PUT" => 1,
            "PATCH" => 2,
            _ => 3,
        });
        for m in &methods {
            raw.send(m, &path, body_for(template, m).as_ref()).await;
        }
        if let Some(other) = ["DELETE", "PUT", "PATCH", "POST"]
            .into_iter()
            .find(|m| !methods.iter().any(|x| x == m))
        {
            let (status, _, headers) = raw
                .send(other, &path, body_for(template, other).as_ref())
                .await;
            if status == 405 {
                assert!(
                    headers.get("allow").is_some(),
                    "{other} {path}: 405 without Allow"
                );
                refused.push(format!("{other} {template}"));
            }
        }
    }
    for expected in [
        "DELETE /system/apiMembers/{id}",
        "DELETE /system/securityRoles/{parentId}/settings",
        "DELETE /system/members/{id}",
        "DELETE /system/myMembers",
        "PUT /system/securityroles/{id}",
    ] {
        assert!(
            refused.iter().any(|r| r == expected),
            "{expected} answers 405: {refused:?}"
        );
    }
    // PATCH and PUT applied every field they named; deactivation took.
    let (_, member, _) = raw.send("GET", "/system/apiMembers/4", None).await;
    assert_eq!(member["notes"], "patched", "{member}");
    assert_eq!(member["excludedServiceBoardIds"], json!([1, 2]));
    assert_eq!(member["blockPriceFlag"], true);
    assert_eq!(member["blockCostFlag"], true, "from the PUT before");
    let (_, mlee, _) = raw.send("GET", "/system/members/3", None).await;
    assert_eq!(mlee["inactiveFlag"], true, "{mlee}");
    assert!(mlee["inactiveDate"].is_string());
    assert_eq!(mlee["title"], "Sales lead");
    let (status, wise, _) = raw
        .send(
            "GET",
            "/system/apiMembers?conditions=identifier%3D%22Wise-Sync%22",
            None,
        )
        .await;
    assert_eq!(
        (status, wise[0]["name"].clone()),
        (200, json!("Wise-Sync")),
        "{wise}"
    );
    // A PATCH of a field ApiMember does not have is refused, naming it.
    let (status, err, _) = raw
        .send(
            "PATCH",
            "/system/apiMembers/4",
            Some(&json!([{"op": "replace", "path": "licenseClass", "value": "F"}])),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(err["errors"][0]["field"], "licenseClass");
    // A role still in use cannot be deleted.
    let (status, _, _) = raw.send("DELETE", "/system/securityroles/2", None).await;
    assert_eq!(status, 409);
    contract::assert_conforms(&sandbox);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn forward_only_paging_and_https_links() {
    let sandbox = Sandbox::start(SandboxOptions {
        deterministic: true,
        keep_bodies: true,
        tls: TlsMode::SelfSigned,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox");
    let raw = Raw::new(&sandbox);
    let (_, _, headers) = raw.send("GET", "/system/locations?pageSize=2", None).await;
    let link = headers
        .get("link")
        .and_then(|l| l.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        link.starts_with("<https://"),
        "over TLS the Link is https: {link}"
    );
    let mut seen = Vec::new();
    let mut page_id = 0;
    for _ in 0..1000 {
        let r = raw
            .http
            .get(format!(
                "{}/company/companies?pageSize=500&pageId={page_id}",
                raw.base
            ))
            .header("Authorization", &raw.auth)
            .header("clientId", &raw.client_id)
            .header("pagination-type", "forward-only")
            .send()
            .await
            .expect("page");
        let link = r
            .headers()
            .get("link")
            .and_then(|l| l.to_str().ok())
            .unwrap_or("")
            .to_string();
        let rows: Vec<Value> = r.json().await.expect("rows");
        assert!(
            link.contains("rel=\"next\"") && link.contains("pageId="),
            "{link}"
        );
        if rows.is_empty() {
            break;
        }
        page_id = rows.last().and_then(|r| r["id"].as_u64()).expect("id");
        assert!(link.contains(&format!("pageId={page_id}")), "{link}");
        seen.extend(rows.into_iter().map(|r| r["id"].as_u64().unwrap_or(0)));
    }
    assert_eq!(seen.len(), 1234);
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "ordered by id");
    let r = raw
        .http
        .get(format!("{}/system/locations?orderBy=name%20asc", raw.base))
        .header("Authorization", &raw.auth)
        .header("clientId", &raw.client_id)
        .header("pagination-type", "forward-only")
        .send()
        .await
        .expect("ordered");
    assert_eq!(
        r.status(),
        400,
        "orderBy is not allowed with forward-only paging"
    );
    contract::assert_conforms(&sandbox);
    sandbox.shutdown().await;
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
    h.wizard.member.focus = 5;
    h.key(KeyCode::Right).await.expect("location");
    h.key(KeyCode::Right).await.expect("location");
    h.wizard.member.focus = 6;
    h.key(KeyCode::Right).await.expect("business unit");
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
