//! `rotate --plain`: step 3 alone as line prompts. The new key is typed, verified and handed
//! off (`handoff`: a new key file, or stored by the admin; recorded as it happened); then the
//! old key is marked Inactive (proven refused), deleted (proven refused again) or, if the
//! vendor broke, re-activated (proven working). The old private key is typed once per run.

use super::{exit_for, handoff, key_pair, secret};
use crate::app::setup::RetireStage;
use crate::app::steps::keys::PhaseKind;
use crate::runtime::headless::Headless;
use crate::runtime::stand_in::UiStandIn;
use crate::secrets::KeyPair;
use crate::session::drive::Stopped;
use crate::session::{Outcome, SessionConfig, fail, rotate};
use inquire::InquireError;
use std::path::Path;
use std::sync::Arc;

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
    super::choose::confirm(question, true)
}

/// The demo's part: the sandbox plays the admin's hands in ConnectWise (offered at each
/// stage), and the old key is the one the demo created, so it is never asked for.
pub struct DemoHands {
    pub hands: Arc<dyn UiStandIn>,
    pub old: KeyPair,
}

/// Asks whether the sandbox should do `what` (demo only); true when it did.
async fn sandbox_does(
    demo: Option<&DemoHands>,
    what: &str,
    act: impl AsyncFnOnce(&dyn UiStandIn) -> Result<(), String>,
) -> Result<bool, Halt> {
    let Some(demo) = demo else {
        return Ok(false);
    };
    let question = format!("Let the sandbox {what} for you (as you would in ConnectWise)?");
    if !super::choose::confirm(&question, true)? {
        return Ok(false);
    }
    act(demo.hands.as_ref())
        .await
        .map_err(|e| Halt::Stopped(Stopped::Failed(e)))?;
    Ok(true)
}

/// The new key: typed (or, in the demo, created by the sandbox), verified, then handed off
/// as the admin says (a new key file, or stored by the admin), recorded as such.
async fn new_key(
    h: &mut Headless,
    demo: Option<&DemoHands>,
    state_dir: Option<&Path>,
) -> Result<Option<Outcome>, Halt> {
    while h.wizard.keys.phase.kind() == PhaseKind::Paste {
        rotate::print_create_step(h);
        let member = h.wizard.setup.member.identifier.clone();
        let mut created = None;
        sandbox_does(demo, "create the second key", async |hands| {
            created = Some(hands.create_key(&member, "cw-onboard demo rotated").await?);
            Ok(())
        })
        .await?;
        let (key, source) = match created {
            Some(key) => (key, "created in the sandbox by the demo"),
            None => (key_pair("New API member", "private")?, handoff::PASTED),
        };
        if rotate::check_new_key(h, key.clone()).await? {
            let state_dir = state_dir.map(Path::to_path_buf);
            match handoff::hand_off(h, &key, source, state_dir.as_deref()) {
                Ok(how) => rotate::handed_off(h, &how).await?,
                Err(outcome) => return Ok(Some(outcome)),
            }
            break;
        }
        if !again("Fix it in ConnectWise, then check again?")? {
            return Ok(Some(Outcome::Drift));
        }
    }
    Ok(None)
}

async fn steps(
    h: &mut Headless,
    demo: Option<&DemoHands>,
    state_dir: Option<&Path>,
) -> Result<Outcome, Halt> {
    if let Some(outcome) = new_key(h, demo, state_dir).await? {
        return Ok(outcome);
    }
    let old_public = h
        .wizard
        .setup
        .key
        .rotating
        .as_ref()
        .map(|r| r.old_public_key.clone())
        .unwrap_or_default();
    // Typed once per run for every proof; never stored. The demo knows its own.
    let mut private: Option<String> = demo.map(|d| d.old.expose_private().to_string());
    let member = h.wizard.setup.member.identifier.clone();
    loop {
        rotate::print_retire_step(h);
        let ready = match rotate::retire_stage(h) {
            RetireStage::MarkInactive => {
                sandbox_does(
                    demo,
                    "tick the old key's Inactive checkbox",
                    async |hands| hands.set_key_inactive(&member, &old_public, true).await,
                )
                .await?
                    || again(&format!(
                        "Ticked Inactive and saved? (No stops here; {})",
                        resumes(demo)
                    ))?
            }
            RetireStage::Inactive => {
                let later = if demo.is_some() { LATER_DEMO } else { LATER };
                let next = super::choose::select(
                    "The old key is inactive and refused. Next:",
                    [DELETED, UNDO, later].map(String::from).to_vec(),
                    0,
                )?;
                if next == UNDO {
                    rotate::undo(h).await?;
                    continue;
                }
                if next == DELETED {
                    sandbox_does(demo, "delete the old key", async |hands| {
                        hands.delete_key(&member, &old_public).await
                    })
                    .await?;
                }
                next == DELETED
            }
            RetireStage::Reactivate => {
                sandbox_does(
                    demo,
                    "clear the old key's Inactive checkbox",
                    async |hands| hands.set_key_inactive(&member, &old_public, false).await,
                )
                .await?
                    || again(&format!(
                        "Cleared Inactive and saved? (No stops here; {})",
                        resumes(demo)
                    ))?
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
/// The demo's setup and sandbox are temporary: nothing resumes its rotation.
const LATER_DEMO: &str =
    "Stop here (the demo's setup is temporary: `cw-onboard demo` starts again)";

/// What picks a stopped rotation up again: `rotate`, or in the demo (whose setup and sandbox
/// end with it) a new demo.
fn resumes(demo: Option<&DemoHands>) -> &'static str {
    match demo {
        Some(_) => "the demo's setup is temporary: `cw-onboard demo` starts again",
        None => "`cw-onboard rotate` resumes",
    }
}

/// The line-prompt rotation of setup `id` (or the latest finished one).
pub async fn run(config: &SessionConfig, id: Option<&str>) -> Outcome {
    run_with(config, id, None).await
}

/// The line-prompt rotation; `demo`: the sandbox's hands and the old key the demo made.
pub async fn run_with(
    config: &SessionConfig,
    id: Option<&str>,
    demo: Option<DemoHands>,
) -> Outcome {
    let state_dir = crate::session::open_store(config)
        .ok()
        .map(|store| store.dir().to_path_buf());
    let mut session = match rotate::open(config, id) {
        Ok(s) => s,
        Err(outcome) => return outcome,
    };
    println!(
        "Rotating the key of {}: a second key first, verified; then the old one inactive, then deleted.",
        session.setup.id
    );
    let outcome = match session
        .attempt(async |h, _| steps(h, demo.as_ref(), state_dir.as_deref()).await)
        .await
    {
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
