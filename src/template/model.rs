//! What a template says, checked: every function is a catalog entry.

use super::catalog::CatalogFunction;
use crate::level::Levels;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confidence {
    Solid,
    Partial,
    Shaky,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    pub function: &'static CatalogFunction,
    pub levels: Levels,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomizeItem {
    pub function: &'static CatalogFunction,
    pub item: String,
    pub why: String,
}

/// Rights needed only during the first sync: the summary reminds to remove them.
pub type TemporaryPermission = Permission;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MemberDefaults {
    pub identifier: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub level: String,
    pub location_required: bool,
    pub business_unit_required: bool,
    pub key_description: String,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllowEntry {
    /// An IP address or a hostname.
    pub address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub source: String,
    pub verified: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AllowList {
    pub entries: Vec<AllowEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Where a hand-off value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandoffValue {
    SiteUrl,
    CompanyId,
    PublicKey,
    PrivateKey,
    ClientId,
    MemberId,
    Custom(String),
}

impl HandoffValue {
    pub fn parse(text: &str) -> Option<HandoffValue> {
        Some(match text {
            "site_url" => HandoffValue::SiteUrl,
            "company_id" => HandoffValue::CompanyId,
            "public_key" => HandoffValue::PublicKey,
            "private_key" => HandoffValue::PrivateKey,
            "client_id" => HandoffValue::ClientId,
            "member_id" => HandoffValue::MemberId,
            other => HandoffValue::Custom(other.strip_prefix("text:")?.trim().to_string()),
        })
    }

    pub fn as_str(&self) -> String {
        match self {
            HandoffValue::SiteUrl => "site_url".into(),
            HandoffValue::CompanyId => "company_id".into(),
            HandoffValue::PublicKey => "public_key".into(),
            HandoffValue::PrivateKey => "private_key".into(),
            HandoffValue::ClientId => "client_id".into(),
            HandoffValue::MemberId => "member_id".into(),
            HandoffValue::Custom(t) => format!("text:{t}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoffField {
    pub label: String,
    pub value: HandoffValue,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Handoff {
    pub fields: Vec<HandoffField>,
    pub instructions: String,
    pub portal_url: Option<String>,
}

/// How a manual step's input is checked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InputRule {
    /// "url" or "text".
    #[serde(default = "text_kind")]
    pub kind: String,
    #[serde(default)]
    pub scheme: Option<String>,
    /// The host must be a subdomain of this domain.
    #[serde(default)]
    pub host_suffix: Option<String>,
    #[serde(default)]
    pub no_trailing_slash: bool,
}

fn text_kind() -> String {
    "text".into()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualInput {
    pub id: String,
    pub label: String,
    pub rule: InputRule,
    pub example: Option<String>,
}

impl ManualInput {
    /// Checks a value; returns it normalised (trimmed), or what is wrong and what to do.
    pub fn validate(&self, value: &str) -> Result<String, String> {
        let v = value.trim();
        if v.is_empty() {
            return Err(format!("Enter the {}.", self.label.to_lowercase()));
        }
        if self.rule.kind != "url" {
            return Ok(v.to_string());
        }
        let example = self
            .example
            .as_deref()
            .map(|e| format!(" e.g. {e}"))
            .unwrap_or_default();
        if self.rule.no_trailing_slash && v.ends_with('/') {
            return Err(format!("Remove the \"/\" at the end.{example}"));
        }
        let url = url::Url::parse(v).map_err(|_| format!("That is not a full URL.{example}"))?;
        if let Some(scheme) = &self.rule.scheme
            && url.scheme() != scheme
        {
            return Err(format!(
                "Use {scheme}://, not {}://.{example}",
                url.scheme()
            ));
        }
        if url.path() != "/" || url.query().is_some() {
            return Err(format!("Give only the address, without a path.{example}"));
        }
        if let Some(suffix) = &self.rule.host_suffix {
            let host = url.host_str().unwrap_or_default();
            let sub = host
                .strip_suffix(suffix.as_str())
                .and_then(|h| h.strip_suffix('.'));
            if sub.is_none_or(|s| s.is_empty()) {
                return Err(format!(
                    "The address must be your own subdomain of {suffix}.{example}"
                ));
            }
        }
        Ok(v.to_string())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualStep {
    pub id: String,
    pub title: String,
    pub instructions: String,
    pub inputs: Vec<ManualInput>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub id: String,
    pub name: String,
    pub vendor_url: String,
    pub source: String,
    pub last_verified: NaiveDate,
    pub confidence: Confidence,
    pub gaps: Option<String>,
    pub role_name: String,
    pub recommends_admin: bool,
    pub admin_note: Option<String>,
    pub member: MemberDefaults,
    pub permissions: Vec<Permission>,
    pub customize: Vec<CustomizeItem>,
    pub temporary: Vec<TemporaryPermission>,
    pub allow_list: AllowList,
    pub handoff: Handoff,
    pub manual_steps: Vec<ManualStep>,
    pub notes: Vec<String>,
    /// Where it was loaded from: "built-in" or a file path.
    pub origin: String,
}

impl Template {
    /// The permission rows in the UI's (catalog) order.
    pub fn permissions_in_catalog_order(&self) -> Vec<&Permission> {
        let mut rows: Vec<&Permission> = self.permissions.iter().collect();
        rows.sort_by_key(|p| {
            super::catalog::CATALOG
                .iter()
                .position(|c| std::ptr::eq(c, p.function))
                .unwrap_or(usize::MAX)
        });
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn portal() -> ManualInput {
        ManualInput {
            id: "portal_url".into(),
            label: "ConnectBooster portal URL".into(),
            rule: InputRule {
                kind: "url".into(),
                scheme: Some("https".into()),
                host_suffix: Some("connectboosterportal.com".into()),
                no_trailing_slash: true,
            },
            example: Some("https://yourprefix.connectboosterportal.com".into()),
        }
    }

    #[test]
    fn connectbooster_portal_url_rules() {
        let p = portal();
        assert!(p.validate("https://acme.connectboosterportal.com").is_ok());
        assert!(
            p.validate("https://acme.connectboosterportal.com/")
                .unwrap_err()
                .contains("\"/\"")
        );
        assert!(
            p.validate("http://acme.connectboosterportal.com")
                .unwrap_err()
                .contains("https")
        );
        assert!(p.validate("https://connectboosterportal.com").is_err());
        assert!(p.validate("https://acme.example.com").is_err());
        assert!(p.validate("acme").is_err());
    }
}
