//! The sandbox's `/system/integratorlogins` (+ `/count`, `/{id}`) against the schema's
//! `IntegratorLogin` model: only its properties, each of its type, `username` present, `_info`
//! a map of strings. (A light check of this one model; the schema test covers the rest.)

use cw_onboard::sandbox::{Sandbox, SandboxOptions, Seed};
use cw_onboard::secrets::KeyPair;
use serde_json::Value;

fn schema_model(name: &str) -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/reference/cw-schema-2025.16.json"
    );
    let text = std::fs::read_to_string(path).expect("the schema beside the clone (../shared)");
    let schema: Value = serde_json::from_str(&text).expect("schema json");
    schema["$defs"][name].clone()
}

/// Whether `value` fits a property schema of the kinds this model uses.
fn fits(value: &Value, prop: &Value) -> bool {
    if let Some(any) = prop["anyOf"].as_array() {
        return any.iter().any(|p| fits(value, p));
    }
    if prop.get("$ref").is_some() {
        return value.is_object();
    }
    match prop["type"].as_str() {
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some("null") => value.is_null(),
        Some("string") => value.as_str().is_some_and(|s| {
            prop["maxLength"]
                .as_u64()
                .is_none_or(|m| s.chars().count() as u64 <= m)
        }),
        Some("object") => value
            .as_object()
            .is_some_and(|o| o.values().all(Value::is_string)),
        _ => false,
    }
}

fn check(record: &Value, model: &Value) {
    let props = model["properties"].as_object().expect("properties");
    let object = record.as_object().expect("a record is an object");
    for (key, value) in object {
        let prop = props
            .get(key)
            .unwrap_or_else(|| panic!("{key} is not in IntegratorLogin"));
        assert!(fits(value, prop), "{key} = {value} does not fit {prop}");
    }
    for required in model["required"].as_array().expect("required") {
        assert!(
            object.contains_key(required.as_str().unwrap_or("")),
            "{required} missing"
        );
    }
    assert!(
        object.contains_key("_info"),
        "every response model has _info"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn integrator_logins_follow_the_schema() {
    let sandbox = Sandbox::start(SandboxOptions {
        deterministic: true,
        seed: Seed::Messy,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox");
    let info = sandbox.info().clone();
    let http = cw_onboard::cw::HttpSettings::for_tests();
    let site = cw_onboard::cw::site::parse_site(&info.url).expect("site");
    let instance = cw_onboard::cw::discovery::discover(&http, &site, &info.company)
        .await
        .expect("discover");
    let key = KeyPair::new(
        info.admin_public_key.clone(),
        info.admin_private_key.clone(),
    );
    let client =
        cw_onboard::cw::Client::new(&instance, &info.client_id, &key, &http).expect("client");
    let model = schema_model("IntegratorLogin");
    let list: Vec<Value> = client
        .get("system/integratorlogins", &[])
        .await
        .expect("list");
    assert_eq!(list.len(), 3);
    for record in &list {
        check(record, &model);
    }
    let one: Value = client
        .get("system/integratorlogins/1", &[])
        .await
        .expect("one");
    check(&one, &model);
    assert_eq!(one["canAccessAllApisFlag"], true);
    assert_eq!(
        client
            .count("system/integratorlogins")
            .await
            .expect("count"),
        3
    );
    let parsed = client.integrator_logins().await.expect("typed");
    assert_eq!(parsed[1].apis.0, ["serviceTicket"]);
    // The plain demo instance has none, and the route still answers.
    let plain = Sandbox::start(SandboxOptions::default())
        .await
        .expect("plain");
    let pinfo = plain.info().clone();
    let psite = cw_onboard::cw::site::parse_site(&pinfo.url).expect("site");
    let pinstance = cw_onboard::cw::discovery::discover(&http, &psite, &pinfo.company)
        .await
        .expect("discover");
    let pkey = KeyPair::new(
        pinfo.admin_public_key.clone(),
        pinfo.admin_private_key.clone(),
    );
    let pclient =
        cw_onboard::cw::Client::new(&pinstance, &pinfo.client_id, &pkey, &http).expect("client");
    assert!(pclient.integrator_logins().await.expect("empty").is_empty());
    plain.shutdown().await;
    sandbox.shutdown().await;
}
