//! `cw-onboard demo`'s start screen: walk a setup, audit the sandbox's messy instance, or
//! rotate the key of (or retire) a finished setup the demo makes first.

use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// What `demo` shows, chosen on its start screen (or asked first in `--plain`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoChoice {
    /// The wizard, step by step, against the sandbox's plain instance.
    Walk,
    /// `cw-onboard audit` of the sandbox's messy instance.
    Audit,
    /// `cw-onboard rotate` of a finished setup the demo makes first.
    Rotate,
    /// `cw-onboard retire` of a finished setup the demo makes first.
    Retire,
}

impl DemoChoice {
    pub const ALL: [DemoChoice; 4] = [
        DemoChoice::Walk,
        DemoChoice::Audit,
        DemoChoice::Rotate,
        DemoChoice::Retire,
    ];

    /// The choice in a word or three, as the start screen and the line prompt list it.
    pub fn label(self) -> &'static str {
        match self {
            DemoChoice::Walk => "Walk a setup",
            DemoChoice::Audit => "Audit a messy instance",
            DemoChoice::Rotate => "Rotate the key of a finished setup",
            DemoChoice::Retire => "Retire an integration",
        }
    }

    /// What the choice shows.
    pub fn about(self) -> &'static str {
        match self {
            DemoChoice::Walk => {
                "Connect an integration (CW Kanban, say) step by step: role, API member, key, allow-list, summary. The sandbox plays your hands in the ConnectWise UI (^D)."
            }
            DemoChoice::Audit => {
                "`cw-onboard audit` of an instance years of hand-made API access left behind: members on Admin, shared and over-wide roles, integrator logins. Read-only."
            }
            DemoChoice::Rotate => {
                "A finished setup is made first, then its key rotates: new key verified and handed off, old key inactive then deleted, each refusal proven."
            }
            DemoChoice::Retire => {
                "A finished setup is made first; then it is offboarded: member deactivated, role deleted when unshared, key deleted and proven refused (401)."
            }
        }
    }
}

impl std::fmt::Display for DemoChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// How the start screen ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartEnd {
    Chosen(DemoChoice),
    /// Esc, q or ^C: nothing started.
    Quit,
}

/// The start screen's state: which choice is highlighted.
#[derive(Debug, Clone, Default)]
pub struct DemoStart {
    pub cursor: usize,
}

impl DemoStart {
    pub fn selected(&self) -> DemoChoice {
        DemoChoice::ALL[self.cursor.min(DemoChoice::ALL.len() - 1)]
    }

    /// Handles a key; `Some` when the screen is done.
    pub fn on_key(&mut self, key: KeyEvent) -> Option<StartEnd> {
        let last = DemoChoice::ALL.len() - 1;
        match key.code {
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return Some(StartEnd::Quit);
            }
            KeyCode::Esc | KeyCode::Char('q') => return Some(StartEnd::Quit),
            KeyCode::Enter => return Some(StartEnd::Chosen(self.selected())),
            KeyCode::Char(c @ '1'..='9') => {
                let n = c as usize - '1' as usize;
                return DemoChoice::ALL.get(n).map(|c| StartEnd::Chosen(*c));
            }
            KeyCode::Up | KeyCode::BackTab | KeyCode::Char('k') => {
                self.cursor = self.cursor.saturating_sub(1);
            }
            KeyCode::Down | KeyCode::Tab | KeyCode::Char('j') => {
                self.cursor = (self.cursor + 1).min(last);
            }
            _ => {}
        }
        None
    }
}

const INDENT: &str = "    ";

/// Draws the whole screen.
pub fn draw(screen: &DemoStart, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.width < crate::app::MIN_WIDTH || area.height < crate::app::MIN_HEIGHT {
        crate::ui::chrome::too_small((area.width, area.height), area, buf, theme);
        return;
    }
    let [title, _gap, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Line::from(vec![
        Span::styled(" cw-onboard demo ", theme.title),
        Span::styled(
            "· a simulated ConnectWise instance, no keys needed",
            theme.muted,
        ),
    ])
    .render(title, buf);
    let mut lines = vec![
        Line::from(Span::styled("What shall the demo show?", theme.heading)),
        Line::raw(""),
    ];
    for (n, choice) in DemoChoice::ALL.iter().enumerate() {
        let chosen = n == screen.cursor;
        let style = if chosen {
            theme.selected.patch(theme.focus)
        } else {
            theme.value
        };
        lines.push(Line::from(vec![
            Span::styled(if chosen { "› " } else { "  " }, theme.focus),
            Span::styled(format!("{} ", n + 1), theme.key),
            Span::styled(choice.label(), style),
        ]));
        let width = (area.width as usize)
            .saturating_sub(2 + INDENT.len())
            .max(20);
        for line in crate::ui::widgets::word_wrap(choice.about(), width) {
            lines.push(Line::from(Span::styled(
                format!("{INDENT}{line}"),
                theme.muted,
            )));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::from(Span::styled(
        "All run against the built-in sandbox: nothing leaves this machine.",
        theme.muted,
    )));
    let body = Rect {
        x: body.x + 1,
        width: body.width.saturating_sub(2),
        ..body
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(body, buf);
    crate::ui::widgets::key_hints(
        &[
            ("↑↓", "choose"),
            ("Enter", "start"),
            ("1-4", "start that one"),
            ("q", "quit"),
        ],
        theme,
    )
    .render(footer, buf);
}

#[cfg(test)]
mod tests;
