//! `cw-onboard retire SETUP`, the pure core: offboard an integration in four recorded stages
//! (member deactivated -> role deleted or kept -> key refused -> setup retired), each saved so
//! an interrupted retire resumes where it stopped. Nothing is changed before the admin confirmed
//! the plan ([`plan::Plan::lines`]); a member or role another member or another setup on this
//! machine uses is never touched ([`plan`]). Front-ends send commands, the runtime runs the
//! [`RetireEffect`]s and answers with [`RetireAnswer`]s.

pub mod keys;
pub mod plan;

use crate::app::command::Rejected;
use crate::app::facts::Failure;
use crate::app::field::TextField;
use crate::app::load::Load;
use crate::app::msg::{Auth, Effect, Outcome, Seq};
use crate::app::setup::{Setup, SetupStatus};
use crate::app::validate;
use crate::secrets::KeyPair;
use chrono::NaiveDate;
use plan::{MemberAction, OtherSetup, Plan, RoleAction, Survey};
use serde::{Deserialize, Serialize};

/// What a retire recorded in the setup, stage by stage (never a secret).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Retirement {
    /// The day the admin confirmed the plan: a resume does not ask again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_on: Option<NaiveDate>,
    /// What happened to the member ("deactivated", or kept and why); None: not done yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// What happened to the role ("deleted", or kept and why); None: not done yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// What was proven of the key ("refused (401)", or why there was nothing to prove).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The public keys proven refused so far (a retire during a rotation proves two).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<String>,
    /// The day the setup was marked retired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired_on: Option<NaiveDate>,
}

/// The stage a retire is at, from what it recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Member,
    Role,
    Key,
    Mark,
    Retired,
}

impl Retirement {
    pub fn stage(&self) -> Stage {
        if self.retired_on.is_some() {
            Stage::Retired
        } else if self.member.is_none() {
            Stage::Member
        } else if self.role.is_none() {
            Stage::Role
        } else if self.key.is_none() {
            Stage::Key
        } else {
            Stage::Mark
        }
    }
}

/// Why `resume`, `rotate` (and any command that would change a setup) refuses a retired one.
pub fn refuse_retired(setup: &Setup, command: &str) -> Result<(), String> {
    match setup.retirement.as_ref().and_then(|r| r.retired_on) {
        Some(on) if setup.status == SetupStatus::Retired => Err(format!(
            "setup {} was retired on {on}: its member is inactive and its key refused, so there is nothing to {command}. Start a new setup with `cw-onboard new`.",
            setup.id
        )),
        _ => Ok(()),
    }
}

/// Where the retire is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Reading who uses the member and the role.
    Surveying,
    /// The plan is shown; nothing changed yet.
    Confirm,
    /// Running a stage's call.
    Acting(Stage),
    /// Waiting for the admin to delete the key in ConnectWise and give it to prove it refused.
    Key,
    Retired,
    /// A call failed: the failure, and a retry re-reads before acting again.
    Failed(Failure),
}

/// Effects move once each; boxing the wizard's effect would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum RetireEffect {
    /// Read the member by identifier, who holds the role, and a role to move the member to.
    Survey {
        seq: Seq,
        auth: Auth,
        identifier: String,
        role_id: Option<u32>,
    },
    /// `POST /system/members/{id}/deactivate`.
    Deactivate {
        seq: Seq,
        auth: Auth,
        member_id: u32,
    },
    /// Move the retired member to another role first when it holds this one, then
    /// `DELETE /system/securityroles/{id}`.
    DeleteRole {
        seq: Seq,
        auth: Auth,
        role_id: u32,
        move_member: Option<(u32, u32)>,
    },
    /// The wizard's own effects: `ProveRefused` (the key) and, in the demo, `Sandbox`.
    Core(Effect),
    Save(Box<Setup>),
    Quit(RetireEnd),
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum RetireAnswer {
    Surveyed(Result<Survey, Failure>),
    Deactivated(Result<(), Failure>),
    RoleDeleted(Result<(), Failure>),
    Core(Outcome),
}

/// How a retire ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetireEnd {
    Retired,
    /// Stopped before the end (declined, quit, or waiting for the key): state saved.
    Stopped,
}

pub struct Retire {
    pub setup: Setup,
    admin: KeyPair,
    pub others: Vec<OtherSetup>,
    pub today: NaiveDate,
    /// The sandbox plays the admin's hands (^D deletes the key).
    pub demo: bool,
    pub phase: Phase,
    pub plan: Option<Plan>,
    pub survey: Option<Survey>,
    /// The setup's private key, given only to prove ConnectWise refuses it; never stored.
    pub private_key: TextField,
    pub proof: Load<bool>,
    pub sandbox: Load<()>,
    /// The last thing worth saying (a refusal, a key still accepted).
    pub note: Option<String>,
    /// The public key whose proof is running.
    proving: Option<String>,
    seq: Seq,
}

impl Retire {
    pub fn new(setup: Setup, admin: KeyPair, others: Vec<OtherSetup>, today: NaiveDate) -> Retire {
        Retire {
            setup,
            admin,
            others,
            today,
            demo: false,
            phase: Phase::Surveying,
            plan: None,
            survey: None,
            private_key: TextField::new("Private key", |s| validate::api_key(s, "private"))
                .secret(),
            proof: Load::Idle,
            sandbox: Load::Idle,
            note: None,
            proving: None,
            seq: 0,
        }
    }

    fn next_seq(&mut self) -> Seq {
        self.seq += 1;
        self.seq
    }

    fn admin_auth(&self) -> Auth {
        Auth {
            target: crate::app::msg::Target::of(&self.setup.company, self.setup.instance.as_ref()),
            client_id: self.setup.client_id.clone(),
            key: self.admin.clone(),
        }
    }

    /// The plan's lines ([`Plan::lines`]); in the demo the last one says the setup ends with
    /// the demo's sandbox (`list` will not show it).
    pub fn plan_lines(&self) -> Vec<String> {
        let mut lines = self
            .plan
            .as_ref()
            .map(|p| p.lines(&self.setup))
            .unwrap_or_default();
        if let (true, Some(last)) = (self.demo, lines.last_mut()) {
            *last = format!(
                "Mark setup {} retired (in the demo's sandbox: the demo's setup is temporary and ends with it).",
                self.setup.id
            );
        }
        lines
    }

    /// The line a finished retire ends with: where the setup is kept, or, in the demo, that
    /// it ends with the demo.
    pub fn retired_line(&self) -> String {
        if self.demo {
            format!(
                "Setup {} is retired in the demo's sandbox; the demo's setup was temporary and ends with it. `cw-onboard retire SETUP` offboards a real one.",
                self.setup.id
            )
        } else {
            format!(
                "Setup {} is retired (kept; `cw-onboard list` shows it).",
                self.setup.id
            )
        }
    }

    pub fn record(&self) -> Retirement {
        self.setup.retirement.clone().unwrap_or_default()
    }

    pub fn stage(&self) -> Stage {
        self.record().stage()
    }

    /// True once the admin confirmed (now or in an earlier run).
    pub fn confirmed(&self) -> bool {
        self.record().confirmed_on.is_some()
    }

    /// The first effects: the read before anything is changed.
    pub fn start(&mut self) -> Vec<RetireEffect> {
        if self.stage() == Stage::Retired {
            self.phase = Phase::Retired;
            return Vec::new();
        }
        self.phase = Phase::Surveying;
        self.note = None;
        let seq = self.next_seq();
        vec![RetireEffect::Survey {
            seq,
            auth: self.admin_auth(),
            identifier: self.setup.member.identifier.clone(),
            role_id: self.setup.role.id,
        }]
    }

    /// The admin agreed to the plan: record it, then run the stages.
    pub fn confirm(&mut self) -> Result<Vec<RetireEffect>, Rejected> {
        if self.phase != Phase::Confirm {
            return Err(Rejected::new(
                "retire",
                "Nothing to confirm: the plan is not on the screen.",
            ));
        }
        let today = self.today;
        self.update_record(|r| r.confirmed_on = Some(today));
        let mut effects = vec![self.save()];
        effects.extend(self.advance());
        Ok(effects)
    }

    fn save(&self) -> RetireEffect {
        RetireEffect::Save(Box::new(self.setup.clone()))
    }

    fn update_record(&mut self, change: impl FnOnce(&mut Retirement)) {
        let mut record = self.record();
        change(&mut record);
        self.setup.retirement = Some(record);
    }

    /// Runs the stage the record says is next.
    fn advance(&mut self) -> Vec<RetireEffect> {
        let Some(plan) = self.plan.clone() else {
            return self.start();
        };
        match self.stage() {
            Stage::Member => match plan.member {
                MemberAction::Deactivate { id } => {
                    self.phase = Phase::Acting(Stage::Member);
                    let seq = self.next_seq();
                    vec![RetireEffect::Deactivate {
                        seq,
                        auth: self.admin_auth(),
                        member_id: id,
                    }]
                }
                MemberAction::AlreadyInactive => {
                    self.stage_done(|r| r.member = Some("inactive already".into()))
                }
                MemberAction::Keep { why } => {
                    self.stage_done(|r| r.member = Some(format!("kept: {why}")))
                }
            },
            Stage::Role => match plan.role {
                RoleAction::Delete {
                    role,
                    move_member_to,
                } => {
                    self.phase = Phase::Acting(Stage::Role);
                    let seq = self.next_seq();
                    vec![RetireEffect::DeleteRole {
                        seq,
                        auth: self.admin_auth(),
                        role_id: role.id,
                        move_member: move_member_to.map(|(m, to)| (m, to.id)),
                    }]
                }
                RoleAction::AlreadyGone => {
                    self.stage_done(|r| r.role = Some("gone already".into()))
                }
                RoleAction::Keep { why } => {
                    self.stage_done(|r| r.role = Some(format!("kept: {why}")))
                }
            },
            Stage::Key => {
                if self.keys().is_empty() {
                    return self.stage_done(|r| {
                        r.key = Some("no key was recorded: nothing to prove".into())
                    });
                }
                self.phase = Phase::Key;
                Vec::new()
            }
            Stage::Mark => {
                let today = self.today;
                self.update_record(|r| r.retired_on = Some(today));
                self.setup.status = SetupStatus::Retired;
                self.phase = Phase::Retired;
                self.private_key.clear();
                vec![self.save(), RetireEffect::Quit(RetireEnd::Retired)]
            }
            Stage::Retired => {
                self.phase = Phase::Retired;
                Vec::new()
            }
        }
    }

    /// Records a finished stage, saves, and goes on.
    fn stage_done(&mut self, change: impl FnOnce(&mut Retirement)) -> Vec<RetireEffect> {
        self.update_record(change);
        let mut effects = vec![self.save()];
        effects.extend(self.advance());
        effects
    }

    /// Declined, or quit: nothing more is done; what was recorded stays.
    pub fn stop(&mut self) -> Vec<RetireEffect> {
        self.private_key.clear();
        vec![RetireEffect::Quit(RetireEnd::Stopped)]
    }

    /// After a failure: read again, then go on from the recorded stage.
    pub fn retry(&mut self) -> Vec<RetireEffect> {
        self.start()
    }

    /// An answer from the runtime.
    pub fn on_answer(&mut self, seq: Seq, answer: RetireAnswer) -> Vec<RetireEffect> {
        if seq != self.seq && !matches!(answer, RetireAnswer::Core(_)) {
            return Vec::new();
        }
        match answer {
            RetireAnswer::Surveyed(Ok(survey)) => {
                self.plan = Some(plan::plan(&self.setup, &survey, &self.others));
                self.survey = Some(survey);
                if self.confirmed() {
                    self.advance()
                } else {
                    self.phase = Phase::Confirm;
                    Vec::new()
                }
            }
            RetireAnswer::Deactivated(Ok(())) => {
                self.stage_done(|r| r.member = Some("deactivated".into()))
            }
            RetireAnswer::RoleDeleted(Ok(())) => {
                let moved = match self.plan.as_ref().map(|p| &p.role) {
                    Some(RoleAction::Delete {
                        move_member_to: Some((_, to)),
                        ..
                    }) => format!(" (the retired member moved to role {})", to.name),
                    _ => String::new(),
                };
                self.stage_done(|r| r.role = Some(format!("deleted{moved}")))
            }
            RetireAnswer::Surveyed(Err(f))
            | RetireAnswer::Deactivated(Err(f))
            | RetireAnswer::RoleDeleted(Err(f)) => {
                self.phase = Phase::Failed(f);
                Vec::new()
            }
            RetireAnswer::Core(outcome) => self.on_core(seq, outcome),
        }
    }
}
