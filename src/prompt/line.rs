//! `--plain`'s text and key prompts, read without inquire. Inquire inserts each pasted
//! character as a key press and redraws the whole line after each one: a 100 KB paste took
//! 6 s and 2 MB never finished (quadratic), with ^C waiting behind it. Here the terminal is in
//! raw mode with bracketed paste on, input is read in large blocks and fed to [`LineEditor`],
//! which does constant work per byte and echoes once per block; a line over
//! [`MAX_PASTE_BYTES`] is refused whole with a message, and ^C is seen at once.

use crate::app::field::MAX_PASTE_BYTES;
use std::io::{IsTerminal, Read, Write};

/// How the typed text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Echo {
    Plain,
    /// One `*` per character (a private key).
    Masked,
}

/// How a line ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// Enter: the line, or how many bytes it had when over the cap (nothing kept).
    Line(Result<String, usize>),
    /// ^C.
    Interrupted,
    /// ^D on an empty line, or the end of input.
    Cancelled,
}

/// The line being typed: constant work per byte (escape sequences other than the paste
/// brackets are skipped; a paste's line breaks are dropped, not taken as Enter).
#[derive(Debug)]
pub struct LineEditor {
    echo: Echo,
    text: Vec<u8>,
    /// Bytes typed or pasted in all, counted past the cap.
    total: usize,
    escape: Option<Vec<u8>>,
    pasting: bool,
}

/// What one block of input changed: what to write to the terminal, in order, and whether the
/// line ended.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Fed {
    pub echo: Vec<u8>,
    pub ended: Option<Ended>,
}

const ERASE: &[u8] = b"\x08 \x08";

impl LineEditor {
    pub fn new(echo: Echo) -> LineEditor {
        LineEditor {
            echo,
            text: Vec::new(),
            total: 0,
            escape: None,
            pasting: false,
        }
    }

    pub fn over_cap(&self) -> bool {
        self.total > MAX_PASTE_BYTES
    }

    /// Takes one block of input; stops at the end of the line (the rest is dropped, as a
    /// line prompt does).
    pub fn feed(&mut self, bytes: &[u8]) -> Fed {
        let mut fed = Fed::default();
        for &b in bytes {
            if let Some(seq) = &mut self.escape {
                seq.push(b);
                // CSI: ESC [ params final(0x40..=0x7e); anything else ends after one byte.
                let done = match seq.as_slice() {
                    [b'['] => false,
                    [b'[', .., last] => (0x40..=0x7e).contains(last),
                    _ => true,
                };
                if done {
                    match seq.as_slice() {
                        b"[200~" => self.pasting = true,
                        b"[201~" => self.pasting = false,
                        _ => {}
                    }
                    self.escape = None;
                }
                continue;
            }
            match b {
                0x1b => self.escape = Some(Vec::new()),
                b'\r' | b'\n' if self.pasting => {}
                b'\r' | b'\n' => {
                    fed.ended = Some(Ended::Line(if self.over_cap() {
                        Err(self.total)
                    } else {
                        Ok(String::from_utf8_lossy(&self.text).into_owned())
                    }));
                    return fed;
                }
                0x03 => {
                    fed.ended = Some(Ended::Interrupted);
                    return fed;
                }
                0x04 if self.text.is_empty() && self.total == 0 => {
                    fed.ended = Some(Ended::Cancelled);
                    return fed;
                }
                0x7f | 0x08 => {
                    if self.over_cap() {
                        continue;
                    }
                    // Drop the last character (a UTF-8 sequence is erased whole).
                    while let Some(last) = self.text.pop() {
                        self.total = self.total.saturating_sub(1);
                        if last & 0xc0 != 0x80 {
                            fed.echo.extend_from_slice(ERASE);
                            break;
                        }
                    }
                }
                0x15 => {
                    // ^U: clear the line.
                    if !self.over_cap() {
                        let n = String::from_utf8_lossy(&self.text).chars().count();
                        fed.echo.extend(ERASE.repeat(n));
                    }
                    self.text.clear();
                    self.total = 0;
                }
                b if b < 0x20 => {}
                b => {
                    self.total += 1;
                    if self.over_cap() {
                        if !self.text.is_empty() {
                            self.text.clear();
                            fed.echo
                                .extend_from_slice(" … too long: press Enter".as_bytes());
                        }
                    } else {
                        self.text.push(b);
                        match self.echo {
                            Echo::Plain => fed.echo.push(b),
                            Echo::Masked if b & 0xc0 != 0x80 => fed.echo.push(b'*'),
                            Echo::Masked => {}
                        }
                    }
                }
            }
        }
        fed
    }
}

/// The message for a line over the cap (the same words as the full screen's paste refusal).
pub fn too_large(bytes: usize) -> String {
    format!(
        "That paste is {} KB; a field takes at most {} KB, so nothing was kept. Copy just the value.",
        bytes.div_ceil(1024),
        MAX_PASTE_BYTES / 1024
    )
}

/// Raw mode and bracketed paste while a line is read; restored on every path.
struct RawLine;

impl RawLine {
    fn enter() -> std::io::Result<RawLine> {
        ratatui::crossterm::terminal::enable_raw_mode()?;
        let mut err = std::io::stderr();
        let _ = err.write_all(b"\x1b[?2004h");
        let _ = err.flush();
        Ok(RawLine)
    }
}

impl Drop for RawLine {
    fn drop(&mut self) {
        let mut err = std::io::stderr();
        let _ = err.write_all(b"\x1b[?2004l");
        let _ = err.flush();
        let _ = ratatui::crossterm::terminal::disable_raw_mode();
    }
}

/// Reads one line from the terminal after `prompt` (on stderr, as inquire draws). `Err` when
/// stdin is not a terminal or cannot be read.
pub fn read_line(prompt: &str, echo: Echo) -> std::io::Result<Ended> {
    if !std::io::stdin().is_terminal() {
        return Err(std::io::Error::other("not a terminal"));
    }
    let mut err = std::io::stderr();
    let _ = write!(err, "{prompt}");
    let _ = err.flush();
    let raw = RawLine::enter()?;
    let mut editor = LineEditor::new(echo);
    let mut block = vec![0u8; 64 * 1024];
    let mut stdin = std::io::stdin().lock();
    let ended = loop {
        let n = stdin.read(&mut block)?;
        if n == 0 {
            break Ended::Cancelled;
        }
        let fed = editor.feed(&block[..n]);
        // Echo once per block, in order (nothing more once over the cap).
        let _ = err.write_all(&fed.echo);
        let _ = err.flush();
        if let Some(ended) = fed.ended {
            break ended;
        }
    };
    drop(raw);
    let _ = writeln!(err);
    Ok(ended)
}

#[cfg(test)]
mod tests;
