//! A semantic theme: widgets ask for meanings, never colours. Under NO_COLOR the plain theme
//! keeps bold, reversed and underline, so focus and state never depend on colour alone (marks
//! such as ✓ ✗ ! always come with the colour).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub title: Style,
    pub step_done: Style,
    pub step_current: Style,
    pub step_todo: Style,
    pub label: Style,
    pub focus: Style,
    pub value: Style,
    pub placeholder: Style,
    pub muted: Style,
    pub ok: Style,
    pub error: Style,
    pub warn: Style,
    pub key: Style,
    pub key_desc: Style,
    pub banner: Style,
    pub heading: Style,
    pub selected: Style,
}

impl Theme {
    pub fn color() -> Theme {
        Theme {
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            step_done: Style::new().fg(Color::Green),
            step_current: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            step_todo: Style::new().fg(Color::DarkGray),
            label: Style::new(),
            focus: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            value: Style::new().add_modifier(Modifier::UNDERLINED),
            placeholder: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::UNDERLINED),
            muted: Style::new().fg(Color::DarkGray),
            ok: Style::new().fg(Color::Green),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            warn: Style::new().fg(Color::Yellow),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            key_desc: Style::new(),
            banner: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            heading: Style::new().add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    /// NO_COLOR: modifiers only.
    pub fn plain() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            title: bold,
            step_done: Style::new(),
            step_current: bold.add_modifier(Modifier::UNDERLINED),
            step_todo: Style::new(),
            label: Style::new(),
            focus: bold.add_modifier(Modifier::REVERSED),
            value: Style::new().add_modifier(Modifier::UNDERLINED),
            placeholder: Style::new().add_modifier(Modifier::UNDERLINED),
            muted: Style::new(),
            ok: Style::new(),
            error: bold,
            warn: Style::new(),
            key: bold,
            key_desc: Style::new(),
            banner: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            heading: bold,
            selected: Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    /// The theme the environment asks for: plain when NO_COLOR is set and not empty.
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::plain(),
            _ => Theme::color(),
        }
    }
}
