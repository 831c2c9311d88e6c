//! The schema contract, checked with the `jsonschema` crate (draft 2020-12, formats checked):
//! every answer the sandbox gave and every body the client sent, from the sandbox's request
//! log, against `schema/cw-schema-2025.16.json` (the vendored copy of
//! ../shared/reference/cw-schema-2025.16.json; tests/schema_contract.rs checks they are equal).
//!
//! - A method the schema lists on the path: a 2xx answer is validated against the path's
//!   response model (list answers item by item), an error answer against
//!   `ErrorResponseMessage`. A record answered without `fields=` must carry `_info` with
//!   `lastUpdated` (`yyyy-MM-ddTHH:mm:ssZ`) and `updatedBy`; with `fields=`, `required` is not
//!   enforced (the caller asked for a part). POST and PUT bodies are validated against the
//!   resource's model; a PATCH body is a list of `{op, path, value}` whose paths are fields of
//!   the model and whose values fit the field's schema.
//! - A method the schema does not list on a path the sandbox models: the answer must be 405
//!   with `Allow`. A path the schema lacks: 404 (or a probe resource's list, which the schema
//!   leaves out and the sandbox serves for paging).
//!
//! Each problem names the request, the field and the model.

#![allow(dead_code)]

use cw_onboard::sandbox::{Sandbox, Trip, schema};
use jsonschema::Validator;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Mutex;

const RECORD_INFO: &str = "_RecordInfo";

pub struct Contract {
    doc: Value,
    /// The same `$defs` without `required` anywhere (answers to `fields=` requests).
    partial: Value,
    cache: Mutex<HashMap<String, std::sync::Arc<Validator>>>,
}

fn without_required(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| k.as_str() != "required")
                .map(|(k, v)| (k.clone(), without_required(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_required).collect()),
        other => other.clone(),
    }
}

/// The model a `$ref` names (`#/$defs/ApiMember` is ApiMember).
fn ref_model(r: &Value) -> Option<String> {
    r.get("$ref")?
        .as_str()?
        .strip_prefix("#/$defs/")
        .map(String::from)
}

impl Default for Contract {
    fn default() -> Self {
        Contract::load()
    }
}

impl Contract {
    /// The schema the sandbox itself reads (the vendored text).
    pub fn load() -> Contract {
        Contract::from_text(schema::TEXT)
    }

    pub fn from_text(text: &str) -> Contract {
        let mut doc: Value = serde_json::from_str(text).expect("the schema is JSON");
        doc["$defs"][RECORD_INFO] = json!({
            "type": "object",
            "required": ["lastUpdated", "updatedBy"],
            "properties": {
                "lastUpdated": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"},
                "updatedBy": {"type": "string", "minLength": 1}
            }
        });
        let partial = without_required(&doc["$defs"]);
        Contract {
            doc,
            partial,
            cache: Mutex::new(HashMap::new()),
        }
    }

    fn defs(&self, partial: bool) -> &Value {
        if partial {
            &self.partial
        } else {
            &self.doc["$defs"]
        }
    }

    fn validator(&self, key: &str, partial: bool, inner: Value) -> std::sync::Arc<Validator> {
        let key = format!("{partial}:{key}");
        let mut cache = self.cache.lock().expect("cache");
        if let Some(v) = cache.get(&key) {
            return v.clone();
        }
        let mut schema = inner;
        schema["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
        schema["$defs"] = self.defs(partial).clone();
        let v = std::sync::Arc::new(
            jsonschema::draft202012::options()
                .should_validate_formats(true)
                .build(&schema)
                .unwrap_or_else(|e| panic!("schema for {key}: {e}")),
        );
        cache.insert(key, v.clone());
        v
    }

    /// The model an error's schema location is in: the last `$defs/<Model>` on it (jsonschema
    /// reports locations inside the referenced schema), else `top`.
    fn model_at(top: &str, schema_path: &str) -> String {
        schema_path
            .rsplit_once("/$defs/")
            .and_then(|(_, rest)| rest.split('/').next())
            .map(|m| m.trim_start_matches('_').to_string())
            .unwrap_or_else(|| top.to_string())
    }

    /// Validates `instance` against `model` (a `$defs` name): problems as
    /// "`what`: field `/path` of Model: message".
    pub fn check_model(
        &self,
        what: &str,
        model: &str,
        instance: &Value,
        opts: Check,
    ) -> Vec<String> {
        let mut inner = json!({"$ref": format!("#/$defs/{model}")});
        let has_info = self.doc["$defs"][model]["properties"]
            .get("_info")
            .is_some();
        if opts.record && has_info && !opts.partial {
            inner = json!({"allOf": [inner, {"required": ["_info"], "properties": {"_info": {"$ref": format!("#/$defs/{RECORD_INFO}")}}}]});
        }
        let key = format!("{model}:{}", opts.record);
        let validator = self.validator(&key, opts.partial, inner);
        validator
            .iter_errors(instance)
            .map(|e| {
                let at = if e.schema_path().as_str().starts_with("/allOf/1") {
                    RECORD_INFO.trim_start_matches('_').to_string()
                } else {
                    Contract::model_at(model, e.schema_path().as_str())
                };
                let field = e.instance_path().as_str().to_string();
                let field = if field.is_empty() {
                    "(the record)".to_string()
                } else {
                    field
                };
                format!("{what}: field {field} of {at}: {e}")
            })
            .collect()
    }

    /// A PATCH body: `[{op, path, value}]`, each path a field of `model`, each value fitting it.
    pub fn check_patch(&self, what: &str, model: &str, body: &Value) -> Vec<String> {
        let fields: Vec<&str> = schema::fields(model)
            .into_iter()
            .filter(|f| !matches!(*f, "_info" | "id"))
            .collect();
        let shape = json!({
            "type": "array",
            "items": {
                "type": "object", "required": ["op", "path"], "additionalProperties": false,
                "properties": {"op": {"enum": ["add", "replace", "remove"]}, "path": {"enum": fields}, "value": {}}
            }
        });
        let validator = self.validator(&format!("patch:{model}"), false, shape);
        let mut out: Vec<String> = validator
            .iter_errors(body)
            .map(|e| {
                let field = e.instance_path().as_str().to_string();
                if field.ends_with("/path") {
                    format!(
                        "{what}: field {field} of the PATCH body: {} is not a field of {model}",
                        e.instance()
                    )
                } else {
                    format!("{what}: field {field} of the PATCH body ({model}): {e}")
                }
            })
            .collect();
        for (i, op) in body.as_array().into_iter().flatten().enumerate() {
            let (Some(path), Some(kind)) = (op["path"].as_str(), op["op"].as_str()) else {
                continue;
            };
            if kind == "remove" || !fields.contains(&path) {
                continue;
            }
            let inner = json!({"$ref": format!("#/$defs/{model}/properties/{path}")});
            let validator = self.validator(&format!("field:{model}:{path}"), false, inner);
            out.extend(
                validator
                    .iter_errors(&op["value"])
                    .map(|e| format!("{what}: field {path} (op {i}) of {model}: {e}")),
            );
        }
        out
    }

    /// The response schema of `method` on `template`, if the schema lists the method.
    fn operation(&self, template: &str, method: &str) -> Option<&Value> {
        self.doc["paths"][template].get(method.to_ascii_lowercase())
    }

    /// Every problem with one logged exchange. `scheme` is the sandbox's (`http`/`https`):
    /// Link headers must use it.
    pub fn check(&self, t: &Trip, scheme: &str) -> Vec<String> {
        let Some(api_path) = t.api_path() else {
            return Vec::new(); // companyinfo: not part of the REST schema
        };
        if t.status == 0 {
            return Vec::new(); // dropped on purpose: no answer
        }
        let what = format!("{} {api_path} ({})", t.method, t.status);
        let query = t.query.clone().unwrap_or_default();
        let partial = url::form_urlencoded::parse(query.as_bytes())
            .any(|(k, _)| k.eq_ignore_ascii_case("fields"));
        let mut out = Vec::new();
        let error_body = |out: &mut Vec<String>| {
            if let Some(body) = &t.response_body {
                out.extend(self.check_model(
                    &format!("{what} answer"),
                    "ErrorResponseMessage",
                    body,
                    Check::default(),
                ));
            }
        };
        let Some((template, methods)) = schema::path(api_path) else {
            let segs: Vec<&str> = api_path.trim_matches('/').split('/').collect();
            let probe_list =
                segs.len() == 2 && schema::path(&format!("{api_path}/count")).is_some();
            if t.status == 404 || (probe_list && t.method == "GET") {
                if t.status >= 400 {
                    error_body(&mut out);
                }
            } else {
                out.push(format!(
                    "{what}: the schema has no such path, yet the sandbox answered {}",
                    t.status
                ));
            }
            return out;
        };
        if !methods.iter().any(|m| m == &t.method) {
            if !matches!(t.status, 405 | 404 | 401 | 403) {
                out.push(format!(
                    "{what}: {template} has no {} in the schema, so it must answer 405",
                    t.method
                ));
            }
            if t.status == 405 && !t.response_headers.iter().any(|(k, _)| k == "allow") {
                out.push(format!(
                    "{what}: a 405 must say what is allowed (Allow header)"
                ));
            }
            error_body(&mut out);
            return out;
        }
        let op = self
            .operation(template, &t.method)
            .cloned()
            .unwrap_or(Value::Null);
        let response = op.get("response");
        let (model, list) = match response {
            Some(r) if r.get("type") == Some(&json!("array")) => {
                (r.get("items").and_then(ref_model), true)
            }
            Some(r) => (ref_model(r), false),
            None => (None, false),
        };
        // What the client sent. A request the sandbox refused (400, 404, 501) changed nothing:
        // that is ConnectWise's own validation at work, as tests that send bad input on
        // purpose expect. Everything else (answered, or failed by a fault) is checked.
        let refused = matches!(t.status, 400 | 404 | 501);
        if let (Some(body), Some(model), false) = (&t.request_body, &model, refused) {
            let sent = format!("{what} body");
            match t.method.as_str() {
                "PATCH" => out.extend(self.check_patch(&sent, model, body)),
                "POST" | "PUT" if !list => {
                    out.extend(self.check_model(&sent, model, body, Check::default()))
                }
                _ => {}
            }
        }
        // What the sandbox answered.
        if t.status >= 400 {
            error_body(&mut out);
            return out;
        }
        let Some(body) = &t.response_body else {
            if model.is_some() && t.status != 204 {
                out.push(format!(
                    "{what}: the schema answers a model here, the sandbox sent no body"
                ));
            }
            return out;
        };
        let Some(model) = model else {
            out.push(format!(
                "{what}: the schema answers no body here, the sandbox sent one"
            ));
            return out;
        };
        let opts = Check {
            record: true,
            partial,
        };
        let answer = format!("{what} answer");
        if list {
            match body.as_array() {
                Some(rows) => {
                    for (i, row) in rows.iter().enumerate() {
                        out.extend(self.check_model(
                            &format!("{answer} row {i}"),
                            &model,
                            row,
                            opts,
                        ));
                    }
                    let link = t.response_headers.iter().find(|(k, _)| k == "link");
                    match link {
                        Some((_, l)) if !l.starts_with(&format!("<{scheme}://")) => out.push(format!(
                            "{what}: the Link header does not use the request's scheme ({scheme}): {l}"
                        )),
                        None => out.push(format!("{what}: a list answer has a Link header")),
                        _ => {}
                    }
                }
                None => out.push(format!(
                    "{answer}: the schema answers a list of {model}, the sandbox sent {body}"
                )),
            }
        } else {
            out.extend(self.check_model(&answer, &model, body, opts));
        }
        out
    }

    /// Every problem in a request log.
    pub fn check_all(&self, trips: &[Trip], scheme: &str) -> Vec<String> {
        trips.iter().flat_map(|t| self.check(t, scheme)).collect()
    }
}

/// How strictly a model is checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct Check {
    /// A record answered by the sandbox: `_info` with real dates is required.
    pub record: bool,
    /// Answer to a `fields=` request: `required` is not enforced.
    pub partial: bool,
}

/// Panics listing every problem in the sandbox's log (its bodies must be kept:
/// `SandboxOptions::keep_bodies`).
pub fn assert_conforms(sandbox: &Sandbox) {
    let trips = sandbox.exchanges();
    assert!(
        trips.iter().all(|t| t.api_path().is_none())
            || trips.iter().any(|t| t.response_body.is_some()),
        "the sandbox must keep bodies (SandboxOptions::keep_bodies) for the contract check"
    );
    let scheme = if sandbox.info().url.starts_with("https:") {
        "https"
    } else {
        "http"
    };
    let problems = Contract::load().check_all(&trips, scheme);
    assert!(
        problems.is_empty(),
        "{} answers or bodies break the schema contract:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// A sandbox whose whole request log is checked against the contract when the test is done
/// with it (at `shutdown`, or when dropped), unless the test already failed.
pub struct Checked(Option<Sandbox>);

impl Checked {
    pub fn new(sandbox: Sandbox) -> Checked {
        Checked(Some(sandbox))
    }

    /// A deterministic sandbox on 127.0.0.1 keeping the bodies the contract checks.
    pub async fn start() -> Checked {
        let options = cw_onboard::sandbox::SandboxOptions {
            deterministic: true,
            keep_bodies: true,
            ..Default::default()
        };
        Checked::new(Sandbox::start(options).await.expect("sandbox"))
    }

    pub async fn shutdown(mut self) {
        if let Some(sandbox) = self.0.take() {
            assert_conforms(&sandbox);
            sandbox.shutdown().await;
        }
    }
}

impl std::ops::Deref for Checked {
    type Target = Sandbox;
    fn deref(&self) -> &Sandbox {
        self.0.as_ref().expect("the sandbox is running")
    }
}

impl Drop for Checked {
    fn drop(&mut self) {
        if let Some(sandbox) = &self.0
            && !std::thread::panicking()
        {
            assert_conforms(sandbox);
        }
    }
}
