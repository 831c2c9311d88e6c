//! `cw-onboard templates list | show ID [--json] | check FILE`.

use super::{Exit, GlobalArgs};
use crate::level::Column;
use crate::template::{Library, Template, parse_template};
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
    /// Every template: id, name, confidence, last verified.
    List,
    /// One template's permissions, grouped by module, with the vendor's reasons.
    Show {
        id: String,
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
                TemplatesCommand::Check { .. } => Exit::Error,
            }
        }
    }
}

pub fn list(library: &Library) -> String {
    let mut out = format!(
        "{:<22} {:<32} {:<10} {}\n",
        "ID", "NAME", "CONFIDENCE", "VERIFIED"
    );
    for t in library.all() {
        let mark = if library.is_overridden(&t.id) {
            " (yours)"
        } else {
            ""
        };
        out.push_str(&format!(
            "{:<22} {:<32} {:<10} {}{mark}\n",
            t.id,
            t.name,
            format!("{:?}", t.confidence),
            t.last_verified
        ));
    }
    out
}

pub fn show(t: &Template) -> String {
    let mut out = format!(
        "{} ({})\n{}\nSource: {}\nVerified {} · confidence {:?}\n",
        t.name, t.id, t.vendor_url, t.source, t.last_verified, t.confidence
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
    let mut module = "";
    for p in &t.permissions_in_catalog_order() {
        if p.function.module != module {
            module = p.function.module;
            out.push_str(&format!("\n{module}\n  {:<36} Add  Edit Del  Inq\n", ""));
        }
        let cells: String = Column::ALL
            .iter()
            .map(|c| format!("{:<5}", p.levels.get(*c).as_str()))
            .collect();
        out.push_str(&format!(
            "  {:<36} {}\n",
            p.function.function,
            cells.trim_end()
        ));
        if !p.why.is_empty() {
            out.push_str(&format!("      {}\n", p.why));
        }
    }
    out.push_str("\nEverything else: None.\n");
    if !t.customize.is_empty() {
        out.push_str("\nCustomize (Allow access to these):\n");
        for c in &t.customize {
            out.push_str(&format!(
                "  {} / {}: {}\n",
                c.function.module, c.function.function, c.item
            ));
        }
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
    out
}

pub fn to_json(t: &Template) -> serde_json::Value {
    let perm = |p: &crate::template::Permission| {
        json!({"module": p.function.module, "function": p.function.function, "add": p.levels.add, "edit": p.levels.edit,
               "delete": p.levels.delete, "inquire": p.levels.inquire, "why": p.why})
    };
    json!({
        "id": t.id, "name": t.name, "vendor_url": t.vendor_url, "source": t.source,
        "last_verified": t.last_verified.to_string(), "confidence": t.confidence, "gaps": t.gaps,
        "role_name": t.role_name, "recommends_admin": t.recommends_admin,
        "member": {"identifier": t.member.identifier, "first_name": t.member.first_name, "last_name": t.member.last_name,
                   "email": t.member.email, "level": t.member.level, "location_required": t.member.location_required,
                   "business_unit_required": t.member.business_unit_required, "key_description": t.member.key_description},
        "permissions": t.permissions_in_catalog_order().into_iter().map(perm).collect::<Vec<_>>(),
        "customize": t.customize.iter().map(|c| json!({"module": c.function.module, "function": c.function.function,
                     "customize": c.function.customize, "item": c.item, "why": c.why})).collect::<Vec<_>>(),
        "temporary": t.temporary.iter().map(perm).collect::<Vec<_>>(),
        "allow_list": t.allow_list,
        "handoff": {"instructions": t.handoff.instructions, "portal_url": t.handoff.portal_url,
                    "fields": t.handoff.fields.iter().map(|f| json!({"label": f.label, "value": f.value.as_str()})).collect::<Vec<_>>()},
        "manual_steps": t.manual_steps.iter().map(|s| json!({"id": s.id, "title": s.title, "instructions": s.instructions,
                        "inputs": s.inputs.iter().map(|i| json!({"id": i.id, "label": i.label, "rule": i.rule, "example": i.example})).collect::<Vec<_>>()})).collect::<Vec<_>>(),
        "notes": t.notes,
    })
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
            println!(
                "{}: ok ({}, {} permission rows)",
                file.display(),
                t.id,
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
