//! The key step's typed commands (`SubmitKey`, `HandedOff`).

use super::{KeysStep, PRIVATE, PUBLIC, Phase};
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
        for (i, name) in [(PUBLIC, "key.public_key"), (PRIVATE, "key.private_key")] {
            if let Err(message) = self.fields[i].validate() {
                return Err(Rejected::new(name, message));
            }
        }
        self.checks.clear();
        self.lag_attempt = 0;
        Ok(self.start_verify(ctx))
    }

    /// `Command::HandedOff`: the verified private key is stored elsewhere (`how`, recorded).
    pub fn handed_off(&mut self, how: &str, ctx: &mut Ctx) -> Result<Flow, Rejected> {
        if self.pending.is_none() {
            return Err(Rejected::new("key", "No verified key to hand off yet."));
        }
        if let Some(progress) = ctx.setup.key.rotating.as_mut() {
            progress.new_handed_off_how = Some(how.to_string());
        } else if ctx.setup.key.handed_off.is_none() {
            ctx.setup.key.handed_off = Some(how.to_string());
        }
        Ok(self.stored(ctx))
    }
}
