//! The simulated ConnectWise REST API: companyinfo, auth, the caller's role enforced, and the
//! route table. The handlers (`roles`, `members`...) depend on `request`, `reply` and `world`,
//! never back on this module.

use super::records;
use super::reply::{Reply, count, list};
use super::request::Request;
use super::world::{Role, World};
use crate::level::{Level, Levels};
use crate::template::catalog::{CATALOG, guarding_function};
use base64::Engine;
use serde_json::{Value, json};

pub fn companyinfo(world: &World, company: &str, host: &str) -> Reply {
    if !company.eq_ignore_ascii_case(&world.company) {
        return Reply::error(404, "NotFound", "company not found");
    }
    let (codebase, cloud) = if world.cloud {
        ("v2025_1/", "True")
    } else {
        ("v4_6_release/", "False")
    };
    Reply::ok(json!({
        "CompanyName": world.company_name, "Codebase": codebase, "VersionCode": "v2025.1",
        "VersionNumber": "v4.6.2025.1", "CompanyID": world.company, "IsCloud": cloud,
        "SiteUrl": if world.cloud { host } else { "" },
    }))
}

/// The member behind the credentials, or ConnectWise's refusal.
fn authenticate(world: &World, req: &Request) -> Result<u32, Reply> {
    let refuse = |message: &str| {
        if world.cloud {
            Reply::empty(404)
        } else {
            Reply::error(401, "Unauthorized", message)
        }
    };
    match req.client_id {
        Some(id) if id.trim().eq_ignore_ascii_case(&world.client_id) => {}
        Some(_) => {
            return Err(Reply::error(
                401,
                "Unauthorized",
                "The clientId is not registered",
            ));
        }
        None => {
            return Err(Reply::error(
                401,
                "Unauthorized",
                "clientId header is required",
            ));
        }
    }
    let decoded = req
        .authorization
        .and_then(|h| h.strip_prefix("Basic "))
        .and_then(|b| {
            base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .ok()
        })
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| refuse("UserNotAuthenticated"))?;
    let (user, private) = decoded
        .split_once(':')
        .ok_or_else(|| refuse("UserNotAuthenticated"))?;
    let (company, public) = user
        .split_once('+')
        .ok_or_else(|| refuse("UserNotAuthenticated"))?;
    if !company.eq_ignore_ascii_case(&world.company) {
        return Err(refuse("UserNotAuthenticated"));
    }
    let key = world
        .keys
        .iter()
        .find(|k| k.public == public && k.private == private && !k.inactive)
        .ok_or_else(|| refuse("UserNotAuthenticated"))?;
    let member = world
        .members
        .iter()
        .find(|m| m.id == key.member_id)
        .ok_or_else(|| refuse("UserNotAuthenticated"))?;
    if member.inactive {
        return Err(refuse("UserNotAuthenticated: the member is inactive"));
    }
    Ok(member.id)
}

fn caller_role(world: &mut World, member_id: u32) -> Option<&mut Role> {
    let role_id = world.members.iter().find(|m| m.id == member_id)?.role_id?;
    world.role_mut(role_id)
}

fn guard(world: &mut World, member_id: u32, method: &str, path: &str) -> Result<(), Reply> {
    let lower = path.to_ascii_lowercase();
    let collection: String = {
        let parts: Vec<&str> = lower.trim_matches('/').split('/').collect();
        format!(
            "/{}",
            parts.iter().take(2).copied().collect::<Vec<_>>().join("/")
        )
    };
    let function = match collection.as_str() {
        "/system/apimembers" | "/system/members" => CATALOG
            .iter()
            .position(|f| f.module == "System" && f.function == "Member Maintenance"),
        "/system/securityroles" => CATALOG
            .iter()
            .position(|f| f.module == "System" && f.function == "Security Roles"),
        other => {
            guarding_function(other).and_then(|g| CATALOG.iter().position(|f| std::ptr::eq(f, g)))
        }
    };
    let Some(index) = function else { return Ok(()) };
    let levels = match caller_role(world, member_id) {
        Some(role) => role.effective().0[index],
        None => Levels::NONE,
    };
    let have = match method {
        // Deactivating changes the member: an edit, though it is a POST.
        "POST" if lower.ends_with("/deactivate") => levels.edit,
        "GET" => levels.inquire,
        "POST" => levels.add,
        "PUT" | "PATCH" => levels.edit,
        "DELETE" => levels.delete,
        _ => Level::None,
    };
    if have == Level::None {
        let f = &CATALOG[index];
        return Err(Reply::error(
            403,
            "Forbidden",
            &format!(
                "You do not have access to this record ({} / {}).",
                f.module, f.function
            ),
        ));
    }
    Ok(())
}

/// Schema paths the sandbox models, beyond the probe resources' `/count`. A path the schema has
/// but the sandbox leaves out answers 404 (docs/sandbox.md lists them).
const MODELED: &[&str] = &[
    "/system/info",
    "/system/myMembers",
    "/system/mySecurity",
    "/system/mySecurity/customizeItems/",
    "/system/securityroles",
    "/system/securityroles/count",
    "/system/securityroles/{id}",
    "/system/securityRoles/{parentId}/settings",
    "/system/securityRoles/{parentId}/settings/count",
    "/system/securityRoles/{parentId}/settings/{id}",
    "/system/apiMembers",
    "/system/apiMembers/count",
    "/system/apiMembers/default",
    "/system/apiMembers/{id}",
    "/system/members",
    "/system/members/count",
    "/system/members/{id}",
    "/system/members/{id}/deactivate",
    "/system/myCompany/corporateStructure",
    "/system/myCompany/corporateStructureLevels",
    "/system/myCompany/corporateStructureLevels/count",
    "/system/locations",
    "/system/locations/count",
    "/system/locations/{id}",
    "/system/locations/{parentId}/departments",
    "/system/locations/{parentId}/departments/count",
    "/system/departments",
    "/system/departments/count",
    "/system/departments/{id}",
    "/system/timeZoneSetups",
    "/system/timeZoneSetups/count",
    "/system/integratorlogins",
    "/system/integratorlogins/count",
    "/system/integratorlogins/{id}",
];

/// The probe resources' lists (`GET /company/companies`) the schema leaves out (it has only
/// their `/count`): served with synthetic `{id, name, identifier}` rows for paging tests.
fn probe_list(path: &str) -> bool {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    segs.len() == 2 && guarding_function(path).is_some()
}

/// 404 for a path the sandbox does not model, 405 (with `Allow`) for a method the schema does
/// not list on one it does.
fn route_check(method: &str, path: &str) -> Result<(), Reply> {
    let Some((template, methods)) = super::schema::path(path) else {
        if probe_list(path) {
            return match method {
                "GET" => Ok(()),
                _ => Err(Reply::method_not_allowed(&["GET"], path)),
            };
        }
        return Err(Reply::error(
            404,
            "NotFound",
            &format!("The resource {path} is not part of this sandbox"),
        ));
    };
    let probe_count = template
        .strip_suffix("/count")
        .is_some_and(|t| guarding_function(t).is_some());
    if !probe_count && !MODELED.contains(&template) {
        return Err(Reply::error(
            404,
            "NotFound",
            &format!("The resource {template} is not modeled by this sandbox"),
        ));
    }
    if !methods.iter().any(|m| m == method) {
        let allowed: Vec<&str> = methods.iter().map(String::as_str).collect();
        return Err(Reply::method_not_allowed(&allowed, template));
    }
    Ok(())
}

pub fn handle(world: &mut World, req: &Request) -> Reply {
    let member_id = match authenticate(world, req) {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    if let Err(reply) = route_check(req.method, &req.path) {
        return reply;
    }
    if let Err(reply) = guard(world, member_id, req.method, &req.path) {
        return reply;
    }
    let lower = req.path.to_ascii_lowercase();
    let segs: Vec<&str> = req.path.trim_matches('/').split('/').collect();
    let lsegs: Vec<&str> = lower.trim_matches('/').split('/').collect();
    let base = format!("{}{}", req.base, req.path);
    let me = world.members.iter().find(|m| m.id == member_id).cloned();
    let caller = me
        .as_ref()
        .map(|m| m.identifier.clone())
        .unwrap_or_default();
    match (req.method, lsegs.as_slice()) {
        ("GET", ["system", "info"]) => Reply::ok(
            json!({"version": "v2025.1.10432", "isCloud": world.cloud, "serverTimeZone": "Eastern Standard Time", "cloudRegion": if world.cloud { "NA" } else { "" }, "licenseBits": []}),
        ),
        ("GET", ["system", "mymembers"]) => match &me {
            Some(m) => Reply::ok(records::my_member(world, m)),
            None => Reply::not_found("member"),
        },
        ("GET", ["system", "mysecurity"]) => {
            let rows: Vec<Value> = match (caller_role(world, member_id), &me) {
                (Some(role), Some(me)) => {
                    let stamp = role.stamp.clone();
                    role.effective()
                        .0
                        .iter()
                        .enumerate()
                        .map(|(i, l)| records::my_security(i, l, &stamp, me))
                        .collect()
                }
                _ => Vec::new(),
            };
            list(rows, &req.query, &base)
        }
        ("GET", ["system", "mysecurity", "customizeitems"]) => {
            let rows: Vec<Value> = match caller_role(world, member_id) {
                Some(role) => role.effective().1.iter().enumerate().map(|(i, (c, item))| json!({"id": i + 1, "customizeIdentifier": c, "itemIdentifier": item})).collect(),
                None => Vec::new(),
            };
            list(rows, &req.query, &base)
        }
        (_, ["system", "securityroles", ..]) => {
            super::roles::handle(world, req, &lsegs[2..], &base, &caller)
        }
        (_, ["system", "apimembers", ..]) => {
            super::members::api_members(world, req, &segs[2..], &base, &caller)
        }
        (_, ["system", "members", ..]) => {
            super::members::members(world, req, &segs[2..], &base, &caller)
        }
        ("GET", ["system", "mycompany", "corporatestructure"]) => {
            list(records::corporate_structure(world), &req.query, &base)
        }
        (_, ["system", "integratorlogins", rest @ ..]) => super::integrator_logins::handle(
            &world.integrator_logins,
            req.method,
            rest,
            &req.query,
            &base,
        ),
        ("GET", ["system", "mycompany", "corporatestructurelevels"]) => {
            list(levels(world), &req.query, &base)
        }
        ("GET", ["system", "mycompany", "corporatestructurelevels", "count"]) => {
            count(levels(world), &req.query)
        }
        ("GET", ["system", "locations"]) => list(records::locations(world), &req.query, &base),
        ("GET", ["system", "locations", "count"]) => count(records::locations(world), &req.query),
        ("GET", ["system", "locations", id]) => one(records::locations(world), id, "location"),
        ("GET", ["system", "locations", id, "departments", rest @ ..]) => {
            let Some(location) = world.locations.iter().find(|l| l.id.to_string() == *id) else {
                return Reply::not_found("location");
            };
            let rows = records::location_departments(world, location.id);
            match rest {
                [] => list(rows, &req.query, &base),
                _ => count(rows, &req.query),
            }
        }
        ("GET", ["system", "departments"]) => list(records::departments(world), &req.query, &base),
        ("GET", ["system", "departments", "count"]) => {
            count(records::departments(world), &req.query)
        }
        ("GET", ["system", "departments", id]) => {
            one(records::departments(world), id, "department")
        }
        ("GET", ["system", "timezonesetups"]) => {
            list(records::time_zones(world), &req.query, &base)
        }
        ("GET", ["system", "timezonesetups", "count"]) => {
            count(records::time_zones(world), &req.query)
        }
        ("GET", [a, b]) if guarding_function(&format!("/{a}/{b}")).is_some() => list(
            World::resource_rows(&format!("/{a}/{b}")),
            &req.query,
            &base,
        ),
        ("GET", [a, b, "count"]) if guarding_function(&format!("/{a}/{b}")).is_some() => {
            count(World::resource_rows(&format!("/{a}/{b}")), &req.query)
        }
        _ => Reply::not_implemented(req.method, &req.path),
    }
}

fn levels(world: &World) -> Vec<Value> {
    world
        .levels
        .iter()
        .map(|(id, name)| json!({"id": id, "name": name}))
        .collect()
}

/// The record with this id, or 404 naming `what`.
fn one(rows: Vec<Value>, id: &str, what: &str) -> Reply {
    match rows
        .into_iter()
        .find(|r| r["id"].as_u64().is_some_and(|n| n.to_string() == id))
    {
        Some(r) => Reply::ok(r),
        None => Reply::not_found(what),
    }
}
