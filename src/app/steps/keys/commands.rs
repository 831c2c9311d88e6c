//! The key step's typed commands (`SubmitKey`, `HandedOff`, `KeyStored`, and the rotation's
//! `ProveOldKeyRefused`, `UndoRetire`, `ProveOldKeyWorks`). The full-screen keys build the same
//! commands (`app/key_commands.rs`): Enter on the key form, `^S` on hand-off.

use super::{KeyField, KeysStep, Leave, Phase, PhaseKind};
use crate::app::command::{Command, Rejected};
use crate::app::ctx::Ctx;
use crate::app::flow::Flow;
use crate::app::keymap::Intent;
use crate::app::setup::Setup;
use crate::app::step::Routed;
use crate::app::steps::rotation;
use crate::secrets::KeyPair;

impl KeysStep {
    /// `Step::key_command`: the keys that decide. Enter on the key form (and `^L`) submits the
    /// pasted pair, `^S` on hand-off drops the key (asking once), Enter on the rotation screen
    /// proves the old key's stage and `^Z` undoes it.
    pub(super) fn key_command_for(&self, intent: Intent, setup: &Setup) -> Option<Command> {
        let private = self.field(KeyField::Private).value();
        match (&self.phase, intent) {
            // Enter before the private key is typed moves to the next field (the step's own).
            (Phase::Paste, Intent::Submit)
                if self.focus != KeyField::Private && private.is_empty() =>
            {
                None
            }
            (Phase::Paste, Intent::Submit | Intent::Recheck) => Some(Command::SubmitKey(
                KeyPair::new(self.field(KeyField::Public).value(), private),
            )),
            (Phase::HandOff(handoff), Intent::Stored) => Some(Command::KeyStored {
                confirmed: handoff.leave_armed == Some(Leave::Stored),
            }),
            (Phase::RetireOld(retire), Intent::Submit | Intent::Recheck) => {
                let old = KeyPair::new(
                    (setup.key.rotating.as_ref())
                        .map(|r| r.old_public_key.clone())
                        .unwrap_or_default(),
                    retire.old_private.value(),
                );
                let stage = rotation::stage(setup).unwrap_or_default();
                Some(if rotation::expects_refusal(stage) {
                    Command::ProveOldKeyRefused(old)
                } else {
                    Command::ProveOldKeyWorks(old)
                })
            }
            (Phase::RetireOld(_), Intent::Undo) => Some(Command::UndoRetire),
            _ => None,
        }
    }

    /// `Step::apply`: the key's commands; the rotation's only while the old key is being
    /// retired (the new one verified and handed off).
    pub(super) fn take_command(&mut self, command: Command, ctx: &mut Ctx) -> Routed {
        Routed::Taken(match command {
            Command::SubmitKey(pair) => self.submit(&pair, ctx),
            Command::HandedOff(how) => self.handed_off(&how, ctx),
            Command::KeyStored { confirmed } => self.key_stored(confirmed, ctx),
            Command::ProveOldKeyRefused(old) => match self.retire_mut() {
                Some(retire) => retire.prove(&old, true, ctx),
                None => Err(Rejected::new(
                    "old_key",
                    "Verify and hand off the new key first: the old key stays until then.",
                )),
            },
            Command::UndoRetire => match self.retire_mut() {
                Some(retire) => retire.undo(ctx),
                None => Err(not_retired()),
            },
            Command::ProveOldKeyWorks(old) => match self.retire_mut() {
                Some(retire) => retire.prove(&old, false, ctx),
                None => Err(not_retired()),
            },
            other => return Routed::NotMine(other),
        })
    }

    /// `Command::SubmitKey`: the pair the admin created; its verification starts.
    pub fn submit(&mut self, key: &KeyPair, ctx: &mut Ctx) -> Result<Flow, Rejected> {
        if self.phase.kind() != PhaseKind::Paste {
            return Err(Rejected::new("key", "A key was verified already."));
        }
        self.field_mut(KeyField::Public).set(&key.public);
        self.field_mut(KeyField::Private).set(key.expose_private());
        // Every field is checked (the form marks each one that fails); the first names the refusal.
        let mut first = None;
        for field in KeyField::ALL {
            if let Err(message) = self.field_mut(field).validate() {
                first.get_or_insert(Rejected::new(field.key(), message));
            }
        }
        if let Some(refused) = first {
            return Err(refused);
        }
        self.checks.clear();
        self.lag_attempt = 0;
        Ok(self.start_verify(ctx))
    }

    /// `Command::HandedOff`: the front-end handed the verified private key off itself (`how`,
    /// recorded), which meets the hand-off rule of [`KeysStep::key_stored`].
    pub fn handed_off(&mut self, how: &str, ctx: &mut Ctx) -> Result<Flow, Rejected> {
        if self.pending().is_none() {
            return Err(no_key());
        }
        if let Some(progress) = ctx.setup.key.rotating.as_mut() {
            progress.new_handed_off_how = Some(how.to_string());
        } else if ctx.setup.key.handed_off.is_none() {
            ctx.setup.key.handed_off = Some(how.to_string());
        }
        self.key_stored(true, ctx)
    }

    /// `Command::KeyStored` (`^S`): the one rule for dropping the private key. While it is
    /// [`unsaved`](KeysStep::unsaved), the first try is refused with the consequence and arms the
    /// question; `confirmed` (the same key again, or a hand-off the front-end did) drops it.
    pub fn key_stored(&mut self, confirmed: bool, ctx: &mut Ctx) -> Result<Flow, Rejected> {
        let Some(handoff) = self.handoff_mut() else {
            return Err(no_key());
        };
        if handoff.unsaved() && !confirmed {
            handoff.leave_armed = Some(Leave::Stored);
            return Err(Rejected::new(
                KeyField::Private.key(),
                Leave::Stored.warning(),
            ));
        }
        handoff.leave_armed = None;
        Ok(self.stored(ctx))
    }
}

fn no_key() -> Rejected {
    Rejected::new("key", "No verified key to hand off yet.")
}

/// Undo or its proof before the old key is being retired.
fn not_retired() -> Rejected {
    Rejected::new(
        "old_key",
        "Nothing to undo: the old key is not retired yet.",
    )
}
