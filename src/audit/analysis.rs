//! The audit itself: each API member's role against the templates (the role step's checklist),
//! and the findings. Pure: inventory and templates in, report out.

use super::findings::{Code, Finding, Severity, worst};
use super::inventory::{
    ApiMemberFacts, InstanceSummary, IntegratorLoginFacts, Inventory, LocalSetup, RoleInventory,
};
use super::matching::best_match;
use crate::app::facts::LiveRow;
use crate::app::verify::{ChecklistRow, RowState, checklist, same_name};
use crate::level::{Level, Levels};
use crate::template::{MergedTemplate, Template, merge};
use serde::Serialize;

/// A role row as `--json` prints it: `{"module","function","add","edit","delete","inquire"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub module: String,
    pub function: String,
    pub add: Level,
    pub edit: Level,
    pub delete: Level,
    pub inquire: Level,
}

impl Row {
    fn new(module: &str, function: &str, l: Levels) -> Row {
        Row {
            module: module.into(),
            function: function.into(),
            add: l.add,
            edit: l.edit,
            delete: l.delete,
            inquire: l.inquire,
        }
    }

    /// "Module / Function (Add All, Edit None, ...)".
    pub fn describe(&self) -> String {
        format!(
            "{} / {} (Add {}, Edit {}, Delete {}, Inquire {})",
            self.module, self.function, self.add, self.edit, self.delete, self.inquire
        )
    }
}

/// One API member, matched.
#[derive(Debug, Clone, Serialize)]
pub struct MemberReport {
    pub identifier: String,
    pub inactive: bool,
    /// The role's name, if it has one.
    pub role: Option<String>,
    /// Template id(s) ("a+b" for a setup of several), or None.
    pub template: Option<String>,
    /// Rows the template wants that the role lacks: the wanted levels.
    pub missing: Vec<Row>,
    /// Rows the role grants beyond the template: the role's levels.
    pub extra: Vec<Row>,
    pub findings: Vec<Finding>,
    #[serde(skip)]
    pub name: String,
    #[serde(skip)]
    pub level: Option<String>,
    /// Where the template came from: "setup <id>", "best match, 87% of cells", or "".
    #[serde(skip)]
    pub template_from: String,
    /// The setup this machine has for the member.
    #[serde(skip)]
    pub setup: Option<String>,
    /// The role step's checklist, for the detail pane.
    #[serde(skip)]
    pub checklist: Vec<ChecklistRow>,
}

impl MemberReport {
    pub fn worst(&self) -> Option<Severity> {
        worst(&self.findings)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleReport {
    pub id: u32,
    pub name: String,
    pub admin_flag: bool,
    /// Why the role is administrative, if it is.
    pub administrative: Option<String>,
    /// API members holding it.
    pub members: Vec<String>,
    pub settings_read: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub instance: InstanceSummary,
    pub members: Vec<MemberReport>,
    pub roles: Vec<RoleReport>,
    pub integrator_logins: Vec<IntegratorLoginFacts>,
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn worst(&self) -> Option<Severity> {
        worst(&self.findings)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Why `role` is administrative: adminFlag, named Admin, or System / Security Roles or Member
/// Maintenance above Inquire (any of Add, Edit, Delete).
pub fn administrative(role: &RoleInventory) -> Option<String> {
    if role.admin_flag {
        return Some("ConnectWise flags it as an admin role (adminFlag)".into());
    }
    if role.name.trim().eq_ignore_ascii_case("admin") {
        return Some("it is ConnectWise's Admin role".into());
    }
    let rows: Vec<String> = role
        .settings
        .iter()
        .flatten()
        .filter(|r| {
            same_name(&r.module, "System")
                && (same_name(&r.function, "Security Roles")
                    || same_name(&r.function, "Member Maintenance"))
                && [r.levels.add, r.levels.edit, r.levels.delete]
                    .iter()
                    .any(|l| *l > Level::None)
        })
        .map(|r| {
            format!(
                "{} / {} allows Add {}, Edit {}, Delete {}",
                r.module, r.function, r.levels.add, r.levels.edit, r.levels.delete
            )
        })
        .collect();
    (!rows.is_empty()).then(|| rows.join("; "))
}

fn is_corporate(level: &crate::app::facts::Pick) -> bool {
    level.id == 1 || level.name.to_lowercase().contains("corporate")
}

pub(super) fn setup_for<'a>(
    setups: &'a [LocalSetup],
    m: &ApiMemberFacts,
) -> Option<&'a LocalSetup> {
    setups.iter().find(|s| {
        s.member_id == Some(m.id)
            || (!s.member_identifier.is_empty()
                && s.member_identifier.eq_ignore_ascii_case(&m.identifier))
    })
}

/// The member's template: its setup's, else the best match of its role.
fn template_of(
    member: &ApiMemberFacts,
    setup: Option<&LocalSetup>,
    live: Option<&[LiveRow]>,
    templates: &[Template],
) -> Option<(MergedTemplate, String)> {
    if let Some(s) = setup {
        let chosen: Vec<&Template> = s
            .templates
            .iter()
            .filter_map(|id| templates.iter().find(|t| &t.id == id))
            .collect();
        if !chosen.is_empty() {
            return Some((merge(&chosen), format!("setup {}", s.id)));
        }
    }
    member.role.as_ref()?;
    let (t, share) = best_match(live?, templates)?;
    Some((
        merge(&[t]),
        format!("best match, {:.0}% of cells", share * 100.0),
    ))
}

fn row_lists(rows: &[ChecklistRow]) -> (Vec<Row>, Vec<Row>) {
    let (mut missing, mut extra) = (Vec::new(), Vec::new());
    for r in rows {
        let (module, function) = (r.function.module, r.function.function);
        match r.state {
            RowState::TooLow(_) | RowState::Missing => {
                missing.push(Row::new(module, function, r.wanted))
            }
            RowState::TooHigh(_) => {
                extra.push(Row::new(module, function, r.live.unwrap_or(Levels::NONE)))
            }
            RowState::Matches | RowState::Unknown => {}
        }
    }
    (missing, extra)
}

fn member_findings(
    m: &ApiMemberFacts,
    role: Option<&RoleInventory>,
    merged: Option<&MergedTemplate>,
    extra: &[Row],
    setup: Option<&LocalSetup>,
) -> Vec<Finding> {
    findings_of(m, role, merged, extra, setup)
        .into_iter()
        .map(|f| f.about_member(&m.identifier))
        .collect()
}

fn findings_of(
    m: &ApiMemberFacts,
    role: Option<&RoleInventory>,
    merged: Option<&MergedTemplate>,
    extra: &[Row],
    setup: Option<&LocalSetup>,
) -> Vec<Finding> {
    let who = format!("member {}", m.identifier);
    let mut out = Vec::new();
    let role_name = m.role.as_ref().map(|r| r.name.clone()).unwrap_or_default();
    if m.inactive {
        if m.role.is_some() {
            out.push(Finding::new(
                Code::InactiveMemberHasRole,
                &who,
                format!("{} is inactive but still holds role {role_name}: reactivating it would bring back every right at once. If the integration is gone, set its role to one with no rights (System > Members > API Members > {}).", m.identifier, m.identifier),
            ));
        }
        return out;
    }
    let Some(_) = &m.role else {
        out.push(Finding::new(
            Code::MemberWithoutRole,
            &who,
            format!("{} is active but has no security role, so its integration cannot work, and a role given to it later in a hurry tends to be Admin. Give it a role made from its template (cw-onboard new --adopt {}).", m.identifier, m.identifier),
        ));
        return out;
    };
    let reason = if m.admin_flag {
        Some("ConnectWise flags the member as an admin (adminFlag)".to_string())
    } else {
        role.and_then(administrative)
    };
    if let Some(reason) = reason {
        out.push(Finding::new(
            Code::AdminRights,
            &who,
            format!("{} is on role {role_name} with administrative rights: {reason}. Its key can create members and change roles, including its own. Move it to a role made from its integration's template (cw-onboard new --adopt {}).", m.identifier, m.identifier),
        ));
    }
    if let Some(merged) = merged
        && !extra.is_empty()
    {
        let rows: Vec<String> = extra.iter().map(Row::describe).collect();
        out.push(Finding::new(
            Code::RoleExceedsTemplate,
            &who,
            format!("Role {role_name} grants {} row(s) beyond {}: {}. Least privilege: set them back to the template's levels in System > Security Roles > {role_name}.", extra.len(), merged.names.join(" + "), rows.join("; ")),
        ));
    }
    if let (Some(merged), Some(level)) = (merged, &m.level)
        && merged.member.level.to_lowercase().contains("corporate")
        && !is_corporate(level)
    {
        out.push(Finding::new(
            Code::LevelNotCorporate,
            &who,
            format!("{}'s Level is {}, but {} asks for Corporate: records outside that level are hidden from the integration. Set Level to Corporate (Level 1) on the API member.", m.identifier, level.name, merged.names.join(" + ")),
        ));
    }
    if setup.is_none() {
        out.push(Finding::new(
            Code::MemberUnmanaged,
            &who,
            format!("This machine has no setup for {}, so nothing re-checks it. Bring it under management with `cw-onboard new --adopt {}`.", m.identifier, m.identifier),
        ));
    }
    out
}

/// The audit: every member matched to a template, every finding, sorted worst first.
pub fn audit(inv: &Inventory, templates: &[Template]) -> Report {
    let mut members = Vec::new();
    for m in &inv.members {
        let role = m
            .role
            .as_ref()
            .and_then(|r| inv.roles.iter().find(|x| x.id == r.id));
        let live = role.and_then(|r| r.settings.as_deref());
        let setup = setup_for(&inv.setups, m);
        let matched = template_of(m, setup, live, templates);
        let rows = match (&matched, live) {
            (Some((merged, _)), Some(live)) => checklist(merged, Some(live)),
            _ => Vec::new(),
        };
        let (missing, extra) = row_lists(&rows);
        let findings = member_findings(m, role, matched.as_ref().map(|(t, _)| t), &extra, setup);
        let template = matched.as_ref().map(|(t, _)| t.ids.join("+"));
        members.push(MemberReport {
            identifier: m.identifier.clone(),
            inactive: m.inactive,
            role: m.role.as_ref().map(|r| r.name.clone()),
            template,
            missing,
            extra,
            findings,
            name: m.name.clone(),
            level: m.level.as_ref().map(|l| l.name.clone()),
            template_from: matched.map(|(_, from)| from).unwrap_or_default(),
            setup: setup.map(|s| s.id.clone()),
            checklist: rows,
        });
    }
    let shared = super::rules::shared_roles(inv);
    let lacking: Vec<(String, usize)> = members
        .iter()
        .filter(|m| m.template_from.starts_with("setup "))
        .map(|m| (m.identifier.clone(), m.missing.len()))
        .collect();
    let drifted = super::rules::drift(inv, &lacking);
    for m in &mut members {
        let role_id = inv
            .members
            .iter()
            .find(|x| x.identifier == m.identifier)
            .and_then(|x| x.role.as_ref().map(|r| r.id));
        for (rid, f) in &shared {
            if Some(*rid) == role_id && !m.inactive {
                m.findings.push(f.clone());
            }
        }
        for f in &drifted {
            if f.member
                .as_deref()
                .is_some_and(|w| w.eq_ignore_ascii_case(&m.identifier))
            {
                m.findings.push(f.clone());
            }
        }
        sort(&mut m.findings);
    }
    let mut findings: Vec<Finding> = members
        .iter()
        .flat_map(|m| {
            m.findings
                .iter()
                .filter(|f| f.member.is_some() && f.code != Code::SetupDrift)
                .cloned()
        })
        .collect();
    findings.extend(shared.into_iter().map(|(_, f)| f));
    findings.extend(drifted);
    findings.extend(super::rules::logins(inv));
    sort(&mut findings);
    members.sort_by(|a, b| {
        b.worst().cmp(&a.worst()).then_with(|| {
            a.identifier
                .to_lowercase()
                .cmp(&b.identifier.to_lowercase())
        })
    });
    let roles = inv
        .roles
        .iter()
        .map(|r| RoleReport {
            id: r.id,
            name: r.name.clone(),
            admin_flag: r.admin_flag,
            administrative: administrative(r),
            members: inv
                .members
                .iter()
                .filter(|m| m.role.as_ref().is_some_and(|x| x.id == r.id))
                .map(|m| m.identifier.clone())
                .collect(),
            settings_read: r.settings.is_some(),
        })
        .collect();
    Report {
        instance: inv.instance.clone(),
        members,
        roles,
        integrator_logins: inv.integrator_logins.clone(),
        findings,
    }
}

fn sort(findings: &mut [Finding]) {
    let order = |c: Code| Code::ALL.iter().position(|x| *x == c).unwrap_or(usize::MAX);
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| order(a.code).cmp(&order(b.code)))
            .then_with(|| a.subject.cmp(&b.subject))
    });
}
