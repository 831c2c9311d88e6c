//! Renaming the role this setup created, on the full screen. While the name field holds
//! another name than the recorded role's, going on would leave that role on the instance
//! (`ownership::role_left_behind`): the step says so before anything is created under the new
//! name, and `^K` puts the recorded name back (`Command::NameRole`, the same answer `--plain`'s
//! "Keep the recorded name?" gives). Enter goes on as before: the old role is recorded as left
//! behind and the summary names it.

use super::{PhaseKind, RoleStep};
use crate::app::command::Command;
use crate::app::ownership;
use crate::app::setup::{Mode, Setup};
use crate::app::validate;
use crate::app::values::RoleName;

impl RoleStep {
    /// The warning while the name typed would leave the recorded role behind: an assisted
    /// checklist (guided mode creates nothing), a valid name, before Enter looks it up.
    pub fn left_behind(&self, setup: &Setup) -> Option<String> {
        if self.phase.kind() != PhaseKind::Checklist || setup.mode != Mode::Assisted {
            return None;
        }
        let name = validate::role_name(self.role_name.value()).ok()?;
        ownership::role_left_behind(&setup.role, &name)
    }

    /// The full-screen line: the warning and the keys.
    pub fn left_behind_banner(&self, setup: &Setup) -> Option<String> {
        let warning = self.left_behind(setup)?;
        Some(format!(
            "{warning} ^K keeps {}; Enter goes on with {}.",
            setup.role.name.trim(),
            self.role_name.value().trim()
        ))
    }

    /// `^K`: the recorded name back in the field, while the warning shows.
    pub(super) fn keep_recorded_name(&self, setup: &Setup) -> Option<Command> {
        self.left_behind(setup)?;
        RoleName::try_from(setup.role.name.as_str())
            .ok()
            .map(Command::NameRole)
    }
}
