//! Rotation's last sub-steps (`cw-onboard rotate`): the new key is verified and handed off;
//! now the old key is retired, reversibly. The admin marks it Inactive in ConnectWise and the
//! wizard proves it refused (401); if the vendor breaks, undo re-activates it (proven working
//! again); otherwise the admin deletes it and the wizard proves it refused again. Each stage
//! is saved ([`RetireStage`]), so an interrupted rotation resumes on it. None of this is
//! offered before the new key works: there is always a working key.

use crate::app::command::Rejected;
use crate::app::ctx::Ctx;
use crate::app::field::TextField;
use crate::app::flow::Flow;
use crate::app::keymap::{self, Binding, Intent};
use crate::app::load::Load;
use crate::app::msg::{Effect, Exit, Outcome, SandboxAction, SandboxDone, Seq};
use crate::app::setup::{RetireStage, Rotation, Setup};
use crate::app::validate;
use crate::secrets::KeyPair;
use ratatui::crossterm::event::KeyEvent;

/// Where the old key is, in ConnectWise's UI.
pub fn key_path(member: &str, old_public: &str) -> String {
    format!("System > Members > API Members > {member} > API Keys > {old_public}")
}

/// What the admin does in ConnectWise at `stage` (the same words in every front-end).
pub fn ui_step(stage: RetireStage, member: &str, old_public: &str) -> String {
    let path = key_path(member, old_public);
    match stage {
        RetireStage::MarkInactive => {
            format!("open {path}, tick the Inactive checkbox, then Save (do not delete it yet).")
        }
        RetireStage::Inactive => format!("open {path} and delete the key."),
        RetireStage::Reactivate => {
            format!("open {path}, clear the Inactive checkbox, then Save.")
        }
    }
}

/// What the next proof at `stage` shows: refused (true) or working again (false).
pub fn expects_refusal(stage: RetireStage) -> bool {
    stage != RetireStage::Reactivate
}

/// What became of the old key, as a finished rotation recorded it (the last line a front-end
/// prints).
pub fn finished_note(r: &Rotation) -> String {
    match (r.old_key_deleted, r.old_key_refused) {
        (true, _) => "the old key is deleted and ConnectWise refuses it (401).".into(),
        (false, true) => format!(
            "the old key is inactive (ConnectWise refuses it) but not deleted: delete {} in ConnectWise when you are sure.",
            r.old_public_key
        ),
        (false, false) => format!(
            "the old key {} was not proven refused: mark it Inactive, then delete it, in ConnectWise.",
            r.old_public_key
        ),
    }
}

/// The stage a rotation's retire reached; None before the new key is handed off.
pub fn stage(setup: &Setup) -> Option<RetireStage> {
    setup
        .key
        .rotating
        .as_ref()
        .filter(|r| r.new_handed_off)
        .map(|r| r.retire)
}

#[derive(Debug, Clone)]
pub struct RetireOld {
    /// The old private key, typed only to prove what ConnectWise does with it; never stored.
    pub old_private: TextField,
    /// The last proof at the stage showing: Ok(true) refused, Ok(false) accepted.
    pub proof: Load<bool>,
    pub sandbox: Load<()>,
    /// The undo was just proven: ConnectWise accepts the old key again.
    pub undone: bool,
}

impl Default for RetireOld {
    fn default() -> Self {
        RetireOld {
            old_private: TextField::new("Old private key", |s| validate::api_key(s, "old private"))
                .secret(),
            proof: Load::Idle,
            sandbox: Load::Idle,
            undone: false,
        }
    }
}

impl RetireOld {
    pub fn bindings(&self, demo: bool, stage: RetireStage) -> Vec<Binding> {
        let mut t = vec![keymap::ENTER_CHECK, keymap::REVEAL];
        match stage {
            RetireStage::MarkInactive => {}
            RetireStage::Inactive => t.push(keymap::UNDO),
            RetireStage::Reactivate => t.push(keymap::KEEP_INACTIVE),
        }
        if demo {
            t.push(keymap::DEMO);
        }
        t.push(keymap::NEXT_STEP);
        t
    }

    pub fn is_busy(&self) -> bool {
        self.proof.is_loading() || self.sandbox.is_loading()
    }

    /// Esc: the proof or sandbox action running is dropped (its answer ignored).
    pub fn cancel(&mut self) {
        if self.proof.is_loading() {
            self.proof = Load::Idle;
        }
        if self.sandbox.is_loading() {
            self.sandbox = Load::Idle;
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        if self.old_private.handle_key(key) {
            self.proof = Load::Idle;
        }
    }

    pub fn on_paste(&mut self, text: &str) {
        self.old_private.paste(text.trim());
        self.proof = Load::Idle;
    }

    fn old_public(ctx: &Ctx) -> String {
        ctx.setup
            .key
            .rotating
            .as_ref()
            .map(|r| r.old_public_key.clone())
            .unwrap_or_default()
    }

    fn stage(ctx: &Ctx) -> RetireStage {
        stage(ctx.setup).unwrap_or_default()
    }

    /// Moves to `stage` (saved with the setup); the proof of the stage left is done with.
    fn enter_stage(&mut self, stage: RetireStage, ctx: &mut Ctx) {
        if let Some(progress) = ctx.setup.key.rotating.as_mut() {
            progress.retire = stage;
            progress.inactive_on = match stage {
                RetireStage::Inactive => progress
                    .inactive_on
                    .or_else(|| crate::app::key_age::parse_today(ctx.today)),
                RetireStage::MarkInactive => None,
                RetireStage::Reactivate => progress.inactive_on,
            };
        }
        self.proof = Load::Idle;
        self.sandbox = Load::Idle;
    }

    pub fn on_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        match intent {
            Intent::Reveal => self.old_private.revealed = !self.old_private.revealed,
            Intent::Submit | Intent::Recheck => return self.try_old_key(ctx),
            Intent::Undo => return self.undo(ctx).unwrap_or_else(|r| Flow::banner(r.message)),
            Intent::Demo if ctx.demo => {
                let member = ctx.setup.member.identifier.clone();
                let public_key = Self::old_public(ctx);
                let action = match Self::stage(ctx) {
                    RetireStage::MarkInactive => SandboxAction::SetKeyInactive {
                        member,
                        public_key,
                        inactive: true,
                    },
                    RetireStage::Inactive => SandboxAction::DeleteKey { member, public_key },
                    RetireStage::Reactivate => SandboxAction::SetKeyInactive {
                        member,
                        public_key,
                        inactive: false,
                    },
                };
                let seq = ctx.seq();
                self.sandbox = Load::Loading { seq };
                return Flow::effect(Effect::Sandbox { seq, action });
            }
            Intent::NextStep => return self.finish(ctx, false),
            _ => {}
        }
        Flow::none()
    }

    /// Tries the old key with what is typed: the proof the stage showing asks for.
    fn try_old_key(&mut self, ctx: &mut Ctx) -> Flow {
        if self.is_busy() {
            return Flow::none();
        }
        let Ok(private) = self.old_private.validate() else {
            return Flow::none();
        };
        let auth = ctx.auth(KeyPair::new(Self::old_public(ctx), private));
        let seq = ctx.seq();
        self.proof = Load::Loading { seq };
        Flow::effect(Effect::ProveRefused { seq, auth })
    }

    /// Undo (^Z, `Command::UndoRetire`): the old key is inactive and refused; the admin
    /// re-activates it and the wizard proves it works again. Again while undoing: keep it inactive.
    pub fn undo(&mut self, ctx: &mut Ctx) -> Result<Flow, Rejected> {
        match Self::stage(ctx) {
            RetireStage::Inactive => {
                self.enter_stage(RetireStage::Reactivate, ctx);
                Ok(Flow::none())
            }
            RetireStage::Reactivate => {
                self.enter_stage(RetireStage::Inactive, ctx);
                Ok(Flow::none())
            }
            RetireStage::MarkInactive => Err(Rejected::new(
                "old_key",
                "Nothing to undo: the old key is not proven inactive. It keeps working until then.",
            )),
        }
    }

    /// `Command::ProveOldKeyRefused` / `ProveOldKeyWorks` (`refused`): the old private key,
    /// typed again, for the proof the stage reached asks for.
    pub fn prove(&mut self, old: &KeyPair, refused: bool, ctx: &mut Ctx) -> Result<Flow, Rejected> {
        let stage = Self::stage(ctx);
        if expects_refusal(stage) != refused {
            let why = if refused {
                "Undo is under way: clear the Inactive checkbox, then prove the old key works again."
            } else {
                "Nothing is being undone: the old key is being retired (proven refused)."
            };
            return Err(Rejected::new("old_key", why));
        }
        if old.public != Self::old_public(ctx) {
            return Err(Rejected::new(
                "old_key.public_key",
                format!(
                    "That is not the key being rotated out ({}).",
                    Self::old_public(ctx)
                ),
            ));
        }
        self.old_private.set(old.expose_private());
        if let Err(message) = self.old_private.validate() {
            return Err(Rejected::new("old_key.private_key", message));
        }
        Ok(self.try_old_key(ctx))
    }

    pub fn on_done(&mut self, seq: Seq, outcome: Outcome, ctx: &mut Ctx) -> Flow {
        match outcome {
            Outcome::OldKeyRefused(result) => {
                if !self.proof.settle(seq, result) {
                    return Flow::none();
                }
                if let Some(&refused) = self.proof.ready() {
                    return self.proven(refused, ctx);
                }
            }
            Outcome::Sandbox(result) => {
                let done = result.map(|_: SandboxDone| ());
                if self.sandbox.settle(seq, done) && self.sandbox.ready().is_some() {
                    // Done in the sandbox: prove it at once when the old key is typed.
                    if self.old_private.validate().is_ok() {
                        return self.try_old_key(ctx);
                    }
                }
            }
            _ => {}
        }
        Flow::none()
    }

    /// What ConnectWise did with the old key (`refused`), at the stage reached.
    fn proven(&mut self, refused: bool, ctx: &mut Ctx) -> Flow {
        let stage = Self::stage(ctx);
        self.undone = false;
        match (stage, refused) {
            (RetireStage::MarkInactive, true) => {
                self.enter_stage(RetireStage::Inactive, ctx);
                Flow::none()
            }
            (RetireStage::MarkInactive, false) => Flow::banner(
                "The old key still works: tick its Inactive checkbox in ConnectWise and Save, then try it again.",
            ),
            (RetireStage::Inactive, true) => self.finish(ctx, true),
            (RetireStage::Inactive, false) => {
                self.enter_stage(RetireStage::MarkInactive, ctx);
                Flow::banner(
                    "The old key works again (its Inactive checkbox was cleared?): tick it and Save, then try it again.",
                )
            }
            (RetireStage::Reactivate, false) => {
                self.enter_stage(RetireStage::MarkInactive, ctx);
                self.undone = true;
                Flow::none()
            }
            (RetireStage::Reactivate, true) => Flow::banner(
                "ConnectWise still refuses the old key: clear its Inactive checkbox and Save, then try it again (a deleted key cannot come back).",
            ),
        }
    }

    /// Records the rotation: the new key is the setup's key from now on. `deleted`: the old
    /// key was proven refused after the admin deleted it.
    fn finish(&mut self, ctx: &mut Ctx, deleted: bool) -> Flow {
        let Some(progress) = ctx.setup.key.rotating.clone() else {
            return Flow::none();
        };
        let Some(new) = progress
            .new_public_key
            .clone()
            .filter(|_| progress.new_handed_off)
        else {
            return Flow::banner(
                "Verify and hand off the new key first: the old key stays until then.",
            );
        };
        ctx.setup.key.rotations.push(Rotation {
            at: ctx.today.to_string(),
            old_public_key: progress.old_public_key,
            new_public_key: new.clone(),
            old_key_refused: deleted || progress.retire == RetireStage::Inactive,
            inactive_on: progress.inactive_on,
            old_key_deleted: deleted,
        });
        ctx.setup.key.public_key = Some(new);
        if let Some(how) = &progress.new_handed_off_how {
            ctx.setup.key.handed_off = Some(how.clone());
        }
        ctx.setup.key.handed_off_on = progress
            .new_handed_off_on
            .or_else(|| crate::app::key_age::parse_today(ctx.today));
        ctx.setup.key.rotating = None;
        self.old_private.clear();
        Flow::effect(Effect::Quit(Exit::Finished))
    }
}

#[cfg(test)]
mod tests;
