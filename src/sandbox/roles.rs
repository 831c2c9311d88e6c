//! `/system/securityroles` and `/system/securityRoles/{id}/settings` (read-only: 405 on writes).

use super::api::Request;
use super::reply::{Reply, count, list};
use super::world::{Role, World};
use crate::level::Level;
use serde_json::{Value, json};

fn role_json(r: &Role) -> Value {
    json!({"id": r.id, "name": r.name, "roleType": "Custom", "adminFlag": r.id == 1, "inactiveFlag": false})
}

pub fn handle(world: &mut World, req: &Request, rest: &[&str], base: &str) -> Reply {
    match (req.method, rest) {
        ("GET", []) => list(
            world.roles.iter().map(role_json).collect(),
            &req.query,
            base,
        ),
        ("GET", ["count"]) => count(world.roles.iter().map(role_json).collect(), &req.query),
        ("POST", []) => create(world, req.body),
        ("GET", [id]) => match world.roles.iter().find(|r| r.id.to_string() == *id) {
            Some(r) => Reply::ok(role_json(r)),
            None => Reply::not_found("securityRole"),
        },
        ("DELETE", [id]) => {
            let before = world.roles.len();
            world.roles.retain(|r| r.id.to_string() != *id || r.id == 1);
            if world.roles.len() < before {
                Reply::empty(204)
            } else {
                Reply::not_found("securityRole")
            }
        }
        (_, [_, "settings", ..]) if req.method != "GET" => Reply::error(
            405,
            "MethodNotAllowed",
            "Security role settings are read-only through the API: set them in System > Security Roles.",
        ),
        ("GET", [id, "settings"]) | ("GET", [id, "settings", "count"]) => {
            let Some(role) = world.roles.iter().find(|r| r.id.to_string() == *id) else {
                return Reply::not_found("securityRole");
            };
            let rows: Vec<Value> = role
                .settings
                .iter()
                .enumerate()
                .map(|(i, l)| World::setting_json(i, l))
                .collect();
            if rest.len() == 3 {
                count(rows, &req.query)
            } else {
                list(rows, &req.query, base)
            }
        }
        ("GET", [id, "settings", sid]) => {
            let Some(role) = world.roles.iter().find(|r| r.id.to_string() == *id) else {
                return Reply::not_found("securityRole");
            };
            match sid
                .parse::<usize>()
                .ok()
                .and_then(|s| s.checked_sub(1))
                .and_then(|i| role.settings.get(i).map(|l| (i, l)))
            {
                Some((i, l)) => Reply::ok(World::setting_json(i, l)),
                None => Reply::not_found("securityRoleSetting"),
            }
        }
        ("PUT" | "PATCH", [_]) => Reply::error(
            405,
            "MethodNotAllowed",
            "Security roles cannot be changed through the API.",
        ),
        _ => Reply::error(404, "NotFound", "unknown security role resource"),
    }
}

fn create(world: &mut World, body: &[u8]) -> Reply {
    let parsed: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Reply::error(
                400,
                "InvalidObject",
                &format!("securityRole object is invalid: {e}"),
            );
        }
    };
    let name = parsed
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string();
    if name.is_empty() {
        return Reply::invalid("securityRole", "NullOrEmpty", "name", "Role ID is required");
    }
    if name.chars().count() > 30 {
        return Reply::invalid(
            "securityRole",
            "TooLong",
            "name",
            "Role ID must be 30 characters or less",
        );
    }
    if world
        .roles
        .iter()
        .any(|r| r.name.eq_ignore_ascii_case(&name))
    {
        return Reply::invalid(
            "securityRole",
            "ObjectExists",
            "name",
            "A security role with this Role ID already exists",
        );
    }
    let id = world.next();
    let role = Role::new(id, &name, Level::None);
    let reply = Reply::created(role_json(&role));
    world.roles.push(role);
    reply
}
