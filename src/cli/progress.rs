//! Progress on stderr for commands that make many requests (`verify`): a bar when stderr is a
//! terminal and the output is for people; nothing at all when piped or under `--json`, so
//! scripts and logs see only the results.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar over `len` items described by `what` ("verifying"); hidden when `quiet` (`--json`)
    /// or when stderr is not a terminal.
    pub fn new(len: usize, what: &str, quiet: bool) -> Progress {
        Progress::on(len, what, !quiet && std::io::stderr().is_terminal())
    }

    fn on(len: usize, what: &str, shown: bool) -> Progress {
        if !shown || len == 0 {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
        let template = if len == 1 {
            "{spinner} {prefix} {msg} {elapsed}"
        } else {
            "{spinner} {prefix} {pos}/{len} [{bar:20}] {msg} {elapsed}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(what.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        bar.tick();
        Progress(Some(bar))
    }

    /// One item done; `msg` names it.
    pub fn done(&self, msg: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(msg.to_string());
            bar.inc(1);
        }
    }

    /// Removes the bar before the results are printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }

    pub fn is_shown(&self) -> bool {
        self.0.is_some()
    }
}

#[cfg(test)]
mod tests;
