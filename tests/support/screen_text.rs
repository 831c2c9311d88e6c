//! A drawn buffer as text, one `|`-ended line per row (wide symbols counted once), for the
//! snapshots of the screens drawn outside the wizard's gallery.

#![allow(dead_code)]

use ratatui::buffer::Buffer;

pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut text = String::new();
    for y in area.y..area.y + area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.x..area.x + area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        text.push_str(line.trim_end());
        text.push_str("|\n");
    }
    text
}
