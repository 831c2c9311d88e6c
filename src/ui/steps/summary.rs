//! Step 5's widget: checks, hand-off per template, manual steps and their inputs, reminders.

use crate::app::Wizard;
use crate::app::report::handoff_value;
use crate::ui::theme::Theme;
use crate::ui::widgets::{load_lines, status_mark, text_line};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn draw(wizard: &Wizard, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let setup = &wizard.setup;
    let step = &wizard.summary;
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "Role {} · member {} · key {}",
            setup.role.name,
            setup.member.identifier,
            setup.key.public_key.as_deref().unwrap_or("-")
        ),
        theme.heading,
    ))];
    lines.extend(load_lines(
        &step.exported,
        "exporting",
        wizard.spinner,
        theme,
    ));
    if let Some(paths) = step.exported.ready() {
        lines.push(Line::from(Span::styled(
            format!("✓ exported: {}", paths.join(", ")),
            theme.ok,
        )));
    }
    for c in &setup.checks {
        lines.push(Line::from(vec![
            Span::raw(" "),
            status_mark(c.status, theme),
            Span::raw(format!(" {}: {}", c.label, c.detail)),
        ]));
    }
    if setup.checks.is_empty() {
        lines.push(Line::from(Span::styled(
            " No live checks were run.",
            theme.muted,
        )));
    }
    if let Some(merged) = &wizard.merged {
        for (template, handoff) in &merged.handoffs {
            lines.push(Line::from(Span::styled(
                format!("Give {template}:"),
                theme.heading,
            )));
            if let Some(url) = &handoff.portal_url {
                lines.push(Line::raw(format!("  at {url}")));
            }
            for f in &handoff.fields {
                lines.push(Line::raw(format!(
                    "  {:<28} {}",
                    f.label,
                    handoff_value(setup, &f.value)
                )));
            }
            if !handoff.instructions.is_empty() {
                lines.push(Line::from(Span::styled(
                    format!("  {}", handoff.instructions),
                    theme.muted,
                )));
            }
        }
        for (template, manual) in &merged.manual_steps {
            let done = setup
                .manual_done
                .contains(&format!("{template}/{}", manual.id));
            lines.push(Line::from(Span::styled(
                format!(
                    "{} {} ({template})",
                    if done { "✓" } else { "·" },
                    manual.title
                ),
                theme.heading,
            )));
            lines.push(Line::from(Span::styled(
                format!("  {}", manual.instructions),
                theme.muted,
            )));
            for (i, f) in step.inputs.iter().enumerate() {
                if f.template == *template && f.step == manual.id {
                    lines.extend(text_line(&f.field, i == step.focus, theme));
                }
            }
        }
        for t in &merged.temporary {
            lines.push(Line::from(Span::styled(
                format!(
                    "! After the first sync, lower {} / {}: {}",
                    t.function.module, t.function.function, t.why
                ),
                theme.warn,
            )));
        }
    }
    super::lines_into(lines, step.scroll, None, area, buf);
}
