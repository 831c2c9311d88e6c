//! Step 1's feature list, under the template picker: the chosen templates' optional features,
//! ticked when switched on; when focused, what the highlighted one adds (its reason, its role
//! rows and customize items).

use crate::app::steps::role::features::{FeatureList, FeatureRow};
use crate::level::{Level, Levels};
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Lines of the reason shown at most.
const WHY_LINES: usize = 3;

fn letter(l: Level) -> &'static str {
    match l {
        Level::None => "N",
        Level::My => "M",
        Level::All => "A",
    }
}

/// Levels as the checklist abbreviates them: Add/Edit/Delete/Inquire.
fn short(l: &Levels) -> String {
    [l.add, l.edit, l.delete, l.inquire].map(letter).join("/")
}

fn lines(rows: &[FeatureRow], list: &FeatureList, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![Line::from(vec![
        Span::styled("Optional features ", theme.heading),
        Span::styled(
            if list.focused {
                "· Space switches on or off, Tab back to the templates"
            } else {
                "· Tab to switch them on"
            },
            theme.muted,
        ),
    ])];
    for (i, row) in rows.iter().enumerate() {
        let highlighted = list.focused && i == list.cursor;
        let style = if highlighted {
            theme.selected
        } else if row.on {
            theme.heading
        } else {
            theme.label
        };
        out.push(Line::from(vec![
            Span::styled(
                format!(
                    "{} {} ",
                    if row.on { "[x]" } else { "[ ]" },
                    row.feature.title
                ),
                style,
            ),
            Span::styled(format!("· {}", row.template.id), theme.muted),
        ]));
    }
    let Some(row) = rows.get(list.cursor).filter(|_| list.focused) else {
        return out;
    };
    // The indent, and a column for the ellipsis of a cut reason.
    let width = usize::from(width).saturating_sub(5).max(20);
    let mut why = crate::ui::widgets::word_wrap(&row.feature.why, width);
    if why.len() > WHY_LINES {
        why.truncate(WHY_LINES);
        if let Some(last) = why.last_mut() {
            last.push('…');
        }
    }
    out.extend(
        why.into_iter()
            .map(|l| Line::from(Span::styled(format!("    {l}"), theme.muted))),
    );
    for p in row.permissions() {
        out.push(Line::from(Span::styled(
            format!(
                "    adds {} / {}  {} (A/E/D/I)",
                p.function.module,
                p.function.function,
                short(&p.levels)
            ),
            theme.value,
        )));
    }
    for c in row.customize() {
        out.push(Line::from(Span::styled(
            format!(
                "    adds {} / {}: {}",
                c.function.module,
                c.function.function,
                c.instruction()
            ),
            theme.value,
        )));
    }
    out
}

/// Splits the picker's area: the template list above, the feature list below (None when the
/// chosen templates have no features). The list keeps at least half the area.
pub fn split(
    rows: &[FeatureRow],
    list: &FeatureList,
    theme: &Theme,
    area: Rect,
) -> (Rect, Option<(Rect, Vec<Line<'static>>)>) {
    if rows.is_empty() {
        return (area, None);
    }
    let text = lines(rows, list, area.width, theme);
    // One blank row between the two lists.
    let height = (text.len() as u16 + 1).min(area.height / 2);
    let top = Rect {
        height: area.height - height,
        ..area
    };
    let bottom = Rect {
        y: area.y + top.height + 1,
        height: height.saturating_sub(1),
        ..area
    };
    (top, Some((bottom, text)))
}

pub fn draw(text: Vec<Line<'static>>, area: Rect, buf: &mut Buffer) {
    Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}
