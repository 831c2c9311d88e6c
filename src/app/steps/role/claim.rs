//! The role step and `app::ownership`: a role found is taken only when it is ours, or when the
//! admin adopts it (^Y, `Command::AdoptRole`) having seen who holds it.

use super::RoleStep;
use crate::app::ctx::Ctx;
use crate::app::facts::RoleFacts;
use crate::app::flow::{Flow, Go};
use crate::app::load::Load;
use crate::app::ownership::{self, RoleClaim};
use crate::app::setup::StepId;

impl RoleStep {
    /// The role is ours (created, recorded, or adopted by the admin): record it, read its levels.
    pub(super) fn take(&mut self, role: RoleFacts, ctx: &mut Ctx) -> Flow {
        // Back to a role left behind under an earlier name: it is the setup's again.
        ctx.setup.role.left_behind.retain(|l| l.id != role.id);
        ctx.setup.role.id = Some(role.id);
        ctx.setup.role.name = role.name.clone();
        ctx.setup.role.ours = true;
        self.found = None;
        let (id, created) = (role.id, role.created);
        self.role = Load::Ready(role);
        if self.deferred {
            // A shell created just now has no levels set: nothing to read back.
            let read = if created {
                self.last_live = Some(Vec::new());
                Flow::none()
            } else {
                self.read_settings(id, ctx)
            };
            return read.and(Flow::go(Go::To(StepId::Member)));
        }
        self.read_settings(id, ctx)
    }

    /// A role that is not ours: nothing is recorded or read until the admin adopts it (when it
    /// may be adopted) or types another name.
    pub(super) fn hold(&mut self, role: RoleFacts, claim: RoleClaim, ctx: &mut Ctx) -> Flow {
        ctx.setup.role.id = None;
        ctx.setup.role.ours = false;
        self.role = Load::Idle;
        // The step shows why (and ^Y where the role may be adopted); ^N repeats it.
        self.found = Some((role, claim));
        Flow::none()
    }

    /// ^Y / `Command::AdoptRole`: the admin saw who holds the role and takes it.
    pub fn adopt_found(&mut self, ctx: &mut Ctx) -> Flow {
        match self.found.take() {
            Some((role, RoleClaim::Adoptable { .. })) => self.take(role, ctx),
            other => {
                self.found = other;
                Flow::none()
            }
        }
    }

    /// Why the role found cannot be used as it stands, as a refusal naming the answers-file
    /// key: `role_name` (never adopted: another name) or `adopt_role` (the admin's yes).
    pub fn held(&self) -> Option<crate::app::command::Rejected> {
        let (role, claim) = self.found.as_ref()?;
        let field = match claim {
            RoleClaim::Refused(_) => "role_name",
            RoleClaim::Adoptable { .. } => "adopt_role",
            RoleClaim::Ours => return None,
        };
        Some(crate::app::command::Rejected::new(
            field,
            held_sentence(role, claim),
        ))
    }
}

/// What a role found that is not ours is, for every front-end: why it is refused, or who
/// holds it and what adopting it means.
pub fn held_sentence(role: &RoleFacts, claim: &RoleClaim) -> String {
    match claim {
        RoleClaim::Refused(why) => format!("The role {} exists, but {why}", role.name),
        RoleClaim::Adoptable { holders } => format!(
            "The role {} exists and was not made by this setup ({}). Adopting it sets its levels for this integration, for every member that holds it.",
            role.name,
            ownership::describe_holders(holders)
        ),
        RoleClaim::Ours => String::new(),
    }
}

/// The full-screen banner: the sentence and the keys.
pub fn held_banner(role: &RoleFacts, claim: &RoleClaim) -> String {
    let sentence = held_sentence(role, claim);
    match claim {
        RoleClaim::Adoptable { .. } => format!("{sentence} ^Y adopts it, or type another name."),
        _ => sentence,
    }
}
