//! One widget per step.

pub mod allowlist;
pub mod instance;
pub mod keys;
pub mod member;
pub mod retire_old;
pub mod role;
pub mod role_features;
pub mod skipped;
pub mod summary;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Renders lines, wrapped, scrolled by `scroll` rows (at most to the last row) so that line
/// `keep_visible` (if any) is on screen.
pub fn lines_into(
    lines: Vec<Line<'static>>,
    scroll: u16,
    keep_visible: Option<usize>,
    area: Rect,
    buf: &mut Buffer,
) {
    let height = area.height as usize;
    let scroll = match keep_visible {
        Some(line) if height > 0 => {
            let s = scroll as usize;
            if line < s {
                line
            } else if line >= s + height {
                line + 1 - height
            } else {
                s
            }
        }
        _ => scroll as usize,
    };
    // Long lines continue under their text; the paragraph's own wrap is only a fallback.
    let lines = crate::ui::wrap::hanging(lines, area.width);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    // Counted in rows after wrapping, so the last line can always be scrolled into view.
    let max = paragraph.line_count(area.width).saturating_sub(height);
    paragraph
        .scroll((scroll.min(max).min(u16::MAX as usize) as u16, 0))
        .render(area, buf);
}
