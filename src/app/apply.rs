//! `Wizard::apply`: the typed command API. The wizard keeps the rules that span steps (nothing
//! before `Connect`, the no-API skip, `Next`/`Back` on the step showing), then offers the
//! command to the steps through the registry (`step!`): the step whose command it is takes it
//! (`Step::apply`). A step that refuses says why, naming the field.

use super::Wizard;
use super::command::{Command, Rejected};
use super::ctx::Ctx;
use super::flow::Flow;
use super::keymap::Intent;
use super::msg::Effect;
use super::setup::StepId;
use super::step::{Routed, Step};

impl Wizard {
    /// Runs one command; the effects to run, or why it was not taken (nothing changed then,
    /// except what the command set before the refusal, such as a member's texts).
    pub fn apply(&mut self, command: Command) -> Result<Vec<Effect>, Rejected> {
        let flow = self.route(command)?;
        Ok(self.settle(flow))
    }

    /// The command's flow, before it settles (the key path settles it with `update`).
    pub(super) fn route(&mut self, command: Command) -> Result<Flow, Rejected> {
        match &command {
            Command::Next => return self.step_intent(Intent::NextStep),
            Command::Back => return self.step_intent(Intent::PrevStep),
            Command::Connect { .. } if self.step != StepId::Instance => {
                return Err(Rejected::new("instance", "Go back to step 0 to change it."));
            }
            Command::Connect { .. } => {}
            _ if self.step == StepId::Instance => {
                return Err(Rejected::new(
                    "instance",
                    "Check the instance (and the admin keys) first.",
                ));
            }
            // Templates without permission rows: there is no role to create (skip.rs says why).
            Command::CreateRole | Command::DeferLevels => {
                if let Some(why) = self.skip_reason() {
                    return Err(Rejected::new("role", why));
                }
            }
            _ => {}
        }
        let mut offered = command;
        for id in StepId::ALL {
            match step!(mut self, id).apply(offered, &mut ctx!(self)) {
                Routed::Taken(result) => return result,
                Routed::NotMine(back) => offered = back,
            }
        }
        // Every command is some step's: this is a step that forgot one of its own.
        drop(offered);
        Err(Rejected::new("command", "No step takes this command."))
    }

    /// `Next`/`Back` on the step showing; a banner without a move is the step's refusal.
    fn step_intent(&mut self, intent: Intent) -> Result<Flow, Rejected> {
        let section = self.current().section();
        let flow = self.on_intent(intent);
        match &flow.banner {
            Some(why) if flow.go.is_none() && flow.effects.is_empty() => {
                Err(Rejected::new(section, why.clone()))
            }
            _ => Ok(flow),
        }
    }
}
