//! Reading a template file: TOML into raw structs (with spans), then checked into a
//! [`Template`]. Every problem comes back with its line and a suggestion; nothing panics.

mod changelog;
mod meta;
mod raw;

use super::matching;
use super::model::*;
use super::revision::ChangelogEntry;
use crate::level::{Level, Levels};
use changelog::check_changelog;
use chrono::NaiveDate;
use raw::*;
use std::ops::Range;
use toml::Spanned;

/// One thing wrong with a template, where it is, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

struct Checker<'a> {
    text: &'a str,
    problems: Vec<Problem>,
    /// Feature ids declared in `[[features]]`.
    features: Vec<String>,
}

impl Checker<'_> {
    fn problem(&mut self, span: Range<usize>, message: impl Into<String>) {
        let (line, column) = position(self.text, span.start);
        self.problems.push(Problem {
            line,
            column,
            message: message.into(),
        });
    }

    fn date(&mut self, value: &Spanned<String>, what: &str) -> NaiveDate {
        match NaiveDate::parse_from_str(value.get_ref().trim(), "%Y-%m-%d") {
            Ok(d) => d,
            Err(_) => {
                self.problem(
                    value.span(),
                    format!("{what} must be a date like \"2026-11-22\""),
                );
                NaiveDate::default()
            }
        }
    }

    fn levels(&mut self, value: &Spanned<String>) -> Levels {
        let parts: Vec<&str> = value.get_ref().split_whitespace().collect();
        let parsed: Vec<Option<Level>> = parts.iter().map(|p| Level::parse(p)).collect();
        match parsed.as_slice() {
            [Some(a), Some(e), Some(d), Some(i)] => Levels::new(*a, *e, *d, *i),
            _ => {
                let bad: Vec<&str> = parts
                    .iter()
                    .zip(&parsed)
                    .filter(|(_, l)| l.is_none())
                    .map(|(p, _)| *p)
                    .collect();
                let why = if parts.len() != 4 {
                    format!("{} values", parts.len())
                } else {
                    format!("\"{}\" is not None, My or All", bad.join("\", \""))
                };
                self.problem(value.span(), format!("levels are four of None/My/All in the order Add Edit Delete Inquire (got {why}), e.g. \"None All None All\""));
                Levels::NONE
            }
        }
    }

    fn function(
        &mut self,
        module: &Spanned<String>,
        function: &Spanned<String>,
    ) -> Option<&'static super::catalog::CatalogFunction> {
        match matching::find(module.get_ref(), function.get_ref()) {
            Ok(f) => Some(f),
            Err(message) => {
                let span = if matching::find_module(module.get_ref()).is_none() {
                    module.span()
                } else {
                    function.span()
                };
                self.problem(span, message);
                None
            }
        }
    }

    fn permissions(&mut self, raw: &[RawPermission], what: &str) -> Vec<Permission> {
        let mut out: Vec<Permission> = Vec::new();
        for p in raw {
            let levels = self.levels(&p.levels);
            let Some(function) = self.function(&p.module, &p.function) else {
                continue;
            };
            if levels.is_none() && what == "permissions" {
                self.problem(p.levels.span(), "a row with all four levels None says nothing: remove it (everything not listed is None)");
            }
            let feature = self.feature(&p.feature, what);
            if out
                .iter()
                .any(|o| std::ptr::eq(o.function, function) && o.feature == feature)
            {
                let within = feature
                    .as_deref()
                    .map(|f| format!(" for feature \"{f}\""))
                    .unwrap_or_default();
                self.problem(
                    p.function.span(),
                    format!(
                        "{} / {} is listed twice in {what}{within}",
                        function.module, function.function
                    ),
                );
                continue;
            }
            let status = match &p.status {
                None => RowStatus::Used,
                Some(s) => RowStatus::parse(s.get_ref()).unwrap_or_else(|| {
                    self.problem(
                        s.span(),
                        format!(
                            "{what}.status \"{}\" is not used, planned or legacy",
                            s.get_ref()
                        ),
                    );
                    RowStatus::Used
                }),
            };
            let since = p.since.as_ref().map(|s| self.version(s, what));
            out.push(Permission {
                function,
                levels,
                why: p.why.trim().to_string(),
                status,
                since,
                source: p.source.clone(),
                feature,
            });
        }
        out
    }
}

/// Parses and checks one template. `origin` names where it came from (for messages).
pub fn parse_template(text: &str, origin: &str) -> Result<Template, Vec<Problem>> {
    let raw: RawTemplate = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => {
            let (line, column) = err
                .span()
                .map(|s| position(text, s.start))
                .unwrap_or((1, 1));
            let message = err.message().trim().to_string();
            let hint = if message.contains("unknown field") {
                " (see templates/README.md for the fields a template has)"
            } else if message.contains("missing field") {
                " (every template needs it; see templates/README.md)"
            } else {
                ""
            };
            return Err(vec![Problem {
                line,
                column,
                message: format!("{message}{hint}"),
            }]);
        }
    };
    let mut c = Checker {
        text,
        problems: Vec::new(),
        features: Vec::new(),
    };
    let id = raw.id.get_ref().trim().to_string();
    if id.is_empty()
        || !id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
    {
        c.problem(
            raw.id.span(),
            "id must be lower-case letters, digits and hyphens, e.g. \"cw-kanban\"",
        );
    }
    let role_len = raw.role_name.get_ref().chars().count();
    if role_len == 0 || role_len > 30 {
        c.problem(
            raw.role_name.span(),
            "role_name must be 1 to 30 characters (ConnectWise's limit)",
        );
    }
    let ident = raw.member.identifier.get_ref();
    let ident_len = ident.trim().chars().count();
    if ident_len == 0 || ident_len > 15 {
        c.problem(
            raw.member.identifier.span(),
            "member.identifier must be 1 to 15 characters (ConnectWise's documented limit)",
        );
    }
    let confidence = match raw.confidence.get_ref().as_str() {
        "Solid" => Confidence::Solid,
        "Partial" => Confidence::Partial,
        "Shaky" => Confidence::Shaky,
        other => {
            c.problem(
                raw.confidence.span(),
                format!("confidence \"{other}\" is not Solid, Partial or Shaky"),
            );
            Confidence::Shaky
        }
    };
    if confidence != Confidence::Solid && raw.gaps.is_none() {
        c.problem(
            raw.confidence.span(),
            "a Partial or Shaky template says what is missing in `gaps`",
        );
    }
    let last_verified = c.date(&raw.last_verified, "last_verified");
    let revision = match &raw.revision {
        Some(r) => c.date(r, "revision"),
        None => last_verified,
    };
    let features = c.features(&raw.features);
    let (feature_permissions, permissions): (Vec<Permission>, Vec<Permission>) = c
        .permissions(&raw.permissions, "permissions")
        .into_iter()
        .partition(|p| p.feature.is_some());
    let temporary = c.permissions(&raw.temporary, "temporary");
    let changelog = c.changelog(&raw.changelog, revision);
    let mut customize: Vec<CustomizeItem> = Vec::new();
    for item in &raw.customize {
        let Some(function) = c.function(&item.module, &item.function) else {
            continue;
        };
        if function.customize.is_none() {
            c.problem(
                item.function.span(),
                format!(
                    "{} / {} has no customize list in ConnectWise",
                    function.module, function.function
                ),
            );
            continue;
        }
        let new = CustomizeItem {
            function,
            item: item.item.trim().to_string(),
            why: item.why.trim().to_string(),
            access: c.access(&item.access, "customize"),
            feature: c.feature(&item.feature, "customize"),
            source: item.source.clone(),
        };
        if customize
            .iter()
            .any(|o| o.same_item(&new) && o.feature == new.feature)
        {
            c.problem(
                item.function.span(),
                format!("customize item {} is listed twice", new.item),
            );
            continue;
        }
        customize.push(new);
    }
    let (feature_customize, customize): (Vec<CustomizeItem>, Vec<CustomizeItem>) =
        customize.into_iter().partition(|i| i.feature.is_some());
    let mut entries = Vec::new();
    for e in &raw.allow_list.entries {
        let verified = c.date(&e.verified, "allow_list.entries.verified");
        entries.push(AllowEntry {
            address: e.address.trim().to_string(),
            region: e.region.clone(),
            source: e.source.clone(),
            verified,
        });
    }
    let mut fields = Vec::new();
    for f in &raw.handoff.fields {
        match HandoffValue::parse(f.value.get_ref()) {
            Some(value) => fields.push(HandoffField { label: f.label.clone(), value }),
            None => c.problem(
                f.value.span(),
                "value must be site_url, company_id, public_key, private_key, client_id, member_id or \"text:...\"",
            ),
        }
    }
    let manual_steps = raw
        .manual_steps
        .iter()
        .map(|s| ManualStep {
            id: s.id.clone(),
            title: s.title.clone(),
            instructions: s.instructions.trim().to_string(),
            inputs: s
                .inputs
                .iter()
                .map(|i| ManualInput {
                    id: i.id.clone(),
                    label: i.label.clone(),
                    rule: i.rule.clone(),
                    example: i.example.clone(),
                })
                .collect(),
        })
        .collect();
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    let mut template = Template {
        id,
        name: raw.name,
        vendor_url: raw.vendor_url,
        source: raw.source,
        revision,
        changelog: Vec::new(),
        last_verified,
        confidence,
        gaps: raw.gaps,
        role_name: raw.role_name.into_inner(),
        recommends_admin: raw.recommends_admin,
        admin_note: raw.admin_note,
        member: MemberDefaults {
            identifier: raw.member.identifier.into_inner(),
            first_name: raw.member.first_name,
            last_name: raw.member.last_name,
            email: raw.member.email,
            level: raw.member.level,
            location_required: raw.member.location_required,
            business_unit_required: raw.member.business_unit_required,
            key_description: raw.member.key_description,
            notes: raw.member.notes,
        },
        permissions,
        customize,
        features,
        feature_permissions,
        feature_customize,
        temporary,
        allow_list: AllowList {
            entries,
            note: raw.allow_list.note,
        },
        handoff: Handoff {
            fields,
            instructions: raw.handoff.instructions.trim().to_string(),
            portal_url: raw.handoff.portal_url,
        },
        manual_steps,
        notes: raw.notes,
        origin: origin.to_string(),
    };
    check_changelog(&mut c, &template, &changelog);
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    let mut entries: Vec<ChangelogEntry> = changelog.into_iter().map(|(_, e)| e).collect();
    entries.sort_by_key(|e| e.revision);
    template.changelog = entries;
    Ok(template)
}
