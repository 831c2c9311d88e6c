//! `retire --plain`: the plan, one question, then each stage as a line; the key's UI step and
//! its private half asked (masked) to prove ConnectWise refuses it. In the demo the sandbox
//! offers to delete the key, as the admin would in ConnectWise.

use super::{exit_for, secret};
use crate::app::retire::{Phase, RetireEnd, Stage};
use crate::secrets::KeyPair;
use crate::session::retire::{
    RetireSession, print_failure, print_key_step, print_plan, print_retired, print_stages,
};
use crate::session::{Outcome, fail};

/// The line-prompt retire; `yes` answers the confirmation (the plan is still printed), `key`
/// (from a key file or the environment) skips its question.
pub async fn run(s: &mut RetireSession, yes: bool, key: Option<KeyPair>) -> Outcome {
    let start = s.core.start();
    let mut end = s.runner.settle(&mut s.core, start).await;
    if let Some(outcome) = print_failure(&s.core) {
        return outcome;
    }
    if s.core.phase == Phase::Confirm {
        print_plan(&s.core);
        let answer = match yes {
            true => Ok(true),
            false => super::choose::confirm("Retire it?", false),
        };
        match answer {
            Ok(true) => {}
            Ok(false) => {
                println!("Nothing was changed.");
                return Outcome::Cancelled;
            }
            Err(e) => return exit_for(&e),
        }
        let effects = s.core.confirm().unwrap_or_default();
        end = s.runner.settle(&mut s.core, effects).await;
    } else if s.core.confirmed() {
        println!(
            "Continuing the retirement of {} (confirmed earlier).",
            s.core.setup.id
        );
    }
    if let Some(outcome) = print_failure(&s.core) {
        return outcome;
    }
    let mut given = key;
    let mut sandbox_deleted = false;
    while s.core.phase == Phase::Key {
        let left = s.core.keys_left().len();
        print_stages(&s.core);
        print_key_step(&s.core);
        if s.core.demo && !sandbox_deleted {
            let asked = super::choose::confirm(
                "Let the sandbox delete the key for you (as you would in ConnectWise)?",
                true,
            );
            match asked {
                Ok(true) => {
                    let effects = s.core.demo_delete_key();
                    end = s.runner.settle(&mut s.core, effects).await;
                    if let Some(f) = s.core.sandbox.failure() {
                        return fail(format!("{} {}", f.summary, f.advice), Outcome::Error);
                    }
                    sandbox_deleted = true;
                    println!("✓ the sandbox deleted the key.");
                }
                Ok(false) => {}
                Err(e) => return exit_for(&e),
            }
        }
        let key = match given.take() {
            Some(k) => k,
            None => {
                let public = s.core.key_to_prove().unwrap_or_default();
                match secret(
                    &format!("Private key of {public} (to prove ConnectWise refuses it)"),
                    "private",
                ) {
                    Ok(private) => KeyPair::new(public, private),
                    Err(e) => return exit_for(&e),
                }
            }
        };
        match s.core.prove_key(key) {
            Ok(effects) => end = s.runner.settle(&mut s.core, effects).await,
            Err(rejected) => eprintln!("  ✗ {rejected}"),
        }
        if let Some(f) = s.core.proof.failure() {
            println!("  ✗ {} {}", f.summary, f.advice);
        }
        if s.core.phase != Phase::Key {
            break;
        }
        if s.core.keys_left().len() < left {
            // One of a rotation's two keys proven refused: on to the other.
            sandbox_deleted = false;
            continue;
        }
        match super::choose::confirm("Check again?", true) {
            Ok(true) => {}
            Ok(false) => return Outcome::Pending,
            Err(e) => return exit_for(&e),
        }
    }
    if let Some(outcome) = print_failure(&s.core) {
        return outcome;
    }
    if end == Some(RetireEnd::Retired) || s.core.stage() == Stage::Retired {
        print_retired(&s.core);
        return Outcome::Done;
    }
    match &s.runner.save_error {
        Some(err) => fail(
            format!("the setup could not be saved: {err}"),
            Outcome::Error,
        ),
        None => Outcome::Pending,
    }
}
