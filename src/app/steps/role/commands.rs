//! The role step's typed commands (`ChooseTemplates`, `NameRole`, `CreateRole`,
//! `DeferLevels`, `AdoptRole`, `ReadLevels`, `ConfirmLevelsSet`).

use super::{PhaseKind, RoleStep};
use crate::app::command::{Command, Rejected};
use crate::app::ctx::Ctx;
use crate::app::flow::{Flow, Go};
use crate::app::keymap::Intent;
use crate::app::load::Load;
use crate::app::ownership::RoleClaim;
use crate::app::setup::{Mode, Setup, StepId};
use crate::app::skip;
use crate::app::step::{Routed, Step};
use crate::app::values::RoleName;
use crate::template::MergedTemplate;

/// The answers-file keys of the role step.
pub(super) const ANSWERS: &[&str] = &["templates", "features", "role_name", "adopt_role"];

impl RoleStep {
    /// `Step::key_command`: Enter on the picker goes on (as it does for templates without
    /// permission rows: no role to create); on an assisted checklist before the role is known
    /// it finds or creates it; `^L` once it is known reads its levels; `^K` while a rename
    /// would leave the recorded role behind names it again.
    pub(super) fn key_command_for(
        &self,
        intent: Intent,
        setup: &Setup,
        merged: Option<&MergedTemplate>,
    ) -> Option<Command> {
        let checklist = self.phase.kind() == PhaseKind::Checklist;
        let known = self.role.ready().is_some();
        match intent {
            Intent::Submit if self.phase.kind() == PhaseKind::Pick => Some(Command::Next),
            Intent::Submit if skip::skipped(StepId::Role, merged) => Some(Command::Next),
            Intent::Submit if checklist && setup.mode == Mode::Assisted && !known => {
                Some(Command::CreateRole)
            }
            Intent::Recheck if checklist && known => Some(Command::ReadLevels),
            Intent::KeepName => self.keep_recorded_name(setup),
            _ => None,
        }
    }

    /// `Step::apply`: the role's commands (the wizard refuses `CreateRole` and `DeferLevels`
    /// first when the templates need no role).
    pub(super) fn take_command(&mut self, command: Command, ctx: &mut Ctx) -> Routed {
        Routed::Taken(match command {
            Command::ChooseTemplates(ids) => self.choose_templates(&ids, ctx),
            Command::NameRole(name) => {
                self.name(&name, ctx);
                Ok(Flow::none())
            }
            Command::CreateRole => self.create(false, ctx),
            Command::DeferLevels => self.create(true, ctx),
            Command::ReadLevels => self.read_levels(ctx),
            Command::AdoptRole => self.adopt(ctx),
            Command::ConfirmLevelsSet => self.confirm_levels_set(ctx),
            other => return Routed::NotMine(other),
        })
    }

    /// `Command::ChooseTemplates`: the ids must be in the library.
    pub fn choose_templates(&mut self, ids: &[String], ctx: &mut Ctx) -> Result<Flow, Rejected> {
        if ids.is_empty() {
            return Err(Rejected::new(
                "templates",
                "Give at least one template id, e.g. templates = [\"cw-kanban\"].",
            ));
        }
        if let Some(unknown) = ids.iter().find(|id| ctx.library.get(id).is_none()) {
            return Err(Rejected::new(
                "templates",
                ctx.library.no_such_template(unknown),
            ));
        }
        self.chosen = ids.to_vec();
        self.role_name.clear();
        self.remerge(ctx);
        self.open_checklist();
        Ok(self.enter(ctx))
    }

    /// `Command::NameRole`: a new name forgets the role found under the old one.
    pub fn name(&mut self, name: &RoleName, ctx: &mut Ctx) {
        if self.role_name.value() != name.as_str() {
            self.role_name.set(name.as_str());
            self.found = None;
            self.adopt_agreed = false;
            self.role = Load::Idle;
            self.live = Load::Idle;
            self.last_live = None;
        }
        // A name other than the recorded one is another role: the record no longer applies
        // (the role this setup created is kept as left behind).
        super::leave_behind(&mut ctx.setup.role, name.as_str());
        if !ctx.setup.role.name.eq_ignore_ascii_case(name.as_str()) {
            ctx.setup.role.id = None;
            ctx.setup.role.ours = false;
        }
    }

    /// `Command::CreateRole` and `Command::DeferLevels`.
    pub fn create(&mut self, defer: bool, ctx: &mut Ctx) -> Result<Flow, Rejected> {
        if self.phase.kind() != PhaseKind::Checklist || ctx.merged.is_none() {
            return Err(Rejected::new("templates", "Choose the template(s) first."));
        }
        if ctx.setup.mode != Mode::Assisted {
            return Err(Rejected::new(
                "role",
                "Guided mode creates nothing: create the role in ConnectWise (or give admin keys).",
            ));
        }
        self.deferred = defer;
        match self.role.ready().map(|r| r.id) {
            Some(_) if defer => Ok(Flow::go(Go::To(StepId::Member))),
            Some(id) => Ok(self.read_settings(id, ctx)),
            None => Ok(self.find_or_create(ctx)),
        }
    }

    /// `Command::AdoptRole`: the admin takes the role found under the name, having seen who
    /// holds it; before it is looked up, agrees to take it if it may be adopted. A role that
    /// is never adopted (built in, held by people) stays refused.
    pub fn adopt(&mut self, ctx: &mut Ctx) -> Result<Flow, Rejected> {
        match &self.found {
            Some((_, RoleClaim::Refused(_))) => Err(self
                .held()
                .unwrap_or_else(|| Rejected::new("role_name", "Choose another role name."))),
            Some((_, RoleClaim::Adoptable { .. })) => Ok(self.adopt_found(ctx)),
            _ => {
                self.adopt_agreed = true;
                Ok(Flow::none())
            }
        }
    }

    /// `Command::ReadLevels`.
    pub fn read_levels(&mut self, ctx: &mut Ctx) -> Result<Flow, Rejected> {
        match self.role.ready().map(|r| r.id) {
            Some(id) => Ok(self.read_settings(id, ctx)),
            None => Err(Rejected::new("role", "Find or create the role first.")),
        }
    }

    /// `Command::ConfirmLevelsSet` (guided): every row is ticked.
    pub fn confirm_levels_set(&mut self, ctx: &mut Ctx) -> Result<Flow, Rejected> {
        if ctx.setup.mode != Mode::Guided {
            return Err(Rejected::new(
                "role",
                "Assisted mode reads the levels back from ConnectWise instead.",
            ));
        }
        for row in self.rows(ctx.merged.as_ref()) {
            ctx.setup.role.ticked.insert(format!(
                "{} / {}",
                row.function.module, row.function.function
            ));
        }
        Ok(Flow::none())
    }
}

/// What the admin sets in ConnectWise for `merged`: rows (module, function, levels) and
/// customize items (customize, item).
#[allow(clippy::type_complexity)]
pub fn levels_to_set(
    merged: &MergedTemplate,
) -> (
    Vec<(String, String, crate::level::Levels)>,
    Vec<(String, String)>,
) {
    let rows = merged
        .permissions
        .iter()
        .map(|p| {
            (
                p.function.module.to_string(),
                p.function.function.to_string(),
                p.levels,
            )
        })
        .collect();
    let customize = merged
        .customize
        .iter()
        .filter(|c| c.access == crate::template::CustomizeAccess::Allow)
        .map(|c| {
            (
                c.function.customize.unwrap_or_default().to_string(),
                c.item.clone(),
            )
        })
        .collect();
    (rows, customize)
}
