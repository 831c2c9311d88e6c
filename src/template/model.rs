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

/// What the vendor says a row is for now (Thread marks every row this way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RowStatus {
    /// The integration uses it today.
    #[default]
    Used,
    /// Asked for now for a feature the vendor is building.
    Planned,
    /// Kept for older versions of the integration.
    Legacy,
}

impl RowStatus {
    pub fn parse(text: &str) -> Option<RowStatus> {
        match text.trim().to_ascii_lowercase().as_str() {
            "used" => Some(RowStatus::Used),
            "planned" => Some(RowStatus::Planned),
            "legacy" => Some(RowStatus::Legacy),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Used => "used",
            RowStatus::Planned => "planned",
            RowStatus::Legacy => "legacy",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    pub function: &'static CatalogFunction,
    pub levels: Levels,
    pub why: String,
    pub status: RowStatus,
    /// The ConnectWise version that introduced the need (e.g. "2020.3"), as the vendor says.
    pub since: Option<String>,
    /// Where this row comes from, when not the template's `source`.
    pub source: Option<String>,
    /// The optional feature (`Template::features`) this row belongs to; None: always needed.
    pub feature: Option<String>,
}

impl Permission {
    /// A row that is always needed, with no metadata.
    pub fn new(function: &'static CatalogFunction, levels: Levels) -> Permission {
        Permission {
            function,
            levels,
            why: String::new(),
            status: RowStatus::Used,
            since: None,
            source: None,
            feature: None,
        }
    }
}

/// Which box of the customize dialog an item goes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CustomizeAccess {
    /// "Allow access to these".
    #[default]
    Allow,
    /// "Disallow access to these" (NinjaOne grants Table Setup, then takes two items away).
    Disallow,
}

impl CustomizeAccess {
    pub fn as_str(self) -> &'static str {
        match self {
            CustomizeAccess::Allow => "allow",
            CustomizeAccess::Disallow => "disallow",
        }
    }

    /// The customize dialog's box, as the UI labels it.
    pub fn box_label(self) -> &'static str {
        match self {
            CustomizeAccess::Allow => "Allow access to these",
            CustomizeAccess::Disallow => "Disallow access to these",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomizeItem {
    pub function: &'static CatalogFunction,
    pub item: String,
    pub why: String,
    pub access: CustomizeAccess,
    /// The optional feature this item belongs to; None: always needed.
    pub feature: Option<String>,
    pub source: Option<String>,
}

impl CustomizeItem {
    /// What to do in the UI: "allow Service/Service Board" or "disallow General/StsClient".
    pub fn instruction(&self) -> String {
        format!("{} {}", self.access.as_str(), self.item)
    }

    /// Same function and item (case ignored), whatever the box.
    pub fn same_item(&self, other: &CustomizeItem) -> bool {
        std::ptr::eq(self.function, other.function) && self.item.eq_ignore_ascii_case(&other.item)
    }
}

/// An optional group of rows the admin can switch on (CW Kanban's per-technician keys,
/// ManageEngine's asset sync).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    pub id: String,
    pub title: String,
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
    /// The date of this version of the vendor's list (older files without one: `last_verified`).
    pub revision: NaiveDate,
    /// What changed at each earlier revision, newest last; enough to rebuild any older list.
    pub changelog: Vec<super::revision::ChangelogEntry>,
    pub last_verified: NaiveDate,
    pub confidence: Confidence,
    pub gaps: Option<String>,
    pub role_name: String,
    pub recommends_admin: bool,
    pub admin_note: Option<String>,
    pub member: MemberDefaults,
    /// The rows always needed (`feature` is None).
    pub permissions: Vec<Permission>,
    /// Items always needed (`feature` is None).
    pub customize: Vec<CustomizeItem>,
    /// Optional groups; their rows are in `feature_permissions` / `feature_customize` until
    /// switched on with [`Template::with_features`].
    pub features: Vec<Feature>,
    pub feature_permissions: Vec<Permission>,
    pub feature_customize: Vec<CustomizeItem>,
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

    /// This template with the rows and items of `features` switched on: a feature row of a
    /// function the base already lists raises its levels (highest per cell).
    pub fn with_features<S: AsRef<str>>(&self, features: &[S]) -> Template {
        let on = |f: &Option<String>| {
            f.as_deref()
                .is_some_and(|f| features.iter().any(|x| x.as_ref() == f))
        };
        let mut t = self.clone();
        for p in self.feature_permissions.iter().filter(|p| on(&p.feature)) {
            match t
                .permissions
                .iter_mut()
                .find(|b| std::ptr::eq(b.function, p.function))
            {
                Some(base) => base.levels = base.levels.max(p.levels),
                None => t.permissions.push(p.clone()),
            }
        }
        for c in self.feature_customize.iter().filter(|c| on(&c.feature)) {
            if !t.customize.iter().any(|b| b.same_item(c)) {
                t.customize.push(c.clone());
            }
        }
        t
    }

    /// Every row, base and feature rows, in catalog order (features after the base row).
    pub fn all_permissions(&self) -> Vec<&Permission> {
        let mut rows: Vec<&Permission> = self
            .permissions
            .iter()
            .chain(&self.feature_permissions)
            .collect();
        rows.sort_by_key(|p| {
            (
                super::catalog::CATALOG
                    .iter()
                    .position(|c| std::ptr::eq(c, p.function))
                    .unwrap_or(usize::MAX),
                p.feature.is_some(),
            )
        });
        rows
    }

    pub fn feature(&self, id: &str) -> Option<&Feature> {
        self.features.iter().find(|f| f.id == id)
    }
}

#[cfg(test)]
mod tests;
