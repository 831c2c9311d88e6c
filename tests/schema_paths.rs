//! Every path of ConnectWise's schema (`schema/cw-schema-2025.16.json`) against the sandbox,
//! as raw HTTP with the admin's keys: each method the schema lists, with a body of its model,
//! then one it does not list (405 with Allow); PUT and PATCH apply every field; forward-only
//! paging; Link headers over TLS. The whole log then passes the contract check
//! (tests/support/contract.rs), so a route another engineer adds is checked too.

#[path = "support/contract.rs"]
mod contract;

use base64::Engine;
use cw_onboard::sandbox::{Sandbox, SandboxOptions, TlsMode};
use serde_json::{Value, json};

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
        cw_onboard::crypto::install_crypto_provider();
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
