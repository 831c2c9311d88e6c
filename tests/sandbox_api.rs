//! The sandbox as raw HTTP: ConnectWise's shapes for companyinfo, auth failures, read-only role
//! settings, conditions, paging and fields, and the fixed control API.

use base64::Engine;
use cw_onboard::level::Level;
use cw_onboard::sandbox::{
    ControlClient, Faults, RoleSettingRow, Sandbox, SandboxInfo, SandboxOptions,
};
use serde_json::Value;

struct T {
    sandbox: Sandbox,
    info: SandboxInfo,
    http: reqwest::Client,
    control: ControlClient,
}

async fn start() -> T {
    let sandbox = Sandbox::start(SandboxOptions {
        deterministic: true,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox");
    let info = sandbox.info().clone();
    let control = ControlClient::new(&info.url).expect("control");
    cw_onboard::cw::tls::install_crypto_provider();
    T {
        sandbox,
        info,
        http: reqwest::Client::new(),
        control,
    }
}

impl T {
    fn auth(&self, public: &str, private: &str) -> String {
        let raw = format!("{}+{public}:{private}", self.info.company);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(raw)
        )
    }

    async fn get(
        &self,
        path: &str,
        auth: Option<(&str, &str)>,
        client_id: bool,
    ) -> reqwest::Response {
        let mut req = self
            .http
            .get(format!("{}/v4_6_release/apis/3.0{path}", self.info.url));
        if let Some((p, s)) = auth {
            req = req.header("Authorization", self.auth(p, s));
        }
        if client_id {
            req = req.header("clientId", &self.info.client_id);
        }
        req.send().await.expect("request")
    }

    async fn admin_get(&self, path: &str) -> reqwest::Response {
        self.get(
            path,
            Some((&self.info.admin_public_key, &self.info.admin_private_key)),
            true,
        )
        .await
    }
}

#[tokio::test]
async fn companyinfo_needs_no_auth_and_has_the_documented_fields() {
    let t = start().await;
    let v: Value = t
        .http
        .get(format!("{}/login/companyinfo/DEMOMSP", t.info.url))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    for key in [
        "CompanyName",
        "Codebase",
        "VersionCode",
        "VersionNumber",
        "CompanyID",
        "IsCloud",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
    assert_eq!(v["IsCloud"], "False");
    let missing = t
        .http
        .get(format!("{}/login/companyinfo/other", t.info.url))
        .send()
        .await
        .expect("get");
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn auth_failures_use_connectwise_error_shapes() {
    let t = start().await;
    let no_client = t
        .get(
            "/system/info",
            Some((&t.info.admin_public_key, &t.info.admin_private_key)),
            false,
        )
        .await;
    assert_eq!(no_client.status(), 401);
    let body: Value = no_client.json().await.expect("json");
    assert_eq!(body["code"], "Unauthorized");
    assert!(body.get("errors").is_some());
    let bad_key = t.get("/system/info", Some(("nope", "nope")), true).await;
    assert_eq!(bad_key.status(), 401);
    let none = t.get("/system/info", None, true).await;
    assert_eq!(none.status(), 401);
    assert_eq!(t.admin_get("/system/info").await.status(), 200);
}

#[tokio::test]
async fn role_settings_are_read_only() {
    let t = start().await;
    let url = format!(
        "{}/v4_6_release/apis/3.0/system/securityRoles/1/settings",
        t.info.url
    );
    for method in [
        reqwest::Method::PUT,
        reqwest::Method::PATCH,
        reqwest::Method::POST,
    ] {
        let r = t
            .http
            .request(method.clone(), &url)
            .header(
                "Authorization",
                t.auth(&t.info.admin_public_key, &t.info.admin_private_key),
            )
            .header("clientId", &t.info.client_id)
            .body("[]")
            .send()
            .await
            .expect("send");
        assert_eq!(r.status(), 405, "{method}");
    }
}

#[tokio::test]
async fn conditions_fields_and_paging() {
    let t = start().await;
    let r = t.admin_get("/system/members?conditions=identifier%3D%22ADMIN%22&fields=id,identifier,securityRole/name").await;
    let rows: Vec<Value> = r.json().await.expect("json");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["securityRole"]["name"], "Admin");
    assert!(
        rows[0].get("emailAddress").is_none(),
        "fields limits the answer"
    );
    let bad = t
        .admin_get("/system/members?conditions=identifier%3D")
        .await;
    assert_eq!(bad.status(), 400);
    let body: Value = bad.json().await.expect("json");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or("")
            .contains("conditions")
    );
    let page = t.admin_get("/company/companies?pageSize=1000&page=2").await;
    let link = page
        .headers()
        .get("link")
        .and_then(|l| l.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        link.contains("rel=\"prev\"") && !link.contains("rel=\"next\""),
        "{link}"
    );
    let rows: Vec<Value> = page.json().await.expect("json");
    assert_eq!(rows.len(), 234);
    let first = t.admin_get("/company/companies").await;
    let link = first
        .headers()
        .get("link")
        .and_then(|l| l.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(link.contains("rel=\"next\"") && !link.contains("rel=\"prev\""));
    let count: Value = t
        .admin_get("/company/companies/count?conditions=id%3C11")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(count["count"], 10);
}

#[tokio::test]
async fn control_api_plays_the_admin() {
    let t = start().await;
    let info = t.control.info().await.expect("info");
    assert_eq!(info.admin_public_key, t.info.admin_public_key);
    let key = t
        .control
        .create_key("backupbot", "rotation test")
        .await
        .expect("key");
    assert_eq!(
        t.get(
            "/system/myMembers",
            Some((&key.public_key, &key.private_key)),
            true
        )
        .await
        .status(),
        200
    );
    t.control
        .delete_key("backupbot", &key.public_key)
        .await
        .expect("delete");
    assert_eq!(
        t.get(
            "/system/myMembers",
            Some((&key.public_key, &key.private_key)),
            true
        )
        .await
        .status(),
        401,
        "a deleted key is refused"
    );
    let err = t
        .control
        .set_role_settings(
            "Technician",
            &[RoleSettingRow {
                module: "Companies".into(),
                function: "No Such Function".into(),
                add: Level::None,
                edit: Level::None,
                delete: Level::None,
                inquire: Level::All,
            }],
        )
        .await
        .expect_err("unknown function");
    assert!(err.to_string().contains("nearest"), "{err}");
    let log = t.control.requests().await.expect("log");
    assert!(
        log.iter().all(|r| !r.path.starts_with("/sandbox")),
        "control calls are not logged"
    );
}

#[tokio::test]
async fn an_inactive_key_is_refused_until_it_is_made_active_again() {
    let t = start().await;
    let key = t
        .control
        .create_key("backupbot", "retire test")
        .await
        .expect("key");
    let get = || {
        t.get(
            "/system/myMembers",
            Some((&key.public_key, &key.private_key)),
            true,
        )
    };
    assert_eq!(get().await.status(), 200, "a new key works");
    t.control
        .set_key_inactive("backupbot", &key.public_key, true)
        .await
        .expect("deactivate");
    let refused = get().await;
    assert_eq!(refused.status(), 401, "an inactive key is refused");
    let body: Value = refused.json().await.expect("json");
    let unknown: Value = t
        .get("/system/myMembers", Some(("nope", "nope")), true)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        body, unknown,
        "refused exactly like a deleted (unknown) key"
    );
    t.control
        .set_key_inactive("backupbot", &key.public_key, false)
        .await
        .expect("reactivate");
    assert_eq!(get().await.status(), 200, "a reactivated key works again");
    let err = t
        .control
        .set_key_inactive("backupbot", "NoSuchKey", true)
        .await
        .expect_err("unknown key");
    assert!(err.to_string().contains("404"), "{err}");
    let err = t
        .control
        .set_key_inactive("nosuchmember", &key.public_key, true)
        .await
        .expect_err("unknown member");
    assert!(err.to_string().contains("404"), "{err}");
    let bad = t
        .http
        .patch(format!(
            "{}/sandbox/v1/members/backupbot/keys/{}",
            t.info.url, key.public_key
        ))
        .json(&serde_json::json!({"inactve": true}))
        .send()
        .await
        .expect("request");
    assert_eq!(bad.status(), 400, "a misspelt field is refused");
    assert_eq!(get().await.status(), 200, "a refused body changes nothing");
}

#[tokio::test]
async fn role_changes_reach_api_callers_after_the_apply_delay() {
    let t = start().await;
    t.control
        .set_faults(&Faults {
            apply_delay_s: 1,
            ..Faults::default()
        })
        .await
        .expect("faults");
    let key = t.control.create_key("mlee", "sales").await.expect("key");
    let creds = Some((key.public_key.as_str(), key.private_key.as_str()));
    assert_eq!(
        t.get("/project/tickets/count", creds, true).await.status(),
        403
    );
    t.control
        .set_role_settings(
            "Sales",
            &[RoleSettingRow {
                module: "Project".into(),
                function: "Project Tickets".into(),
                add: Level::None,
                edit: Level::None,
                delete: Level::None,
                inquire: Level::All,
            }],
        )
        .await
        .expect("set");
    assert_eq!(
        t.get("/project/tickets/count", creds, true).await.status(),
        403,
        "not applied yet"
    );
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(
        t.get("/project/tickets/count", creds, true).await.status(),
        200
    );
    t.sandbox.shutdown().await;
}

#[test]
fn the_sandbox_command_prints_one_json_line() {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(["sandbox", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut line);
    }
    let _ = rustix::process::kill_process(
        rustix::process::Pid::from_child(&child),
        rustix::process::Signal::TERM,
    );
    let status = child.wait().expect("wait");
    let v: Value = serde_json::from_str(&line).expect("one JSON line");
    for key in [
        "url",
        "company",
        "client_id",
        "admin_public_key",
        "admin_private_key",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
    assert!(status.success(), "SIGTERM ends it cleanly");
}
