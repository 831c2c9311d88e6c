//! The setup document: everything the wizard remembers between runs. Never a secret: no
//! private key and no admin key ever enters this type (it has no field that could hold one).

use super::facts::{CertFacts, InstanceFacts, Pick};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The current version of the setup document (see `state::Migrations`).
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepId {
    Instance,
    Role,
    Member,
    Keys,
    AllowList,
    Summary,
}

impl StepId {
    pub const ALL: [StepId; 6] = [
        StepId::Instance,
        StepId::Role,
        StepId::Member,
        StepId::Keys,
        StepId::AllowList,
        StepId::Summary,
    ];

    /// The number the vendor guides use (keys are step 3).
    pub fn number(self) -> usize {
        self as usize
    }

    pub fn title(self) -> &'static str {
        match self {
            StepId::Instance => "Instance",
            StepId::Role => "Security role",
            StepId::Member => "API member",
            StepId::Keys => "API keys",
            StepId::AllowList => "IP allow-list",
            StepId::Summary => "Summary",
        }
    }

    pub fn next(self) -> Option<StepId> {
        StepId::ALL.get(self.number() + 1).copied()
    }

    pub fn prev(self) -> Option<StepId> {
        self.number()
            .checked_sub(1)
            .and_then(|n| StepId::ALL.get(n).copied())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Admin keys given: the wizard creates and reads back through the API.
    Assisted,
    /// No admin keys: the admin does everything in the UI; step 3 verifies with the new key.
    #[default]
    Guided,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetupStatus {
    #[default]
    InProgress,
    Done,
    /// Offboarded by `cw-onboard retire`: kept, never changed again.
    Retired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Pass,
    Fail,
    Warn,
    Skip,
}

impl CheckStatus {
    /// The mark that goes with the colour (✓ ✗ ! -), so meaning never rests on colour alone.
    pub fn mark(self) -> &'static str {
        match self {
            CheckStatus::Pass => "✓",
            CheckStatus::Fail => "✗",
            CheckStatus::Warn => "!",
            CheckStatus::Skip => "-",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Fail => "fail",
            CheckStatus::Warn => "warn",
            CheckStatus::Skip => "skip",
        }
    }
}

/// One verified fact, with what to do when it is not a pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub id: String,
    pub label: String,
    pub status: CheckStatus,
    pub detail: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RoleAnswers {
    pub name: String,
    pub id: Option<u32>,
    /// Guided mode: rows the admin ticked as done, by "module / function".
    #[serde(default)]
    pub ticked: BTreeSet<String>,
    pub all_match: bool,
    /// This setup created the role, or the admin adopted it after seeing who holds it
    /// (`app::ownership`).
    #[serde(default)]
    pub ours: bool,
    /// Roles this setup created, then left on the instance when the admin chose another name
    /// (`app::ownership::role_left_behind`): named in the summary, to be removed by hand.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_behind: Vec<LeftRole>,
}

/// A role this setup created and then left behind under its old name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LeftRole {
    pub name: String,
    pub id: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MemberAnswers {
    pub identifier: String,
    pub name: String,
    pub email: String,
    pub level: Option<Pick>,
    pub owner: Option<Pick>,
    pub location: Option<Pick>,
    pub business_unit: Option<Pick>,
    pub time_zone: Option<Pick>,
    pub territory: Option<Pick>,
    /// Set once the member exists on the instance (created or adopted).
    pub id: Option<u32>,
    pub adopted: bool,
}

/// A key rotation, as recorded after the old key was proven dead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rotation {
    /// The day the old key was retired (YYYY-MM-DD).
    pub at: String,
    pub old_public_key: String,
    pub new_public_key: String,
    /// ConnectWise was seen refusing the old key (401).
    pub old_key_refused: bool,
    /// The day the old key, marked Inactive, was proven refused (before it was deleted);
    /// absent in rotations recorded before the reversible retire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactive_on: Option<chrono::NaiveDate>,
    /// The admin deleted the old key and ConnectWise was seen refusing it afterwards.
    #[serde(default)]
    pub old_key_deleted: bool,
}

/// How far retiring the old key got once the new key was handed off. Each stage is saved, so
/// an interrupted rotation resumes on it; a setup written before stages existed reads as the
/// first (the old key untouched as far as the wizard knows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RetireStage {
    /// Tick the old key's Inactive checkbox in ConnectWise; the wizard proves it refused (401).
    #[default]
    MarkInactive,
    /// Inactive and proven refused: the vendor runs on the new key. Next: delete the old key
    /// (proven refused again), or undo (re-activate it).
    Inactive,
    /// Undo: clear the Inactive checkbox; the wizard proves the old key works again.
    Reactivate,
}

/// A rotation under way: which sub-step it reached (so a resume lands there).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RotationProgress {
    pub old_public_key: String,
    /// Set once the new key is verified.
    pub new_public_key: Option<String>,
    /// The new private key was handed off: now the old key may go.
    pub new_handed_off: bool,
    /// The day the new key was handed off: the key's age counts from it once the rotation ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_handed_off_on: Option<chrono::NaiveDate>,
    /// How the new private key was handed off (`Command::HandedOff`), recorded as the setup's
    /// once the rotation ends; until then the setup's record is the old key's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_handed_off_how: Option<String>,
    /// Once handed off: the stage retiring the old key reached.
    #[serde(default)]
    pub retire: RetireStage,
    /// The day the old key, marked Inactive, was proven refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactive_on: Option<chrono::NaiveDate>,
}

impl RotationProgress {
    /// Where the rotation is, for `list`: a stable id (`--json`) and the same in words.
    pub fn stage(&self) -> (&'static str, &'static str) {
        match (
            self.new_handed_off,
            self.new_public_key.is_some(),
            self.retire,
        ) {
            (false, false, _) => ("new_key", "new key not verified yet"),
            (false, true, _) => ("hand_off", "new key verified, not handed off yet"),
            (true, _, RetireStage::MarkInactive) => (
                "mark_old_inactive",
                "new key handed off, old key still active",
            ),
            (true, _, RetireStage::Inactive) => ("old_key_inactive", "old key inactive"),
            (true, _, RetireStage::Reactivate) => {
                ("undo", "undoing: the old key is to be re-activated")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KeyRecord {
    pub description: String,
    pub public_key: Option<String>,
    pub verified: bool,
    /// How the private key was handed off ("file /path", "osc52", "read off the screen").
    pub handed_off: Option<String>,
    #[serde(default)]
    pub rotations: Vec<Rotation>,
    #[serde(default)]
    pub rotating: Option<RotationProgress>,
    /// The day the current key was verified and handed off (a rotation resets it): what its age
    /// counts from. Absent in older setups, whose key age is unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handed_off_on: Option<chrono::NaiveDate>,
}

/// `Intent::what` of the security role shell's create.
pub const ROLE_INTENT: &str = "security role";
/// `Intent::what` of the API member's create.
pub const MEMBER_INTENT: &str = "api member";

/// A create that was sent but whose answer was not recorded yet: on resume, look it up first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intent {
    pub what: String,
    pub natural_key: String,
}

/// The template revision and switched-on features a setup was made with: `verify` reports
/// what the vendor changed since then as template drift, apart from instance drift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateVersion {
    pub revision: chrono::NaiveDate,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub features: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Setup {
    pub id: String,
    pub site: String,
    pub company: String,
    pub client_id: String,
    pub templates: Vec<String>,
    /// By template id: the revision and features it was made with (absent in older setups).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub template_versions: BTreeMap<String, TemplateVersion>,
    pub mode: Mode,
    pub status: SetupStatus,
    pub step: Option<StepId>,
    #[serde(default)]
    pub completed: BTreeSet<StepId>,
    pub instance: Option<InstanceFacts>,
    pub certificate: Option<CertFacts>,
    #[serde(default)]
    pub role: RoleAnswers,
    #[serde(default)]
    pub member: MemberAnswers,
    #[serde(default)]
    pub key: KeyRecord,
    #[serde(default)]
    pub checks: Vec<Check>,
    /// Template manual steps: input values by "template/step/input".
    #[serde(default)]
    pub manual_inputs: BTreeMap<String, String>,
    /// Template manual steps marked done, by "template/step".
    #[serde(default)]
    pub manual_done: BTreeSet<String>,
    #[serde(default)]
    pub intents: Vec<Intent>,
    pub created_at: Option<DateTime<Utc>>,
    /// `cw-onboard retire`: the stages it reached (absent until a retire starts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retirement: Option<super::retire::Retirement>,
}

impl Setup {
    /// Records, before it is sent, the create of `what` (`ROLE_INTENT`, `MEMBER_INTENT`) named
    /// `natural_key`, replacing an earlier one of the same kind.
    pub fn open_intent(&mut self, what: &str, natural_key: &str) {
        self.close_intent(what);
        self.intents.push(Intent {
            what: what.into(),
            natural_key: natural_key.into(),
        });
    }

    /// The create of `what` was answered (or is known to exist): nothing to look for on resume.
    pub fn close_intent(&mut self, what: &str) {
        self.intents.retain(|i| i.what != what);
    }

    /// Switches optional template features on, each given as `FEATURE` (one of the chosen
    /// templates has it) or `TEMPLATE:FEATURE`, and records them with the template's revision.
    /// An unknown or ambiguous name is an error that lists the features there are.
    pub fn choose_features(
        &mut self,
        chosen: &[&crate::template::Template],
        features: &[String],
    ) -> Result<(), String> {
        for wanted in features {
            let (template, feature) = match wanted.split_once(':') {
                Some((t, f)) => (Some(t.trim()), f.trim()),
                None => (None, wanted.trim()),
            };
            let owners: Vec<&&crate::template::Template> = chosen
                .iter()
                .filter(|t| template.is_none_or(|id| t.id == id))
                .filter(|t| t.feature(feature).is_some())
                .collect();
            let owner = match owners.as_slice() {
                [one] => one,
                [] => {
                    let known: Vec<String> = chosen
                        .iter()
                        .flat_map(|t| t.features.iter().map(move |f| format!("{}:{}", t.id, f.id)))
                        .collect();
                    return Err(format!(
                        "no feature \"{wanted}\" in the chosen templates; {}",
                        if chosen.is_empty() {
                            "choose its template too (--template ID, or templates in the answers file)".to_string()
                        } else if known.is_empty() {
                            "they have no optional features".to_string()
                        } else {
                            format!("features: {}", known.join(", "))
                        }
                    ));
                }
                _ => {
                    return Err(format!(
                        "feature \"{feature}\" is in several templates; write TEMPLATE:{feature}"
                    ));
                }
            };
            self.template_versions
                .entry(owner.id.clone())
                .or_insert_with(|| TemplateVersion {
                    revision: owner.revision,
                    features: BTreeSet::new(),
                })
                .features
                .insert(feature.to_string());
        }
        Ok(())
    }

    /// `template` with the features this setup switched on.
    pub fn with_recorded_features(
        &self,
        template: &crate::template::Template,
    ) -> crate::template::Template {
        let on: Vec<&String> = self
            .template_versions
            .get(&template.id)
            .map(|v| v.features.iter().collect())
            .unwrap_or_default();
        template.with_features(&on)
    }

    /// Records the revision of each chosen template the first time it is chosen (a resume
    /// keeps what the setup was made with); templates no longer chosen are forgotten.
    pub fn record_template_versions(&mut self, chosen: &[&crate::template::Template]) {
        self.template_versions
            .retain(|id, _| chosen.iter().any(|t| &t.id == id));
        for t in chosen {
            self.template_versions
                .entry(t.id.clone())
                .or_insert_with(|| TemplateVersion {
                    revision: t.revision,
                    features: BTreeSet::new(),
                });
        }
    }
}

/// `<company>-<template ids joined by +>`, lower case (PRODUCT.md).
pub fn setup_id(company: &str, templates: &[String]) -> String {
    let company: String = company
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let mut ids: Vec<String> = templates.iter().map(|t| t.to_lowercase()).collect();
    ids.sort();
    ids.dedup();
    format!("{company}-{}", ids.join("+"))
}

/// The lean view `cw-onboard list` reads from each state file (lenient on purpose).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SetupSummary {
    pub id: String,
    pub site: String,
    pub company: String,
    pub templates: Vec<String>,
    pub status: SetupStatus,
    pub step: Option<StepId>,
    pub key: KeySummary,
    pub retirement: RetiredSummary,
}

/// What `list` reads of a retirement: the day the setup was retired.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RetiredSummary {
    pub retired_on: Option<chrono::NaiveDate>,
}

/// What `list` reads of a setup's key: the day it was handed off, for its age (never the key).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct KeySummary {
    pub handed_off_on: Option<chrono::NaiveDate>,
    /// The verified key's public half: a setup without one has nothing to rotate.
    pub public_key: Option<String>,
    /// A rotation under way (`list` shows its stage).
    pub rotating: Option<RotationProgress>,
}

#[cfg(test)]
mod tests;
