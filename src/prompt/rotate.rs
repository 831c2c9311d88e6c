//! `rotate --plain`: step 3 alone as line prompts. The new key is typed and verified, then the
//! old key's private half proves ConnectWise refuses it (the old key stays until the new works).

use super::{exit_for, key_pair, secret};
use crate::app::steps::keys::Phase;
use crate::runtime::headless::Headless;
use crate::secrets::KeyPair;
use crate::session::drive::Stopped;
use crate::session::{Outcome, SessionConfig, fail, rotate};
use inquire::{Confirm, InquireError};

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
    loop {
        rotate::print_retire_step(h);
        let private = secret(
            &format!("Old private key of {old_public} (to prove ConnectWise refuses it)"),
            "old private",
        )?;
        if rotate::old_key(h, KeyPair::new(old_public.clone(), private)).await? {
            return Ok(Outcome::Done);
        }
        if !again("Check again?")? {
            return Ok(Outcome::Pending);
        }
    }
}

/// The line-prompt rotation of setup `id` (or the latest finished one).
pub async fn run(config: &SessionConfig, id: Option<&str>) -> Outcome {
    let mut session = match rotate::open(config, id) {
        Ok(s) => s,
        Err(outcome) => return outcome,
    };
    println!(
        "Rotating the key of {}: a second key first, verified; then the old one retired.",
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
