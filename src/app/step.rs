//! What every step is to the wizard: the [`Step`] trait, and the one place that maps a
//! [`StepId`] to its step (`step!`, `Wizard::current`). A new step costs its module, its view,
//! a `StepId` variant and a line in each of those two matches.

use super::ctx::Ctx;
use super::flow::Flow;
use super::keymap::{Binding, Intent};
use super::msg::{Effect, Seq, TimerKind};
use super::setup::Setup;
use super::steps::{
    allowlist::AllowListStep, member::MemberStep, role::RoleStep, summary::SummaryStep,
};
use ratatui::crossterm::event::KeyEvent;

/// A step of the wizard: its keys (which also draw the footer), its input, its timers, and
/// what it runs. Results are routed by what they answer (`Wizard::on_done`), not by step.
pub trait Step {
    /// The step became current: defaults, and the reads it needs.
    fn enter(&mut self, _ctx: &mut Ctx) -> Flow {
        Flow::none()
    }
    /// The keys of the step as it stands (handled by `update`, drawn by the footer).
    fn bindings(&self, setup: &Setup, demo: bool) -> Vec<Binding>;
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

impl Step for RoleStep {
    fn enter(&mut self, ctx: &mut Ctx) -> Flow {
        RoleStep::enter(self, ctx)
    }
    fn bindings(&self, setup: &Setup, demo: bool) -> Vec<Binding> {
        RoleStep::bindings(self, setup.mode, demo)
    }
    fn on_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Flow {
        RoleStep::on_key(self, key, ctx)
    }
    fn on_paste(&mut self, text: &str, ctx: &mut Ctx) -> Flow {
        RoleStep::on_paste(self, text, ctx)
    }
    fn on_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        RoleStep::on_intent(self, intent, ctx)
    }
    fn on_timer(&mut self, seq: Seq, kind: TimerKind, ctx: &mut Ctx) -> Flow {
        RoleStep::on_timer(self, seq, kind, ctx)
    }
    fn cancel(&mut self) -> Vec<Effect> {
        RoleStep::cancel(self)
    }
    fn is_busy(&self) -> bool {
        RoleStep::is_busy(self)
    }
}

impl Step for MemberStep {
    fn enter(&mut self, ctx: &mut Ctx) -> Flow {
        MemberStep::enter(self, ctx)
    }
    fn bindings(&self, setup: &Setup, _: bool) -> Vec<Binding> {
        MemberStep::bindings(self, setup)
    }
    fn on_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Flow {
        MemberStep::on_key(self, key, ctx)
    }
    fn on_paste(&mut self, text: &str, ctx: &mut Ctx) -> Flow {
        MemberStep::on_paste(self, text, ctx)
    }
    fn on_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        MemberStep::on_intent(self, intent, ctx)
    }
    fn on_timer(&mut self, seq: Seq, kind: TimerKind, ctx: &mut Ctx) -> Flow {
        MemberStep::on_timer(self, seq, kind, ctx)
    }
    fn cancel(&mut self) -> Vec<Effect> {
        MemberStep::cancel(self)
    }
    fn is_busy(&self) -> bool {
        MemberStep::is_busy(self)
    }
}

impl Step for AllowListStep {
    fn bindings(&self, _: &Setup, _: bool) -> Vec<Binding> {
        AllowListStep::bindings(self)
    }
    fn on_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        AllowListStep::on_intent(self, intent, ctx)
    }
}

impl Step for SummaryStep {
    fn enter(&mut self, ctx: &mut Ctx) -> Flow {
        SummaryStep::enter(self, ctx)
    }
    fn bindings(&self, _: &Setup, _: bool) -> Vec<Binding> {
        SummaryStep::bindings(self)
    }
    fn on_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Flow {
        SummaryStep::on_key(self, key, ctx)
    }
    fn on_paste(&mut self, text: &str, ctx: &mut Ctx) -> Flow {
        SummaryStep::on_paste(self, text, ctx)
    }
    fn on_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        SummaryStep::on_intent(self, intent, ctx)
    }
    fn is_busy(&self) -> bool {
        SummaryStep::is_busy(self)
    }
}
