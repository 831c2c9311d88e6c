//! The answers file: TOML with the wizard's field names. `site`, `company`, `client_id` and
//! `templates` are enough where the instance leaves no choice open.

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
}

/// Parses and checks the answers with the wizard's own validators; errors carry the line.
pub fn parse_answers(text: &str) -> Result<Answers, String> {
    let answers: Answers = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .unwrap_or(1);
        format!("line {line}: {}", e.message())
    })?;
    use crate::app::validate;
    validate::site(&answers.site).map_err(|e| format!("site: {e}"))?;
    validate::company(&answers.company).map_err(|e| format!("company: {e}"))?;
    validate::client_id(&answers.client_id).map_err(|e| format!("client_id: {e}"))?;
    if answers.templates.is_empty() {
        return Err(
            "templates: give at least one template id, e.g. templates = [\"cw-kanban\"]".into(),
        );
    }
    if let Some(name) = &answers.role_name {
        validate::role_name(name).map_err(|e| format!("role_name: {e}"))?;
    }
    if let Some(id) = &answers.member.identifier {
        validate::member_identifier(id).map_err(|e| format!("member.identifier: {e}"))?;
    }
    Ok(answers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_answers_and_errors_with_lines() {
        let ok = "site = \"cw.example.com\"\ncompany = \"acme\"\nclient_id = \"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\"\ntemplates = [\"cw-kanban\"]\n";
        assert!(parse_answers(ok).is_ok());
        let err = parse_answers(&ok.replace("templates", "template")).unwrap_err();
        assert!(err.starts_with("line 4"), "{err}");
        let err =
            parse_answers(&ok.replace("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", "nope")).unwrap_err();
        assert!(err.starts_with("client_id"), "{err}");
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in ".{0,300}") {
            let _ = parse_answers(&text);
        }
    }
}
