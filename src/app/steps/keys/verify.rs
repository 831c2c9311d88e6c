//! Verifying the pasted pair: the key's checks, the retries while ConnectWise lags behind a
//! role change, and what the runtime answers (the check, the hand-off file, the sandbox's key).

use super::{HandOff, KeyField, KeysStep, MAX_LAG_RETRIES, Phase, lag_delay};
use crate::app::ctx::Ctx;
use crate::app::facts::{Failure, KeyFacts};
use crate::app::flow::Flow;
use crate::app::load::Load;
use crate::app::msg::{Effect, Outcome, SandboxDone, Seq, TimerKind};
use crate::app::setup::{Check, CheckStatus, Mode};
use crate::app::verify;
use crate::secrets::KeyPair;

impl KeysStep {
    /// The pair typed, as a key (not validated).
    fn typed_pair(&self) -> KeyPair {
        KeyPair::new(
            self.field(KeyField::Public).value(),
            self.field(KeyField::Private).value(),
        )
    }

    pub(super) fn start_verify(&mut self, ctx: &mut Ctx) -> Flow {
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
        let key = self.typed_pair();
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

    pub fn on_done(&mut self, seq: Seq, outcome: Outcome, ctx: &mut Ctx) -> Flow {
        if let Phase::RetireOld(retire) = &mut self.phase {
            return retire.on_done(seq, outcome, ctx);
        }
        match outcome {
            Outcome::Key(result) => return self.verified(seq, result, ctx),
            Outcome::KeyFileWritten(result) => {
                if let Some(handoff) = self.handoff_mut()
                    && handoff.written.settle(seq, result)
                    && let Some(path) = handoff.written.ready()
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
                        self.field_mut(KeyField::Public).set(&pair.public);
                        self.field_mut(KeyField::Private).set(pair.expose_private());
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

    /// The key's check answered: its checks; all passing, the hand-off; failing only on levels
    /// ConnectWise has not applied yet, a retry.
    fn verified(&mut self, seq: Seq, result: Result<KeyFacts, Failure>, ctx: &mut Ctx) -> Flow {
        if !self.verify.settle(seq, result) {
            return Flow::none();
        }
        let facts = match &self.verify {
            Load::Ready(facts) => facts.clone(),
            Load::Failed(f) => {
                self.checks = vec![crate::app::verify::auth_failed(f)];
                return Flow::none();
            }
            _ => return Flow::none(),
        };
        let Some(merged) = ctx.merged.as_ref() else {
            return Flow::none();
        };
        self.checks = verify::key_checks(merged, &ctx.setup.member.identifier, &facts);
        ctx.setup.checks = self.checks.clone();
        ctx.setup.key.description = self.field(KeyField::Description).value().trim().to_string();
        let public = self.field(KeyField::Public).value().trim().to_string();
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
            let pending = self.typed_pair();
            self.field_mut(KeyField::Private).clear();
            let handoff = HandOff::new(pending, &self.proposed_path);
            self.phase = Phase::HandOff(handoff);
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
}
