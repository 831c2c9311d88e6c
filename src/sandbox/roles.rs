//! `/system/securityroles` (list, create, get, delete) and `/system/securityRoles/{id}/settings`
//! (read-only: the schema has no write, so writes answer 405).

use super::records;
use super::reply::{Reply, count, list};
use super::request::Request;
use super::world::{Role, Stamp, World};
use crate::level::Level;
use serde_json::Value;

fn role_json(r: &Role) -> Value {
    records::role(r)
}

pub fn handle(world: &mut World, req: &Request, rest: &[&str], base: &str, caller: &str) -> Reply {
    match (req.method, rest) {
        ("GET", []) => list(
            world.roles.iter().map(role_json).collect(),
            &req.query,
            base,
        ),
        ("GET", ["count"]) => count(world.roles.iter().map(role_json).collect(), &req.query),
        ("POST", []) => create(world, req.body, caller),
        ("GET", [id]) => match world.roles.iter().find(|r| r.id.to_string() == *id) {
            Some(r) => Reply::ok(role_json(r)),
            None => Reply::not_found("securityRole"),
        },
        ("DELETE", [id]) => delete(world, id),
        ("GET", [id, "settings"]) | ("GET", [id, "settings", "count"]) => {
            let Some(role) = world.roles.iter().find(|r| r.id.to_string() == *id) else {
                return Reply::not_found("securityRole");
            };
            let rows: Vec<Value> = role
                .settings
                .iter()
                .enumerate()
                .map(|(i, l)| records::setting(i, l, &role.stamp))
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
                Some((i, l)) => Reply::ok(records::setting(i, l, &role.stamp)),
                None => Reply::not_found("securityRoleSetting"),
            }
        }
        _ => Reply::not_implemented(req.method, &req.path),
    }
}

/// DELETE: 204; a role a member still has is in use (409), as ConnectWise refuses it.
fn delete(world: &mut World, id: &str) -> Reply {
    let Some(role) = world.roles.iter().find(|r| r.id.to_string() == id) else {
        return Reply::not_found("securityRole");
    };
    let role_id = role.id;
    if let Some(m) = world.members.iter().find(|m| m.role_id == Some(role_id)) {
        return Reply::error(
            409,
            "Conflict",
            &format!(
                "The security role is in use by member {}: give the member another role first.",
                m.identifier
            ),
        );
    }
    world.roles.retain(|r| r.id != role_id);
    Reply::empty(204)
}

fn create(world: &mut World, body: &[u8], caller: &str) -> Reply {
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
    if let Some(bad) = parsed.as_object().and_then(|o| {
        o.keys()
            .find(|k| !super::schema::has_field("SecurityRole", k))
    }) {
        return Reply::invalid(
            "securityRole",
            "InvalidField",
            bad,
            &format!("{bad} is not a field of SecurityRole"),
        );
    }
    let id = world.next();
    let mut role = Role::new(id, &name, Level::None);
    role.stamp = Stamp::now(caller);
    let reply = Reply::created(role_json(&role));
    world.roles.push(role);
    reply
}
