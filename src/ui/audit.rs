//! `cw-onboard audit` full screen: members (and integrator logins) worst first on the left, the
//! selected one's findings and role rows (marked as in step 1: ✓ matches, ✗ too low, ! beyond
//! the template) on the right.

use crate::app::verify::{ChecklistRow, RowState};
use crate::audit::findings::{Finding, Severity};
use crate::audit::{MemberReport, Report};
use crate::level::{Column, Level, Levels};
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

/// One entry of the left list.
enum Item<'a> {
    Member(&'a MemberReport),
    Login(usize),
    /// Findings about nothing listed (e.g. a setup whose member is gone).
    Other(Vec<&'a Finding>),
}

/// The screen's state: the report and what is selected.
pub struct AuditScreen {
    pub report: Report,
    pub cursor: usize,
    pub scroll: u16,
}

impl AuditScreen {
    pub fn new(report: Report) -> AuditScreen {
        AuditScreen {
            report,
            cursor: 0,
            scroll: 0,
        }
    }

    fn items(&self) -> Vec<Item<'_>> {
        let mut items: Vec<Item> = self.report.members.iter().map(Item::Member).collect();
        items.extend((0..self.report.integrator_logins.len()).map(Item::Login));
        let listed = |f: &Finding| {
            f.member.as_ref().is_some_and(|m| {
                self.report
                    .members
                    .iter()
                    .any(|x| x.identifier.eq_ignore_ascii_case(m))
            }) || f.subject.starts_with("integrator login ")
                || (f.member.is_none() && f.subject.starts_with("role "))
        };
        let other: Vec<&Finding> = self.report.findings.iter().filter(|f| !listed(f)).collect();
        if !other.is_empty() {
            items.push(Item::Other(other));
        }
        items
    }

    /// Handles a key; true when the screen should close.
    pub fn on_key(&mut self, key: KeyEvent) -> bool {
        let count = self.items().len();
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => return true,
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => return true,
            KeyCode::Up | KeyCode::Char('k') => {
                self.cursor = self.cursor.saturating_sub(1);
                self.scroll = 0;
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.cursor = (self.cursor + 1).min(count.saturating_sub(1));
                self.scroll = 0;
            }
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll = self.scroll.saturating_add(10),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(10),
            _ => {}
        }
        false
    }
}

fn mark(severity: Option<Severity>, theme: &Theme) -> (&'static str, Style) {
    match severity {
        Some(Severity::High) => ("✗", theme.error),
        Some(Severity::Medium) => ("!", theme.warn),
        Some(Severity::Low) => ("·", theme.muted),
        None => ("✓", theme.ok),
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!(
            "{}…",
            s.chars().take(n.saturating_sub(1)).collect::<String>()
        )
    }
}

/// Levels as step 1 abbreviates them: `A/A/N/A` (Add, Edit, Delete, Inquire).
fn short(levels: &Levels) -> String {
    let letter = |l: Level| match l {
        Level::None => "N",
        Level::My => "M",
        Level::All => "A",
    };
    Column::ALL
        .iter()
        .map(|c| letter(levels.get(*c)))
        .collect::<Vec<_>>()
        .join("/")
}

fn row_line(row: &ChecklistRow, width: usize, theme: &Theme) -> Line<'static> {
    let (m, style) = match row.state {
        RowState::Matches => ("✓", theme.ok),
        RowState::TooLow(_) | RowState::Missing => ("✗", theme.error),
        RowState::TooHigh(_) => ("!", theme.warn),
        RowState::Unknown => ("·", theme.muted),
    };
    let now = match (&row.state, row.live) {
        (RowState::Matches, _) => String::new(),
        (RowState::Missing, _) => " not on instance".into(),
        (_, Some(l)) => format!(" now {}", short(&l)),
        (_, None) => String::new(),
    };
    let name_width = width.saturating_sub(2 + 8 + now.chars().count()).max(8);
    Line::from(Span::styled(
        format!(
            "{m} {:<name_width$} {}{now}",
            truncate(row.function.function, name_width),
            short(&row.wanted)
        ),
        style,
    ))
}

fn finding_lines(findings: &[&Finding], theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for f in findings {
        let (m, style) = mark(Some(f.severity), theme);
        out.push(Line::from(vec![
            Span::styled(format!("{m} {} ", f.severity), style),
            Span::styled(f.code.to_string(), theme.heading),
        ]));
        out.push(Line::raw(format!("  {}", f.message)));
    }
    out
}

fn member_detail(m: &MemberReport, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(Span::styled(
            format!(
                "{}{}",
                m.identifier,
                if m.inactive { " (inactive)" } else { "" }
            ),
            theme.heading,
        )),
        Line::raw(format!(
            "Role {} · Level {}",
            m.role.as_deref().unwrap_or("none"),
            m.level.as_deref().unwrap_or("?")
        )),
        Line::raw(match &m.template {
            Some(t) => format!("Template {t} ({})", m.template_from),
            None => "Template none matches".into(),
        }),
        Line::raw(format!(
            "{} · {} missing, {} beyond the template",
            m.setup
                .as_deref()
                .map_or("no setup here".to_string(), |s| format!("setup {s}")),
            m.missing.len(),
            m.extra.len()
        )),
    ];
    let findings: Vec<&Finding> = m.findings.iter().collect();
    if findings.is_empty() {
        lines.push(Line::from(Span::styled("✓ no findings", theme.ok)));
    }
    lines.extend(finding_lines(&findings, theme));
    if !m.checklist.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            "Role rows (wanted A/E/D/I)",
            theme.heading,
        )));
        let mut module = "";
        for row in &m.checklist {
            if row.function.module != module {
                module = row.function.module;
                lines.push(Line::from(Span::styled(module.to_string(), theme.muted)));
            }
            lines.push(row_line(row, width, theme));
        }
    }
    lines
}

/// Draws the whole screen.
pub fn draw(screen: &AuditScreen, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.width < crate::app::MIN_WIDTH || area.height < crate::app::MIN_HEIGHT {
        crate::ui::chrome::too_small((area.width, area.height), area, buf, theme);
        return;
    }
    let report = &screen.report;
    let [title, summary, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let i = &report.instance;
    Line::from(vec![
        Span::styled(" cw-onboard audit ", theme.title),
        Span::raw(format!(
            "· {} ",
            if i.company_name.is_empty() {
                &i.company
            } else {
                &i.company_name
            }
        )),
        Span::styled(format!("· {} · read-only", i.company), theme.muted),
    ])
    .render(title, buf);
    let counts = if report.findings.is_empty() {
        Span::styled(" ✓ no findings".to_string(), theme.ok)
    } else {
        Span::styled(
            format!(
                " {} high, {} medium, {} low",
                report.count(Severity::High),
                report.count(Severity::Medium),
                report.count(Severity::Low)
            ),
            if report.count(Severity::High) > 0 {
                theme.error
            } else {
                theme.warn
            },
        )
    };
    Line::from(vec![
        counts,
        Span::styled(
            format!(
                " · {} API members · {} roles · {} logins",
                report.members.len(),
                report.roles.len(),
                report.integrator_logins.len()
            ),
            theme.muted,
        ),
    ])
    .render(summary, buf);
    let [list, detail] =
        Layout::horizontal([Constraint::Length(26), Constraint::Fill(1)]).areas(body);
    let items = screen.items();
    let cursor = screen.cursor.min(items.len().saturating_sub(1));
    let mut lines = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let (text, worst) = match item {
            Item::Member(m) => (m.identifier.clone(), m.worst()),
            Item::Login(k) => {
                let l = &report.integrator_logins[*k];
                let worst = report
                    .findings
                    .iter()
                    .filter(|f| f.subject == format!("integrator login {}", l.username))
                    .map(|f| f.severity)
                    .max();
                (format!("login {}", l.username), worst)
            }
            Item::Other(f) => (
                "other findings".to_string(),
                f.iter().map(|f| f.severity).max(),
            ),
        };
        let (m, style) = mark(worst, theme);
        let style = if n == cursor {
            theme.selected.patch(style)
        } else {
            style
        };
        lines.push(Line::from(Span::styled(
            format!("{m} {:<22}", truncate(&text, 22)),
            style,
        )));
    }
    if items.is_empty() {
        lines.push(Line::from(Span::styled("No API members.", theme.muted)));
    }
    let block = Block::default()
        .borders(Borders::RIGHT)
        .border_style(theme.muted);
    let inner = block.inner(list);
    block.render(list, buf);
    crate::ui::steps::lines_into(lines, 0, Some(cursor), inner, buf);
    let detail = Rect {
        x: detail.x + 1,
        width: detail.width.saturating_sub(1),
        ..detail
    };
    let width = detail.width as usize;
    let text = match items.get(cursor) {
        Some(Item::Member(m)) => member_detail(m, width, theme),
        Some(Item::Login(k)) => {
            let l = &report.integrator_logins[*k];
            let subject = format!("integrator login {}", l.username);
            let findings: Vec<&Finding> = report
                .findings
                .iter()
                .filter(|f| f.subject == subject)
                .collect();
            let mut lines = vec![
                Line::from(Span::styled(
                    format!(
                        "Integrator login {}{}",
                        l.username,
                        if l.inactive { " (inactive)" } else { "" }
                    ),
                    theme.heading,
                )),
                Line::raw(format!(
                    "All APIs: {} · All records: {}",
                    if l.all_apis { "yes" } else { "no" },
                    if l.all_records { "yes" } else { "no" }
                )),
                Line::raw(format!(
                    "APIs: {}",
                    if l.apis.is_empty() {
                        "none listed".to_string()
                    } else {
                        l.apis.join(", ")
                    }
                )),
            ];
            if findings.is_empty() {
                lines.push(Line::from(Span::styled("✓ no findings", theme.ok)));
            }
            lines.extend(finding_lines(&findings, theme));
            lines
        }
        Some(Item::Other(findings)) => finding_lines(findings, theme),
        None => vec![Line::raw("Nothing to show.")],
    };
    Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .scroll((screen.scroll, 0))
        .render(detail, buf);
    crate::ui::widgets::key_hints(
        &[("↑↓", "select"), ("PgDn/PgUp", "scroll"), ("q", "quit")],
        theme,
    )
    .render(footer, buf);
}
