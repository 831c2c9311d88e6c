//! `verify`'s two kinds of drift: *template drift* (the vendor's list changed since the setup
//! was made) and *instance drift* (someone changed the role). Pure: checks in, checks out.

use super::setup::{Check, CheckStatus};
use super::verify::{check, customize_check_id, permission_check_id, with_advice};

/// The id prefix of a template-drift check.
pub const TEMPLATE_DRIFT: &str = "template-drift:";

/// Which drift a check reports: "template" (the vendor's list changed since the setup was
/// made) or "instance" (someone changed the role); None for other checks and passes.
pub fn drift_kind(check: &Check) -> Option<&'static str> {
    if check.status == CheckStatus::Pass || check.status == CheckStatus::Skip {
        return None;
    }
    if check.id.starts_with(TEMPLATE_DRIFT) {
        Some("template")
    } else if check.id.starts_with("permission:") || check.id.starts_with("customize:") {
        Some("instance")
    } else {
        None
    }
}

/// `verify`: `checks` compare the role with the templates as they are now. A row that differs
/// because the template changed since the setup was made (`drift`, described by `since`, e.g.
/// "cw-kanban 2026-11-22 -> 2026-12-10") becomes a template-drift check with the UI step; a
/// change the role already has is a pass. The other role differences are named instance drift.
pub fn separate_template_drift(
    mut checks: Vec<Check>,
    drift: &crate::template::Diff,
    since: &str,
) -> Vec<Check> {
    let compared = checks.iter().any(|c| c.id == "permissions");
    // Takes a failing check out (Some(true)); Some(false): it passes; None: no such check.
    let mut take = |id: &str| -> Option<bool> {
        let i = checks.iter().position(|c| c.id == id)?;
        let failing = checks[i].status != CheckStatus::Pass;
        if failing {
            checks.remove(i);
        }
        Some(failing)
    };
    let mut added: Vec<Check> = Vec::new();
    for row in &drift.rows {
        // No failing check for the row: the role already has the new levels.
        let applied = compared && !take(&permission_check_id(row.function)).unwrap_or(false);
        added.push(drift_check(
            &row.name(),
            applied,
            format!("{} ({since})", row.reason()),
            format!(
                "In System > Security Roles > the integration's role: {}.",
                row.instruction()
            ),
        ));
    }
    for item in &drift.customize {
        let name = format!(
            "{} / {} customize {}",
            item.function.module, item.function.function, item.item
        );
        let id = customize_check_id(item.function, &item.item);
        let applied = match item.after {
            Some(_) => compared && !take(&id).unwrap_or(false),
            // An item no longer asked for breaks nothing.
            None => true,
        };
        added.push(drift_check(
            &name,
            applied,
            format!("{} ({since})", item.kind().as_str()),
            format!("In the role: {}.", item.instruction()),
        ));
    }
    let removed_rows = added
        .iter()
        .filter(|c| c.status != CheckStatus::Pass)
        .count();
    for c in checks.iter_mut() {
        if drift_kind(c) == Some("instance") {
            c.label = format!("Instance drift: {}", c.label);
        }
    }
    let rows_status = checks
        .iter()
        .filter(|c| c.id.starts_with("permission:"))
        .map(|c| c.status)
        .fold(CheckStatus::Pass, |worst, s| match (worst, s) {
            (CheckStatus::Fail, _) | (_, CheckStatus::Fail) => CheckStatus::Fail,
            (CheckStatus::Warn, _) | (_, CheckStatus::Warn) => CheckStatus::Warn,
            _ => CheckStatus::Pass,
        });
    if let Some(summary) = checks.iter_mut().find(|c| c.id == "permissions")
        && !drift.is_empty()
    {
        summary.status = rows_status;
        summary.detail = format!(
            "{}, of which template drift: {removed_rows} (the vendor's list changed: {since})",
            summary.detail
        );
    }
    checks.extend(added);
    checks
}

fn drift_check(name: &str, applied: bool, detail: String, advice: String) -> Check {
    let id = format!("{TEMPLATE_DRIFT}{name}");
    if applied {
        check(
            id,
            format!("Template change already in the role: {name}"),
            CheckStatus::Pass,
            detail,
        )
    } else {
        with_advice(
            check(
                id,
                format!("Template drift: {name}"),
                CheckStatus::Fail,
                detail,
            ),
            advice,
        )
    }
}
