//! The frame around every step: title, stepper, error banner and footer key hints (from the
//! same table that handles the keys), and the "make the terminal bigger" screen.

use super::theme::Theme;
use crate::app::keymap;
use crate::app::setup::{SetupStatus, StepId};
use crate::app::{MIN_HEIGHT, MIN_WIDTH, Wizard};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub fn title(wizard: &Wizard, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(" cw-onboard ", theme.title)];
    if let Some(m) = &wizard.merged {
        spans.push(Span::raw(format!("· {} ", m.names.join(" + "))));
    }
    if !wizard.setup.company.is_empty() {
        spans.push(Span::styled(
            format!("· {} ", wizard.setup.company),
            theme.muted,
        ));
    }
    if wizard.demo {
        spans.push(Span::styled("· DEMO (sandbox) ", theme.warn));
    }
    Line::from(spans)
}

/// "Step 2 of 5 · API member" and the six step marks.
pub fn stepper(wizard: &Wizard, theme: &Theme) -> Line<'static> {
    let current = wizard.step;
    let mut spans = vec![Span::styled(
        format!(" Step {} of 5 · {}  ", current.number(), current.title()),
        theme.heading,
    )];
    for step in StepId::ALL {
        let (mark, style) = if step == current {
            ("◉", theme.step_current)
        } else if wizard.skips(step) {
            // Templates without permission rows: no role, member or key (app::skip).
            ("–", theme.muted)
        } else if wizard.setup.completed.contains(&step)
            // A finished setup (a rotation is one) is done at every step, though batch's
            // second run and the last step leave no mark.
            || wizard.setup.status != SetupStatus::InProgress
        {
            ("●", theme.step_done)
        } else {
            ("○", theme.step_todo)
        };
        spans.push(Span::styled(format!("{mark}{} ", step.number()), style));
    }
    let mode = match wizard.setup.mode {
        crate::app::setup::Mode::Assisted => " assisted",
        crate::app::setup::Mode::Guided => " guided",
    };
    if current != StepId::Instance {
        spans.push(Span::styled(mode, theme.muted));
    }
    Line::from(spans)
}

/// The key hints that fit in `width`; the last one (^C) always shows.
pub fn footer(wizard: &Wizard, theme: &Theme, width: u16) -> Line<'static> {
    let hints = keymap::hints(&wizard.bindings());
    let cost = |(key, label): &(&str, &str)| key.chars().count() + label.chars().count() + 3;
    let budget = (width as usize).saturating_sub(1);
    let last = hints.last().map_or(0, cost);
    let mut used = last;
    let mut shown: Vec<(&str, &str)> = Vec::new();
    for hint in &hints[..hints.len().saturating_sub(1)] {
        if used + cost(hint) > budget {
            break;
        }
        used += cost(hint);
        shown.push(*hint);
    }
    shown.extend(hints.last().copied());
    let mut spans = vec![Span::raw(" ")];
    for (key, label) in shown {
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::styled(format!(" {label}  "), theme.key_desc));
    }
    Line::from(spans)
}

pub fn banner(text: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    Paragraph::new(Line::from(Span::styled(format!(" ✗ {text}"), theme.banner)))
        .style(theme.banner)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

pub fn too_small(size: (u16, u16), area: Rect, buf: &mut Buffer, theme: &Theme) {
    let lines = vec![
        Line::from(Span::styled("Make the terminal bigger", theme.heading)),
        Line::from(format!(
            "need {MIN_WIDTH}x{MIN_HEIGHT}, have {}x{}",
            size.0, size.1
        )),
        Line::from(Span::styled("^C saves and quits", theme.muted)),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let inner = Rect {
        y: area.y + top,
        height: area.height.saturating_sub(top),
        ..area
    };
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}
