//! `/system/apiMembers` and `/system/members`: list, default, create, get, PUT and PATCH of
//! every field the model has, and deactivation. The only documented identifier rule is its
//! length (15); ConnectWise decides the rest, so the sandbox checks length and uniqueness.

use super::records;
use super::reply::{Reply, count, list};
use super::request::Request;
use super::schema;
use super::world::{Member, Stamp, World};
use serde_json::{Map, Value};

/// ApiMember or Member: the model a write is read as, and its resource name in errors.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Model {
    ApiMember,
    Member,
}

impl Model {
    fn name(self) -> &'static str {
        match self {
            Model::ApiMember => "ApiMember",
            Model::Member => "Member",
        }
    }

    fn resource(self) -> &'static str {
        match self {
            Model::ApiMember => "apiMember",
            Model::Member => "member",
        }
    }

    fn view(self, world: &World, m: &Member) -> Value {
        match self {
            Model::ApiMember => records::api_member(world, m),
            Model::Member => records::member(world, m),
        }
    }
}

fn too_long(model: Model, field: &str, label: &str, max: usize, value: &str) -> Result<(), Reply> {
    if value.chars().count() > max {
        return Err(Reply::invalid(
            model.resource(),
            "TooLong",
            field,
            &format!("{label} must be {max} characters or less"),
        ));
    }
    Ok(())
}

fn text(v: &Value) -> Option<&str> {
    v.as_str()
}

fn reference_id(world: &World, model: Model, field: &str, v: &Value) -> Result<Option<u32>, Reply> {
    let bad = || {
        Reply::invalid(
            model.resource(),
            "InvalidReference",
            field,
            &format!("{field} does not exist"),
        )
    };
    if v.is_null() {
        return Ok(None);
    }
    let id = v
        .get("id")
        .and_then(Value::as_u64)
        .map(|i| i as u32)
        .ok_or_else(bad)?;
    let exists = match field {
        "securityRole" => world.roles.iter().any(|r| r.id == id),
        "structureLevel" => world.levels.iter().any(|l| l.0 == id),
        "defaultDepartment" => world.departments.iter().any(|d| d.0 == id),
        "timeZone" => world.time_zones.iter().any(|t| t.0 == id),
        _ => world.locations.iter().any(|l| l.id == id),
    };
    if exists { Ok(Some(id)) } else { Err(bad()) }
}

/// Applies every field of `fields` to `m`: the ones the sandbox acts on to their slots, the
/// rest of the model's fields kept as they are (`extra`). A key the model lacks is refused.
fn apply(
    world: &World,
    model: Model,
    m: &mut Member,
    fields: &Map<String, Value>,
) -> Result<(), Reply> {
    for (key, value) in fields {
        if !schema::has_field(model.name(), key) {
            return Err(Reply::invalid(
                model.resource(),
                "InvalidField",
                key,
                &format!("{key} is not a field of {}", model.name()),
            ));
        }
        match (model, key.as_str()) {
            (_, "id" | "_info") => {}
            (_, "identifier") => {
                let identifier = text(value).unwrap_or("").trim();
                check_identifier(world, model, identifier, Some(m.id))?;
                m.identifier = identifier.to_string();
            }
            (Model::ApiMember, "name") => {
                let name = text(value).unwrap_or("");
                too_long(model, "name", "Member Name", 30, name)?;
                m.set_name(name);
            }
            (Model::Member, "firstName") => {
                let name = text(value).unwrap_or("");
                too_long(model, "firstName", "First Name", 30, name)?;
                m.first_name = name.trim().to_string();
            }
            (Model::Member, "lastName") => {
                let name = text(value).unwrap_or("");
                too_long(model, "lastName", "Last Name", 30, name)?;
                m.last_name = name.trim().to_string();
            }
            (Model::ApiMember, "emailAddress") | (Model::Member, "officeEmail") => {
                let email = text(value).unwrap_or("");
                too_long(model, key, "Email", 250, email)?;
                m.email = email.to_string();
            }
            (Model::Member, "licenseClass") => {
                if let Some(class) = text(value) {
                    m.license_class = class.to_string();
                }
            }
            (Model::Member, "hireDate") => {
                if let Some(date) = text(value) {
                    m.hire_date = date.to_string();
                }
            }
            (_, "inactiveFlag") => {
                m.inactive = value.as_bool().unwrap_or(false);
                if !m.inactive {
                    m.inactive_date = None;
                } else if m.inactive_date.is_none() {
                    m.inactive_date = Some(super::world::now());
                }
            }
            (_, "inactiveDate") => m.inactive_date = text(value).map(String::from),
            (
                _,
                "securityRole"
                | "structureLevel"
                | "securityLocation"
                | "defaultLocation"
                | "defaultDepartment"
                | "timeZone"
                | "salesDefaultLocation",
            ) => {
                let id = reference_id(world, model, key, value)?;
                match key.as_str() {
                    "securityRole" => m.role_id = id,
                    "structureLevel" => m.level_id = id,
                    "securityLocation" => m.owner_id = id,
                    "defaultLocation" => m.location_id = id,
                    "defaultDepartment" => m.department_id = id,
                    "timeZone" => m.time_zone_id = id,
                    _ => m.territory_id = id,
                }
            }
            _ => {
                if value.is_null() {
                    m.extra.remove(key);
                } else {
                    m.extra.insert(key.clone(), value.clone());
                }
            }
        }
    }
    Ok(())
}

/// The documented rule only: present and at most 15 characters; unique among all members.
fn check_identifier(
    world: &World,
    model: Model,
    identifier: &str,
    me: Option<u32>,
) -> Result<(), Reply> {
    if identifier.is_empty() {
        return Err(Reply::invalid(
            model.resource(),
            "NullOrEmpty",
            "identifier",
            "Member ID is required",
        ));
    }
    too_long(model, "identifier", "Member ID", 15, identifier)?;
    if world
        .member_by_identifier(identifier)
        .is_some_and(|m| Some(m.id) != me)
    {
        return Err(Reply::invalid(
            model.resource(),
            "ObjectExists",
            "identifier",
            "A member with this Member ID already exists",
        ));
    }
    Ok(())
}

fn parse(model: Model, body: &[u8]) -> Result<Value, Reply> {
    serde_json::from_slice(body).map_err(|e| {
        Reply::error(
            400,
            "InvalidObject",
            &format!("{} object is invalid: {e}", model.resource()),
        )
    })
}

fn object(model: Model, body: &[u8]) -> Result<Map<String, Value>, Reply> {
    match parse(model, body)? {
        Value::Object(map) => Ok(map),
        _ => Err(Reply::error(
            400,
            "InvalidObject",
            &format!(
                "{} object is invalid: expected a JSON object",
                model.resource()
            ),
        )),
    }
}

/// A PATCH body (`[{op, path, value}]`) as the fields it sets; `remove` sets null. Paths are bare
/// field names: a sub-path (`securityRole/id`) is refused, not half-applied.
fn patch_fields(model: Model, body: &[u8]) -> Result<Map<String, Value>, Reply> {
    let Value::Array(ops) = parse(model, body)? else {
        return Err(Reply::error(
            400,
            "InvalidObject",
            "A PATCH body is a list of {op, path, value}",
        ));
    };
    let mut fields = Map::new();
    for op in ops {
        let (Some(kind), Some(path)) = (
            op.get("op").and_then(Value::as_str),
            op.get("path").and_then(Value::as_str),
        ) else {
            return Err(Reply::error(
                400,
                "InvalidObject",
                "Each patch operation needs op and path",
            ));
        };
        if !matches!(kind, "add" | "replace" | "remove") {
            return Err(Reply::error(
                400,
                "InvalidObject",
                &format!("Unknown patch op {kind}"),
            ));
        }
        let path = path.trim_start_matches('/');
        if path.contains('/') {
            return Err(Reply::invalid(
                model.resource(),
                "InvalidField",
                path,
                "Patch a reference as a whole, e.g. path securityRole with value {\"id\": 12}",
            ));
        }
        let value = match kind {
            "remove" => Value::Null,
            _ => op.get("value").cloned().unwrap_or(Value::Null),
        };
        fields.insert(path.to_string(), value);
    }
    Ok(fields)
}

fn find(world: &World, model: Model, id: &str) -> Option<usize> {
    world.members.iter().position(|m| {
        let same = m.id.to_string() == id
            || (model == Model::Member && m.identifier.eq_ignore_ascii_case(id));
        same && (model == Model::Member || m.license_class == "A")
    })
}

fn rows(world: &World, model: Model) -> Vec<Value> {
    world
        .members
        .iter()
        .filter(|m| model == Model::Member || m.license_class == "A")
        .map(|m| model.view(world, m))
        .collect()
}

pub fn api_members(
    world: &mut World,
    req: &Request,
    rest: &[&str],
    base: &str,
    caller: &str,
) -> Reply {
    let model = Model::ApiMember;
    let lower: Vec<String> = rest.iter().map(|s| s.to_ascii_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    match (req.method, lower.as_slice()) {
        ("GET", []) => list(rows(world, model), &req.query, base),
        ("GET", ["count"]) => count(rows(world, model), &req.query),
        ("GET", ["default"]) => Reply::ok(serde_json::json!({
            "identifier": "", "timeZone": {"id": 1, "name": "Eastern"}, "inactiveFlag": false,
            "_info": records::info(&Stamp::now(caller)),
        })),
        ("POST", []) => create(world, req.body, model, caller),
        ("GET", [id]) => match find(world, model, id) {
            Some(i) => Reply::ok(model.view(world, &world.members[i])),
            None => Reply::not_found("apiMember"),
        },
        ("PATCH" | "PUT", [id]) => update(world, req, model, id, caller),
        _ => Reply::not_implemented(req.method, &req.path),
    }
}

pub fn members(world: &mut World, req: &Request, rest: &[&str], base: &str, caller: &str) -> Reply {
    let model = Model::Member;
    let lower: Vec<String> = rest.iter().map(|s| s.to_ascii_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    match (req.method, lower.as_slice()) {
        ("GET", []) => list(rows(world, model), &req.query, base),
        ("GET", ["count"]) => count(rows(world, model), &req.query),
        ("POST", []) => create(world, req.body, model, caller),
        ("GET", [_]) => match find(world, model, rest[0]) {
            Some(i) => Reply::ok(model.view(world, &world.members[i])),
            None => Reply::not_found("member"),
        },
        ("PATCH" | "PUT", [_]) => update(world, req, model, rest[0], caller),
        ("POST", [_, "deactivate"]) => deactivate(world, req.body, rest[0], caller),
        _ => Reply::not_implemented(req.method, &req.path),
    }
}

fn create(world: &mut World, body: &[u8], model: Model, caller: &str) -> Reply {
    let fields = match object(model, body) {
        Ok(f) => f,
        Err(reply) => return reply,
    };
    let identifier = fields
        .get("identifier")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    if let Err(reply) = check_identifier(world, model, identifier, None) {
        return reply;
    }
    if let Some(missing) = schema::required(model.name())
        .into_iter()
        .find(|f| fields.get(*f).is_none_or(Value::is_null))
    {
        return Reply::invalid(
            model.resource(),
            "NullOrEmpty",
            missing,
            &format!("{missing} is required"),
        );
    }
    let mut m = Member {
        id: world.next(),
        license_class: "A".into(),
        hire_date: super::world::now(),
        stamp: Stamp::now(caller),
        ..Member::default()
    };
    if let Err(reply) = apply(world, model, &mut m, &fields) {
        return reply;
    }
    // `name` is required only on updates: a create without one is named after its ID.
    if model == Model::ApiMember && m.name().is_empty() {
        let identifier = m.identifier.clone();
        m.set_name(&identifier);
    }
    let reply = Reply::created(model.view(world, &m));
    world.members.push(m);
    reply
}

fn update(world: &mut World, req: &Request, model: Model, id: &str, caller: &str) -> Reply {
    let Some(pos) = find(world, model, id) else {
        return Reply::not_found(model.resource());
    };
    let old = &world.members[pos];
    let (mut m, fields) = if req.method == "PATCH" {
        match patch_fields(model, req.body) {
            Ok(f) => (old.clone(), f),
            Err(reply) => return reply,
        }
    } else {
        // PUT replaces the record: what the body leaves out falls back to empty.
        match object(model, req.body) {
            Ok(f) => (
                Member {
                    id: old.id,
                    identifier: old.identifier.clone(),
                    license_class: old.license_class.clone(),
                    hire_date: old.hire_date.clone(),
                    first_name: if model == Model::Member {
                        String::new()
                    } else {
                        old.first_name.clone()
                    },
                    last_name: if model == Model::Member {
                        String::new()
                    } else {
                        old.last_name.clone()
                    },
                    ..Member::default()
                },
                f,
            ),
            Err(reply) => return reply,
        }
    };
    if let Err(reply) = apply(world, model, &mut m, &fields) {
        return reply;
    }
    if model == Model::ApiMember && m.name().is_empty() {
        return Reply::invalid(
            model.resource(),
            "NullOrEmpty",
            "name",
            "Member Name is required on updates",
        );
    }
    m.stamp = Stamp::now(caller);
    let reply = Reply::ok(model.view(world, &m));
    world.members[pos] = m;
    reply
}

/// `POST /system/members/{id}/deactivate` with a `MemberDeactivation` (reassignments are
/// accepted and not modeled): the member becomes inactive and its keys stop working.
fn deactivate(world: &mut World, body: &[u8], id: &str, caller: &str) -> Reply {
    let Some(pos) = find(world, Model::Member, id) else {
        return Reply::not_found("member");
    };
    let fields = if body.is_empty() {
        Map::new()
    } else {
        match object(Model::Member, body) {
            Ok(f) => f,
            Err(reply) => return reply,
        }
    };
    if let Some(bad) = fields
        .keys()
        .find(|k| !schema::has_field("MemberDeactivation", k))
    {
        return Reply::invalid(
            "memberDeactivation",
            "InvalidField",
            bad,
            &format!("{bad} is not a field of MemberDeactivation"),
        );
    }
    let m = &mut world.members[pos];
    m.inactive = true;
    m.inactive_date = Some(super::world::now());
    m.stamp = Stamp::now(caller);
    Reply::ok(Value::Object(fields))
}
