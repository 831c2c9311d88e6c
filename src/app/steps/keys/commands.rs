//! The key step's typed commands (`SubmitKey`, `HandedOff`, `KeyStored`). The full-screen keys
//! build the same commands (`app/key_commands.rs`): Enter on the key form, `^S` on hand-off.

use super::{DESCRIPTION, KeysStep, Leave, PRIVATE, PUBLIC, Phase};
use crate::app::command::Rejected;
use crate::app::ctx::Ctx;
use crate::app::flow::Flow;
use crate::secrets::KeyPair;

impl KeysStep {
    /// `Command::SubmitKey`: the pair the admin created; its verification starts.
    pub fn submit(&mut self, key: &KeyPair, ctx: &mut Ctx) -> Result<Flow, Rejected> {
        if self.phase != Phase::Paste {
            return Err(Rejected::new("key", "A key was verified already."));
        }
        self.fields[PUBLIC].set(&key.public);
        self.fields[PRIVATE].set(key.expose_private());
        // Every field is checked (the form marks each one that fails); the first names the refusal.
        let mut first = None;
        for (i, name) in [
            (DESCRIPTION, "key.description"),
            (PUBLIC, "key.public_key"),
            (PRIVATE, "key.private_key"),
        ] {
            if let Err(message) = self.fields[i].validate() {
                first.get_or_insert(Rejected::new(name, message));
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
        if self.pending.is_none() {
            return Err(Rejected::new("key", "No verified key to hand off yet."));
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
        if self.unsaved() && !confirmed {
            self.leave_armed = Some(Leave::Stored);
            return Err(Rejected::new("key.private_key", Leave::Stored.warning()));
        }
        self.leave_armed = None;
        Ok(self.stored(ctx))
    }
}
