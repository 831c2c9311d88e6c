//! The role's levels on the instance: read back every few seconds until every row matches
//! (assisted), set by the sandbox in the demo, and why they are unknown when a read fails.

use super::{RoleStep, levels_to_set};
use crate::app::ctx::Ctx;
use crate::app::facts::{Failure, FailureKind, LiveRow};
use crate::app::flow::Flow;
use crate::app::load::Load;
use crate::app::msg::{Effect, SandboxAction, Seq, TimerKind};
use crate::app::verify;
use std::time::Duration;

pub const POLL_EVERY: Duration = Duration::from_secs(3);

impl RoleStep {
    pub(super) fn read_settings(&mut self, role_id: u32, ctx: &mut Ctx) -> Flow {
        let Some(auth) = ctx.admin_auth() else {
            return Flow::none();
        };
        let seq = ctx.seq();
        self.live = Load::Loading { seq };
        Flow::effect(Effect::ReadRoleSettings { seq, auth, role_id })
    }

    pub(super) fn demo_set_levels(&mut self, ctx: &mut Ctx) -> Flow {
        let (Some(merged), Some(role)) = (ctx.merged.as_ref(), self.role.ready()) else {
            return Flow::none();
        };
        let (rows, customize) = levels_to_set(merged);
        let action = SandboxAction::SetRole {
            role: role.name.clone(),
            rows,
            customize,
        };
        let seq = ctx.seq();
        self.sandbox = Load::Loading { seq };
        Flow::effect(Effect::Sandbox { seq, action })
    }

    /// A read of the role's settings came back: compare, and poll again until all match.
    pub(super) fn settings_read(
        &mut self,
        seq: Seq,
        result: Result<Vec<LiveRow>, Failure>,
        ctx: &mut Ctx,
    ) -> Flow {
        if !self.live.settle(seq, result) {
            return Flow::none();
        }
        if let Some(live) = self.live.ready() {
            self.last_live = Some(live.clone());
        }
        let rows = self.rows(ctx.merged.as_ref());
        let (_, low, high) = verify::tally(&rows);
        // A failed read leaves every row unknown: that is no match (nor rows "too low").
        let read = self.live.ready().is_some();
        ctx.setup.role.all_match = read && low == 0 && high == 0 && !rows.is_empty();
        // A failed read stops the polling: reading again every 3 s would only add to what the
        // instance refuses (429/5xx). The admin asks again with Recheck, which resumes it.
        if !read {
            self.poll = 0; // a timer still out finds no poll to continue
            return Flow::none();
        }
        if ctx.setup.role.all_match {
            return Flow::none();
        }
        self.poll = ctx.seq();
        Flow::effect(Effect::Timer {
            seq: self.poll,
            after: POLL_EVERY,
            kind: TimerKind::PollRole,
        })
    }

    /// Why the role's levels are unknown: the last read failed (the instance rate-limits or
    /// fails). Unread levels are a failure to try again, never rows "still too low".
    pub fn unread(&self) -> Option<String> {
        let f = self.live.failure()?;
        let lead = match f.kind {
            FailureKind::RateLimited => "the instance is rate-limiting",
            FailureKind::Server => "the instance is failing",
            _ => "the instance did not answer",
        };
        Some(format!(
            "{lead}: the role's levels could not be read ({}). {}",
            f.summary, f.advice
        ))
    }
}
