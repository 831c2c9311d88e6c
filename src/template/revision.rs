//! Template revisions. A template carries its current list and a changelog saying what each
//! revision added, removed or changed; undoing the entries newer than a date rebuilds the list
//! as it was then. The difference of two lists is the UI checklist `templates diff` prints and
//! the *template drift* `verify` reports (the vendor's list changed), as opposed to *instance
//! drift* (someone changed the role). Pure: no I/O.

use super::catalog::{CATALOG, CatalogFunction};
use super::merge::MergedTemplate;
use super::model::{CustomizeAccess, CustomizeItem, Permission, Template};
use crate::level::{Column, Levels};
use chrono::NaiveDate;

/// One row that differs between an older and a newer list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowEdit {
    pub function: &'static CatalogFunction,
    /// The optional feature the row belongs to (None: always needed).
    pub feature: Option<String>,
    /// None: not in the older list (added).
    pub before: Option<Levels>,
    /// None: not in the newer list (removed).
    pub after: Option<Levels>,
    pub why: String,
}

/// Added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditKind {
    Added,
    Removed,
    Changed,
}

impl EditKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EditKind::Added => "added",
            EditKind::Removed => "removed",
            EditKind::Changed => "changed",
        }
    }

    fn of<T>(before: &Option<T>, after: &Option<T>) -> EditKind {
        match (before, after) {
            (None, _) => EditKind::Added,
            (_, None) => EditKind::Removed,
            _ => EditKind::Changed,
        }
    }
}

/// "Add All, Edit None, Delete None, Inquire All".
pub fn spell_levels(levels: &Levels) -> String {
    Column::ALL
        .iter()
        .map(|c| format!("{} {}", c.label(), levels.get(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

impl RowEdit {
    pub fn kind(&self) -> EditKind {
        EditKind::of(&self.before, &self.after)
    }

    /// "Companies / Contacts".
    pub fn name(&self) -> String {
        format!("{} / {}", self.function.module, self.function.function)
    }

    /// The levels to set now (None everywhere for a removed row).
    pub fn target(&self) -> Levels {
        self.after.unwrap_or(Levels::NONE)
    }

    /// The UI step: "Companies / Contacts: set Add None, Edit None, Delete None, Inquire All".
    pub fn instruction(&self) -> String {
        format!("{}: set {}", self.name(), spell_levels(&self.target()))
    }

    /// Why, in words: "added", "removed (was Add All, …)", "changed (was …)".
    pub fn reason(&self) -> String {
        match (self.kind(), self.before) {
            (EditKind::Added, _) | (_, None) => "added".into(),
            (kind, Some(before)) => format!("{} (was {})", kind.as_str(), spell_levels(&before)),
        }
    }
}

/// One customize item that differs between an older and a newer list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomizeEdit {
    pub function: &'static CatalogFunction,
    pub item: String,
    pub feature: Option<String>,
    /// None: not in the older list.
    pub before: Option<CustomizeAccess>,
    /// None: not in the newer list.
    pub after: Option<CustomizeAccess>,
}

impl CustomizeEdit {
    pub fn kind(&self) -> EditKind {
        EditKind::of(&self.before, &self.after)
    }

    /// The UI step, e.g. "System / Table Setup (customize): move Service/Priority to
    /// \"Allow access to these\"". A removed item needs nothing; it says so.
    pub fn instruction(&self) -> String {
        let name = format!(
            "{} / {} (customize)",
            self.function.module, self.function.function
        );
        match self.after {
            Some(access) => format!("{name}: move {} to \"{}\"", self.item, access.box_label()),
            None => format!(
                "{name}: {} is no longer asked for (least privilege: move it to \"{}\")",
                self.item,
                CustomizeAccess::Disallow.box_label()
            ),
        }
    }
}

/// What a revision changed, as its changelog entry records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangelogEntry {
    pub revision: NaiveDate,
    pub text: String,
    pub source: Option<String>,
    pub rows: Vec<RowEdit>,
    pub customize: Vec<CustomizeEdit>,
}

/// The rows and items that differ between two lists, in catalog order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diff {
    pub rows: Vec<RowEdit>,
    pub customize: Vec<CustomizeEdit>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.customize.is_empty()
    }
}

fn catalog_position(function: &CatalogFunction) -> usize {
    CATALOG
        .iter()
        .position(|c| std::ptr::eq(c, function))
        .unwrap_or(usize::MAX)
}

fn rows_of<'a>(t: &'a mut Template, feature: &Option<String>) -> &'a mut Vec<Permission> {
    if feature.is_some() {
        &mut t.feature_permissions
    } else {
        &mut t.permissions
    }
}

fn items_of<'a>(t: &'a mut Template, feature: &Option<String>) -> &'a mut Vec<CustomizeItem> {
    if feature.is_some() {
        &mut t.feature_customize
    } else {
        &mut t.customize
    }
}

fn levels_text(l: Option<Levels>) -> String {
    l.map_or("no row".into(), |l| format!("\"{}\"", spell_levels(&l)))
}

/// Turns `t` (the list right after `entry`'s revision) into the list just before it.
pub fn undo(t: &mut Template, entry: &ChangelogEntry) -> Result<(), String> {
    for edit in &entry.rows {
        let rows = rows_of(t, &edit.feature);
        let pos = rows
            .iter()
            .position(|p| std::ptr::eq(p.function, edit.function) && p.feature == edit.feature);
        let now = pos.map(|i| rows[i].levels);
        if now != edit.after {
            return Err(format!(
                "changelog {}: {} is recorded as {} with {}, but the list after that revision has {}",
                entry.revision,
                edit.name(),
                edit.kind().as_str(),
                levels_text(edit.after),
                levels_text(now)
            ));
        }
        match (pos, edit.before) {
            (Some(i), Some(before)) => rows[i].levels = before,
            (Some(i), None) => {
                rows.remove(i);
            }
            (None, Some(before)) => rows.push(Permission {
                why: edit.why.clone(),
                feature: edit.feature.clone(),
                ..Permission::new(edit.function, before)
            }),
            (None, None) => {}
        }
    }
    for edit in &entry.customize {
        let items = items_of(t, &edit.feature);
        let pos = items.iter().position(|c| {
            std::ptr::eq(c.function, edit.function)
                && c.item.eq_ignore_ascii_case(&edit.item)
                && c.feature == edit.feature
        });
        let now = pos.map(|i| items[i].access);
        if now != edit.after {
            return Err(format!(
                "changelog {}: customize item {} is recorded as {} ({}), but the list after that revision has {}",
                entry.revision,
                edit.item,
                edit.kind().as_str(),
                edit.after.map_or("gone", CustomizeAccess::as_str),
                now.map_or("no such item", CustomizeAccess::as_str)
            ));
        }
        match (pos, edit.before) {
            (Some(i), Some(before)) => items[i].access = before,
            (Some(i), None) => {
                items.remove(i);
            }
            (None, Some(before)) => items.push(CustomizeItem {
                function: edit.function,
                item: edit.item.clone(),
                why: String::new(),
                access: before,
                feature: edit.feature.clone(),
                source: None,
            }),
            (None, None) => {}
        }
    }
    Ok(())
}

impl Template {
    /// Every revision this template knows, oldest first: its changelog's and its own.
    pub fn known_revisions(&self) -> Vec<NaiveDate> {
        let mut all: Vec<NaiveDate> = self.changelog.iter().map(|e| e.revision).collect();
        all.push(self.revision);
        all.sort();
        all.dedup();
        all
    }

    /// The list as it was on `revision`: every changelog entry newer than it undone. Before
    /// the oldest entry, this is the list before that entry (the oldest the changelog knows).
    pub fn at_revision(&self, revision: NaiveDate) -> Result<Template, String> {
        if revision > self.revision {
            return Err(format!(
                "{revision} is newer than {}'s revision {}",
                self.id, self.revision
            ));
        }
        let mut newest_first: Vec<&ChangelogEntry> = self
            .changelog
            .iter()
            .filter(|e| e.revision > revision)
            .collect();
        newest_first.sort_by_key(|e| std::cmp::Reverse(e.revision));
        let mut t = self.clone();
        for entry in newest_first {
            undo(&mut t, entry)?;
        }
        t.revision = revision;
        t.changelog.retain(|e| e.revision <= revision);
        Ok(t)
    }

    /// The changelog entries after `revision` up to now, oldest first.
    pub fn changes_since(&self, revision: NaiveDate) -> Vec<&ChangelogEntry> {
        let mut out: Vec<&ChangelogEntry> = self
            .changelog
            .iter()
            .filter(|e| e.revision > revision)
            .collect();
        out.sort_by_key(|e| e.revision);
        out
    }
}

/// Every row and item, base and feature, that differs between `older` and `newer` (two
/// revisions of one template): what `templates diff` prints.
pub fn diff_templates(older: &Template, newer: &Template) -> Diff {
    let key = |p: &Permission| (catalog_position(p.function), p.feature.clone());
    let old: Vec<&Permission> = older.all_permissions();
    let new: Vec<&Permission> = newer.all_permissions();
    let mut keys: Vec<(usize, Option<String>, &'static CatalogFunction)> = old
        .iter()
        .chain(&new)
        .map(|p| {
            let (pos, feature) = key(p);
            (pos, feature, p.function)
        })
        .collect();
    keys.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    keys.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    let find = |list: &[&Permission], f: &CatalogFunction, feature: &Option<String>| {
        list.iter()
            .find(|p| std::ptr::eq(p.function, f) && &p.feature == feature)
            .map(|p| (p.levels, p.why.clone()))
    };
    let mut rows = Vec::new();
    for (_, feature, function) in keys {
        let (before, after) = (
            find(&old, function, &feature),
            find(&new, function, &feature),
        );
        if before.as_ref().map(|b| b.0) != after.as_ref().map(|a| a.0) {
            rows.push(RowEdit {
                function,
                feature,
                why: after
                    .as_ref()
                    .or(before.as_ref())
                    .map(|x| x.1.clone())
                    .unwrap_or_default(),
                before: before.map(|b| b.0),
                after: after.map(|a| a.0),
            });
        }
    }
    let items = |t: &Template| -> Vec<CustomizeItem> {
        t.customize
            .iter()
            .chain(&t.feature_customize)
            .cloned()
            .collect()
    };
    Diff {
        rows,
        customize: customize_diff(&items(older), &items(newer), true),
    }
}

fn customize_diff(
    old: &[CustomizeItem],
    new: &[CustomizeItem],
    by_feature: bool,
) -> Vec<CustomizeEdit> {
    let same = |a: &CustomizeItem, b: &CustomizeItem| {
        a.same_item(b) && (!by_feature || a.feature == b.feature)
    };
    let mut out = Vec::new();
    for item in old.iter().chain(new) {
        if out.iter().any(|e: &CustomizeEdit| {
            std::ptr::eq(e.function, item.function)
                && e.item.eq_ignore_ascii_case(&item.item)
                && (!by_feature || e.feature == item.feature)
        }) {
            continue;
        }
        let before = old.iter().find(|o| same(o, item)).map(|o| o.access);
        let after = new.iter().find(|n| same(n, item)).map(|n| n.access);
        if before != after {
            out.push(CustomizeEdit {
                function: item.function,
                item: item.item.clone(),
                feature: if by_feature {
                    item.feature.clone()
                } else {
                    None
                },
                before,
                after,
            });
        }
    }
    out.sort_by_key(|e| catalog_position(e.function));
    out
}

/// *Template drift*: how the role the setup was made for (its templates at the recorded
/// revisions, with the recorded features, merged) differs from what the templates ask for now.
pub fn template_drift(recorded: &MergedTemplate, now: &MergedTemplate) -> Diff {
    let mut rows = Vec::new();
    for function in CATALOG {
        let find = |m: &MergedTemplate| {
            m.permissions
                .iter()
                .find(|p| std::ptr::eq(p.function, function))
                .map(|p| {
                    let why = p
                        .whys
                        .iter()
                        .map(|(_, w)| w.as_str())
                        .find(|w| !w.is_empty());
                    (p.levels, why.unwrap_or_default().to_string())
                })
        };
        let (before, after) = (find(recorded), find(now));
        if before.as_ref().map(|b| b.0) != after.as_ref().map(|a| a.0) {
            rows.push(RowEdit {
                function,
                feature: None,
                why: after
                    .as_ref()
                    .or(before.as_ref())
                    .map(|x| x.1.clone())
                    .unwrap_or_default(),
                before: before.map(|b| b.0),
                after: after.map(|a| a.0),
            });
        }
    }
    Diff {
        rows,
        customize: customize_diff(&recorded.customize, &now.customize, false),
    }
}

/// One chosen template of a setup: the revision it was made with and the one now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionPair {
    pub id: String,
    /// None: the setup recorded no revision (made before revisions existed).
    pub recorded: Option<NaiveDate>,
    pub current: NaiveDate,
}

/// A setup's templates as they were when it was made and as they are now, each with the
/// setup's features switched on. `recorded` gives (revision, features) by template id, None
/// when the setup recorded nothing (then the template is taken as it is now). A recorded
/// revision the template cannot rebuild (newer than it, e.g. an older user file) is a note,
/// and the template is taken as it is now.
pub fn then_and_now(
    chosen: &[&Template],
    recorded: impl Fn(&str) -> Option<(NaiveDate, Vec<String>)>,
) -> (Vec<Template>, Vec<Template>, Vec<RevisionPair>, Vec<String>) {
    let (mut then, mut now, mut pairs, mut notes) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for t in chosen {
        let record = recorded(&t.id);
        let features = record.as_ref().map(|r| r.1.clone()).unwrap_or_default();
        let current = t.with_features(&features);
        let old = match &record {
            Some((revision, _)) => match t.at_revision(*revision) {
                Ok(old) => old.with_features(&features),
                Err(e) => {
                    notes.push(e);
                    current.clone()
                }
            },
            None => current.clone(),
        };
        pairs.push(RevisionPair {
            id: t.id.clone(),
            recorded: record.map(|r| r.0),
            current: t.revision,
        });
        then.push(old);
        now.push(current);
    }
    (then, now, pairs, notes)
}
