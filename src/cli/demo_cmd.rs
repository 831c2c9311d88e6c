//! `cw-onboard demo`: its start screen (full screen) or first question (`--plain`) chooses
//! between walking a setup and auditing the sandbox's messy instance; `demo --audit` goes
//! straight to the audit, `--no-input demo` runs the batch walk.

use super::screen_loop::{self, ScreenEnd};
use super::{Exit, GlobalArgs};
use crate::session::SessionConfig;
use crate::ui::demo_start::{DemoChoice, DemoStart, StartEnd};
use std::io::IsTerminal;

/// The full-screen demo: the start screen, then the wizard or the audit.
pub async fn full_screen(global: &GlobalArgs) -> Exit {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        // No screen to choose on: the wizard says what to do instead.
        return super::wizard_cmd::demo(global).await;
    }
    let mut screen = DemoStart::default();
    match screen_loop::run(&mut screen).await {
        Ok(ScreenEnd::Done(StartEnd::Chosen(DemoChoice::Walk))) => {
            super::wizard_cmd::demo(global).await
        }
        Ok(ScreenEnd::Done(StartEnd::Chosen(DemoChoice::Audit))) => {
            super::audit_cmd::demo(global).await
        }
        Ok(_) => Exit::Cancelled,
        Err(e) => {
            eprintln!("error: cannot use the terminal: {e}");
            Exit::Error
        }
    }
}

/// `--plain demo`: the same choice as a line prompt, then the line-prompt walk or the audit's
/// lines.
pub async fn plain(global: &GlobalArgs, config: &SessionConfig) -> Exit {
    let asked = inquire::Select::new("What shall the demo show?", DemoChoice::ALL.to_vec())
        .with_help_message("↑↓ to move, Enter to start; both run against the built-in sandbox")
        .prompt();
    match asked {
        Ok(DemoChoice::Walk) => crate::prompt::demo(config).await.into(),
        Ok(DemoChoice::Audit) => {
            let global = GlobalArgs {
                plain: true,
                ..global.clone()
            };
            super::audit_cmd::demo(&global).await
        }
        Err(
            inquire::InquireError::OperationCanceled | inquire::InquireError::OperationInterrupted,
        ) => Exit::Cancelled,
        Err(e) => {
            eprintln!(
                "error: {e}; `--no-input demo` runs the demo without a terminal, `demo --audit` the audit."
            );
            Exit::Error
        }
    }
}
