//! The answers file: TOML with the wizard's field names. `site`, `company`, `client_id` and
//! `templates` are enough where the instance leaves no choice open. The keys a file may hold
//! are the ones the steps take (`Step::answers`, gathered by `app::answer_keys`): any other is
//! refused with its line, naming it and the keys allowed where it stands.

use crate::app::command::{MemberField, Rejected};
use crate::session::plan::RawAnswers;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Unknown keys are refused before (`check_keys`), from the steps' own lists. The instance's
/// keys may be left out only where something else gives them (the demo's sandbox):
/// [`Answers::require_instance`] says which are missing.
#[derive(Debug, Clone, Deserialize)]
pub struct Answers {
    #[serde(default)]
    pub site: Option<String>,
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub client_id: Option<String>,
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
    check_keys(text)?;
    toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        format!("line {line}: {}", e.message())
    })
}

/// The line of byte `at` of `text`, from 1.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Refuses a key no step takes: `site` at the top, `member.email` under `[member]`; a
/// section listed as `manual.*` takes any key (the step checks them against the templates).
/// Text that is not TOML passes: the parse that follows says where it breaks.
fn check_keys(text: &str) -> Result<(), String> {
    let Ok(doc) = toml::de::DeTable::parse(text) else {
        return Ok(());
    };
    let allowed = crate::app::answer_keys();
    let mut top: Vec<&str> = Vec::new();
    for key in &allowed {
        let head = key.split_once('.').map_or(*key, |(section, _)| section);
        if !top.contains(&head) {
            top.push(head);
        }
    }
    let unknown = |key: String, at: usize, choices: &[&str]| {
        let message = match key.split_once('.') {
            Some((section, _)) => format!("There is no such key under [{section}]."),
            None => "There is no such key in an answers file.".to_string(),
        };
        let refused = Rejected::new(key, message)
            .with_choices(choices.iter().map(|c| c.to_string()).collect());
        format!("line {}: {refused}", line_of(text, at))
    };
    for (key, value) in doc.get_ref().iter() {
        let name: &str = key.get_ref();
        if !top.contains(&name) {
            return Err(unknown(name.to_string(), key.span().start, &top));
        }
        let under: Vec<&str> = allowed
            .iter()
            .filter_map(|k| k.strip_prefix(name)?.strip_prefix('.'))
            .collect();
        let Some(table) = value.get_ref().as_table() else {
            continue;
        };
        if under.is_empty() || under.contains(&"*") {
            continue;
        }
        for (sub, _) in table.iter() {
            let sub_name: &str = sub.get_ref();
            if !under.contains(&sub_name) {
                let key = format!("{name}.{sub_name}");
                return Err(unknown(key, sub.span().start, &under));
            }
        }
    }
    Ok(())
}

impl Answers {
    /// Refuses a file without `site`, `company` or `client_id`, naming every one missing.
    pub fn require_instance(&self) -> Result<(), String> {
        let missing: Vec<&str> = [
            ("site", &self.site),
            ("company", &self.company),
            ("client_id", &self.client_id),
        ]
        .into_iter()
        .filter_map(|(key, value)| value.is_none().then_some(key))
        .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(format!(
            "{}: missing; the instance's keys are needed (e.g. site = \"na.myconnectwise.net\", company = \"mymsp\", client_id = \"GUID\").",
            missing.join(", ")
        ))
    }

    /// The instance's keys the file gives (the demo ignores them: its sandbox has its own).
    pub fn instance_keys(&self) -> Vec<&'static str> {
        [
            ("site", self.site.is_some()),
            ("company", self.company.is_some()),
            ("client_id", self.client_id.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, given)| given.then_some(key))
        .collect()
    }

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
            site: self.site.clone().unwrap_or_default(),
            company: self.company.clone().unwrap_or_default(),
            client_id: self.client_id.clone().unwrap_or_default(),
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
