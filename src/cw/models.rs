//! ConnectWise's models as the published 2025.16 schema names them
//! (`schema/cw-schema-2025.16.json`), limited to the fields the wizard reads or writes. A field
//! the schema does not mark `required` is an `Option` (or a defaulted list): an instance may
//! leave it out, and the wizard then says what it could not tell. Record ids are read as
//! present: every record ConnectWise answers with is identified by one. Fields the wizard
//! does not know are ignored when reading; bodies it sends carry only the model's own fields.

use crate::level::{Level, Levels};
use serde::{Deserialize, Serialize};

/// A reference to another record (`SecurityRoleReference`, `SystemLocationReference`,
/// `StructureReference`, `TimeZoneSetupReference`...): `{id, name}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub id: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Reference {
    /// A reference by id only, as writes send it.
    pub fn to(id: u32) -> Reference {
        Reference { id, name: None }
    }
}

/// `SystemDepartmentReference`: `{id, identifier, name}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentReference {
    pub id: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `GET /system/info`. Nothing is required; the wizard reads none of it for decisions (whether
/// the instance is cloud comes from companyinfo), so absent fields read as empty / false.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Info {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub is_cloud: bool,
    #[serde(default)]
    pub server_time_zone: Option<String>,
}

/// `GET /system/myMembers`: the member behind the key. There is no `name`: the name is
/// `firstName` + `lastName`, the e-mail `officeEmail`. Nothing is required.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MyMember {
    #[serde(default)]
    pub id: Option<u32>,
    #[serde(default)]
    pub identifier: Option<String>,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub office_email: Option<String>,
    #[serde(default)]
    pub license_class: Option<String>,
    #[serde(default)]
    pub security_role: Option<Reference>,
    #[serde(default)]
    pub structure_level: Option<Reference>,
    #[serde(default)]
    pub inactive_flag: Option<bool>,
}

/// First and last name as one, or None when the instance reported neither.
pub fn full_name(first: Option<&str>, last: Option<&str>) -> Option<String> {
    let name = format!("{} {}", first.unwrap_or(""), last.unwrap_or(""))
        .trim()
        .to_string();
    (!name.is_empty()).then_some(name)
}

impl MyMember {
    /// `firstName lastName`, or None when the instance left both out.
    pub fn name(&self) -> Option<String> {
        full_name(self.first_name.as_deref(), self.last_name.as_deref())
    }
}

fn none_level() -> Level {
    Level::None
}

/// One row of `GET /system/securityRoles/{id}/settings`. `GET /system/mySecurity` answers the
/// same fields (`MySecurity`) plus `member`, which the wizard does not read. A level that is
/// absent or null reads as None.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityRoleSetting {
    #[serde(default)]
    pub id: u32,
    #[serde(default)]
    pub module_name: String,
    #[serde(default)]
    pub module_function_name: String,
    #[serde(default = "none_level", deserialize_with = "level")]
    pub add_level: Level,
    #[serde(default = "none_level", deserialize_with = "level")]
    pub edit_level: Level,
    #[serde(default = "none_level", deserialize_with = "level")]
    pub delete_level: Level,
    #[serde(default = "none_level", deserialize_with = "level")]
    pub inquire_level: Level,
    #[serde(default)]
    pub custom_flag: Option<bool>,
}

/// `MySecurity`: a `SecurityRoleSetting` of the caller's own role.
pub type MySecurity = SecurityRoleSetting;

fn level<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Level, D::Error> {
    let text: Option<String> = Option::deserialize(d)?;
    Ok(text
        .as_deref()
        .and_then(Level::parse)
        .unwrap_or(Level::None))
}

impl SecurityRoleSetting {
    pub fn levels(&self) -> Levels {
        Levels::new(
            self.add_level,
            self.edit_level,
            self.delete_level,
            self.inquire_level,
        )
    }
}

/// `GET /system/mySecurity/customizeItems/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MySecurityCustomizeItem {
    #[serde(default)]
    pub customize_identifier: String,
    #[serde(default)]
    pub item_identifier: String,
}

/// `SecurityRole` (`name` required). The body of a create is `{"name": ...}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityRole {
    pub id: u32,
    pub name: String,
    /// ConnectWise's admin role (nullable; absent on a create's body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_flag: Option<bool>,
}

/// The body of `POST /system/securityroles`: a `SecurityRole` with its one required field.
#[derive(Debug, Clone, Serialize)]
pub struct NewSecurityRole<'a> {
    pub name: &'a str,
}

/// `ApiMember`: only `identifier` is required; `name` is "required on updates". It has no
/// licence class, first/last name or admin flag (those are `Member`'s). Serialised, it carries
/// only the fields that are set.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiMember {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    #[serde(default)]
    pub identifier: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactive_flag: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactive_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_role: Option<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structure_level: Option<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_location: Option<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_location: Option<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_department: Option<DepartmentReference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales_default_location: Option<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_default_board: Option<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_service_board_ids: Option<Vec<u32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_price_flag: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_cost_flag: Option<bool>,
}

/// `Member` (`/system/members`, every licence class), as far as the wizard reads it: whether
/// an identifier is taken, and by what kind of member.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub id: u32,
    pub identifier: String,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    /// `A` API, `F` full, `C` StreamlineIT, `X` subcontractor (nullable).
    #[serde(default)]
    pub license_class: Option<String>,
    #[serde(default)]
    pub inactive_flag: Option<bool>,
}

/// The body of `POST /system/members/{id}/deactivate`. Reassignment targets are left out (the
/// wizard's members own no tickets or teams); nothing is required.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberDeactivation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_open_time_sheets_flag: Option<bool>,
}

/// `Location` (`name` required).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub id: u32,
    pub name: String,
    #[serde(default)]
    pub structure_level: Option<Reference>,
    /// The business units of this location; None when the instance leaves the list out (then
    /// `/system/locations/{id}/departments` tells).
    #[serde(default)]
    pub department_ids: Option<Vec<u32>>,
}

/// `Department` ("Business Unit"; `identifier` and `name` required).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Department {
    pub id: u32,
    pub identifier: String,
    pub name: String,
}

/// `LocationDepartment`: one row of `/system/locations/{id}/departments`, linking a location
/// and a business unit. Nothing is required.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocationDepartment {
    #[serde(default)]
    pub id: Option<u32>,
    #[serde(default)]
    pub location: Option<Reference>,
    #[serde(default)]
    pub department: Option<DepartmentReference>,
}

/// `TimeZoneSetup` (`name` required).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeZoneSetup {
    pub id: u32,
    pub name: String,
    #[serde(default)]
    pub default_flag: Option<bool>,
}

/// `CorporateStructureLevel`: a level of the corporate structure (`{id, name}`).
#[derive(Debug, Clone, Deserialize)]
pub struct CorporateStructureLevel {
    pub id: u32,
    #[serde(default)]
    pub name: Option<String>,
}

/// `CorporateStructure`: `/system/myCompany/corporateStructure` answers a list of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CorporateStructure {
    #[serde(default)]
    pub id: Option<u32>,
    /// `"Level1"` .. `"Level5"`.
    #[serde(default)]
    pub level_count: Option<String>,
    #[serde(default)]
    pub level1_name: Option<String>,
    #[serde(default)]
    pub level2_name: Option<String>,
    #[serde(default)]
    pub level3_name: Option<String>,
    #[serde(default)]
    pub level4_name: Option<String>,
    #[serde(default)]
    pub level5_name: Option<String>,
    #[serde(default)]
    pub location_caption: Option<String>,
    #[serde(default)]
    pub group_caption: Option<String>,
}

impl CorporateStructure {
    /// How many levels the structure has (`"Level3"` is 3).
    pub fn levels(&self) -> Option<u8> {
        self.level_count
            .as_deref()?
            .strip_prefix("Level")?
            .parse()
            .ok()
    }
}

/// One operation of a PATCH body: `{op, path, value}`, `path` a bare field name of the model.
#[derive(Debug, Clone, Serialize)]
pub struct PatchOp {
    pub op: String,
    pub path: String,
    pub value: serde_json::Value,
}

impl PatchOp {
    pub fn replace(path: &str, value: serde_json::Value) -> PatchOp {
        PatchOp {
            op: "replace".into(),
            path: path.into(),
            value,
        }
    }

    /// Clears a field (a reference or text the answer leaves empty).
    pub fn remove(path: &str) -> PatchOp {
        PatchOp {
            op: "remove".into(),
            path: path.into(),
            value: serde_json::Value::Null,
        }
    }
}

/// `Count`: `{"count": N}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Count {
    #[serde(default)]
    pub count: Option<u64>,
}
