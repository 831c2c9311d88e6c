//! What every step is to the wizard: the [`Step`] trait. Each step implements it in its own
//! module (`app::steps`); the wizard's registry (`step!` in `app/mod.rs`) maps a
//! [`StepId`](super::setup::StepId) to its step. A new step costs its module, its view, a
//! `StepId` variant, its field on `Wizard` and one registry line: its commands, its
//! answers-file keys and its keys reach it through the registry, with no edit elsewhere.

use super::command::{Command, Rejected};
use super::ctx::Ctx;
use super::flow::Flow;
use super::keymap::{Binding, Intent};
use super::msg::{Effect, Seq, TimerKind};
use super::setup::Setup;
use crate::template::MergedTemplate;
use ratatui::crossterm::event::KeyEvent;

/// What a step did with a command `Wizard::apply` offered it.
#[derive(Debug)]
pub enum Routed {
    /// Not one of the step's commands: given back, for the next step to be offered.
    NotMine(Command),
    /// The step's command: what it runs, or why it refused (naming the field).
    Taken(Result<Flow, Rejected>),
}

/// A step of the wizard: its keys (which also draw the footer), its input, its timers, the
/// commands and answers it takes, and what it runs. Results are routed by what they answer
/// (`Wizard::on_done`), not by step.
pub trait Step {
    /// The answers-file section a refusal of the step names (`instance`, `role`, `member`,
    /// `key`, `allow_list`, `manual`).
    fn section(&self) -> &'static str;
    /// The answers-file keys the step takes: `site` at the top of the file, `member.email`
    /// under `[member]`, `manual.*` for any key under `[manual]` (checked by the step). Batch
    /// refuses any other key (`app::answer_keys` gathers them through the registry). Without
    /// `self`: the file is checked before a wizard exists.
    fn answers() -> &'static [&'static str]
    where
        Self: Sized,
    {
        &[]
    }
    /// A typed command (`Wizard::apply`): taken when it is the step's, given back otherwise.
    /// The rules that span steps (nothing before `Connect`, the no-API skip, `Next`/`Back`)
    /// stay with the wizard.
    fn apply(&mut self, command: Command, _ctx: &mut Ctx) -> Routed {
        Routed::NotMine(command)
    }
    /// The step became current: defaults, and the reads it needs.
    fn enter(&mut self, _ctx: &mut Ctx) -> Flow {
        Flow::none()
    }
    /// The keys of the step as it stands (handled by `update`, drawn by the footer).
    fn bindings(&self, setup: &Setup, demo: bool) -> Vec<Binding>;
    /// The command a key's intent stands for on the step's screen, if one does: the full-screen
    /// front-end runs it through `apply` (`app/key_commands.rs`). `^N`/`^P` are the wizard's.
    fn key_command(
        &self,
        _intent: Intent,
        _setup: &Setup,
        _merged: Option<&MergedTemplate>,
    ) -> Option<Command> {
        None
    }
    /// A key no binding took (typing into the focused field).
    fn on_key(&mut self, _key: KeyEvent, _ctx: &mut Ctx) -> Flow {
        Flow::none()
    }
    fn on_paste(&mut self, _text: &str, _ctx: &mut Ctx) -> Flow {
        Flow::none()
    }
    fn on_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow;
    fn on_timer(&mut self, _seq: Seq, _kind: TimerKind, _ctx: &mut Ctx) -> Flow {
        Flow::none()
    }
    /// Esc or leaving: abort what runs.
    fn cancel(&mut self) -> Vec<Effect> {
        Vec::new()
    }
    fn is_busy(&self) -> bool {
        false
    }
}
