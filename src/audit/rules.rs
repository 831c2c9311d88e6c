//! The findings about more than one member: roles shared across integrations, drift of this
//! machine's setups, and integrator logins.

use super::analysis::setup_for;
use super::findings::{Code, Finding};
use super::inventory::{ApiMemberFacts, Inventory};

pub(super) fn shared_roles(inv: &Inventory) -> Vec<(u32, Finding)> {
    let mut out = Vec::new();
    for role in &inv.roles {
        let holders: Vec<&ApiMemberFacts> = inv
            .members
            .iter()
            .filter(|m| !m.inactive && m.role.as_ref().is_some_and(|r| r.id == role.id))
            .collect();
        // A member's integration is known from its setup's templates; a best match says
        // nothing here (every holder of a role matches the same), so others count on their own.
        let mut integrations: Vec<String> = holders
            .iter()
            .map(|m| match setup_for(&inv.setups, m) {
                Some(s) if !s.templates.is_empty() => {
                    let mut t = s.templates.clone();
                    t.sort();
                    t.join("+")
                }
                _ => format!("member:{}", m.identifier),
            })
            .collect();
        integrations.sort();
        integrations.dedup();
        if integrations.len() > 1 {
            let names: Vec<&str> = holders.iter().map(|m| m.identifier.as_str()).collect();
            out.push((
                role.id,
                Finding::new(
                    Code::RoleShared,
                    format!("role {}", role.name),
                    format!("Role {} is shared by API members of different integrations ({}): each gets the union of what all need, and a change for one breaks or widens the others. Give each integration its own role from its template.", role.name, names.join(", ")),
                ),
            ));
        }
    }
    out
}

/// Setups whose member or role is gone or changed, or whose role lost rows its template needs
/// (`lacking`: identifier and missing rows of each member matched by its setup's templates).
pub(super) fn drift(inv: &Inventory, lacking: &[(String, usize)]) -> Vec<Finding> {
    let mut out = Vec::new();
    for s in &inv.setups {
        if s.member_identifier.is_empty() && s.member_id.is_none() {
            continue;
        }
        let who = format!("setup {}", s.id);
        let member = inv.members.iter().find(|m| {
            s.member_id == Some(m.id) || m.identifier.eq_ignore_ascii_case(&s.member_identifier)
        });
        let mut problems = Vec::new();
        match member {
            None => problems.push(format!("its API member {} is gone", s.member_identifier)),
            Some(m) => {
                if m.inactive {
                    problems.push(format!("its API member {} is inactive", m.identifier));
                }
                if let Some(rid) = s.role_id {
                    match (&m.role, inv.roles.iter().any(|r| r.id == rid)) {
                        (_, false) => problems.push(format!("its role {} is gone", s.role_name)),
                        (Some(r), true) if r.id != rid => problems.push(format!(
                            "{} is now on role {}, not {}",
                            m.identifier, r.name, s.role_name
                        )),
                        (None, true) => {
                            problems.push(format!("{} has no role any more", m.identifier))
                        }
                        _ => {}
                    }
                }
                if let Some((_, n)) = lacking
                    .iter()
                    .find(|(id, n)| *n > 0 && id.eq_ignore_ascii_case(&m.identifier))
                {
                    problems.push(format!(
                        "its role lacks {n} row(s) the template needs (too low)"
                    ));
                }
            }
        }
        if !problems.is_empty() {
            let f = Finding::new(
                Code::SetupDrift,
                who,
                format!(
                    "The instance drifted from setup {}: {}. Run `cw-onboard verify {}` and `cw-onboard resume {}` to put it right, or remove the setup if the integration is gone.",
                    s.id,
                    problems.join("; "),
                    s.id,
                    s.id
                ),
            );
            out.push(f.about_member(&s.member_identifier));
        }
    }
    out
}

pub(super) fn logins(inv: &Inventory) -> Vec<Finding> {
    inv.integrator_logins
        .iter()
        .filter(|l| !l.inactive && (l.all_apis || l.all_records))
        .map(|l| {
            let what = match (l.all_apis, l.all_records) {
                (true, true) => "access to all APIs and all records",
                (true, false) => "access to all APIs",
                _ => "access to all records",
            };
            Finding::new(
                Code::IntegratorLoginBroad,
                format!("integrator login {}", l.username),
                format!("Legacy integrator login {} has {what}, with a password instead of a key and no security role limiting it. Move its integration to an API member with a template role, then deactivate the login (System > Setup Tables > Integrator Login).", l.username),
            )
        })
        .collect()
}
