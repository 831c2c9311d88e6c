//! The answers file: TOML with the wizard's field names. `site`, `company`, `client_id` and
//! `templates` are enough where the instance leaves no choice open.

use crate::app::command::MemberField;
use crate::session::plan::RawAnswers;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    pub site: String,
    pub company: String,
    pub client_id: String,
    pub templates: Vec<String>,
    /// Optional template features to switch on: "FEATURE" or "TEMPLATE:FEATURE".
    #[serde(default)]
    pub features: Vec<String>,
    #[serde(default)]
    pub role_name: Option<String>,
    /// Adopt an existing role of that name (only one no person holds and not built in).
    #[serde(default)]
    pub adopt_role: bool,
    #[serde(default)]
    pub member: MemberAnswers,
    /// Template manual-step inputs, by "template/step/input".
    #[serde(default)]
    pub manual: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberAnswers {
    pub identifier: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    /// Names as the instance shows them (e.g. "Corporate", "Chicago HQ").
    pub level: Option<String>,
    pub owner: Option<String>,
    pub location: Option<String>,
    pub business_unit: Option<String>,
    pub time_zone: Option<String>,
    pub territory: Option<String>,
    /// Adopt the existing API member of that ID (its differences are printed as they are
    /// made); without it, a run that finds one stops with exit 2 listing them.
    #[serde(default)]
    pub adopt: bool,
}

/// Reads the TOML (the format only; the values are checked by `Plan::parse`); errors carry
/// the line.
pub fn parse_answers(text: &str) -> Result<Answers, String> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .unwrap_or(1);
        format!("line {line}: {}", e.message())
    })
}

impl Answers {
    /// The answers by key, for [`crate::session::plan::Plan::parse`].
    pub fn raw(&self) -> RawAnswers {
        let m = &self.member;
        let member = [
            (MemberField::Identifier, &m.identifier),
            (MemberField::Name, &m.name),
            (MemberField::Email, &m.email),
            (MemberField::Level, &m.level),
            (MemberField::Owner, &m.owner),
            (MemberField::Location, &m.location),
            (MemberField::BusinessUnit, &m.business_unit),
            (MemberField::TimeZone, &m.time_zone),
            (MemberField::Territory, &m.territory),
        ]
        .into_iter()
        .filter_map(|(field, value)| value.clone().map(|v| (field, v)))
        .collect();
        RawAnswers {
            site: self.site.clone(),
            company: self.company.clone(),
            client_id: self.client_id.clone(),
            templates: self.templates.clone(),
            features: self.features.clone(),
            role_name: self.role_name.clone(),
            adopt_role: self.adopt_role,
            member,
            adopt_member: self.member.adopt,
            manual: self.manual.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
