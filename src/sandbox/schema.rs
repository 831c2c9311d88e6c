//! The published API schema as the sandbox reads it: which methods each path has (405 for the
//! others) and which fields each model has (PATCH paths, PUT bodies, views). The text is the
//! vendored copy `schema/cw-schema-2025.16.json` of `reference/cw-schema-2025.16.json`
//! (tests/schema_contract.rs checks the two are equal when ../shared is there).

use serde_json::Value;
use std::sync::OnceLock;

pub const TEXT: &str = include_str!("../../schema/cw-schema-2025.16.json");

fn doc() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| serde_json::from_str(TEXT).unwrap_or(Value::Null))
}

/// Whether `path` fits `template` (`{x}` matches one segment; ASCII case ignored), and how many
/// of its segments are literal (the most literal template wins: `/apiMembers/default` over
/// `/apiMembers/{id}`).
fn fits(template: &str, path: &str) -> Option<usize> {
    let t: Vec<&str> = template.trim_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_matches('/').split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut literal = 0;
    for (a, b) in t.iter().zip(&p) {
        if a.starts_with('{') && a.ends_with('}') {
            if b.is_empty() {
                return None;
            }
        } else if a.eq_ignore_ascii_case(b) {
            literal += 1;
        } else {
            return None;
        }
    }
    Some(literal)
}

/// The schema's path template for `path` (after `/apis/3.0`) and its methods, upper case.
pub fn path(path: &str) -> Option<(&'static str, Vec<String>)> {
    let paths = doc().get("paths")?.as_object()?;
    let (template, ops) = paths
        .iter()
        .filter_map(|(t, ops)| fits(t, path).map(|n| (n, t, ops)))
        .max_by_key(|(n, _, _)| *n)
        .map(|(_, t, ops)| (t, ops))?;
    let methods = ops
        .as_object()
        .map(|o| o.keys().map(|m| m.to_ascii_uppercase()).collect())
        .unwrap_or_default();
    Some((template.as_str(), methods))
}

/// The field names of a model (`$defs` entry), in the schema's order.
pub fn fields(model: &str) -> Vec<&'static str> {
    doc()
        .get("$defs")
        .and_then(|d| d.get(model))
        .and_then(|m| m.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// The fields a model marks `required`.
pub fn required(model: &str) -> Vec<&'static str> {
    doc()
        .get("$defs")
        .and_then(|d| d.get(model))
        .and_then(|m| m.get("required"))
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

pub fn has_field(model: &str, field: &str) -> bool {
    fields(model).contains(&field)
}

/// `record` with only the keys `model` has: the same record seen through another model (a
/// member as `MyMember`).
pub fn through(model: &str, record: Value) -> Value {
    match record {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| has_field(model, k))
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests;
