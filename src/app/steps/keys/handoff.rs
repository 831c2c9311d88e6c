//! The hand-off screen's state: the verified pair, held in memory only until "I stored it", and
//! how it was handed off so far (revealed, written to a file, copied).

use super::Leave;
use crate::app::ctx::Ctx;
use crate::app::field::TextField;
use crate::app::flow::Flow;
use crate::app::keymap::Intent;
use crate::app::load::Load;
use crate::app::msg::Effect;
use crate::secrets::KeyPair;

/// Step 3 once the key is verified. Its Debug shows the pair's public half only.
#[derive(Debug, Clone)]
pub struct HandOff {
    /// The new pair, held in memory only until "I stored it".
    pub pending: KeyPair,
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
}

impl HandOff {
    /// The verified `pending` pair, to be written to `path` (proposed) or copied.
    pub fn new(pending: KeyPair, path: &str) -> HandOff {
        HandOff {
            pending,
            revealed: false,
            shown: false,
            leave_armed: None,
            path: TextField::new("Save to file", super::handoff_path).with_value(path),
            written: Load::Idle,
            copied: false,
            copy_armed: false,
        }
    }

    /// The private key is on this screen only, and was neither written, copied nor revealed.
    pub fn unsaved(&self) -> bool {
        !(self.shown || self.copied || self.written.ready().is_some())
    }

    /// How the key left this screen, for the record.
    pub fn how(&self) -> String {
        match self.written.ready() {
            Some(path) => format!("file {path}"),
            None if self.copied => "copied with OSC 52".into(),
            None => "read off the screen".into(),
        }
    }

    /// The hand-off keys; `description` (the key form's) goes into the file's context line.
    pub(super) fn on_intent(&mut self, intent: Intent, description: &str, ctx: &mut Ctx) -> Flow {
        // Any other key disarms the question asked before dropping the private key.
        self.leave_armed = None;
        match intent {
            Intent::Reveal => {
                self.revealed = !self.revealed;
                self.shown |= self.revealed;
            }
            Intent::WriteFile | Intent::Submit => {
                let Ok(path) = self.path.validate() else {
                    return Flow::none();
                };
                let seq = ctx.seq();
                self.written = Load::Loading { seq };
                let context = format!(
                    "site {} · company {} · member {} · {description}",
                    ctx.setup.site, ctx.setup.company, ctx.setup.member.identifier,
                );
                return Flow::effect(Effect::WriteKeyFile {
                    seq,
                    path,
                    key: self.pending.clone(),
                    context,
                });
            }
            Intent::Copy => {
                if let Some(warning) = ctx.clipboard_warning
                    && !self.copy_armed
                {
                    self.copy_armed = true;
                    return Flow::banner(format!("{warning} Press ^O again to copy anyway."));
                }
                self.copied = true;
                return Flow::effect(Effect::CopyToClipboard {
                    key: self.pending.clone(),
                });
            }
            _ => {}
        }
        Flow::none()
    }
}

#[cfg(test)]
mod tests;
