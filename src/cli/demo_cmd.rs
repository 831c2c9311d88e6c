//! `cw-onboard demo`: its start screen (full screen) or first question (`--plain`) chooses
//! between walking a setup, auditing the sandbox's messy instance, and rotating the key of
//! (or retiring) a finished setup, which the demo makes first in its sandbox; `demo --audit`
//! goes straight to the audit, `--no-input demo` runs the batch walk and a rotation.

use super::screen_loop::{self, ScreenEnd};
use super::{Exit, GlobalArgs};
use crate::secrets::KeyPair;
use crate::session::demo::Demo;
use crate::session::retire::NotOpened;
use crate::session::{Outcome, SessionConfig};
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
        Ok(ScreenEnd::Done(StartEnd::Chosen(choice))) => after_setup(global, choice, false).await,
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
    // All run against the built-in sandbox; on a dumb terminal a numbered list (Enter: walk).
    let names: Vec<String> = DemoChoice::ALL.iter().map(|c| c.to_string()).collect();
    let asked =
        crate::prompt::choose::select("What shall the demo show?", names.clone(), 0).map(|name| {
            names
                .iter()
                .position(|n| *n == name)
                .and_then(|i| DemoChoice::ALL.get(i).copied())
                .unwrap_or(DemoChoice::Walk)
        });
    match asked {
        Ok(DemoChoice::Walk) => crate::prompt::demo(config).await.into(),
        Ok(DemoChoice::Audit) => {
            let global = GlobalArgs {
                plain: true,
                ..global.clone()
            };
            super::audit_cmd::demo(&global).await
        }
        Ok(choice) => after_setup(global, choice, true).await,
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

/// Rotate or retire (`choice`) in the demo: a finished setup is made first in a new sandbox,
/// said in one line, its state in a temporary dir (this machine's setups stay out of it);
/// then `rotate` or `retire` runs on it in the chosen front-end (`plain`), the sandbox playing
/// the admin's hands in ConnectWise (^D; `--plain` offers it at each stage).
async fn after_setup(global: &GlobalArgs, choice: DemoChoice, plain: bool) -> Exit {
    let state = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: no temporary directory for the demo: {e}");
            return Exit::Error;
        }
    };
    let global = GlobalArgs {
        state_dir: Some(state.path().to_path_buf()),
        plain,
        ..global.clone()
    };
    let demo = match Demo::start().await {
        Ok(d) => d,
        Err(outcome) => return outcome.into(),
    };
    let exit = match finished_setup(&global, &demo).await {
        Ok((id, key)) => match (choice, demo.stand_in()) {
            (_, None) => Exit::Error,
            (DemoChoice::Rotate, Some(hands)) if plain => {
                let hands = crate::prompt::rotate::DemoHands { hands, old: key };
                crate::prompt::rotate::run_with(&global.session_config(), Some(&id), Some(hands))
                    .await
                    .into()
            }
            (DemoChoice::Rotate, Some(hands)) => {
                super::wizard_cmd::rotate_with(&global, Some(id), Some((hands, key))).await
            }
            (_, Some(hands)) => retire(&global, &id, &demo, hands, key).await,
        },
        Err(exit) => exit,
    };
    demo.shutdown().await;
    exit
}

/// The finished setup the demo's rotate and retire start from: `demo --no-input`'s setup
/// half, its lines unprinted; its id and key.
async fn finished_setup(global: &GlobalArgs, demo: &Demo) -> Result<(String, KeyPair), Exit> {
    let config = global.session_config();
    // Its summary goes beside its state (a temporary dir), not into the working directory, nor
    // among the setups, where retire read it as an unreadable setup.
    let exports = config.state_dir.as_ref().map(|d| d.join("exports"));
    if let Some(dir) = &exports
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("error: no directory for the demo's summary: {e}");
        return Err(Exit::Error);
    }
    let made = crate::session::quiet::quietly(crate::batch::demo_setup(
        &config,
        None,
        demo,
        exports.as_deref(),
    ));
    match made.await {
        (Outcome::Done, id, member, Some(key)) => {
            println!(
                "✓ The demo made a finished setup in its sandbox, the sandbox playing the admin: {id} (member {member})."
            );
            Ok((id, key))
        }
        (Outcome::Done, ..) => {
            eprintln!("error: the demo's setup ended without a key.");
            Err(Exit::Error)
        }
        (outcome, ..) => {
            eprintln!("error: the demo could not make its finished setup.");
            Err(outcome.into())
        }
    }
}

/// `retire` of the demo's setup with the sandbox's admin keys; the key it made proves the
/// refusal without asking.
async fn retire(
    global: &GlobalArgs,
    id: &str,
    demo: &Demo,
    hands: std::sync::Arc<dyn crate::runtime::stand_in::UiStandIn>,
    key: KeyPair,
) -> Exit {
    let config = global.session_config();
    let mut session = match crate::session::retire::open(&config, id, demo.admin(), Some(hands)) {
        Ok(s) => s,
        Err(NotOpened::Retired) => return Exit::Done,
        Err(NotOpened::Failed(outcome)) => return outcome.into(),
    };
    let outcome = if global.plain {
        crate::prompt::retire::run(&mut session, false, Some(key)).await
    } else {
        super::retire_cmd::full_screen(&mut session, Some(key)).await
    };
    if let Some(err) = session.runner.close().await {
        eprintln!("error: the setup could not be saved: {err}");
        return Exit::Error;
    }
    outcome.into()
}
