//! Adopting an existing API member: what would change, field by field, before any write.

use super::member::MemberStep;
use crate::app::facts::{IdentifierFacts, Pick};
use crate::app::setup::Setup;

/// One field that differs between an existing member and the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub field: &'static str,
    pub existing: String,
    pub wanted: String,
}

fn show(p: &Option<Pick>) -> String {
    p.as_ref()
        .map(|p| p.name.clone())
        .unwrap_or_else(|| "(blank)".into())
}

impl MemberStep {
    /// What adopting the existing member would change, field by field.
    pub fn differences(&self, setup: &Setup) -> Vec<Difference> {
        let Some(IdentifierFacts::ApiMember(existing)) = self.identifier.ready() else {
            return Vec::new();
        };
        let a = self.answers(setup);
        let role = (!setup.role.name.is_empty()).then(|| Pick {
            id: setup.role.id.unwrap_or(0),
            name: setup.role.name.clone(),
        });
        let mut out = Vec::new();
        let mut cmp = |field: &'static str, existing: String, wanted: String| {
            if !existing.eq_ignore_ascii_case(&wanted) {
                out.push(Difference {
                    field,
                    existing,
                    wanted,
                });
            }
        };
        cmp("name", existing.name.clone(), a.name.clone());
        if !a.email.is_empty() {
            cmp("emailAddress", existing.email.clone(), a.email.clone());
        }
        if role.is_some() {
            cmp("securityRole", show(&existing.role), show(&role));
        }
        cmp("structureLevel", show(&existing.level), show(&a.level));
        cmp("securityLocation", show(&existing.owner), show(&a.owner));
        cmp(
            "defaultLocation",
            show(&existing.location),
            show(&a.location),
        );
        cmp(
            "defaultDepartment",
            show(&existing.business_unit),
            show(&a.business_unit),
        );
        cmp("timeZone", show(&existing.time_zone), show(&a.time_zone));
        if a.territory.is_some() {
            cmp(
                "salesDefaultLocation",
                show(&existing.territory),
                show(&a.territory),
            );
        }
        if existing.inactive {
            out.push(Difference {
                field: "inactiveFlag",
                existing: "inactive".into(),
                wanted: "active".into(),
            });
        }
        out
    }
}
