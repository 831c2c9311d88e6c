//! Wrapping with a hanging indent, the one helper every screen's long lines go through: a
//! line too wide for its area continues under its text (after its leading spaces and its mark:
//! "1.", "✓", "!", "›"...), not at column 0 as a wrapping paragraph would put it.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// The marks a line's text may follow ("✓ done", "! warning", "2. step").
const MARKS: [&str; 9] = ["✓", "✗", "!", "›", "·", "–", "-", "•", "▸"];

/// `lines` fitted to `width` columns: each too wide is broken between words, its continuation
/// rows indented under its text. Lines that fit are kept as they are.
pub fn hanging(lines: Vec<Line<'static>>, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    lines
        .into_iter()
        .flat_map(|line| wrap_line(line, width))
        .collect()
}

fn cols(chars: &[(char, Style)]) -> usize {
    chars.iter().map(|(c, _)| c.width().unwrap_or(0)).sum()
}

/// How many characters lead the line's text: its spaces, then its mark and the spaces after it.
fn indent_of(text: &str) -> usize {
    let spaces = text.chars().take_while(|c| *c == ' ').count();
    let rest: String = text.chars().skip(spaces).collect();
    let token: String = rest.chars().take_while(|c| *c != ' ').collect();
    let numbered = token.len() > 1
        && token.ends_with('.')
        && token[..token.len() - 1].chars().all(|c| c.is_ascii_digit());
    if !(MARKS.contains(&token.as_str()) || numbered) {
        return spaces;
    }
    let gap = rest
        .chars()
        .skip(token.chars().count())
        .take_while(|c| *c == ' ')
        .count();
    if gap == 0 {
        return spaces;
    }
    spaces + token.chars().count() + gap
}

fn wrap_line(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    if width == 0 || line.width() <= width {
        return vec![line];
    }
    let chars: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    let text: String = chars.iter().map(|(c, _)| *c).collect();
    let (prefix, rest) = chars.split_at(indent_of(&text));
    // An indent as wide as half the area would leave too little room: continue at column 0.
    let indent = Some(cols(prefix)).filter(|i| i * 2 <= width).unwrap_or(0);
    let mut rows: Vec<Vec<(char, Style)>> = Vec::new();
    let mut row: Vec<(char, Style)> = prefix.to_vec();
    let mut fresh = true;
    let mut space: Vec<(char, Style)> = Vec::new();
    let mut word: Vec<(char, Style)> = Vec::new();
    let mut place = |space: &[(char, Style)],
                     word: &[(char, Style)],
                     row: &mut Vec<(char, Style)>,
                     fresh: &mut bool| {
        if !*fresh && cols(row) + cols(space) + cols(word) > width {
            rows.push(std::mem::replace(
                row,
                vec![(' ', Style::default()); indent],
            ));
            *fresh = true;
        }
        if !*fresh {
            row.extend_from_slice(space);
        }
        for &(c, style) in word {
            // A word wider than the row is cut where the row ends.
            if cols(row) + c.width().unwrap_or(0) > width && cols(row) > indent {
                rows.push(std::mem::replace(
                    row,
                    vec![(' ', Style::default()); indent],
                ));
            }
            row.push((c, style));
        }
        *fresh = false;
    };
    for &(c, style) in rest {
        if c == ' ' {
            if !word.is_empty() {
                place(&space, &word, &mut row, &mut fresh);
                space.clear();
                word.clear();
            }
            space.push((c, style));
        } else {
            word.push((c, style));
        }
    }
    if !word.is_empty() {
        place(&space, &word, &mut row, &mut fresh);
    }
    rows.push(row);
    rows.into_iter()
        .map(|row| {
            let mut spans: Vec<Span<'static>> = Vec::new();
            for (c, style) in row {
                match spans.last_mut() {
                    Some(last) if last.style == style => last.content.to_mut().push(c),
                    _ => spans.push(Span::styled(c.to_string(), style)),
                }
            }
            let mut out = Line::from(spans).style(line.style);
            out.alignment = line.alignment;
            out
        })
        .collect()
}

#[cfg(test)]
mod tests;
