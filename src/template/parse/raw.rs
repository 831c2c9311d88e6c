//! The template file as TOML gives it: raw structs with spans, before any checking.

use super::changelog::RawChangelog;
use crate::template::model::*;
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTemplate {
    pub(super) id: Spanned<String>,
    pub(super) name: String,
    pub(super) vendor_url: String,
    pub(super) source: String,
    /// Optional for files written before revisions existed: then `last_verified`.
    #[serde(default)]
    pub(super) revision: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) changelog: Vec<RawChangelog>,
    #[serde(default)]
    pub(super) features: Vec<RawFeature>,
    pub(super) last_verified: Spanned<String>,
    pub(super) confidence: Spanned<String>,
    #[serde(default)]
    pub(super) gaps: Option<String>,
    pub(super) role_name: Spanned<String>,
    #[serde(default)]
    pub(super) recommends_admin: bool,
    #[serde(default)]
    pub(super) admin_note: Option<String>,
    #[serde(default)]
    pub(super) notes: Vec<String>,
    pub(super) member: RawMember,
    #[serde(default)]
    pub(super) permissions: Vec<RawPermission>,
    #[serde(default)]
    pub(super) customize: Vec<RawCustomize>,
    #[serde(default)]
    pub(super) temporary: Vec<RawPermission>,
    #[serde(default)]
    pub(super) allow_list: RawAllowList,
    #[serde(default)]
    pub(super) handoff: RawHandoff,
    #[serde(default)]
    pub(super) manual_steps: Vec<RawManualStep>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMember {
    pub(super) identifier: Spanned<String>,
    pub(super) first_name: String,
    pub(super) last_name: String,
    #[serde(default)]
    pub(super) email: Option<String>,
    #[serde(default = "corporate")]
    pub(super) level: String,
    #[serde(default)]
    pub(super) location_required: bool,
    #[serde(default)]
    pub(super) business_unit_required: bool,
    pub(super) key_description: String,
    #[serde(default)]
    pub(super) notes: Vec<String>,
}

pub(super) fn corporate() -> String {
    "Corporate".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPermission {
    pub(super) module: Spanned<String>,
    pub(super) function: Spanned<String>,
    /// "Add Edit Delete Inquire", e.g. "None All None All".
    pub(super) levels: Spanned<String>,
    #[serde(default)]
    pub(super) why: String,
    /// used | planned | legacy (default used).
    #[serde(default)]
    pub(super) status: Option<Spanned<String>>,
    /// The ConnectWise version the row is needed from, e.g. "2020.3".
    #[serde(default)]
    pub(super) since: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) source: Option<String>,
    /// An id from `[[features]]`: the row is needed only with that feature on.
    #[serde(default)]
    pub(super) feature: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCustomize {
    pub(super) module: Spanned<String>,
    pub(super) function: Spanned<String>,
    pub(super) item: String,
    #[serde(default)]
    pub(super) why: String,
    /// allow (default) | disallow.
    #[serde(default)]
    pub(super) access: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) feature: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFeature {
    pub(super) id: Spanned<String>,
    pub(super) title: String,
    #[serde(default)]
    pub(super) why: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAllowList {
    #[serde(default)]
    pub(super) entries: Vec<RawAllowEntry>,
    #[serde(default)]
    pub(super) note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAllowEntry {
    pub(super) address: String,
    #[serde(default)]
    pub(super) region: Option<String>,
    pub(super) source: String,
    pub(super) verified: Spanned<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHandoff {
    #[serde(default)]
    pub(super) fields: Vec<RawHandoffField>,
    #[serde(default)]
    pub(super) instructions: String,
    #[serde(default)]
    pub(super) portal_url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHandoffField {
    pub(super) label: String,
    pub(super) value: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawManualStep {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) instructions: String,
    #[serde(default)]
    pub(super) inputs: Vec<RawManualInput>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawManualInput {
    pub(super) id: String,
    pub(super) label: String,
    #[serde(flatten)]
    pub(super) rule: InputRule,
    #[serde(default)]
    pub(super) example: Option<String>,
}
