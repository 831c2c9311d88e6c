//! Rotation's last sub-step (`cw-onboard rotate`): the new key is verified and handed off; now
//! the admin deletes the old key in ConnectWise and the wizard proves it is refused (401).
//! It is never offered before the new key works, so there is always a working key.

use crate::app::command::Rejected;
use crate::app::ctx::Ctx;
use crate::app::field::TextField;
use crate::app::flow::Flow;
use crate::app::keymap::{self, Binding, Intent};
use crate::app::load::Load;
use crate::app::msg::{Effect, Exit, Outcome, SandboxAction, SandboxDone, Seq};
use crate::app::setup::Rotation;
use crate::app::validate;
use crate::secrets::KeyPair;
use ratatui::crossterm::event::KeyEvent;

#[derive(Debug, Clone)]
pub struct RetireOld {
    /// The old private key, pasted only to prove ConnectWise refuses it; never stored.
    pub old_private: TextField,
    pub proof: Load<bool>,
    pub sandbox: Load<()>,
}

impl Default for RetireOld {
    fn default() -> Self {
        RetireOld {
            old_private: TextField::new("Old private key", |s| validate::api_key(s, "old private"))
                .secret(),
            proof: Load::Idle,
            sandbox: Load::Idle,
        }
    }
}

impl RetireOld {
    pub fn bindings(&self, demo: bool) -> Vec<Binding> {
        let mut t = vec![keymap::ENTER_CHECK, keymap::REVEAL];
        if demo {
            t.push(keymap::DEMO);
        }
        t.push(keymap::NEXT_STEP);
        t
    }

    pub fn is_busy(&self) -> bool {
        self.proof.is_loading() || self.sandbox.is_loading()
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

    pub fn on_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        match intent {
            Intent::Reveal => self.old_private.revealed = !self.old_private.revealed,
            Intent::Submit | Intent::Recheck => {
                let Ok(private) = self.old_private.validate() else {
                    return Flow::none();
                };
                let auth = ctx.auth(KeyPair::new(Self::old_public(ctx), private));
                let seq = ctx.seq();
                self.proof = Load::Loading { seq };
                return Flow::effect(Effect::ProveRefused { seq, auth });
            }
            Intent::Demo if ctx.demo => {
                let action = SandboxAction::DeleteKey {
                    member: ctx.setup.member.identifier.clone(),
                    public_key: Self::old_public(ctx),
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

    /// `Command::ProveOldKeyRefused`: the old private key, to see ConnectWise refuse it.
    pub fn prove(&mut self, old: &KeyPair, ctx: &mut Ctx) -> Result<Flow, Rejected> {
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
        Ok(self.on_intent(Intent::Submit, ctx))
    }

    pub fn on_done(&mut self, seq: Seq, outcome: Outcome, ctx: &mut Ctx) -> Flow {
        match outcome {
            Outcome::OldKeyRefused(result) => {
                if !self.proof.settle(seq, result) {
                    return Flow::none();
                }
                match self.proof.ready() {
                    Some(true) => return self.finish(ctx, true),
                    Some(false) => {
                        return Flow::banner(
                            "The old key still works: delete it in ConnectWise (API Members > member > API Keys), then Enter again.",
                        );
                    }
                    None => {}
                }
            }
            Outcome::Sandbox(result) => {
                let done = result.map(|_: SandboxDone| ());
                self.sandbox.settle(seq, done);
            }
            _ => {}
        }
        Flow::none()
    }

    /// Records the rotation: the new key is the setup's key from now on.
    fn finish(&mut self, ctx: &mut Ctx, refused: bool) -> Flow {
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
            old_key_refused: refused,
        });
        ctx.setup.key.public_key = Some(new);
        ctx.setup.key.handed_off_on = progress
            .new_handed_off_on
            .or_else(|| crate::app::key_age::parse_today(ctx.today));
        ctx.setup.key.rotating = None;
        self.old_private.clear();
        Flow::effect(Effect::Quit(Exit::Finished))
    }
}
