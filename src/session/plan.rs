//! A setup's answers, parsed: what batch mode reads from its answers file and the line prompts
//! ask for, validated once into the core's value types. Every error names the answers-file key.

use crate::app::command::{MemberDraft, MemberField, Rejected};
use crate::app::steps::instance::InstanceField;
use crate::app::values::{ClientId, CompanyId, Email, MemberId, MemberName, RoleName, Site};
use crate::template::{Library, ManualInput, MergedTemplate};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Plan {
    pub site: Site,
    pub company: CompanyId,
    pub client_id: ClientId,
    /// Template ids, each in the library.
    pub templates: Vec<String>,
    /// Optional template features switched on ("FEATURE" or "TEMPLATE:FEATURE").
    pub features: Vec<String>,
    pub role_name: Option<RoleName>,
    /// The admin agrees to adopt an existing role of that name (`adopt_role = true`) when
    /// `app::ownership` allows it.
    pub adopt_role: bool,
    pub member: MemberDraft,
    /// The admin agrees to adopt an existing API member of that ID (`member.adopt = true`,
    /// `new --adopt`) when `app::ownership` allows it.
    pub adopt_member: bool,
    /// Template manual-step inputs, by "template/step/input".
    pub manual: BTreeMap<String, String>,
}

/// The answers as text, by answers-file key (`member.email` is `member` + `email`).
#[derive(Debug, Clone, Default)]
pub struct RawAnswers {
    pub site: String,
    pub company: String,
    pub client_id: String,
    pub templates: Vec<String>,
    pub features: Vec<String>,
    pub role_name: Option<String>,
    pub adopt_role: bool,
    /// Member answers by [`MemberField`].
    pub member: Vec<(MemberField, String)>,
    pub adopt_member: bool,
    pub manual: BTreeMap<String, String>,
}

fn parse<T: for<'a> TryFrom<&'a str, Error = String>>(
    key: &str,
    text: &str,
) -> Result<T, Rejected> {
    T::try_from(text).map_err(|message| Rejected::new(key, message))
}

/// The value, or None with its refusal kept in `refused`.
fn keep<T>(refused: &mut Vec<Rejected>, result: Result<T, Rejected>) -> Option<T> {
    result.map_err(|e| refused.push(e)).ok()
}

impl Plan {
    /// Validates every answer that needs no instance: format, and template ids. Every answer
    /// refused is returned at once (the first carries the others, [`Rejected::all`]).
    pub fn parse(raw: &RawAnswers, library: &Library) -> Result<Plan, Rejected> {
        let mut refused = Vec::new();
        let site = keep(&mut refused, parse(InstanceField::Site.key(), &raw.site));
        let company = keep(
            &mut refused,
            parse(InstanceField::Company.key(), &raw.company),
        );
        let client_id = keep(
            &mut refused,
            parse(InstanceField::ClientId.key(), &raw.client_id),
        );
        if raw.templates.is_empty() {
            refused.push(Rejected::new(
                "templates",
                "Give at least one template id, e.g. templates = [\"cw-kanban\"].",
            ));
        }
        if let Some(unknown) = raw.templates.iter().find(|id| library.get(id).is_none()) {
            refused.push(Rejected::new(
                "templates",
                library.no_such_template(unknown),
            ));
        }
        let role_name = match &raw.role_name {
            Some(name) => keep(&mut refused, parse("role_name", name)),
            None => None,
        };
        let mut member = MemberDraft::default();
        for (field, text) in &raw.member {
            let key = format!("member.{}", field.key());
            match field {
                MemberField::Identifier => {
                    member.identifier = keep(&mut refused, parse::<MemberId>(&key, text))
                }
                MemberField::Name => {
                    member.name = keep(&mut refused, parse::<MemberName>(&key, text))
                }
                MemberField::Email => member.email = keep(&mut refused, parse::<Email>(&key, text)),
                pick => {
                    if text.trim().is_empty() {
                        refused.push(Rejected::new(
                            key,
                            "Give a name as the instance shows it, or leave the key out.",
                        ));
                    } else {
                        member.picks.push((*pick, text.trim().to_string()));
                    }
                }
            }
        }
        let chosen: Vec<_> = raw
            .templates
            .iter()
            .filter_map(|id| library.get(id))
            .collect();
        if let Err(message) =
            crate::app::setup::Setup::default().choose_features(&chosen, &raw.features)
        {
            refused.push(Rejected::new("features", message));
        }
        let inputs = manual_inputs(&crate::template::merge(&chosen));
        for (key, value) in &raw.manual {
            let field = format!("manual.\"{key}\"");
            match inputs.iter().find(|(k, _)| k == key) {
                Some((_, input)) => {
                    if let Err(message) = input.validate(value) {
                        refused.push(Rejected::new(field, message));
                    }
                }
                None => {
                    let known = inputs.iter().map(|(k, _)| k.clone()).collect();
                    refused.push(
                        Rejected::new(field, "The chosen templates have no such input.")
                            .with_choices(known),
                    );
                }
            }
        }
        if let Some(refused) = Rejected::many(refused) {
            return Err(refused);
        }
        let (Some(site), Some(company), Some(client_id)) = (site, company, client_id) else {
            return Err(Rejected::new("site", "The instance's keys are needed."));
        };
        Ok(Plan {
            site,
            company,
            client_id,
            templates: raw.templates.clone(),
            features: raw.features.clone(),
            role_name,
            adopt_role: raw.adopt_role,
            member,
            adopt_member: raw.adopt_member,
            manual: raw.manual.clone(),
        })
    }

    /// The setup's id (company and templates).
    pub fn setup_id(&self) -> String {
        crate::app::setup::setup_id(self.company.as_str(), &self.templates)
    }
}

/// The manual-step inputs of the merged templates, by answers-file key ("template/step/input").
pub fn manual_inputs(merged: &MergedTemplate) -> Vec<(String, ManualInput)> {
    merged
        .manual_steps
        .iter()
        .flat_map(|(t, s)| {
            s.inputs
                .iter()
                .map(move |i| (format!("{t}/{}/{}", s.id, i.id), i.clone()))
        })
        .collect()
}
