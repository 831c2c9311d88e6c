//! Small drawing helpers shared by the step widgets: form lines, status marks, spinners.

use super::theme::Theme;
use crate::app::facts::Failure;
use crate::app::field::{PickField, TextField};
use crate::app::load::Load;
use crate::app::setup::CheckStatus;
use ratatui::text::{Line, Span};

pub const SPINNER: [&str; 4] = ["|", "/", "-", "\\"];
pub const LABEL_WIDTH: usize = 20;

pub fn spinner(tick: usize) -> &'static str {
    SPINNER[tick % SPINNER.len()]
}

fn label_span(label: &str, focused: bool, theme: &Theme) -> Vec<Span<'static>> {
    let marker = if focused { "› " } else { "  " };
    let style = if focused { theme.focus } else { theme.label };
    // A label longer than the column still gets a space before its value.
    let gap = if label.chars().count() >= LABEL_WIDTH - 2 {
        " "
    } else {
        ""
    };
    vec![
        Span::styled(marker.to_string(), style),
        Span::styled(format!("{label:<w$}{gap}", w = LABEL_WIDTH - 2), style),
    ]
}

/// One form line: label, value (or placeholder), then the field's note or error.
pub fn text_line(field: &TextField, focused: bool, theme: &Theme) -> Vec<Line<'static>> {
    let mut spans = label_span(&field.label, focused, theme);
    let shown = field.display();
    if shown.is_empty() {
        spans.push(Span::styled(
            format!("{:<1}", field.placeholder),
            theme.placeholder,
        ));
    } else {
        spans.push(Span::styled(shown, theme.value));
    }
    if let Some(note) = &field.note
        && field.error.is_none()
    {
        spans.push(Span::styled(format!("  ✓ {note}"), theme.ok));
    }
    let mut lines = vec![Line::from(spans)];
    if let Some(error) = &field.error {
        lines.push(Line::from(vec![
            Span::raw(" ".repeat(LABEL_WIDTH)),
            Span::styled(format!("✗ {error}"), theme.error),
        ]));
    }
    lines
}

pub fn pick_line(field: &PickField, focused: bool, theme: &Theme) -> Vec<Line<'static>> {
    let mut spans = label_span(field.label, focused, theme);
    match field.value() {
        Some(v) => {
            let pos = field.selected.map(|i| i + 1).unwrap_or(0);
            spans.push(Span::styled(format!("◂ {} ▸", v.name), theme.value));
            spans.push(Span::styled(
                format!("  {pos}/{}", field.options.len()),
                theme.muted,
            ));
        }
        None if field.options.is_empty() => {
            spans.push(Span::styled("(no choices loaded)", theme.muted))
        }
        None => spans.push(Span::styled(
            format!("◂ choose ({}) ▸", field.options.len()),
            theme.placeholder,
        )),
    }
    let mut lines = vec![Line::from(spans)];
    if let Some(error) = &field.error {
        lines.push(Line::from(vec![
            Span::raw(" ".repeat(LABEL_WIDTH)),
            Span::styled(format!("✗ {error}"), theme.error),
        ]));
    }
    lines
}

pub fn status_mark(status: CheckStatus, theme: &Theme) -> Span<'static> {
    match status {
        CheckStatus::Pass => Span::styled("✓", theme.ok),
        CheckStatus::Fail => Span::styled("✗", theme.error),
        CheckStatus::Warn => Span::styled("!", theme.warn),
        CheckStatus::Skip => Span::styled("-", theme.muted),
    }
}

pub fn failure_lines(failure: &Failure, theme: &Theme) -> Vec<Line<'static>> {
    vec![
        Line::from(Span::styled(format!("✗ {}", failure.summary), theme.error)),
        Line::from(Span::styled(format!("  {}", failure.advice), theme.warn)),
    ]
}

/// "checking…" while loading, the failure when failed, nothing otherwise.
pub fn load_lines<T>(load: &Load<T>, what: &str, tick: usize, theme: &Theme) -> Vec<Line<'static>> {
    match load {
        Load::Loading { .. } => vec![Line::from(Span::styled(
            format!("{} {what}… (Esc cancels)", spinner(tick)),
            theme.muted,
        ))],
        Load::Failed(f) => failure_lines(f, theme),
        _ => Vec::new(),
    }
}

/// A footer of key hints: each key, then what it does (" ↑↓ select  q quit").
pub fn key_hints(hints: &[(&'static str, &str)], theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (n, (key, label)) in hints.iter().enumerate() {
        let gap = if n + 1 < hints.len() { "  " } else { "" };
        spans.push(Span::styled(*key, theme.key));
        spans.push(Span::styled(format!(" {label}{gap}"), theme.key_desc));
    }
    Line::from(spans)
}

/// `text` in lines of at most `width` columns, broken between words (for indented text,
/// which a wrapping paragraph would not indent): the one wrapping rule, `wrap::hanging`'s.
pub fn word_wrap(text: &str, width: usize) -> Vec<String> {
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let width = u16::try_from(width).unwrap_or(u16::MAX);
    super::wrap::hanging(vec![Line::from(words)], width)
        .into_iter()
        .map(|line| line.to_string())
        .filter(|line| !line.is_empty())
        .collect()
}
