//! `/system/apiMembers`: list, default, create (identifier rules, duplicates), get, patch, put.

use super::api::{Request, identifier_taken};
use super::reply::{Reply, count, list};
use super::world::{Member, World};
use serde_json::{Value, json};

fn id_of(v: &Value, key: &str) -> Result<Option<u32>, ()> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(r) => r
            .get("id")
            .and_then(Value::as_u64)
            .map(|i| Some(i as u32))
            .ok_or(()),
    }
}

/// Applies the fields of `body` to `m`, checking that references exist.
fn apply(world: &World, m: &mut Member, body: &Value) -> Result<(), Reply> {
    let bad = |field: &str| {
        Reply::invalid(
            "apiMember",
            "InvalidReference",
            field,
            &format!("{field} does not exist"),
        )
    };
    if let Some(name) = body.get("name").and_then(Value::as_str) {
        if name.chars().count() > 30 {
            return Err(Reply::invalid(
                "apiMember",
                "TooLong",
                "name",
                "Member Name must be 30 characters or less",
            ));
        }
        m.name = name.to_string();
    }
    if let Some(email) = body.get("emailAddress").and_then(Value::as_str) {
        if email.len() > 250 {
            return Err(Reply::invalid(
                "apiMember",
                "TooLong",
                "emailAddress",
                "Email must be 250 characters or less",
            ));
        }
        m.email = email.to_string();
    }
    if let Some(flag) = body.get("inactiveFlag").and_then(Value::as_bool) {
        m.inactive = flag;
    }
    let loc = |id: Option<u32>| id.is_none_or(|id| world.locations.iter().any(|l| l.id == id));
    type Exists = fn(&World, u32) -> bool;
    let checks: [(&str, Exists); 7] = [
        ("securityRole", |w, id| w.roles.iter().any(|r| r.id == id)),
        ("structureLevel", |w, id| w.levels.iter().any(|l| l.0 == id)),
        ("securityLocation", |w, id| {
            w.locations.iter().any(|l| l.id == id)
        }),
        ("defaultLocation", |w, id| {
            w.locations.iter().any(|l| l.id == id)
        }),
        ("defaultDepartment", |w, id| {
            w.departments.iter().any(|d| d.0 == id)
        }),
        ("timeZone", |w, id| w.time_zones.iter().any(|t| t.0 == id)),
        ("salesDefaultLocation", |w, id| {
            w.locations.iter().any(|l| l.id == id)
        }),
    ];
    for (field, exists) in checks {
        let id = id_of(body, field).map_err(|_| bad(field))?;
        if let Some(id) = id {
            if !exists(world, id) {
                return Err(bad(field));
            }
            match field {
                "securityRole" => m.role_id = Some(id),
                "structureLevel" => m.level_id = Some(id),
                "securityLocation" => m.owner_id = Some(id),
                "defaultLocation" => m.location_id = Some(id),
                "defaultDepartment" => m.department_id = Some(id),
                "timeZone" => m.time_zone_id = Some(id),
                _ => m.territory_id = Some(id),
            }
        } else if body.get(field).is_some_and(Value::is_null) && loc(None) {
            match field {
                "defaultLocation" => m.location_id = None,
                "defaultDepartment" => m.department_id = None,
                _ => {}
            }
        }
    }
    Ok(())
}

fn api_list(world: &World) -> Vec<Value> {
    world
        .members
        .iter()
        .filter(|m| m.license_class == "A")
        .map(|m| world.member_json(m))
        .collect()
}

pub fn api_members(world: &mut World, req: &Request, rest: &[&str], base: &str) -> Reply {
    let lower: Vec<String> = rest.iter().map(|s| s.to_ascii_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    match (req.method, lower.as_slice()) {
        ("GET", []) => list(api_list(world), &req.query, base),
        ("GET", ["count"]) => count(api_list(world), &req.query),
        ("GET", ["default"]) => Reply::ok(
            json!({"identifier": "", "licenseClass": "A", "timeZone": {"id": 1, "name": "Eastern"}, "inactiveFlag": false}),
        ),
        ("POST", []) => create(world, req.body),
        ("GET", [id]) => match world
            .members
            .iter()
            .find(|m| m.id.to_string() == *id && m.license_class == "A")
        {
            Some(m) => Reply::ok(world.member_json(m)),
            None => Reply::not_found("apiMember"),
        },
        ("PATCH" | "PUT", [id]) => update(world, req, id),
        ("DELETE", [_]) => Reply::error(
            405,
            "MethodNotAllowed",
            "API members cannot be deleted: deactivate them.",
        ),
        _ => Reply::error(404, "NotFound", "unknown apiMembers resource"),
    }
}

fn create(world: &mut World, body: &[u8]) -> Reply {
    let body: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Reply::error(
                400,
                "InvalidObject",
                &format!("apiMember object is invalid: {e}"),
            );
        }
    };
    let identifier = body
        .get("identifier")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string();
    if identifier.is_empty() {
        return Reply::invalid(
            "apiMember",
            "NullOrEmpty",
            "identifier",
            "Member ID is required",
        );
    }
    if identifier.chars().count() > 15 {
        return Reply::invalid(
            "apiMember",
            "TooLong",
            "identifier",
            "Member ID must be 15 characters or less",
        );
    }
    if !identifier.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Reply::invalid(
            "apiMember",
            "InvalidCharacters",
            "identifier",
            "Member ID may contain only letters and numbers",
        );
    }
    if identifier_taken(world, &identifier).is_some() {
        return Reply::invalid(
            "apiMember",
            "ObjectExists",
            "identifier",
            "A member with this Member ID already exists",
        );
    }
    let id = world.next();
    let mut m = Member {
        id,
        identifier: identifier.clone(),
        license_class: "A".into(),
        name: identifier.clone(),
        ..Member::default()
    };
    if let Err(reply) = apply(world, &mut m, &body) {
        return reply;
    }
    let reply = Reply::created(world.member_json(&m));
    world.members.push(m);
    reply
}

fn update(world: &mut World, req: &Request, id: &str) -> Reply {
    let Some(pos) = world
        .members
        .iter()
        .position(|m| m.id.to_string() == id && m.license_class == "A")
    else {
        return Reply::not_found("apiMember");
    };
    let body: Value = match serde_json::from_slice(req.body) {
        Ok(v) => v,
        Err(e) => {
            return Reply::error(
                400,
                "InvalidObject",
                &format!("apiMember object is invalid: {e}"),
            );
        }
    };
    let patch = if req.method == "PATCH" {
        let Some(ops) = body.as_array() else {
            return Reply::error(
                400,
                "InvalidObject",
                "A PATCH body is a list of {op, path, value}",
            );
        };
        let mut obj = serde_json::Map::new();
        for op in ops {
            let (Some(kind), Some(path)) = (
                op.get("op").and_then(Value::as_str),
                op.get("path").and_then(Value::as_str),
            ) else {
                return Reply::error(
                    400,
                    "InvalidObject",
                    "Each patch operation needs op and path",
                );
            };
            if !matches!(kind, "add" | "replace" | "remove") {
                return Reply::error(400, "InvalidObject", &format!("Unknown patch op {kind}"));
            }
            let value = if kind == "remove" {
                Value::Null
            } else {
                op.get("value").cloned().unwrap_or(Value::Null)
            };
            obj.insert(path.trim_start_matches('/').to_string(), value);
        }
        Value::Object(obj)
    } else {
        body
    };
    let mut m = world.members[pos].clone();
    if let Err(reply) = apply(world, &mut m, &patch) {
        return reply;
    }
    let reply = Reply::ok(world.member_json(&m));
    world.members[pos] = m;
    reply
}
