//! The sandbox's records as ConnectWise's models show them (schema/cw-schema-2025.16.json):
//! every record with `_info`, references as `{id, name}` objects (left out, never null, when
//! unset), and the same member seen as `ApiMember`, `Member` or `MyMember`.

use super::schema;
use super::world::{Member, Role, Stamp, World};
use crate::level::Levels;
use crate::template::catalog::CATALOG;
use serde_json::{Map, Value, json};

/// `_info` of a record.
pub fn info(stamp: &Stamp) -> Value {
    json!({"lastUpdated": stamp.at, "updatedBy": stamp.by})
}

/// A reference object, or nothing.
fn reference(id: Option<u32>, name: Option<&str>) -> Option<Value> {
    let id = id?;
    Some(match name {
        Some(name) => json!({"id": id, "name": name}),
        None => json!({"id": id}),
    })
}

fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.into(), v);
    }
}

pub fn location_name(world: &World, id: Option<u32>) -> Option<&'static str> {
    id.and_then(|id| world.locations.iter().find(|l| l.id == id))
        .map(|l| l.name)
}

/// The reference fields the member models share.
fn member_references(world: &World, m: &Member, map: &mut Map<String, Value>) {
    let role = m
        .role_id
        .and_then(|id| world.roles.iter().find(|r| r.id == id))
        .map(|r| r.name.as_str());
    let level = m
        .level_id
        .and_then(|id| world.levels.iter().find(|l| l.0 == id))
        .map(|l| l.1);
    let tz = m
        .time_zone_id
        .and_then(|id| world.time_zones.iter().find(|t| t.0 == id))
        .map(|t| t.1);
    let dept = m
        .department_id
        .and_then(|id| world.departments.iter().find(|d| d.0 == id))
        .map(|d| json!({"id": d.0, "identifier": d.1, "name": d.2}));
    put(map, "securityRole", reference(m.role_id, role));
    put(map, "structureLevel", reference(m.level_id, level));
    let loc = |id| reference(id, location_name(world, id));
    put(map, "securityLocation", loc(m.owner_id));
    put(map, "defaultLocation", loc(m.location_id));
    put(map, "defaultDepartment", dept);
    put(map, "timeZone", reference(m.time_zone_id, tz));
    put(map, "salesDefaultLocation", loc(m.territory_id));
}

/// Stored fields `model` has that the view did not set itself.
fn extras(model: &str, m: &Member, map: &mut Map<String, Value>) {
    for (k, v) in &m.extra {
        if schema::has_field(model, k) && !map.contains_key(k) {
            map.insert(k.clone(), v.clone());
        }
    }
}

/// A member as `ApiMember` (`/system/apiMembers`).
pub fn api_member(world: &World, m: &Member) -> Value {
    let mut map = Map::new();
    map.insert("id".into(), json!(m.id));
    map.insert("identifier".into(), json!(m.identifier));
    map.insert("name".into(), json!(m.name()));
    if !m.email.is_empty() {
        map.insert("emailAddress".into(), json!(m.email));
    }
    map.insert("inactiveFlag".into(), json!(m.inactive));
    put(
        &mut map,
        "inactiveDate",
        m.inactive_date.clone().map(Value::from),
    );
    member_references(world, m, &mut map);
    extras("ApiMember", m, &mut map);
    map.insert("_info".into(), info(&m.stamp));
    Value::Object(map)
}

/// A member as `Member` (`/system/members`): every required field, defaults where the sandbox
/// keeps nothing of its own.
pub fn member(world: &World, m: &Member) -> Value {
    let mut map = Map::new();
    map.insert("id".into(), json!(m.id));
    map.insert("identifier".into(), json!(m.identifier));
    map.insert("firstName".into(), json!(m.first_name));
    map.insert("lastName".into(), json!(m.last_name));
    map.insert("licenseClass".into(), json!(m.license_class));
    if !m.email.is_empty() {
        map.insert("officeEmail".into(), json!(m.email));
        map.insert("primaryEmail".into(), json!(m.email));
    }
    map.insert("defaultEmail".into(), json!("Office"));
    map.insert("defaultPhone".into(), json!("Office"));
    map.insert("hireDate".into(), json!(m.hire_date));
    map.insert("inactiveFlag".into(), json!(m.inactive));
    put(
        &mut map,
        "inactiveDate",
        m.inactive_date.clone().map(Value::from),
    );
    map.insert("adminFlag".into(), json!(m.role_id == Some(1)));
    member_references(world, m, &mut map);
    for (k, v) in [
        ("companyActivityTabFormat", "SummaryList"),
        ("invoiceTimeTabFormat", "SummaryList"),
        ("invoiceScreenDefaultTabFormat", "ShowInvoicingTab"),
        ("invoicingDisplayOptions", "RemainOnInvoicingScreen"),
        (
            "agreementInvoicingDisplayOptions",
            "RemainOnInvoicingScreen",
        ),
    ] {
        map.insert(k.into(), json!(v));
    }
    extras("Member", m, &mut map);
    map.insert("_info".into(), info(&m.stamp));
    Value::Object(map)
}

/// The caller as `MyMember` (`/system/myMembers`): the `Member` view through `MyMember`'s fields.
pub fn my_member(world: &World, m: &Member) -> Value {
    schema::through("MyMember", member(world, m))
}

pub fn role(r: &Role) -> Value {
    json!({"id": r.id, "name": r.name, "adminFlag": r.id == 1, "inactiveFlag": false, "_info": info(&r.stamp)})
}

/// One `SecurityRoleSetting` row (catalog order; ids from 1).
pub fn setting(index: usize, levels: &Levels, stamp: &Stamp) -> Value {
    let Some(f) = CATALOG.get(index) else {
        return json!({"id": index + 1, "_info": info(stamp)});
    };
    json!({
        "id": index + 1, "moduleIdentifier": f.module_identifier(), "moduleName": f.module,
        "moduleFunctionIdentifier": f.function_identifier(), "moduleFunctionName": f.function,
        "addLevel": levels.add, "editLevel": levels.edit, "deleteLevel": levels.delete, "inquireLevel": levels.inquire,
        "customFlag": f.customize.is_some(), "myAllFlag": true, "sortOrder": index + 1, "_info": info(stamp),
    })
}

/// One `MySecurity` row: the setting, and whose it is.
pub fn my_security(index: usize, levels: &Levels, stamp: &Stamp, me: &Member) -> Value {
    let mut row = setting(index, levels, stamp);
    row["member"] = json!({"id": me.id, "identifier": me.identifier, "name": me.name()});
    row
}

pub fn locations(world: &World) -> Vec<Value> {
    world
        .locations
        .iter()
        .map(|l| {
            let level = world.levels.iter().find(|x| x.0 == l.level).map(|x| x.1).unwrap_or_default();
            json!({"id": l.id, "name": l.name, "structureLevel": {"id": l.level, "name": level}, "ownerLevelId": l.level,
                   "locationFlag": l.level == 2, "clientFlag": false, "departmentIds": l.departments,
                   "timeZoneSetup": {"id": 1, "name": "Eastern"}, "_info": info(&Stamp::seeded())})
        })
        .collect()
}

pub fn departments(world: &World) -> Vec<Value> {
    world
        .departments
        .iter()
        .map(|(id, ident, name)| json!({"id": id, "identifier": ident, "name": name, "_info": info(&Stamp::seeded())}))
        .collect()
}

/// `LocationDepartment` rows: which business units a location has (the row id is the link's).
pub fn location_departments(world: &World, location: u32) -> Vec<Value> {
    let Some(l) = world.locations.iter().find(|l| l.id == location) else {
        return Vec::new();
    };
    l.departments
        .iter()
        .filter_map(|d| world.departments.iter().find(|x| x.0 == *d))
        .map(|(id, ident, name)| {
            json!({"id": location * 1000 + id, "location": {"id": l.id, "name": l.name},
                   "department": {"id": id, "identifier": ident, "name": name}, "_info": info(&Stamp::seeded())})
        })
        .collect()
}

pub fn time_zones(world: &World) -> Vec<Value> {
    world
        .time_zones
        .iter()
        .map(|(id, name, off)| {
            json!({"id": id, "name": name, "offset": off, "defaultFlag": *id == 1,
                                      "daylightSavingsFlag": true, "_info": info(&Stamp::seeded())})
        })
        .collect()
}

/// `/system/myCompany/corporateStructure`: a list of one `CorporateStructure`.
pub fn corporate_structure(world: &World) -> Vec<Value> {
    let level = |n: usize| world.levels.get(n).map(|l| l.1);
    let mut row = json!({
        "id": 1, "levelCount": format!("Level{}", world.levels.len().clamp(1, 5)),
        "fiscalYearStart": "January", "locationCaption": "Location", "groupCaption": "Group",
        "baseCurrency": {"id": 1, "currencyCode": "USD", "symbol": "$", "name": "US Dollars"},
        "_info": info(&Stamp::seeded()),
    });
    for n in 0..5 {
        if let Some(name) = level(n) {
            row[format!("level{}Name", n + 1)] = json!(name);
        }
    }
    vec![row]
}
