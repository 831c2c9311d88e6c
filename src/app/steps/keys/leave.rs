//! Leaving the hand-off screen: "I stored it", and the question asked first when the private
//! key, shown by ConnectWise only once, was neither written, copied nor revealed.

use super::{HandOff, KeysStep, Phase};
use crate::app::ctx::Ctx;
use crate::app::flow::{Flow, Go};

/// A way off the hand-off screen that drops the private key (^C quits, ^S says it is stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leave {
    Quit,
    Stored,
}

impl Leave {
    /// What leaving this way before any hand-off action costs, and how to go anyway.
    pub fn warning(self) -> String {
        let (what, again) = match self {
            Leave::Quit => ("quit now", "^C again quits anyway"),
            Leave::Stored => ("go on", "^S again if it is stored elsewhere"),
        };
        format!(
            "ConnectWise shows the private key only once; if you {what} without storing it you \
             must create a new key. {again}."
        )
    }
}

impl KeysStep {
    /// The private key is on the hand-off screen only, and was neither written, copied nor
    /// revealed.
    pub fn unsaved(&self) -> bool {
        self.handoff().is_some_and(HandOff::unsaved)
    }

    /// Leaving (`leave`) would lose the one copy of the private key: the first press asks, with
    /// the consequence, and arms; the same key again (armed before) goes. None when it may go.
    pub fn ask_before_leaving(&mut self, leave: Leave) -> Option<Flow> {
        let handoff = self.handoff_mut()?;
        let armed = handoff.leave_armed.take();
        if !handoff.unsaved() || armed == Some(leave) {
            return None;
        }
        handoff.leave_armed = Some(leave);
        Some(Flow::banner(leave.warning()))
    }

    /// `KeysStep::key_stored` allowed it: the key is stored elsewhere; the wizard drops it.
    /// A rotation goes on to retire the old key; a setup to the next step, the form left as
    /// a resume finds it (the key verified and handed off).
    pub(super) fn stored(&mut self, ctx: &mut Ctx) -> Flow {
        let Phase::HandOff(handoff) = std::mem::replace(&mut self.phase, Phase::Paste) else {
            return Flow::go(Go::Next);
        };
        if let Some(progress) = ctx.setup.key.rotating.as_mut() {
            progress.new_handed_off_how.get_or_insert(handoff.how());
            progress.new_handed_off = true;
            progress.new_handed_off_on = crate::app::key_age::parse_today(ctx.today);
            self.start_retiring();
            return Flow::none();
        }
        if ctx.setup.key.handed_off.is_none() {
            ctx.setup.key.handed_off = Some(if handoff.copied {
                "copied with OSC 52".into()
            } else {
                "read off the screen".into()
            });
        }
        ctx.setup.key.handed_off_on = crate::app::key_age::parse_today(ctx.today);
        Flow::go(Go::Next)
    }
}
