//! The full-screen front-end's keys as typed commands: a key whose intent a [`Command`] names
//! goes through `Wizard::apply`'s route, so the TUI, `--plain` and batch share one path for
//! what it decides. Keys that only move the focus, scroll, tick or edit text stay with the
//! step showing (`Step::on_intent`, `Step::on_key`).
//!
//! A key maps to a command only where the two mean the same: `^N`/`^P` everywhere, `Enter`
//! where it moves on (template picker, the member form's last field, allow-list, summary),
//! `^E` export, `^L` once the role is known (read its levels), `Enter` on an assisted
//! checklist before the role is known (find or create it). A refusal shows as the banner the
//! step would have shown.

use super::Wizard;
use super::command::{Command, MemberField};
use super::keymap::Intent;
use super::setup::{Mode, StepId};
use super::steps::role::Phase as RolePhase;

impl Wizard {
    /// The command `intent` stands for on the screen showing, if one does.
    pub fn key_command(&self, intent: Intent) -> Option<Command> {
        match (self.step, intent) {
            (_, Intent::NextStep) => Some(Command::Next),
            (_, Intent::PrevStep) => Some(Command::Back),
            (StepId::Summary, Intent::Export) => Some(Command::Export),
            (StepId::Summary | StepId::AllowList, Intent::Submit) => Some(Command::Next),
            // Enter on the member form's last field leaves the step, as ^N does.
            (StepId::Member, Intent::Submit)
                if self.member.focus.index() + 1 >= self.member_fields() =>
            {
                Some(Command::Next)
            }
            (StepId::Role, Intent::Submit) if self.role.phase == RolePhase::Pick => {
                Some(Command::Next)
            }
            // No role to create for templates without permission rows: Enter goes on.
            (StepId::Role, Intent::Submit) if self.skips(StepId::Role) => Some(Command::Next),
            (StepId::Role, Intent::Submit)
                if self.role.phase == RolePhase::Checklist
                    && self.setup.mode == Mode::Assisted
                    && self.role.role.ready().is_none() =>
            {
                Some(Command::CreateRole)
            }
            (StepId::Role, Intent::Recheck)
                if self.role.phase == RolePhase::Checklist && self.role.role.ready().is_some() =>
            {
                Some(Command::ReadLevels)
            }
            _ => None,
        }
    }

    /// How many member fields the form shows: the texts, and in assisted mode the pick lists.
    fn member_fields(&self) -> usize {
        if self.setup.mode == Mode::Assisted {
            MemberField::ALL.len()
        } else {
            MemberField::PICKS[0].index()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::setup::Setup;
    use crate::template::Library;

    fn wizard() -> Wizard {
        let library = Library::builtin().unwrap_or_else(|e| panic!("library: {e}"));
        Wizard::new(library, Setup::default(), false)
    }

    #[test]
    fn moving_between_steps_is_a_command_on_every_step() {
        let mut w = wizard();
        for step in StepId::ALL {
            w.step = step;
            assert!(matches!(
                w.key_command(Intent::NextStep),
                Some(Command::Next)
            ));
            assert!(matches!(
                w.key_command(Intent::PrevStep),
                Some(Command::Back)
            ));
        }
    }

    #[test]
    fn focus_scroll_and_typing_stay_with_the_step() {
        let mut w = wizard();
        for step in StepId::ALL {
            w.step = step;
            for intent in [
                Intent::NextField,
                Intent::PrevField,
                Intent::Up,
                Intent::Down,
                Intent::Toggle,
                Intent::Reveal,
            ] {
                assert!(w.key_command(intent).is_none(), "{step:?} {intent:?}");
            }
        }
    }

    #[test]
    fn enter_on_the_member_forms_last_field_is_next() {
        let mut w = wizard();
        w.step = StepId::Member;
        w.member.focus = MemberField::Email;
        assert!(matches!(w.key_command(Intent::Submit), Some(Command::Next)));
        w.setup.mode = Mode::Assisted;
        assert!(
            w.key_command(Intent::Submit).is_none(),
            "the pick lists follow"
        );
        w.member.focus = MemberField::Territory;
        assert!(matches!(w.key_command(Intent::Submit), Some(Command::Next)));
    }

    #[test]
    fn export_is_a_command_on_the_summary() {
        let mut w = wizard();
        w.step = StepId::Summary;
        assert!(matches!(
            w.key_command(Intent::Export),
            Some(Command::Export)
        ));
    }
}
