//! `rotate --plain`: step 3 alone as line prompts. The new key is typed and verified; then the
//! old key is marked Inactive (proven refused), deleted (proven refused again) or, if the
//! vendor broke, re-activated (proven working). The old private key is typed once per run.

use super::{exit_for, key_pair, secret};
use crate::app::setup::RetireStage;
use crate::app::steps::keys::Phase;
use crate::runtime::headless::Headless;
use crate::secrets::KeyPair;
use crate::session::drive::Stopped;
use crate::session::{Outcome, SessionConfig, fail, rotate};
use inquire::{Confirm, InquireError, Select};

enum Halt {
    Asked(InquireError),
    Stopped(Stopped),
}

impl From<InquireError> for Halt {
    fn from(e: InquireError) -> Halt {
        Halt::Asked(e)
    }
}

impl From<Stopped> for Halt {
    fn from(s: Stopped) -> Halt {
        Halt::Stopped(s)
    }
}

fn again(question: &str) -> Result<bool, InquireError> {
    Confirm::new(question).with_default(true).prompt()
}

async fn steps(h: &mut Headless) -> Result<Outcome, Halt> {
    while h.wizard.keys.phase == Phase::Paste {
        rotate::print_create_step(h);
        let key = key_pair("New API member", "private")?;
        if rotate::new_key(h, key, "typed at the prompt by the admin").await? {
            break;
        }
        if !again("Fix it in ConnectWise, then check again?")? {
            return Ok(Outcome::Drift);
        }
    }
    let old_public = h
        .wizard
        .setup
        .key
        .rotating
        .as_ref()
        .map(|r| r.old_public_key.clone())
        .unwrap_or_default();
    // Typed once per run for every proof; never stored.
    let mut private: Option<String> = None;
    loop {
        rotate::print_retire_step(h);
        let ready = match rotate::retire_stage(h) {
            RetireStage::MarkInactive => {
                again("Ticked Inactive and saved? (No stops here; `cw-onboard rotate` resumes)")?
            }
            RetireStage::Inactive => {
                let next = Select::new(
                    "The old key is inactive and refused. Next:",
                    vec![DELETED, UNDO, LATER],
                )
                .prompt()?;
                if next == UNDO {
                    rotate::undo(h).await?;
                    continue;
                }
                next == DELETED
            }
            RetireStage::Reactivate => {
                again("Cleared Inactive and saved? (No stops here; `cw-onboard rotate` resumes)")?
            }
        };
        if !ready {
            return Ok(Outcome::Pending);
        }
        let typed = match private.clone() {
            Some(p) => p,
            None => secret(
                &format!("Old private key of {old_public} (only to try it; never stored)"),
                "old private",
            )?,
        };
        private = Some(typed.clone());
        if rotate::old_key(h, KeyPair::new(old_public.clone(), typed)).await? {
            return Ok(Outcome::Done);
        }
    }
}

const DELETED: &str = "I deleted it in ConnectWise: prove it refused again";
const UNDO: &str = "Undo: the integration broke, re-activate the old key";
const LATER: &str = "Stop here (`cw-onboard rotate` resumes at this stage)";

/// The line-prompt rotation of setup `id` (or the latest finished one).
pub async fn run(config: &SessionConfig, id: Option<&str>) -> Outcome {
    let mut session = match rotate::open(config, id) {
        Ok(s) => s,
        Err(outcome) => return outcome,
    };
    println!(
        "Rotating the key of {}: a second key first, verified; then the old one inactive, then deleted.",
        session.setup.id
    );
    let outcome = match session.attempt(async |h, _| steps(h).await).await {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(Halt::Asked(e))) => exit_for(&e),
        Ok(Err(Halt::Stopped(s))) => fail(s, Outcome::Error),
        Err(outcome) => outcome,
    };
    if let Some(err) = session.close().await {
        return fail(
            format!("the setup could not be saved: {err}"),
            Outcome::Error,
        );
    }
    outcome
}
