//! Drawing the wizard: pure functions of the core's state into a ratatui buffer.

pub mod audit;
pub mod chrome;
pub mod demo_start;
#[cfg(feature = "fixtures")]
pub mod gallery;
pub mod retire;
#[cfg(feature = "fixtures")]
pub mod screenshot;
pub mod steps;
pub mod theme;
pub mod widgets;
pub mod wrap;

use crate::app::Wizard;
use crate::app::setup::StepId;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;
pub use theme::Theme;

/// Draws the whole screen.
pub fn render(wizard: &Wizard, theme: &Theme, frame: &mut Frame) {
    draw(wizard, theme, frame.area(), frame.buffer_mut());
}

/// Draws into a buffer (tests, screenshots and benchmarks use this directly).
pub fn draw(wizard: &Wizard, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.width < crate::app::MIN_WIDTH || area.height < crate::app::MIN_HEIGHT {
        chrome::too_small((area.width, area.height), area, buf, theme);
        // What the wizard asks (quit before the key is stored?) stays readable here too.
        if let Some(text) = &wizard.banner {
            let height = area.height.min(3);
            let bottom = Rect {
                y: area.y + area.height - height,
                height,
                ..area
            };
            ratatui::widgets::Paragraph::new(text.as_str())
                .style(theme.warn)
                .wrap(ratatui::widgets::Wrap { trim: true })
                .render(bottom, buf);
        }
        return;
    }
    let banner_height = if wizard.banner.is_some() { 2 } else { 0 };
    let [title, stepper, _gap, body, banner, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(banner_height),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::title(wizard, theme).render(title, buf);
    chrome::stepper(wizard, theme).render(stepper, buf);
    let body = Rect {
        x: body.x + 1,
        width: body.width.saturating_sub(2),
        ..body
    };
    match wizard.step {
        StepId::Instance => steps::instance::draw(wizard, theme, body, buf),
        StepId::Role => steps::role::draw(wizard, theme, body, buf),
        StepId::Member => steps::member::draw(wizard, theme, body, buf),
        StepId::Keys => steps::keys::draw(wizard, theme, body, buf),
        StepId::AllowList => steps::allowlist::draw(wizard, theme, body, buf),
        StepId::Summary => steps::summary::draw(wizard, theme, body, buf),
    }
    if let Some(text) = &wizard.banner {
        chrome::banner(text, banner, buf, theme);
    }
    chrome::footer(wizard, theme, footer.width).render(footer, buf);
}

/// Where the terminal cursor goes (the focused text field), if anywhere.
pub fn cursor(wizard: &Wizard, area: Rect) -> Option<(u16, u16)> {
    let _ = (wizard, area);
    None
}
