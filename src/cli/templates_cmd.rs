//! `cw-onboard templates list | show ID [--json] | diff ID --since REVISION [--json] | check FILE`.

use super::{Exit, GlobalArgs};
use crate::level::Column;
use crate::template::{
    CustomizeEdit, CustomizeItem, Diff, Library, Permission, RowEdit, RowStatus, Template,
    diff_templates, parse_template,
};
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::PathBuf;

#[derive(Debug, Clone, Args)]
pub struct TemplatesArgs {
    #[command(subcommand)]
    pub command: TemplatesCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum TemplatesCommand {
    /// Every template: id, name, confidence, revision, source.
    List,
    /// One template's permissions, grouped by module, with the vendor's reasons.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// What changed in a template since an older revision: the UI checklist for the difference.
    Diff {
        id: String,
        /// The older revision (a date, e.g. 2026-11-22): a setup's recorded one, or any in the
        /// template's changelog (`templates show ID` lists them).
        #[arg(long, value_name = "REVISION")]
        since: String,
        #[arg(long)]
        json: bool,
    },
    /// Check a template file of your own; every problem with its line.
    Check { file: PathBuf },
}

pub fn run(global: &GlobalArgs, args: TemplatesArgs) -> Exit {
    match args.command {
        TemplatesCommand::Check { file } => check(&file),
        command => {
            let library = match super::wizard_cmd::load_library(global) {
                Ok(l) => l,
                Err(e) => return e,
            };
            match command {
                TemplatesCommand::List => {
                    print!("{}", list(&library));
                    Exit::Done
                }
                TemplatesCommand::Show { id, json } => match library.get(&id) {
                    Some(t) if json => {
                        println!(
                            "{}",
                            serde_json::to_string_pretty(&to_json(t)).unwrap_or_default()
                        );
                        Exit::Done
                    }
                    Some(t) => {
                        print!("{}", show(t));
                        Exit::Done
                    }
                    None => {
                        eprintln!(
                            "error: no template {id}; nearest: {}. `cw-onboard templates list` shows them all.",
                            library.nearest_ids(&id).join(", ")
                        );
                        Exit::Error
                    }
                },
                TemplatesCommand::Diff { id, since, json } => match library.get(&id) {
                    Some(t) => diff(t, &since, json),
                    None => {
                        eprintln!(
                            "error: no template {id}; nearest: {}. `cw-onboard templates list` shows them all.",
                            library.nearest_ids(&id).join(", ")
                        );
                        Exit::Error
                    }
                },
                TemplatesCommand::Check { .. } => Exit::Error,
            }
        }
    }
}

pub fn list(library: &Library) -> String {
    // Columns as wide as their longest entry, so a long id or name never shifts the rest.
    let id_w = library
        .all()
        .iter()
        .map(|t| t.id.len())
        .max()
        .unwrap_or(0)
        .max(22);
    let name_w = library
        .all()
        .iter()
        .map(|t| t.name.len())
        .max()
        .unwrap_or(0)
        .max(32);
    let mut out = format!(
        "{:<id_w$} {:<name_w$} {:<10} {:<10} {}\n",
        "ID", "NAME", "CONFIDENCE", "REVISION", "SOURCE"
    );
    for t in library.all() {
        let mark = if library.is_overridden(&t.id) {
            " (yours)"
        } else {
            ""
        };
        out.push_str(&format!(
            "{:<id_w$} {:<name_w$} {:<10} {:<10} {}{mark}\n",
            t.id,
            t.name,
            format!("{:?}", t.confidence),
            t.revision,
            t.source
        ));
    }
    out
}

pub fn show(t: &Template) -> String {
    let mut out = format!(
        "{} ({})\n{}\nSource: {}\nRevision {} · verified {} · confidence {:?}\n",
        t.name, t.id, t.vendor_url, t.source, t.revision, t.last_verified, t.confidence
    );
    if let Some(g) = &t.gaps {
        out.push_str(&format!("Gaps: {g}\n"));
    }
    if t.recommends_admin {
        out.push_str(&format!(
            "The vendor recommends the Admin role. {}\n",
            t.admin_note.clone().unwrap_or_default()
        ));
    }
    out.push_str(&format!("\nRole: {}\n", t.role_name));
    push_rows(&mut out, &t.permissions_in_catalog_order());
    out.push_str("\nEverything else: None.\n");
    push_customize(&mut out, &t.customize.iter().collect::<Vec<_>>());
    for f in &t.features {
        out.push_str(&format!(
            "\nOptional feature {} ({}): {}\n",
            f.id, f.title, f.why
        ));
        let rows: Vec<&Permission> = t
            .all_permissions()
            .into_iter()
            .filter(|p| p.feature.as_deref() == Some(f.id.as_str()))
            .collect();
        push_rows(&mut out, &rows);
        let items: Vec<&CustomizeItem> = t
            .feature_customize
            .iter()
            .filter(|c| c.feature.as_deref() == Some(f.id.as_str()))
            .collect();
        push_customize(&mut out, &items);
    }
    for p in &t.temporary {
        out.push_str(&format!(
            "\nTemporary: {} / {} {} ({})\n",
            p.function.module, p.function.function, p.levels.add, p.why
        ));
    }
    out.push_str(&format!(
        "\nMember: {} ({} {}), level {}, key \"{}\"\n",
        t.member.identifier,
        t.member.first_name,
        t.member.last_name,
        t.member.level,
        t.member.key_description
    ));
    for n in t.member.notes.iter().chain(&t.notes) {
        out.push_str(&format!("  note: {n}\n"));
    }
    out.push_str("\nAllow-list (on premise):\n");
    for e in &t.allow_list.entries {
        out.push_str(&format!(
            "  {} {} · {} · {}\n",
            e.address,
            e.region.clone().unwrap_or_default(),
            e.source,
            e.verified
        ));
    }
    if let Some(n) = &t.allow_list.note {
        out.push_str(&format!("  {n}\n"));
    }
    if !t.handoff.fields.is_empty() {
        out.push_str("\nHand-off:\n");
        for f in &t.handoff.fields {
            out.push_str(&format!("  {}\n", f.label));
        }
    }
    for s in &t.manual_steps {
        out.push_str(&format!(
            "\nManual step: {}\n  {}\n",
            s.title, s.instructions
        ));
    }
    if !t.changelog.is_empty() {
        out.push_str("\nChangelog:\n");
        for e in t.changelog.iter().rev() {
            out.push_str(&format!("  {}  {}\n", e.revision, e.text));
            if let Some(src) = &e.source {
                out.push_str(&format!("      source: {src}\n"));
            }
            for r in &e.rows {
                out.push_str(&format!(
                    "      {} {}{}\n",
                    r.kind().as_str(),
                    r.name(),
                    feature_mark(&r.feature)
                ));
            }
            for c in &e.customize {
                out.push_str(&format!(
                    "      {} customize {} / {}: {}{}\n",
                    c.kind().as_str(),
                    c.function.module,
                    c.function.function,
                    c.item,
                    feature_mark(&c.feature)
                ));
            }
        }
    }
    out
}

fn feature_mark(feature: &Option<String>) -> String {
    feature
        .as_deref()
        .map(|f| format!(" (feature {f})"))
        .unwrap_or_default()
}

/// Rows grouped by module, with the four levels, the reason, status, version and source.
fn push_rows(out: &mut String, rows: &[&Permission]) {
    let mut module = "";
    for p in rows {
        if p.function.module != module {
            module = p.function.module;
            out.push_str(&format!("\n{module}\n  {:<36} Add  Edit Del  Inq\n", ""));
        }
        let cells: String = Column::ALL
            .iter()
            .map(|c| format!("{:<5}", p.levels.get(*c).as_str()))
            .collect();
        let mut marks = Vec::new();
        if p.status != RowStatus::Used {
            marks.push(p.status.as_str().to_string());
        }
        if let Some(v) = &p.since {
            marks.push(format!("since ConnectWise {v}"));
        }
        let marks = if marks.is_empty() {
            String::new()
        } else {
            format!("  [{}]", marks.join(", "))
        };
        out.push_str(&format!(
            "  {:<36} {}{marks}\n",
            p.function.function,
            cells.trim_end()
        ));
        if !p.why.is_empty() {
            out.push_str(&format!("      {}\n", p.why));
        }
        if let Some(src) = &p.source {
            out.push_str(&format!("      source: {src}\n"));
        }
    }
}

fn push_customize(out: &mut String, items: &[&CustomizeItem]) {
    if items.is_empty() {
        return;
    }
    out.push_str("\nCustomize (which box each item goes in):\n");
    for c in items {
        out.push_str(&format!(
            "  {} / {}: {}\n",
            c.function.module,
            c.function.function,
            c.instruction()
        ));
        if !c.why.is_empty() {
            out.push_str(&format!("      {}\n", c.why));
        }
    }
}

pub fn to_json(t: &Template) -> serde_json::Value {
    let perm = |p: &Permission| {
        json!({"module": p.function.module, "function": p.function.function, "add": p.levels.add, "edit": p.levels.edit,
               "delete": p.levels.delete, "inquire": p.levels.inquire, "why": p.why,
               "status": p.status, "since": p.since, "source": p.source, "feature": p.feature})
    };
    let item = |c: &CustomizeItem| {
        json!({"module": c.function.module, "function": c.function.function, "customize": c.function.customize,
               "item": c.item, "why": c.why, "access": c.access, "feature": c.feature, "source": c.source})
    };
    let feature_rows: Vec<&Permission> = t
        .all_permissions()
        .into_iter()
        .filter(|p| p.feature.is_some())
        .collect();
    json!({
        "id": t.id, "name": t.name, "vendor_url": t.vendor_url, "source": t.source,
        "last_verified": t.last_verified.to_string(), "confidence": t.confidence, "gaps": t.gaps,
        "role_name": t.role_name, "recommends_admin": t.recommends_admin,
        "member": {"identifier": t.member.identifier, "first_name": t.member.first_name, "last_name": t.member.last_name,
                   "email": t.member.email, "level": t.member.level, "location_required": t.member.location_required,
                   "business_unit_required": t.member.business_unit_required, "key_description": t.member.key_description},
        "permissions": t.permissions_in_catalog_order().into_iter().map(perm).collect::<Vec<_>>(),
        "customize": t.customize.iter().map(item).collect::<Vec<_>>(),
        "revision": t.revision.to_string(),
        "features": t.features.iter().map(|f| json!({"id": f.id, "title": f.title, "why": f.why})).collect::<Vec<_>>(),
        "feature_permissions": feature_rows.into_iter().map(perm).collect::<Vec<_>>(),
        "feature_customize": t.feature_customize.iter().map(item).collect::<Vec<_>>(),
        "changelog": t.changelog.iter().map(|e| json!({"revision": e.revision.to_string(), "text": e.text, "source": e.source,
                     "rows": e.rows.iter().map(edit_json).collect::<Vec<_>>(),
                     "customize": e.customize.iter().map(customize_edit_json).collect::<Vec<_>>()})).collect::<Vec<_>>(),
        "temporary": t.temporary.iter().map(perm).collect::<Vec<_>>(),
        "allow_list": t.allow_list,
        "handoff": {"instructions": t.handoff.instructions, "portal_url": t.handoff.portal_url,
                    "fields": t.handoff.fields.iter().map(|f| json!({"label": f.label, "value": f.value.as_str()})).collect::<Vec<_>>()},
        "manual_steps": t.manual_steps.iter().map(|s| json!({"id": s.id, "title": s.title, "instructions": s.instructions,
                        "inputs": s.inputs.iter().map(|i| json!({"id": i.id, "label": i.label, "rule": i.rule, "example": i.example})).collect::<Vec<_>>()})).collect::<Vec<_>>(),
        "notes": t.notes,
    })
}

fn levels_json(l: &crate::level::Levels) -> serde_json::Value {
    json!({"add": l.add, "edit": l.edit, "delete": l.delete, "inquire": l.inquire})
}

fn edit_json(r: &RowEdit) -> serde_json::Value {
    json!({"change": r.kind().as_str(), "module": r.function.module, "function": r.function.function,
           "feature": r.feature, "before": r.before.as_ref().map(levels_json),
           "after": r.after.as_ref().map(levels_json), "instruction": r.instruction()})
}

fn customize_edit_json(c: &CustomizeEdit) -> serde_json::Value {
    json!({"change": c.kind().as_str(), "module": c.function.module, "function": c.function.function,
           "customize": c.function.customize, "item": c.item, "feature": c.feature,
           "before": c.before, "after": c.after, "instruction": c.instruction()})
}

/// `templates diff ID --since REVISION`: the rows and items that differ, as UI steps.
fn diff(t: &Template, since: &str, json: bool) -> Exit {
    let known = t
        .known_revisions()
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let Ok(date) = chrono::NaiveDate::parse_from_str(since.trim(), "%Y-%m-%d") else {
        eprintln!(
            "error: --since must be a date like 2026-11-22 (got \"{since}\"); {}'s revisions: {known}",
            t.id
        );
        return Exit::Usage;
    };
    let older = match t.at_revision(date) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: --since {since}: {e}; its revisions: {known}");
            return Exit::Usage;
        }
    };
    let d = diff_templates(&older, t);
    if json {
        let v = json!({
            "id": t.id, "since": date.to_string(), "revision": t.revision.to_string(),
            "known_revisions": t.known_revisions().iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            "changelog": t.changes_since(date).iter().map(|e| json!({"revision": e.revision.to_string(), "text": e.text, "source": e.source})).collect::<Vec<_>>(),
            "rows": d.rows.iter().map(edit_json).collect::<Vec<_>>(),
            "customize": d.customize.iter().map(customize_edit_json).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        print!("{}", diff_text(t, date, &d));
    }
    Exit::Done
}

pub fn diff_text(t: &Template, since: chrono::NaiveDate, d: &Diff) -> String {
    let mut out = format!(
        "{} ({}): revision {since} -> {}\n",
        t.name, t.id, t.revision
    );
    if let Some(oldest) = t.known_revisions().first().filter(|o| since < **o) {
        out.push_str(&format!(
            "  ({since} is older than any revision {} records; compared with the oldest list it knows, {oldest})\n",
            t.id
        ));
    }
    for e in t.changes_since(since) {
        out.push_str(&format!("  {}  {}\n", e.revision, e.text));
    }
    if d.is_empty() {
        out.push_str("No rows changed: nothing to do in ConnectWise.\n");
        return out;
    }
    let base: Vec<&RowEdit> = d.rows.iter().filter(|r| r.feature.is_none()).collect();
    if !base.is_empty() {
        out.push_str(&format!(
            "\nIn System > Security Roles > {}:\n",
            t.role_name
        ));
        for r in base {
            out.push_str(&format!("  [ ] {}  ({})\n", r.instruction(), r.reason()));
        }
    }
    let items: Vec<&CustomizeEdit> = d.customize.iter().filter(|c| c.feature.is_none()).collect();
    if !items.is_empty() {
        out.push_str("\nCustomize:\n");
        for c in items {
            out.push_str(&format!(
                "  [ ] {}  ({})\n",
                c.instruction(),
                c.kind().as_str()
            ));
        }
    }
    // Features the older list had but the template no longer offers come last.
    let mut features: Vec<(&str, &str)> = t
        .features
        .iter()
        .map(|f| (f.id.as_str(), f.title.as_str()))
        .collect();
    for id in d
        .rows
        .iter()
        .filter_map(|r| r.feature.as_deref())
        .chain(d.customize.iter().filter_map(|c| c.feature.as_deref()))
    {
        if !features.iter().any(|(f, _)| *f == id) {
            features.push((id, "no longer offered"));
        }
    }
    for (id, title) in features {
        let rows: Vec<&RowEdit> = d
            .rows
            .iter()
            .filter(|r| r.feature.as_deref() == Some(id))
            .collect();
        let items: Vec<&CustomizeEdit> = d
            .customize
            .iter()
            .filter(|c| c.feature.as_deref() == Some(id))
            .collect();
        if rows.is_empty() && items.is_empty() {
            continue;
        }
        out.push_str(&format!("\nOnly if you switched on {id} ({title}):\n"));
        for r in rows {
            out.push_str(&format!("  [ ] {}  ({})\n", r.instruction(), r.reason()));
        }
        for c in items {
            out.push_str(&format!(
                "  [ ] {}  ({})\n",
                c.instruction(),
                c.kind().as_str()
            ));
        }
    }
    out
}

fn check(file: &std::path::Path) -> Exit {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", file.display());
            return Exit::Error;
        }
    };
    match parse_template(&text, &file.display().to_string()) {
        Ok(t) => {
            let features = if t.features.is_empty() {
                String::new()
            } else {
                format!(
                    ", {} feature rows in {} features",
                    t.feature_permissions.len(),
                    t.features.len()
                )
            };
            println!(
                "{}: ok ({}, revision {}, {} permission rows{features})",
                file.display(),
                t.id,
                t.revision,
                t.permissions.len()
            );
            Exit::Done
        }
        Err(problems) => {
            for p in &problems {
                println!("{}:{}:{}: {}", file.display(), p.line, p.column, p.message);
            }
            println!("{} problem(s)", problems.len());
            Exit::Error
        }
    }
}
