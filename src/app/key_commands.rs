//! The full-screen front-end's keys as typed commands: a key whose intent a [`Command`] names
//! goes through `Wizard::apply`'s route, so the TUI, `--plain` and batch share one path for
//! what it decides. `^N`/`^P` are the wizard's; every other such key is its step's
//! (`Step::key_command`, beside the step's `apply`). Keys that only move the focus, scroll,
//! tick or edit text stay with the step showing (`Step::on_intent`, `Step::on_key`).
//!
//! A key maps to a command only where the two mean the same, and where they differed the
//! command took the key's behaviour (or the better of the two), so one rule decides:
//! - `^N`/`^P` everywhere; `Enter` where it moves on (template picker, the member form's last
//!   field, allow-list, summary); `^E` export.
//! - Step 0: `Enter` on the last field is `Connect` from the parsed fields while a check is
//!   still to start (an instance checked already is not checked again), then `Next`.
//! - Role: `Enter` on an assisted checklist before the role is known finds or creates it;
//!   `^L` once it is known reads its levels; `^K`, while a rename would leave the role this
//!   setup created behind, is `NameRole` with the recorded name. Member: `^L` is
//!   `ReloadMemberLists`.
//! - Key form: the `Enter` that would verify (and `^L`) is `SubmitKey` from the fields; its
//!   refusal names the field and marks every failing field red. `^S` on hand-off is
//!   `KeyStored`: dropping a never-stored key asks once (`KeysStep::key_stored`, the rule
//!   `HandedOff` meets as a hand-off the front-end did).
//! - Rotation: `Enter` is `ProveOldKeyRefused` or `ProveOldKeyWorks` (the stage decides),
//!   `^Z` is `UndoRetire`.
//!
//! A refusal shows as the banner the step would have shown. Enter that only moves the focus
//! (step 0 and the key form before their last field) stays with the step.

use super::Wizard;
use super::command::Command;
use super::keymap::Intent;

impl Wizard {
    /// The command `intent` stands for on the screen showing, if one does: `^N`/`^P` on every
    /// step, the rest as the step showing says (`Step::key_command`).
    pub fn key_command(&self, intent: Intent) -> Option<Command> {
        match intent {
            Intent::NextStep => Some(Command::Next),
            Intent::PrevStep => Some(Command::Back),
            _ => self
                .current()
                .key_command(intent, &self.setup, self.merged.as_ref()),
        }
    }
}

#[cfg(test)]
mod tests;
