//! The version header: the client pins the models of the schema contract (2025.16) as
//! ConnectWise documents it, and the sandbox serves that version (or none) and refuses a
//! request pinned to another one, so a client drifting from the contract fails here.

use cw_onboard::cw::client::ACCEPT_VERSION;
use cw_onboard::sandbox::{Sandbox, SandboxOptions};
use serde_json::Value;

#[test]
fn the_client_pins_the_contract_s_version() {
    assert_eq!(
        ACCEPT_VERSION,
        "application/vnd.connectwise.com+json; version=2025.16"
    );
    let schema = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/reference/cw-schema-2025.16.json"),
    )
    .expect("the schema contract");
    let schema: Value = serde_json::from_str(&schema).expect("json");
    let title = schema["title"].as_str().unwrap_or_default();
    let version = ACCEPT_VERSION.rsplit("version=").next().unwrap_or_default();
    assert!(
        title.contains(&format!("API {version}:")),
        "the header's version is the schema's: {title}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_serves_2025_16_and_no_version_and_refuses_another() {
    let sandbox = Sandbox::start(SandboxOptions::default())
        .await
        .expect("sandbox");
    let info = sandbox.info().clone();
    cw_onboard::crypto::install_crypto_provider();
    let http = reqwest::Client::new();
    let get = |accept: Option<&'static str>| {
        let mut req = http
            .get(format!("{}/v4_6_release/apis/3.0/system/info", info.url))
            .basic_auth(
                format!("{}+{}", info.company, info.admin_public_key),
                Some(&info.admin_private_key),
            )
            .header("clientId", &info.client_id);
        if let Some(accept) = accept {
            req = req.header("Accept", accept);
        }
        req.send()
    };
    let status = |r: reqwest::Response| r.status().as_u16();
    assert_eq!(status(get(Some(ACCEPT_VERSION)).await.expect("get")), 200);
    assert_eq!(
        status(get(None).await.expect("get")),
        200,
        "no version: latest"
    );
    assert_eq!(
        status(get(Some("application/json")).await.expect("get")),
        200
    );
    let refused = get(Some("application/vnd.connectwise.com+json; version=2025.1"))
        .await
        .expect("get");
    assert_eq!(refused.status().as_u16(), 406);
    let body: Value = refused.json().await.expect("json");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("version=2025.16")),
        "the refusal says what is served: {body}"
    );
    sandbox.shutdown().await;
}
