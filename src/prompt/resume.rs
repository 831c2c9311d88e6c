//! `resume --plain`: the line prompts again, every answer the recorded setup holds offered
//! as the default.

use super::{Preset, walk};
use crate::app::command::MemberField;
use crate::app::setup::MemberAnswers;
use crate::secrets::KeyPair;
use crate::session::{Outcome, SessionConfig};

/// `resume --plain`: the line prompts with the recorded setup's answers as defaults (`id`, or
/// the latest unfinished setup; a new one when there is none).
pub async fn resume(
    config: &SessionConfig,
    id: Option<&str>,
    admin: Option<KeyPair>,
    key: Option<KeyPair>,
) -> Outcome {
    let preset = match crate::session::recorded(config, id) {
        Ok(Some(setup)) => {
            println!(
                "Resuming {}: every recorded answer is the default.",
                setup.id
            );
            let picks = recorded_picks(&setup.member);
            Preset {
                picks,
                templates: setup.templates,
                site: Some(setup.site).filter(|s| !s.is_empty()),
                company: Some(setup.company).filter(|s| !s.is_empty()),
                client_id: Some(setup.client_id).filter(|s| !s.is_empty()),
                features: setup
                    .template_versions
                    .iter()
                    .flat_map(|(t, v)| v.features.iter().map(move |f| format!("{t}:{f}")))
                    .collect(),
                role_name: Some(setup.role.name.clone()).filter(|n| !n.is_empty()),
                role: Some(setup.role),
                member: [
                    setup.member.identifier,
                    setup.member.name,
                    setup.member.email,
                ]
                .map(|v| Some(v).filter(|v| !v.is_empty())),
                ..Preset::default()
            }
        }
        Ok(None) => {
            println!("No unfinished setup to resume; starting a new one.");
            Preset::default()
        }
        Err(outcome) => return outcome,
    };
    walk(config, preset, admin, key, None).await
}

/// The pick lists the setup recorded (level, location, business unit, …), in form order.
fn recorded_picks(m: &MemberAnswers) -> Vec<(MemberField, String)> {
    let saved = [
        &m.level,
        &m.owner,
        &m.location,
        &m.business_unit,
        &m.time_zone,
        &m.territory,
    ];
    MemberField::PICKS
        .into_iter()
        .zip(saved)
        .filter_map(|(f, p)| p.as_ref().map(|p| (f, p.name.clone())))
        .collect()
}
