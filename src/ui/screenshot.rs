//! Screenshots from the same renders as the snapshots: a buffer to ANSI text, then to SVG with
//! anstyle-svg.

use anstyle::{AnsiColor, Color as AColor, Effects, RgbColor, Style as AStyle};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn color(c: Color) -> Option<AColor> {
    Some(match c {
        Color::Reset => return None,
        Color::Black => AnsiColor::Black.into(),
        Color::Red => AnsiColor::Red.into(),
        Color::Green => AnsiColor::Green.into(),
        Color::Yellow => AnsiColor::Yellow.into(),
        Color::Blue => AnsiColor::Blue.into(),
        Color::Magenta => AnsiColor::Magenta.into(),
        Color::Cyan => AnsiColor::Cyan.into(),
        Color::Gray => AnsiColor::White.into(),
        Color::DarkGray => AnsiColor::BrightBlack.into(),
        Color::LightRed => AnsiColor::BrightRed.into(),
        Color::LightGreen => AnsiColor::BrightGreen.into(),
        Color::LightYellow => AnsiColor::BrightYellow.into(),
        Color::LightBlue => AnsiColor::BrightBlue.into(),
        Color::LightMagenta => AnsiColor::BrightMagenta.into(),
        Color::LightCyan => AnsiColor::BrightCyan.into(),
        Color::White => AnsiColor::BrightWhite.into(),
        Color::Rgb(r, g, b) => RgbColor(r, g, b).into(),
        Color::Indexed(i) => anstyle::Ansi256Color(i).into(),
    })
}

fn style_of(cell: &ratatui::buffer::Cell) -> AStyle {
    let mut effects = Effects::new();
    for (m, e) in [
        (Modifier::BOLD, Effects::BOLD),
        (Modifier::DIM, Effects::DIMMED),
        (Modifier::ITALIC, Effects::ITALIC),
        (Modifier::UNDERLINED, Effects::UNDERLINE),
        (Modifier::REVERSED, Effects::INVERT),
    ] {
        if cell.modifier.contains(m) {
            effects |= e;
        }
    }
    AStyle::new()
        .fg_color(color(cell.fg))
        .bg_color(color(cell.bg))
        .effects(effects)
}

/// The buffer as text with SGR codes, one line per row (wide glyphs counted once).
pub fn to_ansi(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut current = AStyle::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buf[(x, y)];
            let style = style_of(cell);
            if style != current {
                out.push_str(&format!("{}{}", current.render_reset(), style.render()));
                current = style;
            }
            out.push_str(cell.symbol());
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
        }
        out.push_str(&format!("{}\n", current.render_reset()));
    }
    out
}

pub fn to_svg(buf: &Buffer) -> String {
    anstyle_svg::Term::new().render_svg(&to_ansi(buf))
}
