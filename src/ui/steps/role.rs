//! Step 1's widget: the template picker, then the role checklist grouped by module, each row
//! green when it matches, red when too low, amber when higher than needed.

use crate::app::Wizard;
use crate::app::setup::Mode;
use crate::app::steps::role::features::feature_rows;
use crate::app::steps::role::{Checklist, Phase, Picker};
use crate::app::verify::{ChecklistRow, RowState, tally};
use crate::level::{Column, Level, Levels};
use crate::template::catalog::{label_in_version, rename_note};
use crate::ui::theme::Theme;
use crate::ui::widgets::{load_lines, spinner, text_line};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn draw(wizard: &Wizard, theme: &Theme, area: Rect, buf: &mut Buffer) {
    match &wizard.role.phase {
        Phase::Pick(picker) => draw_picker(wizard, picker, theme, area, buf),
        Phase::Checklist(_) if wizard.skip_reason().is_some() => {
            super::lines_into(super::skipped::lines(wizard, theme), 0, None, area, buf);
        }
        Phase::Checklist(list) => draw_checklist(wizard, list, theme, area, buf),
    }
}

fn draw_picker(wizard: &Wizard, picker: &Picker, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let step = &wizard.role;
    let features = feature_rows(&step.chosen, &wizard.library, &wizard.setup);
    let (area, panel) = super::role_features::split(&features, &picker.features, theme, area);
    if let Some((panel, text)) = panel {
        super::role_features::draw(text, panel, buf);
    }
    let mut lines = vec![Line::from(Span::styled(
        "Which integration? Space ticks one or more (they merge: highest level wins).",
        theme.muted,
    ))];
    lines.extend(text_line(&picker.query, true, theme));
    let matches = picker.matches(wizard.library.all());
    let columns = PickerColumns::fit(&matches, area.width as usize);
    if matches.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            "No template matches the search.",
            theme.warn,
        )));
    } else {
        // Named as `templates list` names them, so the date reads as the revision it is.
        lines.push(Line::from(Span::styled(columns.header(), theme.muted)));
    }
    let first = lines.len();
    for (i, t) in matches.iter().enumerate() {
        let chosen = step.chosen.contains(&t.id);
        let text = columns.row(chosen, t);
        let style = if i == picker.cursor {
            theme.selected
        } else if chosen {
            theme.heading
        } else {
            theme.label
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    super::lines_into(lines, 0, Some(first + picker.cursor), area, buf);
}

/// The picker's columns, sized so a row never wraps: tick, id, name, confidence, revision (the
/// date `templates list` shows and a setup records, not the last-verified date); the name is
/// shortened first, then the revision dropped, then the confidence.
struct PickerColumns {
    id: usize,
    name: usize,
    confidence: bool,
    date: bool,
}

impl PickerColumns {
    const TICK: usize = 4; // "[x] "
    const CONFIDENCE: usize = 11; // " CONFIDENCE"
    const DATE: usize = 11; // " 2026-11-22"
    const MIN_NAME: usize = 12;

    fn fit(templates: &[&crate::template::Template], width: usize) -> PickerColumns {
        let id = templates
            .iter()
            .map(|t| t.id.chars().count())
            .max()
            .unwrap_or(0)
            .min(24);
        let longest_name = templates
            .iter()
            .map(|t| t.name.chars().count())
            .max()
            .unwrap_or(0);
        // Keep one column spare: a line exactly as wide as the area wraps in some terminals.
        let room = width.saturating_sub(Self::TICK + id + 1 + 1);
        let mut cols = PickerColumns {
            id,
            name: 0,
            confidence: true,
            date: true,
        };
        for (confidence, date) in [(true, true), (true, false), (false, false)] {
            let fixed =
                if confidence { Self::CONFIDENCE } else { 0 } + if date { Self::DATE } else { 0 };
            if room >= fixed + Self::MIN_NAME || !confidence {
                cols.confidence = confidence;
                cols.date = date;
                cols.name = room.saturating_sub(fixed).min(longest_name);
                break;
            }
        }
        cols
    }

    fn line(&self, tick: &str, id: &str, name: &str, confidence: &str, date: &str) -> String {
        let mut text = format!(
            "{tick} {:<id$} {:<name$}",
            truncate(id, self.id),
            truncate(name, self.name),
            id = self.id,
            name = self.name,
        );
        if self.confidence {
            text.push_str(&format!(" {confidence:<10}"));
        }
        if self.date {
            text.push_str(&format!(" {date}"));
        }
        text.trim_end().to_string()
    }

    /// The columns' names, as `templates list` heads them.
    fn header(&self) -> String {
        self.line("   ", "ID", "NAME", "CONFIDENCE", "REVISION")
    }

    fn row(&self, chosen: bool, t: &crate::template::Template) -> String {
        let tick = if chosen { "[x]" } else { "[ ]" };
        let confidence = format!("{:?}", t.confidence);
        self.line(tick, &t.id, &t.name, &confidence, &t.revision.to_string())
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else if n == 0 {
        String::new()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

fn cell(level: Level) -> String {
    format!("{:<5}", level.as_str())
}

/// Live levels in short form, e.g. `now N/A/N/A` (None, My, All).
fn short(levels: &Levels) -> String {
    let letter = |l: Level| match l {
        Level::None => "N",
        Level::My => "M",
        Level::All => "A",
    };
    let cells: Vec<&str> = Column::ALL.iter().map(|c| letter(levels.get(*c))).collect();
    format!("now {}", cells.join("/"))
}

fn levels_text(levels: &Levels) -> String {
    Column::ALL
        .iter()
        .map(|c| cell(levels.get(*c)))
        .collect::<String>()
}

/// The function column: 32 at 80 columns, up to 12 more on a wider terminal, so the long
/// names ("Product Entry (Product Catalog)", a guided row with its box) show whole there.
fn name_column(area: Rect) -> usize {
    32 + usize::from(area.width.saturating_sub(80)).min(12)
}

fn row_line(
    row: &ChecklistRow,
    name: &str,
    column: usize,
    selected: bool,
    ticked: Option<bool>,
    theme: &Theme,
) -> Line<'static> {
    let (mark, style) = match (&row.state, ticked) {
        (_, Some(true)) => ("✓", theme.ok),
        (_, Some(false)) => (" ", theme.label),
        (RowState::Matches, _) => ("✓", theme.ok),
        (RowState::TooLow(_), _) | (RowState::Missing, _) => ("✗", theme.error),
        (RowState::TooHigh(_), _) => ("!", theme.warn),
        (RowState::Unknown, _) => ("·", theme.muted),
    };
    let live = match (&row.state, row.live) {
        (RowState::Missing, _) => "not on this instance".to_string(),
        (RowState::TooLow(_), Some(l)) => format!("{} too low", short(&l)),
        (RowState::TooHigh(_), Some(l)) => format!("{} too high", short(&l)),
        _ => String::new(),
    };
    let box_mark = match ticked {
        Some(true) => "[x]",
        Some(false) => "[ ]",
        None => "",
    };
    // The levels line up under the heading's Add (a guided row's box takes from the name),
    // and a shortened name keeps a space before them.
    let width = column - box_mark.len();
    let text = format!(
        " {mark}{box_mark} {:<width$}{} {live}",
        truncate(name, width - 1),
        levels_text(&row.wanted)
    );
    let style = if selected {
        theme.selected.patch(style)
    } else {
        style
    };
    Line::from(Span::styled(text, style))
}

fn draw_checklist(wizard: &Wizard, list: &Checklist, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let step = &wizard.role;
    let mode = wizard.setup.mode;
    let mut lines = Vec::new();
    lines.extend(text_line(&step.role_name, true, theme));
    match mode {
        Mode::Assisted => {
            lines.extend(load_lines(&step.role, "finding or creating the role", wizard.spinner, theme));
            if let Some(role) = step.role.ready() {
                let how = if role.created { "created" } else { "found" };
                let reading = if step.live.is_loading() { format!(" {} reading…", spinner(wizard.spinner)) } else { String::new() };
                lines.push(Line::from(vec![
                    Span::styled(format!("Role {} (id {}) {how}.", role.name, role.id), theme.ok),
                    Span::styled(format!(" Set these in System > Security Roles > {}; it is read back every 3 s.{reading}", role.name), theme.muted),
                ]));
            } else if let Some((role, claim)) = &step.found {
                let style = match claim {
                    crate::app::ownership::RoleClaim::Refused(_) => theme.error,
                    _ => theme.warn,
                };
                let text = crate::app::steps::role::held_banner(role, claim);
                lines.push(Line::from(Span::styled(text, style)));
            } else if let Some(text) = step.left_behind_banner(&wizard.setup) {
                lines.push(Line::from(Span::styled(text, theme.warn)));
            } else if !step.role.is_loading() {
                lines.push(Line::from(Span::styled("Enter finds the role by name, or creates its shell.", theme.muted)));
            }
            if let Some(f) = step.live.failure() {
                lines.extend(crate::ui::widgets::failure_lines(f, theme));
            }
            lines.extend(load_lines(&step.sandbox, "setting the levels in the sandbox", wizard.spinner, theme));
        }
        Mode::Guided => lines.push(Line::from(Span::styled(
            "Create the role in System > Security Roles (+), set each row, Space ticks it. Step 3 verifies.",
            theme.muted,
        ))),
    }
    // What the vendor's page does not show: the rows below are not the whole list.
    for (name, gap) in wizard.merged.iter().flat_map(|m| &m.gaps) {
        lines.push(Line::from(Span::styled(
            format!("Not covered ({name}): {gap}"),
            theme.warn,
        )));
    }
    let rows = step.rows(wizard.merged.as_ref());
    // An older instance's own names for renamed functions ("Product Entry" before 2017.5).
    let version = wizard
        .setup
        .instance
        .as_ref()
        .map_or("", |i| i.version.as_str());
    let (ok, low, high) = tally(&rows);
    if step.last_live.is_some() {
        lines.push(Line::from(vec![
            Span::styled(format!("✓ {ok} match  "), theme.ok),
            Span::styled(format!("✗ {low} too low  "), theme.error),
            Span::styled(format!("! {high} higher than needed"), theme.warn),
        ]));
    }
    let column = name_column(area);
    lines.push(Line::from(Span::styled(
        format!("   {:<w$}Add  Edit Del  Inq", "Function", w = column + 1),
        theme.heading,
    )));
    let mut module = "";
    let mut cursor_line = None;
    for (i, row) in rows.iter().enumerate() {
        if row.function.module != module {
            module = row.function.module;
            lines.push(Line::from(Span::styled(
                format!(" {module}"),
                theme.heading,
            )));
        }
        if i == list.cursor {
            cursor_line = Some(lines.len());
        }
        let ticked = (mode == Mode::Guided).then(|| {
            wizard.setup.role.ticked.contains(&format!(
                "{} / {}",
                row.function.module, row.function.function
            ))
        });
        let name = label_in_version(row.function, version);
        lines.push(row_line(
            row,
            &name,
            column,
            i == list.cursor,
            ticked,
            theme,
        ));
    }
    lines.push(Line::from(Span::styled(
        " Everything else: None.",
        theme.muted,
    )));
    if let Some(merged) = &wizard.merged {
        if !merged.customize.is_empty() {
            lines.push(Line::from(Span::styled(
                " Customize (\"Allow access to these\"):",
                theme.heading,
            )));
            for c in &merged.customize {
                let item = match c.access {
                    crate::template::CustomizeAccess::Allow => c.item.clone(),
                    crate::template::CustomizeAccess::Disallow => {
                        format!("{} -> \"Disallow access to these\"", c.item)
                    }
                };
                lines.push(Line::raw(format!(
                    "   {} / {}: {item}",
                    c.function.module, c.function.function
                )));
            }
        }
        for t in &merged.temporary {
            lines.push(Line::from(Span::styled(
                format!(
                    " Temporary: {} / {} ({}); remove after the first sync.",
                    t.function.module, t.function.function, t.why
                ),
                theme.warn,
            )));
        }
        if let Some(note) = rows
            .get(list.cursor)
            .and_then(|row| rename_note(row.function, version))
        {
            lines.push(Line::from(Span::styled(format!(" {note}"), theme.muted)));
        }
        if let Some(row) = rows.get(list.cursor)
            && let Some(p) = merged
                .permissions
                .iter()
                .find(|p| std::ptr::eq(p.function, row.function))
        {
            for (template, why) in &p.whys {
                if !why.is_empty() {
                    lines.push(Line::from(Span::styled(
                        format!(" Why ({template}): {why}"),
                        theme.muted,
                    )));
                }
            }
        }
    }
    super::lines_into(lines, 0, cursor_line, area, buf);
}

#[cfg(test)]
mod tests;
