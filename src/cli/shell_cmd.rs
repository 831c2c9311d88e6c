//! `cw-onboard completions SHELL` and `cw-onboard man`: generated from the clap definitions, so
//! they never drift from the real flags.

use super::{Cli, Exit};
use clap::CommandFactory;
use std::io::Write;

/// Print the completion script for `shell` on stdout.
pub fn completions(shell: clap_complete::Shell) -> Exit {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "cw-onboard", &mut out);
    write_stdout(&out)
}

/// Print the man page (roff) on stdout: `cw-onboard man | man -l -`.
pub fn man() -> Exit {
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut out) {
        eprintln!("error: cannot render the man page: {e}");
        return Exit::Error;
    }
    write_stdout(&out)
}

fn write_stdout(bytes: &[u8]) -> Exit {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Exit::Done,
        // A closed pipe (`cw-onboard man | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Done,
        Err(e) => {
            eprintln!("error: cannot write to stdout: {e}");
            Exit::Error
        }
    }
}
