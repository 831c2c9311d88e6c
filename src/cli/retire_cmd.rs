//! `cw-onboard retire SETUP [--yes]`: offboard an integration (full screen, `--plain`,
//! `--no-input`). Exit 0 retired (or retired already), 2 unknown setup, missing admin keys, or
//! `--no-input` without `--yes` (nothing changed, the plan printed), 4 waiting for the key's
//! deletion in ConnectWise, 1 on an error, 130 declined or quit (what was done stays recorded;
//! the same command continues).

use super::{Exit, GlobalArgs};
use crate::app::retire::{Phase, RetireEnd};
use crate::secrets::KeyPair;
use crate::session::Outcome;
use crate::session::retire::{NotOpened, RetireSession, print_retired};
use clap::Args;
use std::io::IsTerminal;

#[derive(Debug, Clone, Args)]
pub struct RetireArgs {
    /// The setup to retire (`cw-onboard list` shows them).
    pub setup: String,
    /// Answer the confirmation yes in `--plain` and `--no-input` (the plan is still printed);
    /// `--no-input` requires it. The full screen always asks.
    #[arg(long)]
    pub yes: bool,
}

/// Admin keys from the usual sources, else asked for (never in batch mode).
fn admin(global: &GlobalArgs, admin: Option<KeyPair>) -> Result<KeyPair, Exit> {
    if admin.is_none() && (global.no_input || !std::io::stdin().is_terminal()) {
        eprintln!(
            "error: retire needs admin API keys (it deactivates the member and deletes the role through the API): --admin-key-file FILE, or CW_ADMIN_PUBLIC_KEY and CW_ADMIN_PRIVATE_KEY."
        );
        return Err(Exit::Usage);
    }
    super::audit_cmd::admin_key(admin, global.no_input)
}

pub async fn run(
    global: &GlobalArgs,
    args: RetireArgs,
    admin_keys: Option<KeyPair>,
    member: Option<KeyPair>,
) -> Exit {
    let config = global.session_config();
    let admin = match admin(global, admin_keys) {
        Ok(a) => a,
        Err(exit) => return exit,
    };
    let mut session = match crate::session::retire::open(&config, &args.setup, admin, None) {
        Ok(s) => s,
        Err(NotOpened::Retired) => return Exit::Done,
        Err(NotOpened::Failed(outcome)) => return outcome.into(),
    };
    let plain = global.plain || {
        let reason = super::wizard_cmd::plain_reason();
        if let Some(why) = &reason {
            eprintln!("{why}: using line prompts (--plain).");
        }
        reason.is_some()
    };
    let outcome = if global.no_input {
        crate::session::retire::batch(&mut session, args.yes, member).await
    } else if plain {
        crate::prompt::retire::run(&mut session, args.yes, member).await
    } else {
        full_screen(&mut session, member).await
    };
    if let Some(err) = session.runner.close().await {
        eprintln!("error: the setup could not be saved: {err}");
        return Exit::Error;
    }
    outcome.into()
}

pub(super) async fn full_screen(s: &mut RetireSession, member: Option<KeyPair>) -> Outcome {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return crate::session::fail(
            "stdin and stdout must be a terminal for the full screen: use --plain for line prompts, or --no-input --yes for batch mode.",
            Outcome::Usage,
        );
    }
    if let Some(key) = member.filter(|k| s.core.key_to_prove().as_ref() == Some(&k.public)) {
        s.core.private_key.set(key.expose_private());
    }
    let mut guard = match crate::runtime::terminal::TerminalGuard::enter() {
        Ok(g) => g,
        Err(e) => {
            return crate::session::fail(format!("cannot use the terminal: {e}"), Outcome::Error);
        }
    };
    let end = s.runner.full_screen(&mut s.core, &mut guard).await;
    drop(guard);
    match end {
        Ok(RetireEnd::Retired) => {
            print_retired(&s.core);
            Outcome::Done
        }
        Ok(RetireEnd::Stopped) => {
            if let Phase::Failed(f) = &s.core.phase {
                eprintln!("error: {} {}", f.summary, f.advice);
            }
            if s.core.confirmed() {
                println!(
                    "Saved. `cw-onboard retire {}` continues at the stage it reached.",
                    s.core.setup.id
                );
            } else {
                println!("Nothing was changed.");
            }
            Outcome::Cancelled
        }
        Err(e) => crate::session::fail(format!("the terminal failed: {e}"), Outcome::Error),
    }
}
