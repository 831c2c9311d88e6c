//! The simulated ConnectWise REST API: companyinfo, auth, and the resources the wizard uses,
//! with the caller's role enforced.

use super::reply::{Query, Reply, count, list};
use super::world::{Member, Role, World};
use crate::level::{Level, Levels};
use crate::template::catalog::{CATALOG, guarding_function};
use base64::Engine;
use serde_json::{Value, json};

pub struct Request<'a> {
    pub method: &'a str,
    /// The resource path after `/apis/3.0`, e.g. `/system/apiMembers/12`.
    pub path: String,
    pub query: Query,
    pub authorization: Option<&'a str>,
    pub client_id: Option<&'a str>,
    pub body: &'a [u8],
    /// `scheme://host/<codebase>apis/3.0` for Link headers.
    pub base: String,
}

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
        .find(|k| k.public == public && k.private == private)
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

pub fn handle(world: &mut World, req: &Request) -> Reply {
    let member_id = match authenticate(world, req) {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    if let Err(reply) = guard(world, member_id, req.method, &req.path) {
        return reply;
    }
    let lower = req.path.to_ascii_lowercase();
    let segs: Vec<&str> = req.path.trim_matches('/').split('/').collect();
    let lsegs: Vec<&str> = lower.trim_matches('/').split('/').collect();
    let base = format!("{}{}", req.base, req.path);
    match (req.method, lsegs.as_slice()) {
        ("GET", ["system", "info"]) => Reply::ok(json!({"version": "v2025.1.10432", "isCloud": world.cloud, "serverTimeZone": "Eastern Standard Time", "cloudRegion": if world.cloud { "NA" } else { "" }, "licenseBits": []})),
        ("GET", ["system", "mymembers"]) => match world.members.iter().find(|m| m.id == member_id) {
            Some(m) => Reply::ok(world.member_json(m)),
            None => Reply::not_found("member"),
        },
        ("GET", ["system", "mysecurity"]) => {
            let rows: Vec<Value> = match caller_role(world, member_id) {
                Some(role) => role.effective().0.iter().enumerate().map(|(i, l)| World::setting_json(i, l)).collect(),
                None => Vec::new(),
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
        (_, ["system", "securityroles", ..]) => super::roles::handle(world, req, &lsegs[2..], &base),
        (_, ["system", "integratorlogins", rest @ ..]) => super::integrator_logins::handle(&world.integrator_logins, req.method, rest, &req.query, &base),
        (_, ["system", "apimembers", ..]) => super::members::api_members(world, req, &segs[2..], &base),
        ("GET", ["system", "members"]) => list(world.members.iter().map(|m| world.member_json(m)).collect(), &req.query, &base),
        ("GET", ["system", "members", "count"]) => count(world.members.iter().map(|m| world.member_json(m)).collect(), &req.query),
        ("GET", ["system", "members", _]) => match world.members.iter().find(|m| m.identifier.eq_ignore_ascii_case(segs[2]) || m.id.to_string() == segs[2]) {
            Some(m) => Reply::ok(world.member_json(m)),
            None => Reply::not_found("member"),
        },
        ("GET", ["system", "mycompany", "corporatestructure"]) => Reply::ok(json!({
            "levelCount": world.levels.len(), "level1Name": "Corporate", "level2Name": "Location", "level3Name": "Group",
            "locationCaption": "Location", "groupCaption": "Group"})),
        ("GET", ["system", "mycompany", "corporatestructurelevels"]) => {
            list(world.levels.iter().map(|(id, name)| json!({"id": id, "name": name})).collect(), &req.query, &base)
        }
        ("GET", ["system", "locations"]) => list(locations(world), &req.query, &base),
        ("GET", ["system", "locations", id, "departments"]) => {
            let ids: Vec<u32> = world.locations.iter().find(|l| l.id.to_string() == *id).map(|l| l.departments.clone()).unwrap_or_default();
            list(departments(world).into_iter().filter(|d| d["id"].as_u64().is_some_and(|i| ids.contains(&(i as u32)))).collect(), &req.query, &base)
        }
        ("GET", ["system", "departments"]) => list(departments(world), &req.query, &base),
        ("GET", ["system", "timezonesetups"]) => list(
            world.time_zones.iter().map(|(id, name, off)| json!({"id": id, "name": name, "offset": off, "defaultFlag": *id == 1, "daylightSavingsFlag": true})).collect(),
            &req.query,
            &base,
        ),
        ("GET", [a, b]) if guarding_function(&format!("/{a}/{b}")).is_some() => list(World::resource_rows(&format!("/{a}/{b}")), &req.query, &base),
        ("GET", [a, b, "count"]) if guarding_function(&format!("/{a}/{b}")).is_some() => count(World::resource_rows(&format!("/{a}/{b}")), &req.query),
        _ => Reply::error(404, "NotFound", &format!("The resource {} is not part of this sandbox", req.path)),
    }
}

fn locations(world: &World) -> Vec<Value> {
    world
        .locations
        .iter()
        .map(|l| {
            let level = world.levels.iter().find(|x| x.0 == l.level).map(|x| x.1).unwrap_or_default();
            json!({"id": l.id, "name": l.name, "structureLevel": {"id": l.level, "name": level}, "ownerLevelId": l.level,
                   "locationFlag": l.level == 2, "departmentIds": l.departments, "timeZoneSetup": {"id": 1, "name": "Eastern"}})
        })
        .collect()
}

fn departments(world: &World) -> Vec<Value> {
    world
        .departments
        .iter()
        .map(|(id, ident, name)| json!({"id": id, "identifier": ident, "name": name}))
        .collect()
}

/// Whether a member with this identifier exists, of any license class.
pub fn identifier_taken(world: &World, identifier: &str) -> Option<Member> {
    world
        .members
        .iter()
        .find(|m| m.identifier.eq_ignore_ascii_case(identifier))
        .cloned()
}
