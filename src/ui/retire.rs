//! The full-screen `cw-onboard retire`: the plan (exactly what will change, and what is kept
//! and why) before anything is done, then each stage as it goes, the key's UI step and proof.

use super::theme::Theme;
use super::widgets::{failure_lines, text_line};
use crate::app::retire::{Phase, Retire, Stage};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// One stage's line: its mark and what it recorded (or what it will do).
fn stage_line(core: &Retire, stage: Stage, what: &str, theme: &Theme) -> Line<'static> {
    let record = core.record();
    let done = match stage {
        Stage::Member => record.member.clone(),
        Stage::Role => record.role.clone(),
        Stage::Key => record.key.clone(),
        _ => record.retired_on.map(|d| format!("retired {d}")),
    };
    let (mark, style, text) = match done {
        Some(text) => ("✓", theme.ok, text),
        None if core.current() == Some(stage) => ("›", theme.focus, "now".to_string()),
        None => ("·", theme.muted, "to do".to_string()),
    };
    Line::from(vec![
        Span::styled(format!(" {mark} "), style),
        Span::styled(format!("{what:<10}"), theme.label),
        Span::raw(text),
    ])
}

pub fn draw(core: &Retire, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.width < crate::app::MIN_WIDTH || area.height < crate::app::MIN_HEIGHT {
        crate::ui::chrome::too_small((area.width, area.height), area, buf, theme);
        return;
    }
    let [title, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let setup = &core.setup;
    Line::from(vec![
        Span::styled(" cw-onboard retire ", theme.title),
        Span::raw(format!("· {} ", setup.id)),
        Span::styled(format!("· {}", setup.site), theme.muted),
    ])
    .render(title, buf);
    let mut lines: Vec<Line<'static>> = Vec::new();
    match &core.phase {
        Phase::Surveying => lines.push(Line::styled(
            " Reading who uses the member and the role… nothing is changed yet.",
            theme.muted,
        )),
        Phase::Confirm => {
            lines.push(Line::styled(
                " This is exactly what will change (nothing has yet):",
                theme.heading,
            ));
            lines.push(Line::raw(""));
            for (n, text) in core.plan_lines().into_iter().enumerate() {
                lines.push(Line::raw(format!(" {}. {text}", n + 1)));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                " Retire it? y: yes, n: no (nothing changes)",
                theme.warn,
            ));
        }
        _ => {
            lines.push(stage_line(core, Stage::Member, "Member", theme));
            lines.push(stage_line(core, Stage::Role, "Role", theme));
            lines.push(stage_line(core, Stage::Key, "Key", theme));
            lines.push(stage_line(core, Stage::Mark, "Setup", theme));
            lines.push(Line::raw(""));
        }
    }
    match &core.phase {
        Phase::Key => {
            if let Some(done) = core.refused_so_far() {
                lines.push(Line::styled(format!(" ✓ {done}"), theme.ok));
            }
            lines.push(Line::raw(format!(" {}", core.key_step())));
            match (core.keys_left().len(), core.key_to_prove()) {
                (2.., Some(next)) => lines.push(Line::raw(format!(
                    " Then paste the private half of key {next}: the wizard proves ConnectWise refuses it (401), then the other key's."
                ))),
                (1, Some(next)) if core.keys().len() > 1 => lines.push(Line::raw(format!(
                    " Then paste the private half of key {next}: the wizard proves ConnectWise refuses it (401)."
                ))),
                _ => lines.push(Line::raw(
                    " Then paste the key's private half: the wizard proves ConnectWise refuses it (401).",
                )),
            }
            lines.extend(text_line(&core.private_key, true, theme));
            if core.proof.is_loading() {
                lines.push(Line::styled(" Trying the key…", theme.muted));
            }
            if core.sandbox.is_loading() {
                lines.push(Line::styled(" The sandbox deletes the key…", theme.muted));
            } else if core.sandbox.ready().is_some() {
                lines.push(Line::styled(
                    " The sandbox deleted the key: Enter proves it refused.",
                    theme.ok,
                ));
            }
            if let Some(f) = core.proof.failure().or(core.sandbox.failure()) {
                lines.extend(failure_lines(f, theme));
            }
        }
        Phase::Acting(_) => lines.push(Line::styled(" Working…", theme.muted)),
        Phase::Failed(f) => lines.extend(failure_lines(f, theme)),
        Phase::Retired if core.demo => {
            lines.push(Line::styled(format!(" {}", core.retired_line()), theme.ok))
        }
        Phase::Retired => lines.push(Line::styled(
            format!(
                " Setup {} is retired: kept on this machine, `cw-onboard list` shows it.",
                setup.id
            ),
            theme.ok,
        )),
        _ => {}
    }
    if let Some(note) = &core.note {
        lines.push(Line::styled(format!(" {note}"), theme.warn));
    }
    Paragraph::new(super::wrap::hanging(lines, body.width))
        .wrap(Wrap { trim: false })
        .render(body, buf);
    let mut spans = Vec::new();
    for (key, what) in core.footer() {
        spans.push(Span::styled(format!(" {key}"), theme.key));
        spans.push(Span::styled(format!(" {what} "), theme.key_desc));
    }
    Line::from(spans).render(footer, buf);
}
