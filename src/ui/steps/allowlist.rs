//! Step 4's widget: nothing to do on cloud; on premise the addresses with source and date, or
//! "ask the vendor", rules ready to paste, and step 0's certificate findings.

use crate::app::Wizard;
use crate::app::steps::allowlist::paste_rules;
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn draw(wizard: &Wizard, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let mut lines = super::skipped::lines(wizard, theme);
    if !lines.is_empty() {
        lines.push(Line::raw(""));
    }
    let cloud = wizard.setup.instance.as_ref().is_some_and(|i| i.is_cloud);
    if cloud {
        lines.push(Line::from(Span::styled(
            "✓ This is a ConnectWise cloud instance: there is no IP allow-list to change.",
            theme.ok,
        )));
        lines.push(Line::from(Span::styled(
            "Vendors connect to the api- host over HTTPS; ConnectWise does the rest.",
            theme.muted,
        )));
        super::lines_into(lines, wizard.allow.scroll, None, area, buf);
        return;
    }
    lines.push(Line::from(Span::styled(
        "On premise: if a firewall filters ConnectWise by source IP, allow the vendor's addresses.",
        theme.heading,
    )));
    if let Some(merged) = &wizard.merged {
        for (template, list) in &merged.allow_lists {
            lines.push(Line::raw(""));
            lines.push(Line::from(Span::styled(
                template.to_string(),
                theme.heading,
            )));
            if list.entries.is_empty() {
                let note = list
                    .note
                    .clone()
                    .unwrap_or_else(|| "The vendor publishes no addresses: ask the vendor.".into());
                lines.push(Line::from(Span::styled(format!("  ! {note}"), theme.warn)));
            }
            for e in &list.entries {
                let region = e
                    .region
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default();
                lines.push(Line::raw(format!(
                    "  {}{region}  source {} · verified {}",
                    e.address, e.source, e.verified
                )));
            }
            if let (Some(note), false) = (&list.note, list.entries.is_empty()) {
                lines.push(Line::from(Span::styled(
                    format!("  note: {note}"),
                    theme.muted,
                )));
            }
            for rule in paste_rules(template, list) {
                lines.push(Line::from(Span::styled(format!("  {rule}"), theme.muted)));
            }
        }
    }
    lines.push(Line::raw(""));
    match &wizard.setup.certificate {
        Some(cert) => {
            let ok = cert.problem.is_none() && cert.chain_valid && !cert.self_signed;
            let (mark, style) = if ok {
                ("✓", theme.ok)
            } else {
                ("!", theme.warn)
            };
            lines.push(Line::from(Span::styled(
                format!(
                    "{mark} Certificate: {} · issuer {} · {} days left",
                    cert.subject, cert.issuer, cert.days_left
                ),
                style,
            )));
            if let Some(p) = &cert.problem {
                lines.push(Line::from(Span::styled(
                    format!("  {p}: vendors (IT Glue, Gradient) need a valid, fully chained certificate."),
                    theme.warn,
                )));
            }
        }
        None => lines.push(Line::from(Span::styled(
            "Certificate: not checked (plain http or not reached).",
            theme.muted,
        ))),
    }
    super::lines_into(lines, wizard.allow.scroll, None, area, buf);
}
