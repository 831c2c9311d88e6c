//! Step 3: the API key pair. The admin creates it in ConnectWise and pastes it; the wizard
//! proves it (identity, levels, customize items, probes), retrying while ConnectWise lags behind
//! a role change, then hands the private key off once and drops it.
//!
//! The phase carries its data ([`Phase`]): the verified pair exists only on hand-off, the old
//! key's retire form only while retiring.

use super::rotation::RetireOld;
use crate::app::command::Command;
use crate::app::ctx::Ctx;
use crate::app::facts::KeyFacts;
use crate::app::field::TextField;
use crate::app::flow::{Flow, Go};
use crate::app::keymap::{self, Binding, Intent};
use crate::app::load::Load;
use crate::app::msg::{Effect, SandboxAction, Seq, TimerKind};
use crate::app::setup::{Check, Setup};
use crate::app::step::{Routed, Step};
use crate::app::validate;
use crate::secrets::KeyPair;
use ratatui::crossterm::event::KeyEvent;
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

mod commands;
mod form;
mod handoff;
mod lag;
mod leave;
mod verify;

pub use form::KeyField;
pub use handoff::HandOff;
pub use lag::{MAX_LAG_RETRIES, lag_delay};
pub use leave::Leave;

/// Where step 3 stands, with what only that phase holds.
#[derive(Debug, Clone)]
pub enum Phase {
    /// The key form: paste (or re-check) a pair.
    Paste,
    /// Verified: hand the private key off, then confirm it is stored.
    HandOff(HandOff),
    /// Rotation only: delete the old key and prove it is refused.
    RetireOld(RetireOld),
}

/// Which [`Phase`], without its data: for comparing and matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseKind {
    Paste,
    HandOff,
    RetireOld,
}

impl Phase {
    pub fn kind(&self) -> PhaseKind {
        match self {
            Phase::Paste => PhaseKind::Paste,
            Phase::HandOff(_) => PhaseKind::HandOff,
            Phase::RetireOld(_) => PhaseKind::RetireOld,
        }
    }
}

#[derive(Debug, Clone)]
pub struct KeysStep {
    pub phase: Phase,
    fields: [TextField; 3],
    pub focus: KeyField,
    pub verify: Load<KeyFacts>,
    pub checks: Vec<Check>,
    /// Retries so far while waiting for ConnectWise to apply the role.
    pub lag_attempt: u32,
    pub lag_waiting: Option<Duration>,
    pub sandbox: Load<()>,
    retry_seq: Seq,
    /// Where the hand-off file is proposed, decided by the runtime (the core does no I/O);
    /// None proposes `./NAME`.
    pub handoff_dir: Option<crate::secrets::HandoffDir>,
    /// The hand-off file proposed on entering the step (`enter`), taken by the hand-off.
    proposed_path: String,
    /// Rotation: the old private key given up front (`--old-key-file`), typed into the retire
    /// form once it shows.
    old_private: Option<SecretString>,
}

impl KeysStep {
    pub fn new(description: &str) -> KeysStep {
        KeysStep {
            phase: Phase::Paste,
            fields: form::fields(description),
            focus: KeyField::Public,
            verify: Load::Idle,
            checks: Vec::new(),
            lag_attempt: 0,
            lag_waiting: None,
            sandbox: Load::Idle,
            retry_seq: 0,
            handoff_dir: None,
            proposed_path: String::new(),
            old_private: None,
        }
    }

    pub fn field(&self, field: KeyField) -> &TextField {
        &self.fields[field.index()]
    }

    pub fn field_mut(&mut self, field: KeyField) -> &mut TextField {
        &mut self.fields[field.index()]
    }

    /// The verified pair held until "I stored it"; None in any other phase.
    pub fn pending(&self) -> Option<&KeyPair> {
        self.handoff().map(|h| &h.pending)
    }

    pub fn handoff(&self) -> Option<&HandOff> {
        match &self.phase {
            Phase::HandOff(h) => Some(h),
            _ => None,
        }
    }

    pub fn handoff_mut(&mut self) -> Option<&mut HandOff> {
        match &mut self.phase {
            Phase::HandOff(h) => Some(h),
            _ => None,
        }
    }

    pub fn retire(&self) -> Option<&RetireOld> {
        match &self.phase {
            Phase::RetireOld(r) => Some(r),
            _ => None,
        }
    }

    pub fn retire_mut(&mut self) -> Option<&mut RetireOld> {
        match &mut self.phase {
            Phase::RetireOld(r) => Some(r),
            _ => None,
        }
    }

    /// Rotation: the old private key given up front; the retire form starts with it.
    pub fn prefill_old_key(&mut self, private: &str) {
        match self.retire_mut() {
            Some(retire) => retire.old_private.set(private),
            None => self.old_private = Some(SecretString::from(private.to_string())),
        }
    }

    /// Rotation's last sub-step: retire the old key (its form filled when it was given).
    pub fn start_retiring(&mut self) {
        let mut retire = RetireOld::default();
        if let Some(old) = self.old_private.take() {
            retire.old_private.set(old.expose_secret());
        }
        self.phase = Phase::RetireOld(retire);
    }

    /// A new proposal for the hand-off file, for a step not entered yet.
    fn propose_path(&mut self, ctx: &Ctx) {
        let member = &ctx.setup.member.identifier;
        let name = format!(
            "{}-api-key.toml",
            if member.is_empty() {
                "integration"
            } else {
                member
            }
        );
        // The current directory reads as `./name`; another one (see HandoffDir) in full.
        self.proposed_path = match &self.handoff_dir {
            Some(d) if d.why.is_some() => d.dir.join(&name).display().to_string(),
            _ => format!("./{name}"),
        };
    }

    fn on_paste_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        match intent {
            Intent::NextField => self.focus = self.focus.after(),
            Intent::PrevField => self.focus = self.focus.before(),
            Intent::Reveal => {
                let private = self.field_mut(KeyField::Private);
                private.revealed = !private.revealed;
            }
            // Enter before the private key is typed moves on from a field that checks out.
            Intent::Submit
                if self.focus != KeyField::Private
                    && self.field(KeyField::Private).value().is_empty()
                    && self.field_mut(self.focus).validate().is_ok() =>
            {
                self.focus = self.focus.after();
            }
            Intent::Demo if ctx.demo => {
                let (Ok(description), false) = (
                    self.field_mut(KeyField::Description).validate(),
                    ctx.setup.member.identifier.is_empty(),
                ) else {
                    return Flow::none();
                };
                let seq = ctx.seq();
                self.sandbox = Load::Loading { seq };
                let action = SandboxAction::CreateKey {
                    member: ctx.setup.member.identifier.clone(),
                    description,
                };
                return Flow::effect(Effect::Sandbox { seq, action });
            }
            Intent::PrevStep => return Flow::go(Go::Prev),
            // A resumed setup whose key was verified and handed off: nothing to paste again.
            Intent::NextStep
                if done_earlier(ctx.setup) && self.field(KeyField::Private).value().is_empty() =>
            {
                return Flow::go(Go::Next);
            }
            _ => {}
        }
        Flow::none()
    }
}

impl Step for KeysStep {
    fn section(&self) -> &'static str {
        "key"
    }

    fn apply(&mut self, command: Command, ctx: &mut Ctx) -> Routed {
        self.take_command(command, ctx)
    }

    fn key_command(
        &self,
        intent: Intent,
        setup: &Setup,
        _: Option<&crate::template::MergedTemplate>,
    ) -> Option<Command> {
        self.key_command_for(intent, setup)
    }

    fn enter(&mut self, ctx: &mut Ctx) -> Flow {
        if self.field(KeyField::Description).value().is_empty() {
            let name = ctx
                .merged
                .as_ref()
                .map(|m| m.member.key_description.clone())
                .unwrap_or_default();
            let name = if name.is_empty() {
                "cw-onboard".to_string()
            } else {
                name
            };
            let described = format!("{name} {}", ctx.today);
            self.field_mut(KeyField::Description).set(described.trim());
        }
        if self.proposed_path.is_empty() {
            self.propose_path(ctx);
        }
        Flow::none()
    }

    fn bindings(&self, setup: &Setup, demo: bool) -> Vec<Binding> {
        match &self.phase {
            Phase::Paste => {
                let mut t = vec![keymap::TAB, keymap::BACKTAB, keymap::ENTER_CHECK];
                if self.focus == KeyField::Private {
                    t.push(keymap::REVEAL);
                }
                if demo {
                    t.push(keymap::DEMO);
                }
                if !self.checks.is_empty() {
                    t.push(keymap::RECHECK);
                }
                if done_earlier(setup) {
                    t.push(keymap::NEXT_STEP);
                }
                t.push(keymap::PREV_STEP);
                t
            }
            Phase::RetireOld(retire) => {
                retire.bindings(demo, super::rotation::stage(setup).unwrap_or_default())
            }
            Phase::HandOff(_) => vec![
                keymap::REVEAL,
                keymap::WRITE_FILE,
                keymap::COPY,
                keymap::STORED,
            ],
        }
    }

    fn on_key(&mut self, key: KeyEvent, _ctx: &mut Ctx) -> Flow {
        match &mut self.phase {
            Phase::Paste => {
                if self.fields[self.focus.index()].handle_key(key) {
                    self.checks.clear();
                    self.verify = Load::Idle;
                }
            }
            Phase::HandOff(h) => {
                h.leave_armed = None;
                h.path.handle_key(key);
            }
            Phase::RetireOld(retire) => retire.on_key(key),
        }
        Flow::none()
    }

    fn on_paste(&mut self, text: &str, _ctx: &mut Ctx) -> Flow {
        match &mut self.phase {
            Phase::Paste => self.paste_into_form(text),
            Phase::HandOff(h) => {
                h.leave_armed = None;
                h.path.paste(text);
            }
            Phase::RetireOld(retire) => retire.on_paste(text),
        }
        Flow::none()
    }

    fn on_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        let description = self.field(KeyField::Description).value().to_string();
        match &mut self.phase {
            Phase::RetireOld(retire) => retire.on_intent(intent, ctx),
            Phase::HandOff(h) => h.on_intent(intent, &description, ctx),
            Phase::Paste => self.on_paste_intent(intent, ctx),
        }
    }

    fn on_timer(&mut self, seq: Seq, kind: TimerKind, ctx: &mut Ctx) -> Flow {
        if kind == TimerKind::RetryVerify
            && seq == self.retry_seq
            && self.phase.kind() == PhaseKind::Paste
        {
            return self.start_verify(ctx);
        }
        Flow::none()
    }

    fn cancel(&mut self) -> Vec<Effect> {
        let retire = self.retire().map(|r| (r.proof.seq(), r.sandbox.seq()));
        let (proof, retire_sandbox) = retire.unwrap_or_default();
        let mut out: Vec<Effect> = [self.verify.seq(), self.sandbox.seq(), proof, retire_sandbox]
            .into_iter()
            .flatten()
            .map(|seq| Effect::Cancel { seq })
            .collect();
        if self.verify.is_loading() {
            self.verify = Load::Idle;
        }
        if self.sandbox.is_loading() {
            self.sandbox = Load::Idle;
        }
        if let Some(retire) = self.retire_mut() {
            retire.cancel();
        }
        if self.lag_waiting.take().is_some() {
            self.retry_seq = 0;
            out.push(Effect::Cancel { seq: 0 });
        }
        out
    }

    fn is_busy(&self) -> bool {
        self.verify.is_loading()
            || self.sandbox.is_loading()
            || self.handoff().is_some_and(|h| h.written.is_loading())
            || self.retire().is_some_and(|r| r.is_busy())
    }
}

/// The key of this setup was verified and handed off in an earlier run (not a rotation): a
/// resume may pass step 3 without the private key, which cw-onboard never kept.
pub fn done_earlier(setup: &Setup) -> bool {
    setup.key.verified
        && setup.key.public_key.is_some()
        && setup.key.handed_off.is_some()
        && setup.key.rotating.is_none()
}

fn handoff_path(s: &str) -> validate::Valid {
    let v = s.trim();
    if v.is_empty() {
        return Err("Enter a path for a new file (it must not exist yet).".into());
    }
    Ok(v.to_string())
}

#[cfg(test)]
mod tests;
