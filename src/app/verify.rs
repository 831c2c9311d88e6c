//! Judging what the instance reports against the template: the role checklist of step 1 and the
//! checks of step 3 (also `cw-onboard verify`, which splits template from instance drift with
//! `super::drift`). Pure: facts in, verdicts out.

use super::facts::{Failure, KeyFacts, LiveRow};
use super::setup::{Check, CheckStatus};
use crate::level::{Column, Comparison, Levels};
use crate::template::catalog::CatalogFunction;
use crate::template::{CustomizeAccess, MergedTemplate};

/// How one checklist row compares with the instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowState {
    /// Not read yet (or guided mode).
    Unknown,
    Matches,
    TooLow(Vec<Column>),
    TooHigh(Vec<Column>),
    /// The instance has no such function (a renamed or retired function).
    Missing,
}

/// One row of the checklist: what the template wants and what the instance has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistRow {
    pub function: &'static CatalogFunction,
    pub wanted: Levels,
    pub live: Option<Levels>,
    pub state: RowState,
}

/// A name as compared: lower case, dashes unified, no whitespace.
fn normalised(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '–' | '—' => '-',
            c => c.to_ascii_lowercase(),
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Names compare loosely: case, spacing and dash variants do not matter.
pub fn same_name(a: &str, b: &str) -> bool {
    normalised(a) == normalised(b)
}

/// Live rows by normalised (module, function): built once per comparison, not per row.
struct LiveIndex<'a>(std::collections::HashMap<(String, String), &'a LiveRow>);

impl<'a> LiveIndex<'a> {
    fn new(live: &'a [LiveRow]) -> Self {
        let mut map = std::collections::HashMap::with_capacity(live.len());
        for row in live {
            // A function's former name (older instances) is indexed under its current one.
            let function = crate::template::catalog::current_name(&row.module, &row.function);
            map.entry((normalised(&row.module), normalised(function)))
                .or_insert(row);
        }
        LiveIndex(map)
    }

    fn find(&self, function: &CatalogFunction) -> Option<&'a LiveRow> {
        self.0
            .get(&(normalised(function.module), normalised(function.function)))
            .copied()
    }
}

fn state_of(wanted: &Levels, live: Option<&LiveRow>) -> RowState {
    match live {
        None => RowState::Missing,
        Some(row) => match wanted.compare(&row.levels) {
            Comparison::Matches => RowState::Matches,
            Comparison::TooLow(cols) => RowState::TooLow(cols),
            Comparison::TooHigh(cols) => RowState::TooHigh(cols),
        },
    }
}

/// The checklist for the template's rows, compared with `live` when it has been read. Rows the
/// template leaves at None but the instance grants come last, as too high (least privilege).
pub fn checklist(merged: &MergedTemplate, live: Option<&[LiveRow]>) -> Vec<ChecklistRow> {
    let index = live.map(LiveIndex::new);
    let mut rows: Vec<ChecklistRow> = merged
        .permissions
        .iter()
        .map(|p| {
            let found = index.as_ref().and_then(|i| i.find(p.function));
            ChecklistRow {
                function: p.function,
                wanted: p.levels,
                live: found.map(|r| r.levels),
                state: match live {
                    None => RowState::Unknown,
                    Some(_) => state_of(&p.levels, found),
                },
            }
        })
        .collect();
    if let Some(index) = &index {
        for function in crate::template::catalog::CATALOG {
            if merged
                .permissions
                .iter()
                .any(|p| std::ptr::eq(p.function, function))
            {
                continue;
            }
            if let Some(row) = index.find(function)
                && !row.levels.is_none()
            {
                rows.push(ChecklistRow {
                    function,
                    wanted: Levels::NONE,
                    live: Some(row.levels),
                    state: state_of(&Levels::NONE, Some(row)),
                });
            }
        }
    }
    rows
}

/// Counts of a compared checklist: (matching, too low or missing, too high).
pub fn tally(rows: &[ChecklistRow]) -> (usize, usize, usize) {
    rows.iter()
        .fold((0, 0, 0), |(ok, low, high), row| match row.state {
            RowState::Matches => (ok + 1, low, high),
            RowState::TooLow(_) | RowState::Missing => (ok, low + 1, high),
            RowState::TooHigh(_) => (ok, low, high + 1),
            RowState::Unknown => (ok, low, high),
        })
}

pub fn describe_levels(levels: &Levels) -> String {
    Column::ALL
        .iter()
        .map(|c| format!("{} {}", c.label(), levels.get(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn check(
    id: impl Into<String>,
    label: impl Into<String>,
    status: CheckStatus,
    detail: impl Into<String>,
) -> Check {
    Check {
        id: id.into(),
        label: label.into(),
        status,
        detail: detail.into(),
        advice: None,
    }
}

pub(super) fn with_advice(mut c: Check, advice: impl Into<String>) -> Check {
    c.advice = Some(advice.into());
    c
}

/// The first check of every key: its label, worded once for the wizard and `verify`.
pub const AUTH_LABEL: &str = "Key authenticates (/system/info)";

/// The key check when ConnectWise refused the key (or could not be asked).
pub fn auth_failed(failure: &Failure) -> Check {
    with_advice(
        check(
            "auth",
            AUTH_LABEL,
            CheckStatus::Fail,
            failure.summary.clone(),
        ),
        failure.advice.clone(),
    )
}

/// Step 3's verdicts on what the new key sees: who it is, what it may do, what it can read.
pub fn key_checks(
    merged: &MergedTemplate,
    member_identifier: &str,
    facts: &KeyFacts,
) -> Vec<Check> {
    let mut checks = Vec::new();
    if !facts.authenticated {
        let failure = match &facts.auth_failure {
            Some(f) => f.clone(),
            None => Failure::local(
                "the key was not accepted",
                "Check the keys and the clientId.",
            ),
        };
        checks.push(auth_failed(&failure));
        return checks;
    }
    checks.push(check("auth", AUTH_LABEL, CheckStatus::Pass, "accepted"));
    checks.extend(identity_checks(member_identifier, facts));
    checks.extend(permission_checks(merged, &facts.security));
    checks.extend(customize_checks(merged, &facts.customize));
    checks.extend(probe_checks(merged, facts));
    checks
}

/// The member's name as ConnectWise reports it, or what could not be told: an instance may
/// leave out `firstName`/`lastName`.
fn shown_name(me: &crate::app::facts::MemberFacts) -> String {
    if me.name.trim().is_empty() {
        "name not reported by ConnectWise".into()
    } else {
        me.name.trim().to_string()
    }
}

fn identity_checks(member_identifier: &str, facts: &KeyFacts) -> Vec<Check> {
    let mut out = Vec::new();
    let Some(me) = &facts.me else {
        out.push(check(
            "identity",
            "Key belongs to the member",
            CheckStatus::Skip,
            "/system/myMembers gave nothing",
        ));
        return out;
    };
    if member_identifier.is_empty() || me.identifier.eq_ignore_ascii_case(member_identifier) {
        out.push(check(
            "identity",
            "Key belongs to the member",
            CheckStatus::Pass,
            format!("member {}, {}", me.identifier, shown_name(me)),
        ));
    } else {
        out.push(with_advice(
            check(
                "identity",
                "Key belongs to the member",
                CheckStatus::Fail,
                format!("key of {} ({}), not {member_identifier}", me.identifier, shown_name(me)),
            ),
            format!("Create the key under System > Members > API Members > {member_identifier} > API Keys, then paste that pair."),
        ));
    }
    if me.inactive {
        out.push(with_advice(
            check(
                "member-active",
                "Member is active",
                CheckStatus::Fail,
                format!("{} is inactive", me.identifier),
            ),
            "Clear Inactive on the member in System > Members > API Members, then save.",
        ));
    } else {
        out.push(check(
            "member-active",
            "Member is active",
            CheckStatus::Pass,
            "active",
        ));
    }
    match &me.level {
        Some(level) if level.id == 1 || level.name.to_lowercase().contains("corporate") => {
            out.push(check("member-level", "Member level is Corporate", CheckStatus::Pass, level.name.clone()))
        }
        Some(level) => out.push(with_advice(
            check("member-level", "Member level is Corporate", CheckStatus::Warn, format!("level is {}", level.name)),
            "Vendors ask for Level Corporate (Level 1): a lower level hides companies from the integration.",
        )),
        None => out.push(check("member-level", "Member level is Corporate", CheckStatus::Skip, "level not reported")),
    }
    out
}

/// `function` named as the instance names it (its live rows): an older instance's former name
/// first, "Product Entry (Product Catalog)", so the admin finds it in that instance's UI.
fn instance_label(function: &CatalogFunction, live: &[LiveRow]) -> String {
    live.iter()
        .filter(|r| same_name(&r.module, function.module))
        .find(|r| {
            !same_name(&r.function, function.function)
                && same_name(
                    crate::template::catalog::current_name(&r.module, &r.function),
                    function.function,
                )
        })
        .map_or_else(
            || function.function.to_string(),
            |r| crate::template::catalog::label_as_shown(function, &r.function),
        )
}

fn permission_checks(merged: &MergedTemplate, security: &[LiveRow]) -> Vec<Check> {
    let rows = checklist(merged, Some(security));
    let mut out = Vec::new();
    for row in &rows {
        if matches!(row.state, RowState::Matches | RowState::Unknown) {
            continue;
        }
        let name = format!(
            "{} / {}",
            row.function.module,
            instance_label(row.function, security)
        );
        let id = permission_check_id(row.function);
        let live = row.live.map(|l| describe_levels(&l)).unwrap_or_default();
        match &row.state {
            RowState::Matches | RowState::Unknown => {}
            RowState::TooLow(cols) => out.push(with_advice(
                check(
                    id,
                    format!("{name} is high enough"),
                    CheckStatus::Fail,
                    format!("too low in {}: has {live}", columns(cols)),
                ),
                format!(
                    "In System > Security Roles > role > {}, set {name} to {}.",
                    row.function.module,
                    describe_levels(&row.wanted)
                ),
            )),
            RowState::TooHigh(cols) => out.push(with_advice(
                check(
                    id,
                    format!("{name} is not higher than needed"),
                    CheckStatus::Warn,
                    format!("higher than needed in {}: has {live}", columns(cols)),
                ),
                format!(
                    "Least privilege: set {name} back to {}.",
                    describe_levels(&row.wanted)
                ),
            )),
            RowState::Missing => out.push(check(
                id,
                format!("{name} exists"),
                CheckStatus::Fail,
                "the instance does not report this function",
            )),
        }
    }
    let (ok, low, high) = tally(&rows);
    let status = if low > 0 {
        CheckStatus::Fail
    } else if high > 0 {
        CheckStatus::Warn
    } else {
        CheckStatus::Pass
    };
    out.insert(
        0,
        check(
            "permissions",
            "Role levels match the template (/system/mySecurity)",
            status,
            format!("{ok} match, {low} too low, {high} higher than needed"),
        ),
    );
    out
}

fn columns(cols: &[Column]) -> String {
    cols.iter()
        .map(|c| c.label())
        .collect::<Vec<_>>()
        .join(", ")
}

fn customize_checks(merged: &MergedTemplate, live: &[(String, String)]) -> Vec<Check> {
    merged
        .customize
        .iter()
        .map(|item| {
            let customize = item.function.customize.unwrap_or_default();
            let id = customize_check_id(item.function, &item.item);
            let allowed = live
                .iter()
                .any(|(c, i)| same_name(c, customize) && same_name(i, &item.item));
            let (label, wanted) = match item.access {
                CustomizeAccess::Allow => (
                    format!("{} allows {}", item.function.function, item.item),
                    true,
                ),
                CustomizeAccess::Disallow => (
                    format!("{} disallows {}", item.function.function, item.item),
                    false,
                ),
            };
            match (allowed == wanted, allowed) {
                (true, true) => check(id, label, CheckStatus::Pass, "allowed"),
                (true, false) => check(id, label, CheckStatus::Pass, "not allowed"),
                (false, live_allowed) => with_advice(
                    check(
                        id,
                        label,
                        CheckStatus::Fail,
                        if live_allowed {
                            "allowed, but the template disallows it"
                        } else {
                            "not in the customize list"
                        },
                    ),
                    format!(
                        "In the role, click Customize next to {} / {} and move {} to \"{}\".",
                        item.function.module,
                        item.function.function,
                        item.item,
                        item.access.box_label()
                    ),
                ),
            }
        })
        .collect()
}

/// The id of a permission row's check: `permission:Module / Function`.
pub fn permission_check_id(function: &CatalogFunction) -> String {
    format!("permission:{} / {}", function.module, function.function)
}

/// The id of a customize item's check: `customize:Identifier/Item`.
pub fn customize_check_id(function: &CatalogFunction, item: &str) -> String {
    format!(
        "customize:{}/{item}",
        function.customize.unwrap_or_default()
    )
}

fn probe_checks(merged: &MergedTemplate, facts: &KeyFacts) -> Vec<Check> {
    merged
        .probes()
        .into_iter()
        .map(|(function, probe)| {
            let id = format!("probe:{}", probe.path);
            let label = format!(
                "Can read {} ({} / {})",
                probe.path, function.module, function.function
            );
            match facts.probes.iter().find(|(p, _)| p == probe.path) {
                Some((_, Ok(n))) => check(id, label, CheckStatus::Pass, format!("{n} records")),
                Some((_, Err(f))) => with_advice(
                    check(id, label, CheckStatus::Fail, f.summary.clone()),
                    f.advice.clone(),
                ),
                None => check(id, label, CheckStatus::Skip, "not probed"),
            }
        })
        .collect()
}

/// True when every check passed or only warned.
pub fn all_pass(checks: &[Check]) -> bool {
    checks.iter().all(|c| c.status != CheckStatus::Fail)
}
