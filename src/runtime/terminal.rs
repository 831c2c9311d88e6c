//! The terminal guard: raw mode, the alternate screen and bracketed paste on entry; restored on
//! drop, on every path (error, panic via ratatui's hook, signal). Failures to restore are
//! reported on stderr, never unwrapped.

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use std::io::stdout;

pub struct TerminalGuard {
    pub terminal: DefaultTerminal,
    /// False once the terminal is gone (SIGHUP): then nothing is drawn or restored.
    pub alive: bool,
}

impl TerminalGuard {
    /// Enters the full-screen mode. `ratatui::try_init` also installs a panic hook that restores
    /// the terminal before the panic report is printed.
    pub fn enter() -> std::io::Result<TerminalGuard> {
        let terminal = ratatui::try_init()?;
        if let Err(err) = execute!(stdout(), EnableBracketedPaste) {
            ratatui::restore();
            return Err(err);
        }
        Ok(TerminalGuard {
            terminal,
            alive: true,
        })
    }

    /// The terminal went away (SSH dropped): do not write to it again.
    pub fn lost(&mut self) {
        self.alive = false;
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        if !self.alive {
            return;
        }
        if let Err(err) = execute!(stdout(), DisableBracketedPaste) {
            eprintln!("warning: could not turn bracketed paste off: {err}");
        }
        if let Err(err) = ratatui::try_restore() {
            eprintln!("warning: could not restore the terminal: {err} (run `reset`)");
        }
        let _ = self.terminal.show_cursor();
    }
}
