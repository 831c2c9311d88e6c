//! The `[[changelog]]` part of a template file: what each revision added, removed or changed,
//! checked by undoing every entry against the current list.

use super::Checker;
use crate::template::model::Template;
use crate::template::revision::{ChangelogEntry, CustomizeEdit, RowEdit, undo};
use chrono::NaiveDate;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChangelog {
    revision: Spanned<String>,
    text: String,
    #[serde(default)]
    source: Option<String>,
    /// Rows this revision added, with their levels.
    #[serde(default)]
    added: Vec<RawEditRow>,
    /// Rows this revision removed, with the levels they had.
    #[serde(default)]
    removed: Vec<RawEditRow>,
    /// Rows whose levels changed: `from` before, `to` after.
    #[serde(default)]
    changed: Vec<RawChangedRow>,
    #[serde(default)]
    customize_added: Vec<RawEditItem>,
    #[serde(default)]
    customize_removed: Vec<RawEditItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEditRow {
    module: Spanned<String>,
    function: Spanned<String>,
    levels: Spanned<String>,
    #[serde(default)]
    feature: Option<Spanned<String>>,
    #[serde(default)]
    why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChangedRow {
    module: Spanned<String>,
    function: Spanned<String>,
    from: Spanned<String>,
    to: Spanned<String>,
    #[serde(default)]
    feature: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEditItem {
    module: Spanned<String>,
    function: Spanned<String>,
    item: String,
    #[serde(default)]
    access: Option<Spanned<String>>,
    #[serde(default)]
    feature: Option<Spanned<String>>,
}

/// A changelog row's feature: it may name a feature the template no longer offers, so it need
/// not be declared; a typo still fails the undo check (the row is not where it says).
fn changelog_feature(value: &Option<Spanned<String>>) -> Option<String> {
    value.as_ref().map(|f| f.get_ref().trim().to_string())
}

impl Checker<'_> {
    pub(super) fn changelog(
        &mut self,
        raw: &[RawChangelog],
        revision: NaiveDate,
    ) -> Vec<(Range<usize>, ChangelogEntry)> {
        let mut out: Vec<(Range<usize>, ChangelogEntry)> = Vec::new();
        for e in raw {
            let date = self.date(&e.revision, "changelog.revision");
            if date > revision {
                self.problem(
                    e.revision.span(),
                    format!("changelog.revision {date} is newer than the template's revision {revision}: raise `revision`"),
                );
            }
            if out.iter().any(|(_, o)| o.revision == date) {
                self.problem(
                    e.revision.span(),
                    format!("changelog.revision {date} has two entries: put its changes in one"),
                );
            }
            let mut rows = Vec::new();
            for (list, added) in [(&e.added, true), (&e.removed, false)] {
                for r in list {
                    let levels = self.levels(&r.levels);
                    let feature = changelog_feature(&r.feature);
                    if let Some(function) = self.function(&r.module, &r.function) {
                        let (before, after) = if added {
                            (None, Some(levels))
                        } else {
                            (Some(levels), None)
                        };
                        rows.push(RowEdit {
                            function,
                            feature,
                            before,
                            after,
                            why: r.why.trim().to_string(),
                        });
                    }
                }
            }
            for r in &e.changed {
                let (from, to) = (self.levels(&r.from), self.levels(&r.to));
                let feature = changelog_feature(&r.feature);
                if let Some(function) = self.function(&r.module, &r.function) {
                    rows.push(RowEdit {
                        function,
                        feature,
                        before: Some(from),
                        after: Some(to),
                        why: String::new(),
                    });
                }
            }
            let mut customize = Vec::new();
            for (list, added) in [(&e.customize_added, true), (&e.customize_removed, false)] {
                let what = if added {
                    "changelog.customize_added"
                } else {
                    "changelog.customize_removed"
                };
                for c in list {
                    let access = self.access(&c.access, what);
                    let feature = changelog_feature(&c.feature);
                    if let Some(function) = self.function(&c.module, &c.function) {
                        let (before, after) = if added {
                            (None, Some(access))
                        } else {
                            (Some(access), None)
                        };
                        customize.push(CustomizeEdit {
                            function,
                            item: c.item.trim().to_string(),
                            feature,
                            before,
                            after,
                        });
                    }
                }
            }
            out.push((
                e.revision.span(),
                ChangelogEntry {
                    revision: date,
                    text: e.text.trim().to_string(),
                    source: e.source.clone(),
                    rows,
                    customize,
                },
            ));
        }
        out
    }
}

/// Undoes every changelog entry, newest first, from the current list: each must fit the list
/// it claims to have produced, so every older revision can be rebuilt.
pub(super) fn check_changelog(
    c: &mut Checker<'_>,
    template: &Template,
    changelog: &[(Range<usize>, ChangelogEntry)],
) {
    let mut newest_first: Vec<&(Range<usize>, ChangelogEntry)> = changelog.iter().collect();
    newest_first.sort_by_key(|e| std::cmp::Reverse(e.1.revision));
    let mut t = template.clone();
    for (span, entry) in newest_first {
        if let Err(message) = undo(&mut t, entry) {
            c.problem(span.clone(), message);
            return;
        }
    }
}
