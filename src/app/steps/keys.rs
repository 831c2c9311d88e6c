//! Step 3: the API key pair. The admin creates it in ConnectWise and pastes it; the wizard
//! proves it (identity, levels, customize items, probes), retrying while ConnectWise lags behind
//! a role change, then hands the private key off once and drops it.

use super::rotation::RetireOld;
use crate::app::ctx::Ctx;

mod commands;
mod lag;
mod leave;
use crate::app::facts::KeyFacts;
use crate::app::field::TextField;
use crate::app::flow::{Flow, Go};
use crate::app::keymap::{self, Binding, Intent};
use crate::app::load::Load;
use crate::app::msg::{Effect, Outcome, SandboxAction, SandboxDone, Seq, TimerKind};
use crate::app::setup::{Check, CheckStatus, Mode, Setup};
use crate::app::validate;
use crate::app::verify;
use crate::secrets::KeyPair;
use ratatui::crossterm::event::KeyEvent;
use std::time::Duration;

pub const DESCRIPTION: usize = 0;
pub const PUBLIC: usize = 1;
pub const PRIVATE: usize = 2;

pub use lag::{MAX_LAG_RETRIES, lag_delay};
pub use leave::Leave;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Paste,
    /// Verified: hand the private key off, then confirm it is stored.
    Handoff,
    /// Rotation only: delete the old key and prove it is refused.
    RetireOld,
}

#[derive(Debug, Clone)]
pub struct KeysStep {
    pub phase: Phase,
    pub fields: [TextField; 3],
    pub focus: usize,
    pub verify: Load<KeyFacts>,
    pub checks: Vec<Check>,
    /// Retries so far while waiting for ConnectWise to apply the role.
    pub lag_attempt: u32,
    pub lag_waiting: Option<Duration>,
    /// The new pair, held in memory only until "I stored it".
    pub pending: Option<KeyPair>,
    pub revealed: bool,
    /// The private key was revealed at least once (a hand-off action, like a write or a copy).
    pub shown: bool,
    /// Leaving before any hand-off action was asked once; the same key again confirms it.
    pub leave_armed: Option<Leave>,
    pub path: TextField,
    pub written: Load<String>,
    pub copied: bool,
    /// The clipboard warning was shown; the next ^O copies.
    pub copy_armed: bool,
    pub sandbox: Load<()>,
    /// Rotation's last sub-step.
    pub retire: RetireOld,
    retry_seq: Seq,
    /// Where the hand-off file is proposed, decided by the runtime (the core does no I/O);
    /// None proposes `./NAME`.
    pub handoff_dir: Option<crate::secrets::HandoffDir>,
}

fn handoff_path(s: &str) -> validate::Valid {
    let v = s.trim();
    if v.is_empty() {
        return Err("Enter a path for a new file (it must not exist yet).".into());
    }
    Ok(v.to_string())
}

impl KeysStep {
    pub fn new(description: &str) -> KeysStep {
        KeysStep {
            phase: Phase::Paste,
            fields: [
                TextField::new("Description", validate::key_description).with_value(description),
                TextField::new("Public key", |s| validate::api_key(s, "public")),
                TextField::new("Private key", |s| validate::api_key(s, "private")).secret(),
            ],
            focus: PUBLIC,
            verify: Load::Idle,
            checks: Vec::new(),
            lag_attempt: 0,
            lag_waiting: None,
            pending: None,
            revealed: false,
            shown: false,
            leave_armed: None,
            path: TextField::new("Save to file", handoff_path),
            written: Load::Idle,
            copied: false,
            copy_armed: false,
            sandbox: Load::Idle,
            retire: RetireOld::default(),
            retry_seq: 0,
            handoff_dir: None,
        }
    }

    pub fn bindings(&self, demo: bool, setup: &Setup) -> Vec<Binding> {
        match self.phase {
            Phase::Paste => {
                let mut t = vec![keymap::TAB, keymap::BACKTAB, keymap::ENTER_CHECK];
                if self.focus == PRIVATE {
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
            Phase::RetireOld => self
                .retire
                .bindings(demo, super::rotation::stage(setup).unwrap_or_default()),
            Phase::Handoff => vec![
                keymap::REVEAL,
                keymap::WRITE_FILE,
                keymap::COPY,
                keymap::STORED,
            ],
        }
    }

    pub fn is_busy(&self) -> bool {
        self.verify.is_loading()
            || self.written.is_loading()
            || self.sandbox.is_loading()
            || self.retire.is_busy()
    }

    pub fn enter(&mut self, ctx: &mut Ctx) -> Flow {
        if self.fields[DESCRIPTION].value().is_empty() {
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
            self.fields[DESCRIPTION].set(described.trim());
        }
        if self.path.value().is_empty() {
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
            let path = match &self.handoff_dir {
                Some(d) if d.why.is_some() => d.dir.join(&name).display().to_string(),
                _ => format!("./{name}"),
            };
            self.path.set(&path);
        }
        Flow::none()
    }

    pub fn on_key(&mut self, key: KeyEvent, _ctx: &mut Ctx) -> Flow {
        self.leave_armed = None;
        match self.phase {
            Phase::Paste => {
                if self.fields[self.focus].handle_key(key) {
                    self.checks.clear();
                    self.verify = Load::Idle;
                }
            }
            Phase::Handoff => {
                self.path.handle_key(key);
            }
            Phase::RetireOld => self.retire.on_key(key),
        }
        Flow::none()
    }

    pub fn on_paste(&mut self, text: &str, _ctx: &mut Ctx) -> Flow {
        self.leave_armed = None;
        match self.phase {
            Phase::Paste => {
                // Pasting "public private" or two lines into the public field fills both.
                let parts: Vec<&str> = text.split_whitespace().collect();
                let fits = text.len() <= crate::app::field::MAX_PASTE_BYTES;
                if self.focus == PUBLIC && parts.len() == 2 && fits {
                    self.fields[PUBLIC].set(parts[0]);
                    self.fields[PRIVATE].set(parts[1]);
                    self.focus = PRIVATE;
                } else {
                    self.fields[self.focus].paste(text.trim());
                }
                self.checks.clear();
            }
            Phase::Handoff => self.path.paste(text),
            Phase::RetireOld => self.retire.on_paste(text),
        }
        Flow::none()
    }

    pub fn on_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        if self.phase == Phase::RetireOld {
            return self.retire.on_intent(intent, ctx);
        }
        // Any other key disarms the question asked before dropping the private key.
        self.leave_armed = None;
        match (self.phase, intent) {
            (Phase::Paste, Intent::NextField) => self.focus = (self.focus + 1) % 3,
            (Phase::Paste, Intent::PrevField) => self.focus = (self.focus + 2) % 3,
            (Phase::Paste, Intent::Reveal) => {
                self.fields[PRIVATE].revealed = !self.fields[PRIVATE].revealed
            }
            (Phase::Paste, Intent::Submit)
                if self.focus < PRIVATE
                    && self.fields[PRIVATE].value().is_empty()
                    && self.fields[self.focus].validate().is_ok() =>
            {
                self.focus += 1;
            }
            (Phase::Paste, Intent::Submit)
                if self.focus < PRIVATE && self.fields[PRIVATE].value().is_empty() => {}
            (Phase::Paste, Intent::Demo) if ctx.demo => {
                let (Ok(description), false) = (
                    self.fields[DESCRIPTION].validate(),
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
            (Phase::Paste, Intent::PrevStep) => return Flow::go(Go::Prev),
            // A resumed setup whose key was verified and handed off: nothing to paste again.
            (Phase::Paste, Intent::NextStep)
                if done_earlier(ctx.setup) && self.fields[PRIVATE].value().is_empty() =>
            {
                return Flow::go(Go::Next);
            }
            (Phase::Handoff, Intent::Reveal) => {
                self.revealed = !self.revealed;
                self.shown |= self.revealed;
            }
            (Phase::Handoff, Intent::WriteFile | Intent::Submit) => {
                let (Some(key), Ok(path)) = (self.pending.clone(), self.path.validate()) else {
                    return Flow::none();
                };
                let seq = ctx.seq();
                self.written = Load::Loading { seq };
                let context = format!(
                    "site {} · company {} · member {} · {}",
                    ctx.setup.site,
                    ctx.setup.company,
                    ctx.setup.member.identifier,
                    self.fields[DESCRIPTION].value()
                );
                return Flow::effect(Effect::WriteKeyFile {
                    seq,
                    path,
                    key,
                    context,
                });
            }
            (Phase::Handoff, Intent::Copy) => {
                if let Some(warning) = ctx.clipboard_warning
                    && !self.copy_armed
                {
                    self.copy_armed = true;
                    return Flow::banner(format!("{warning} Press ^O again to copy anyway."));
                }
                if let Some(key) = self.pending.clone() {
                    self.copied = true;
                    return Flow::effect(Effect::CopyToClipboard { key });
                }
            }
            _ => {}
        }
        Flow::none()
    }

    fn start_verify(&mut self, ctx: &mut Ctx) -> Flow {
        let ok = self
            .fields
            .iter_mut()
            .map(|f| f.validate().is_err())
            .filter(|failed| *failed)
            .count()
            == 0;
        if !ok {
            return Flow::none();
        }
        let key = KeyPair::new(self.fields[PUBLIC].value(), self.fields[PRIVATE].value());
        let probes = ctx
            .merged
            .as_ref()
            .map(|m| {
                m.probes()
                    .into_iter()
                    .map(|(_, p)| p.path.to_string())
                    .collect()
            })
            .unwrap_or_default();
        let seq = ctx.seq();
        self.verify = Load::Loading { seq };
        self.lag_waiting = None;
        Flow::effect(Effect::VerifyKey {
            seq,
            auth: ctx.auth(key),
            probes,
        })
    }

    pub fn on_timer(&mut self, seq: Seq, kind: TimerKind, ctx: &mut Ctx) -> Flow {
        if kind == TimerKind::RetryVerify && seq == self.retry_seq && self.phase == Phase::Paste {
            return self.start_verify(ctx);
        }
        Flow::none()
    }

    pub fn on_done(&mut self, seq: Seq, outcome: Outcome, ctx: &mut Ctx) -> Flow {
        if self.phase == Phase::RetireOld || matches!(outcome, Outcome::OldKeyRefused(_)) {
            return self.retire.on_done(seq, outcome, ctx);
        }
        match outcome {
            Outcome::Key(result) => {
                if !self.verify.settle(seq, result) {
                    return Flow::none();
                }
                let facts = match &self.verify {
                    Load::Ready(facts) => facts.clone(),
                    Load::Failed(f) => {
                        self.checks = vec![Check {
                            id: "auth".into(),
                            label: "Key authenticates (/system/info)".into(),
                            status: CheckStatus::Fail,
                            detail: f.summary.clone(),
                            advice: Some(f.advice.clone()),
                        }];
                        return Flow::none();
                    }
                    _ => return Flow::none(),
                };
                let Some(merged) = ctx.merged.as_ref() else {
                    return Flow::none();
                };
                self.checks = verify::key_checks(merged, &ctx.setup.member.identifier, &facts);
                ctx.setup.checks = self.checks.clone();
                ctx.setup.key.description = self.fields[DESCRIPTION].value().trim().to_string();
                let public = self.fields[PUBLIC].value().trim().to_string();
                if let Some(progress) = &ctx.setup.key.rotating
                    && progress.old_public_key == public
                {
                    self.checks.push(Check {
                        id: "new-key".into(),
                        label: "A second key, not the old one".into(),
                        status: CheckStatus::Fail,
                        detail: "this is the key being rotated out".into(),
                        advice: Some("Create a second key (API Keys > +) and paste that one; keep the old key until the new one works.".into()),
                    });
                }
                if verify::all_pass(&self.checks) {
                    match ctx.setup.key.rotating.as_mut() {
                        Some(progress) => progress.new_public_key = Some(public),
                        None => ctx.setup.key.public_key = Some(public),
                    }
                    ctx.setup.key.verified = true;
                    self.pending = Some(KeyPair::new(
                        self.fields[PUBLIC].value(),
                        self.fields[PRIVATE].value(),
                    ));
                    self.fields[PRIVATE].clear();
                    self.phase = Phase::Handoff;
                    return Flow::none();
                }
                if self.lagging(ctx) && self.lag_attempt < MAX_LAG_RETRIES {
                    let after = lag_delay(self.lag_attempt);
                    self.lag_attempt += 1;
                    self.lag_waiting = Some(after);
                    self.retry_seq = ctx.seq();
                    return Flow::effect(Effect::Timer {
                        seq: self.retry_seq,
                        after,
                        kind: TimerKind::RetryVerify,
                    });
                }
                self.lag_waiting = None;
            }
            Outcome::KeyFileWritten(result) => {
                if self.written.settle(seq, result)
                    && let Some(path) = self.written.ready()
                {
                    ctx.setup.key.handed_off = Some(format!("file {path}"));
                }
            }
            Outcome::Sandbox(result) => {
                let created = match result {
                    Ok(SandboxDone::KeyCreated(pair)) => Ok(pair),
                    Ok(
                        SandboxDone::LevelsSet
                        | SandboxDone::KeyDeleted
                        | SandboxDone::KeyInactive(_),
                    ) => return Flow::none(),
                    Err(f) => Err(f),
                };
                match created {
                    Ok(pair) if self.sandbox.awaits(seq) => {
                        self.sandbox = Load::Ready(());
                        self.fields[PUBLIC].set(&pair.public);
                        self.fields[PRIVATE].set(pair.expose_private());
                        self.lag_attempt = 0;
                        return self.start_verify(ctx);
                    }
                    Err(f) => {
                        self.sandbox.settle(seq, Err(f));
                    }
                    Ok(_) => {}
                }
            }
            _ => {}
        }
        Flow::none()
    }

    /// In assisted mode the role itself was read back matching; if the key still sees too-low
    /// levels, ConnectWise has not applied the change yet.
    fn lagging(&self, ctx: &Ctx) -> bool {
        let auth_ok = self
            .checks
            .iter()
            .any(|c| c.id == "auth" && c.status == CheckStatus::Pass);
        let identity_ok = !self
            .checks
            .iter()
            .any(|c| c.id == "identity" && c.status == CheckStatus::Fail);
        let only_levels = self
            .checks
            .iter()
            .filter(|c| c.status == CheckStatus::Fail)
            .all(|c| {
                c.id == "permissions"
                    || c.id.starts_with("permission:")
                    || c.id.starts_with("probe:")
                    || c.id.starts_with("customize:")
            });
        ctx.setup.mode == Mode::Assisted
            && ctx.setup.role.all_match
            && auth_ok
            && identity_ok
            && only_levels
    }

    pub fn cancel(&mut self) -> Vec<Effect> {
        let mut out: Vec<Effect> = [
            self.verify.seq(),
            self.sandbox.seq(),
            self.retire.proof.seq(),
            self.retire.sandbox.seq(),
        ]
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
        self.retire.cancel();
        if self.lag_waiting.take().is_some() {
            self.retry_seq = 0;
            out.push(Effect::Cancel { seq: 0 });
        }
        out
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
