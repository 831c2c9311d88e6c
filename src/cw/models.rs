//! The parts of ConnectWise's models the wizard reads and writes (unknown fields ignored).

use crate::level::{Level, Levels};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub id: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentReference {
    pub id: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemInfo {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub is_cloud: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MyMember {
    pub id: u32,
    pub identifier: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub license_class: Option<String>,
    #[serde(default)]
    pub security_role: Option<Reference>,
    #[serde(default)]
    pub structure_level: Option<Reference>,
    #[serde(default)]
    pub inactive_flag: Option<bool>,
}

fn none_level() -> Level {
    Level::None
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecuritySetting {
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
    pub custom_flag: bool,
}

fn level<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Level, D::Error> {
    let text: Option<String> = Option::deserialize(d)?;
    Ok(text
        .as_deref()
        .and_then(Level::parse)
        .unwrap_or(Level::None))
}

impl SecuritySetting {
    pub fn levels(&self) -> Levels {
        Levels::new(
            self.add_level,
            self.edit_level,
            self.delete_level,
            self.inquire_level,
        )
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomizeItem {
    #[serde(default)]
    pub customize_identifier: String,
    #[serde(default)]
    pub item_identifier: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityRole {
    pub id: u32,
    pub name: String,
}

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
    pub license_class: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberSummary {
    pub id: u32,
    pub identifier: String,
    #[serde(default)]
    pub license_class: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub id: u32,
    pub name: String,
    #[serde(default)]
    pub structure_level: Option<Reference>,
    #[serde(default)]
    pub department_ids: Vec<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Department {
    pub id: u32,
    #[serde(default)]
    pub identifier: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeZoneSetup {
    pub id: u32,
    pub name: String,
    #[serde(default)]
    pub default_flag: bool,
}

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
}

#[derive(Debug, Clone, Deserialize)]
pub struct Count {
    pub count: u64,
}
