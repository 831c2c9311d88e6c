//! The control API under `/sandbox/v1/`: what the ConnectWise UI does by hand (a fixed
//! contract: paths and bodies as PRODUCT.md gives them). Never logged, never faulted.

use super::reply::Reply;
use super::world::{Faults, Key, World, random_key};
use crate::level::Levels;
use crate::template::matching;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::time::Duration;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoleSettingRow {
    pub module: String,
    pub function: String,
    pub add: crate::level::Level,
    pub edit: crate::level::Level,
    pub delete: crate::level::Level,
    pub inquire: crate::level::Level,
}

impl From<&crate::template::Permission> for RoleSettingRow {
    /// The row an admin would set in the UI for this template permission.
    fn from(p: &crate::template::Permission) -> Self {
        RoleSettingRow {
            module: p.function.module.into(),
            function: p.function.function.into(),
            add: p.levels.add,
            edit: p.levels.edit,
            delete: p.levels.delete,
            inquire: p.levels.inquire,
        }
    }
}

impl From<&crate::template::MergedPermission> for RoleSettingRow {
    fn from(p: &crate::template::MergedPermission) -> Self {
        RoleSettingRow::from(&crate::template::Permission::new(p.function, p.levels))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CustomizeRow {
    pub customize: String,
    pub item: String,
}

/// The body of `PATCH /sandbox/v1/members/{identifier}/keys/{publicKey}`: the key's Inactive
/// checkbox in the ConnectWise UI.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyPatch {
    inactive: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    pub status: u16,
}

fn decode(path: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", path.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

pub fn handle(world: &mut World, method: &str, path: &str, body: &[u8], url: &str) -> Reply {
    let segs: Vec<String> = path
        .trim_start_matches("/sandbox/v1/")
        .split('/')
        .map(decode)
        .collect();
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let bad = |e: serde_json::Error| Reply::error(400, "InvalidObject", &format!("bad body: {e}"));
    match (method, segs.as_slice()) {
        ("GET", ["info"]) => {
            let key = world.admin_key();
            Reply::ok(
                json!({"url": url, "company": world.company, "client_id": world.client_id,
                             "admin_public_key": key.public, "admin_private_key": key.private}),
            )
        }
        ("PUT", ["roles", name, "settings"]) => {
            let rows: Vec<RoleSettingRow> = match serde_json::from_slice(body) {
                Ok(r) => r,
                Err(e) => return bad(e),
            };
            let mut resolved = Vec::new();
            let mut unknown = Vec::new();
            for row in &rows {
                let found = crate::template::catalog::by_any_name(&row.module, &row.function)
                    .ok_or(())
                    .or_else(|_| matching::find(&row.module, &row.function));
                match found {
                    Ok(f) => resolved.push((
                        crate::template::catalog::CATALOG
                            .iter()
                            .position(|c| std::ptr::eq(c, f))
                            .unwrap_or(0),
                        Levels::new(row.add, row.edit, row.delete, row.inquire),
                    )),
                    Err(e) => unknown.push(e),
                }
            }
            if !unknown.is_empty() {
                return Reply::error(400, "InvalidObject", &unknown.join("; "));
            }
            let delay = Duration::from_secs(world.faults.apply_delay_s);
            let Some(role) = world
                .roles
                .iter_mut()
                .find(|r| r.name.eq_ignore_ascii_case(name))
            else {
                return Reply::not_found("role");
            };
            for (i, levels) in resolved {
                role.settings[i] = levels;
            }
            role.changed(delay);
            Reply::ok(json!({"updated": rows.len()}))
        }
        ("PUT", ["roles", name, "customize"]) => {
            let rows: Vec<CustomizeRow> = match serde_json::from_slice(body) {
                Ok(r) => r,
                Err(e) => return bad(e),
            };
            // customizeIdentifier is an enum in the schema: the catalog's identifiers.
            if let Some(row) = rows.iter().find(|r| {
                !crate::template::catalog::CATALOG
                    .iter()
                    .any(|f| f.customize == Some(r.customize.as_str()))
            }) {
                return Reply::error(
                    400,
                    "InvalidObject",
                    &format!("unknown customize identifier {}", row.customize),
                );
            }
            let delay = Duration::from_secs(world.faults.apply_delay_s);
            let Some(role) = world
                .roles
                .iter_mut()
                .find(|r| r.name.eq_ignore_ascii_case(name))
            else {
                return Reply::not_found("role");
            };
            role.customize = rows.into_iter().map(|r| (r.customize, r.item)).collect();
            role.changed(delay);
            Reply::ok(json!({"updated": role.customize.len()}))
        }
        ("POST", ["members", identifier, "keys"]) => {
            let description = serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .and_then(|v| {
                    v.get("description")
                        .and_then(|d| d.as_str())
                        .map(String::from)
                })
                .unwrap_or_default();
            let Some(member) = world
                .members
                .iter()
                .find(|m| m.identifier.eq_ignore_ascii_case(identifier))
            else {
                return Reply::not_found("member");
            };
            let key = Key {
                member_id: member.id,
                public: random_key(16),
                private: random_key(16),
                description,
                inactive: false,
            };
            let reply = Reply::created(json!({"publicKey": key.public, "privateKey": key.private}));
            world.keys.push(key);
            reply
        }
        ("DELETE", ["members", identifier, "keys", public]) => {
            let Some(member) = world
                .members
                .iter()
                .find(|m| m.identifier.eq_ignore_ascii_case(identifier))
            else {
                return Reply::not_found("member");
            };
            let id = member.id;
            let before = world.keys.len();
            world
                .keys
                .retain(|k| !(k.member_id == id && k.public == *public));
            if world.keys.len() < before {
                Reply::empty(204)
            } else {
                Reply::not_found("key")
            }
        }
        ("PATCH", ["members", identifier, "keys", public]) => {
            let body: KeyPatch = match serde_json::from_slice(body) {
                Ok(b) => b,
                Err(e) => return bad(e),
            };
            let Some(member) = world
                .members
                .iter()
                .find(|m| m.identifier.eq_ignore_ascii_case(identifier))
            else {
                return Reply::not_found("member");
            };
            let id = member.id;
            match world
                .keys
                .iter_mut()
                .find(|k| k.member_id == id && k.public == *public)
            {
                Some(key) => {
                    key.inactive = body.inactive;
                    Reply::ok(json!({"publicKey": key.public, "inactive": key.inactive}))
                }
                None => Reply::not_found("key"),
            }
        }
        ("PUT", ["faults"]) => match serde_json::from_slice::<Faults>(body) {
            Ok(f) => {
                world.faults = f;
                world.fault_count = 0;
                Reply::ok(json!({"ok": true}))
            }
            Err(e) => bad(e),
        },
        ("GET", ["requests"]) => {
            let rows: Vec<RequestRecord> = world
                .requests
                .iter()
                .map(|t| RequestRecord {
                    method: t.method.clone(),
                    path: t.path.clone(),
                    status: t.status,
                })
                .collect();
            Reply::ok(serde_json::to_value(rows).unwrap_or_default())
        }
        _ => Reply::error(404, "NotFound", "unknown sandbox control endpoint"),
    }
}
