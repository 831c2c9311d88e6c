//! What every step is to the wizard: the [`Step`] trait. Each step implements it in its own
//! module (`app::steps`); the wizard's registry (`step!` in `app/mod.rs`) maps a
//! [`StepId`](super::setup::StepId) to its step. A new step costs its module, its view, a
//! `StepId` variant, its field on `Wizard` and one registry line.

use super::ctx::Ctx;
use super::flow::Flow;
use super::keymap::{Binding, Intent};
use super::msg::{Effect, Seq, TimerKind};
use super::setup::Setup;
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
