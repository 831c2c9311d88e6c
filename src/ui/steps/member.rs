//! Step 2's widget: the member form with live pick lists, identifier availability, and the
//! field-by-field differences before adopting an existing member.

use crate::app::Wizard;
use crate::app::ownership::MemberClaim;
use crate::app::setup::Mode;
use crate::ui::theme::Theme;
use crate::ui::widgets::{load_lines, pick_line, text_line};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn draw(wizard: &Wizard, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let step = &wizard.member;
    let mut lines = vec![Line::from(Span::styled(
        "The API member the integration logs in as (System > Members > API Members).",
        theme.muted,
    ))];
    for (i, field) in step.texts.iter().enumerate() {
        let mut field_lines = text_line(field, step.focus.index() == i, theme);
        // A placeholder email is a warning on the field's own line (no room lost at 80x24).
        if i == crate::app::steps::member::EMAIL
            && field.error.is_none()
            && crate::app::validate::placeholder_email_domain(field.value()).is_some()
            && let Some(first) = field_lines.first_mut()
        {
            first.push_span(Span::styled("  ! placeholder domain", theme.warn));
        }
        lines.extend(field_lines);
    }
    lines.extend(load_lines(
        &step.identifier,
        "checking the member ID",
        wizard.spinner,
        theme,
    ));
    match wizard.setup.mode {
        Mode::Assisted => {
            lines.extend(load_lines(
                &step.lists,
                "loading levels, locations, business units, time zones",
                wizard.spinner,
                theme,
            ));
            for (i, pick) in step.picks.iter().enumerate() {
                lines.extend(pick_line(pick, step.focus.index() == i + 3, theme));
            }
            lines.push(Line::from(Span::styled(
                format!(
                    "  Role: {} (from step 1). ←/→ choose, letters jump.",
                    wizard.setup.role.name
                ),
                theme.muted,
            )));
            let diffs = step.differences(&wizard.setup);
            let claim = step.claim(&wizard.setup);
            if let Some(MemberClaim::Refused(why)) = &claim {
                lines.push(Line::from(Span::styled(why.clone(), theme.error)));
            } else if claim == Some(MemberClaim::Adoptable) && diffs.is_empty() {
                lines.push(Line::from(Span::styled(
                    "The member exists (not made by this setup) and already matches; ^Y adopts it.",
                    theme.heading,
                )));
            } else if !diffs.is_empty() {
                let lead = if claim == Some(MemberClaim::Adoptable) {
                    "The member exists (not made by this setup); ^Y adopts it and changes:"
                } else {
                    "The member exists; Enter updates it:"
                };
                lines.push(Line::from(Span::styled(lead, theme.heading)));
                for d in diffs {
                    lines.push(Line::from(vec![
                        Span::raw(format!("  {:<20}", d.field)),
                        Span::styled(d.existing, theme.error),
                        Span::raw(" → "),
                        Span::styled(d.wanted, theme.ok),
                    ]));
                }
            }
            lines.extend(load_lines(
                &step.save,
                "saving the member",
                wizard.spinner,
                theme,
            ));
        }
        Mode::Guided => {
            let role = &wizard.setup.role.name;
            lines.push(Line::raw(""));
            lines.push(Line::from(Span::styled(
                "In ConnectWise: System > Members > API Members > +, then:",
                theme.heading,
            )));
            for (label, value) in [
                ("Member ID", step.texts[0].value().to_string()),
                ("Member Name", step.texts[1].value().to_string()),
                ("Email", step.texts[2].value().to_string()),
                ("Role ID", role.clone()),
                ("Level", "Corporate (Level 1)".to_string()),
                (
                    "Name",
                    "Corporate (the owner record at that level)".to_string(),
                ),
                ("Location", "your main location (not blank)".to_string()),
                (
                    "Business Unit",
                    "e.g. Administration (not blank)".to_string(),
                ),
                ("Time Zone", "your own".to_string()),
            ] {
                lines.push(Line::raw(format!("  {label:<14} {value}")));
            }
            lines.push(Line::from(Span::styled(
                "Save, then Enter here. Step 3 checks it with the new key.",
                theme.muted,
            )));
        }
    }
    super::lines_into(lines, 0, None, area, buf);
}
