//! `Wizard::apply`: the typed command API. Each command goes to the step that takes it; `Next`
//! and `Back` go to the step showing. A step that refuses says why, naming the field.

use super::Wizard;
use super::command::{Command, Rejected};
use super::ctx::Ctx;
use super::flow::Flow;
use super::keymap::Intent;
use super::msg::Effect;
use super::setup::{Mode, StepId};
use super::step::Step;

/// The answers-file section a step's refusal names.
fn field_of(step: StepId) -> &'static str {
    match step {
        StepId::Instance => "instance",
        StepId::Role => "role",
        StepId::Member => "member",
        StepId::Keys => "key",
        StepId::AllowList => "allow_list",
        StepId::Summary => "manual",
    }
}

/// Undo or its proof before the old key is being retired.
fn not_retired() -> Rejected {
    Rejected::new(
        "old_key",
        "Nothing to undo: the old key is not retired yet.",
    )
}

impl Wizard {
    /// Runs one command; the effects to run, or why it was not taken (nothing changed then,
    /// except what the command set before the refusal, such as a member's texts).
    pub fn apply(&mut self, command: Command) -> Result<Vec<Effect>, Rejected> {
        let flow = self.route(command)?;
        Ok(self.settle(flow))
    }

    /// The command's flow, before it settles (the key path settles it with `update`).
    pub(super) fn route(&mut self, command: Command) -> Result<Flow, Rejected> {
        if !matches!(
            command,
            Command::Connect { .. } | Command::Next | Command::Back
        ) && self.step == StepId::Instance
        {
            return Err(Rejected::new(
                "instance",
                "Check the instance (and the admin keys) first.",
            ));
        }
        // Templates without permission rows: there is no role to create (skip.rs says why).
        let no_role = self
            .merged
            .as_ref()
            .filter(|m| !super::skip::api_access_needed(m))
            .map(super::skip::why);
        let ctx: &mut Ctx = &mut ctx!(self);
        match command {
            Command::Connect {
                site,
                company,
                client_id,
                admin,
            } => {
                if self.step != StepId::Instance {
                    return Err(Rejected::new("instance", "Go back to step 0 to change it."));
                }
                Ok(self
                    .instance
                    .connect(&site, &company, &client_id, admin.as_ref(), ctx))
            }
            Command::ChooseTemplates(ids) => self.role.choose_templates(&ids, ctx),
            Command::NameRole(name) => {
                self.role.name(&name, ctx);
                Ok(Flow::none())
            }
            Command::CreateRole | Command::DeferLevels if no_role.is_some() => {
                Err(Rejected::new("role", no_role.unwrap_or_default()))
            }
            Command::CreateRole => self.role.create(false, ctx),
            Command::DeferLevels => self.role.create(true, ctx),
            Command::ReadLevels => self.role.read_levels(ctx),
            Command::AdoptRole => self.role.adopt(ctx),
            Command::AdoptMember => self.member.adopt(ctx),
            Command::ConfirmLevelsSet => self.role.confirm_levels_set(ctx),
            Command::LoadMemberLists => {
                if ctx.setup.mode != Mode::Assisted {
                    return Ok(Flow::none());
                }
                self.member.load(ctx)
            }
            Command::ReloadMemberLists => {
                if ctx.setup.mode != Mode::Assisted {
                    return Ok(Flow::none());
                }
                Ok(self.member.reload(ctx))
            }
            Command::SetMember(draft) => self.member.set(&draft, ctx),
            Command::SubmitKey(pair) => self.keys.submit(&pair, ctx),
            Command::HandedOff(how) => self.keys.handed_off(&how, ctx),
            Command::KeyStored { confirmed } => self.keys.key_stored(confirmed, ctx),
            Command::ProveOldKeyRefused(old) => match self.keys.retire_mut() {
                Some(retire) => retire.prove(&old, true, ctx),
                None => Err(Rejected::new(
                    "old_key",
                    "Verify and hand off the new key first: the old key stays until then.",
                )),
            },
            Command::UndoRetire => match self.keys.retire_mut() {
                Some(retire) => retire.undo(ctx),
                None => Err(not_retired()),
            },
            Command::ProveOldKeyWorks(old) => match self.keys.retire_mut() {
                Some(retire) => retire.prove(&old, false, ctx),
                None => Err(not_retired()),
            },
            Command::SetManualInput { key, value } => self.summary.set_input(&key, &value, ctx),
            Command::Export => Ok(self.summary.on_intent(Intent::Export, ctx)),
            Command::Next => self.step_intent(Intent::NextStep),
            Command::Back => self.step_intent(Intent::PrevStep),
        }
    }

    /// `Next`/`Back` on the step showing; a banner without a move is the step's refusal.
    fn step_intent(&mut self, intent: Intent) -> Result<Flow, Rejected> {
        let step = self.step;
        let flow = self.on_intent(intent);
        match &flow.banner {
            Some(why) if flow.go.is_none() && flow.effects.is_empty() => {
                Err(Rejected::new(field_of(step), why.clone()))
            }
            _ => Ok(flow),
        }
    }
}
