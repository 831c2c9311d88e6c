//! The hand-off summary as Markdown and JSON (step 5's export; batch mode prints the same).
//! Never a private key: the hand-off lists where the private key went, not the key.

use super::setup::Setup;
use crate::template::{HandoffValue, MergedTemplate};
use serde_json::json;
use std::fmt::Write;

/// The value of one hand-off field for this setup.
pub fn handoff_value(setup: &Setup, value: &HandoffValue) -> String {
    match value {
        HandoffValue::SiteUrl => setup.site.clone(),
        HandoffValue::CompanyId => setup.company.clone(),
        HandoffValue::PublicKey => setup
            .key
            .public_key
            .clone()
            .unwrap_or_else(|| "(not created yet)".into()),
        HandoffValue::PrivateKey => match &setup.key.handed_off {
            Some(how) => format!("(handed off: {how})"),
            None => "(shown once in step 3)".into(),
        },
        HandoffValue::ClientId => setup.client_id.clone(),
        HandoffValue::MemberId => setup.member.identifier.clone(),
        HandoffValue::Custom(text) => text.clone(),
    }
}

/// Starts a Markdown heading on a line of its own after a blank line, whatever the text
/// before it ended with (a list item, a paragraph): a heading glued to a list is not one.
fn heading(md: &mut String, text: &str) {
    while !md.is_empty() && !md.ends_with("\n\n") {
        md.push('\n');
    }
    let _ = writeln!(md, "{text}\n");
}

pub fn markdown(setup: &Setup, merged: &MergedTemplate) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# ConnectWise API access: {}\n",
        merged.names.join(" + ")
    );
    let _ = writeln!(md, "| | |\n|---|---|");
    let _ = writeln!(md, "| Setup | `{}` |", setup.id);
    let _ = writeln!(md, "| Site | {} |", setup.site);
    let _ = writeln!(md, "| Company ID | {} |", setup.company);
    if let Some(i) = &setup.instance {
        let kind = if i.is_cloud { "cloud" } else { "on-premise" };
        let _ = writeln!(
            md,
            "| Instance | {} ({kind}, {}) |",
            i.company_name, i.version
        );
    }
    if super::skip::api_access_needed(merged) {
        let _ = writeln!(md, "| Security role | {} |", setup.role.name);
        for left in &setup.role.left_behind {
            let _ = writeln!(
                md,
                "| Left behind | role {} (id {}): created by this setup, no longer its role; remove it by hand |",
                left.name, left.id
            );
        }
        let _ = writeln!(md, "| API member | {} |", setup.member.identifier);
        let _ = writeln!(
            md,
            "| Public key | {} |",
            setup.key.public_key.as_deref().unwrap_or("-")
        );
        let _ = writeln!(md, "| Key description | {} |\n", setup.key.description);
    } else {
        // No role, member or key was made (app::skip): say why instead of empty rows.
        let _ = writeln!(md, "| API access | none |\n");
        let _ = writeln!(md, "{}\n", super::skip::why(merged));
    }

    if !merged.gaps.is_empty() {
        // A Partial template's rows are not the vendor's whole list: say what they leave out.
        heading(&mut md, "## Not covered by the template");
        for (name, gap) in &merged.gaps {
            let _ = writeln!(md, "- {name}: {gap}");
        }
    }
    heading(&mut md, "## Checks");
    if setup.checks.is_empty() {
        let _ = writeln!(md, "No live checks were run.\n");
    }
    for c in &setup.checks {
        let _ = write!(md, "- {} **{}**: {}", c.status.mark(), c.label, c.detail);
        if let Some(a) = &c.advice {
            let _ = write!(md, " ({a})");
        }
        md.push('\n');
    }
    for (template, handoff) in &merged.handoffs {
        heading(&mut md, &format!("## Hand-off: {template}"));
        if !handoff.instructions.is_empty() {
            let _ = writeln!(md, "{}\n", handoff.instructions);
        }
        if let Some(url) = &handoff.portal_url {
            let _ = writeln!(md, "Where: {url}\n");
        }
        for f in &handoff.fields {
            let _ = writeln!(md, "- {}: {}", f.label, handoff_value(setup, &f.value));
        }
    }
    if !merged.manual_steps.is_empty() {
        heading(&mut md, "## Manual steps");
        for (template, step) in &merged.manual_steps {
            heading(&mut md, &format!("### {} ({template})", step.title));
            let _ = writeln!(md, "{}\n", step.instructions);
            for input in &step.inputs {
                let key = format!("{template}/{}/{}", step.id, input.id);
                let value = setup
                    .manual_inputs
                    .get(&key)
                    .map(String::as_str)
                    .unwrap_or("(not given)");
                let _ = writeln!(md, "- {}: {value}", input.label);
            }
        }
    }
    if !merged.temporary.is_empty() {
        heading(&mut md, "## Remove after the first sync");
        for t in &merged.temporary {
            let _ = writeln!(
                md,
                "- {} / {}: {}",
                t.function.module, t.function.function, t.why
            );
        }
    }
    md
}

pub fn json(setup: &Setup, merged: &MergedTemplate) -> String {
    let handoffs: Vec<_> = merged
        .handoffs
        .iter()
        .map(|(template, h)| {
            json!({
                "template": template,
                "fields": h.fields.iter().map(|f| json!({"label": f.label, "value": handoff_value(setup, &f.value)})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut value = json!({
        "setup": setup.id,
        "site": setup.site,
        "company": setup.company,
        "templates": merged.ids,
        "role": setup.role.name,
        "member": setup.member.identifier,
        "public_key": setup.key.public_key,
        "private_key_handed_off": setup.key.handed_off,
        "checks": setup.checks,
        "handoff": handoffs,
        "manual_inputs": setup.manual_inputs,
        "gaps": merged.gaps.iter().map(|(name, gap)| json!({"template": name, "gap": gap})).collect::<Vec<_>>(),
    });
    // Roles this setup created and left under an earlier name (only when there are some).
    if !setup.role.left_behind.is_empty() {
        value["roles_left_behind"] = json!(setup.role.left_behind);
    }
    serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".into())
}

#[cfg(test)]
mod tests;
