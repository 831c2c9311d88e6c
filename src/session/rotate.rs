//! `rotate` without the full screen: step 3 alone for a finished setup, through the core's
//! commands. Batch (`--no-input`) verifies the new key from `--key-file`, prints the UI step
//! that retires the old key and exits 4; the next run, given the old key (`--old-key-file`),
//! proves ConnectWise refuses it. The line prompts ask for both keys instead.

use super::drive::Stopped;
use super::{Outcome, Session, SessionConfig, fail, load_library, open_store};
use crate::app::command::Command;
use crate::app::setup::{CheckStatus, RotationProgress, SetupStatus, SetupSummary};
use crate::app::steps::keys::{DESCRIPTION, Phase};
use crate::runtime::headless::{Headless, Stop};
use crate::secrets::KeyPair;

/// Opens a finished setup (`id`, or the latest finished one) for rotation, under its lock,
/// with the instance it recorded (the key checks need no new discovery).
pub fn open(config: &SessionConfig, id: Option<&str>) -> Result<Session, Outcome> {
    let library = load_library(config)?;
    let id = match id {
        Some(id) => id.to_string(),
        None => open_store(config)?
            .list::<SetupSummary>()
            .into_iter()
            .filter_map(|l| l.summary)
            .find(|s| s.status == SetupStatus::Done)
            .map(|s| s.id)
            .ok_or_else(|| {
                fail(
                    "no finished setup to rotate; `cw-onboard list` shows them.",
                    Outcome::Usage,
                )
            })?,
    };
    let mut session = Session::open(config, library, &id, config.services(), None)?;
    let setup = &mut session.setup;
    if setup.id.is_empty() {
        return Err(fail(
            format!("no setup {id}; `cw-onboard list` shows them."),
            Outcome::Usage,
        ));
    }
    let Some(old) = setup.key.public_key.clone() else {
        return Err(fail(
            format!(
                "setup {id} has no verified key yet; `cw-onboard resume {id}` finishes it first."
            ),
            Outcome::Usage,
        ));
    };
    if setup.instance.is_none() {
        return Err(fail(
            format!("setup {id} recorded no instance; `cw-onboard resume {id}` checks it again."),
            Outcome::Usage,
        ));
    }
    setup.key.rotating.get_or_insert_with(|| RotationProgress {
        old_public_key: old,
        ..Default::default()
    });
    if crate::runtime::net::services::recorded_target(setup).is_none() {
        return Err(fail(
            format!(
                "setup {id}: its recorded instance is unusable; `cw-onboard resume {id}` checks it again."
            ),
            Outcome::Error,
        ));
    }
    session.rotating = true;
    Ok(session)
}

fn stopped(stop: Stop) -> Stopped {
    match stop {
        Stop::Rejected(r) => Stopped::Invalid(r),
        Stop::Stalled(m) => Stopped::Failed(m),
    }
}

/// Where the admin creates the second key.
pub fn print_create_step(h: &Headless) {
    println!(
        "… create a second key in ConnectWise: System > Members > API Members > {} > API Keys > +",
        h.wizard.setup.member.identifier
    );
    println!(
        "  Description: {}; press Save (not Save & Close: the private key is shown once). Keep the old key until the new one is verified.",
        h.wizard.keys.fields[DESCRIPTION].value()
    );
}

/// Where the admin deletes the old key, once the new one works.
pub fn print_retire_step(h: &Headless) {
    let old = h
        .wizard
        .setup
        .key
        .rotating
        .as_ref()
        .map(|r| r.old_public_key.clone())
        .unwrap_or_default();
    println!(
        "… retire the old key in ConnectWise: System > Members > API Members > {} > API Keys: delete {old}.",
        h.wizard.setup.member.identifier
    );
}

/// The new key's checks, printed; true when it is verified.
pub fn print_checks(h: &Headless) -> bool {
    for c in &h.wizard.keys.checks {
        println!("  {} {}: {}", c.status.mark(), c.label, c.detail);
        if let (Some(a), false) = (&c.advice, c.status == CheckStatus::Pass) {
            println!("      {a}");
        }
    }
    h.wizard.keys.pending.is_some()
}

/// Checks the new key and records it handed off (`how`); false when it did not verify.
pub async fn new_key(h: &mut Headless, key: KeyPair, how: &str) -> Result<bool, Stopped> {
    h.apply(Command::SubmitKey(key)).await.map_err(stopped)?;
    if !print_checks(h) {
        return Ok(false);
    }
    h.apply(Command::HandedOff(how.into()))
        .await
        .map_err(stopped)?;
    println!("✓ the new key is verified; it is the setup's key once the old one is retired.");
    Ok(true)
}

/// Proves the old key refused; true when the rotation is recorded.
pub async fn old_key(h: &mut Headless, old: KeyPair) -> Result<bool, Stopped> {
    h.apply(Command::ProveOldKeyRefused(old))
        .await
        .map_err(stopped)?;
    if h.exit == Some(crate::app::Exit::Finished) {
        println!(
            "Key of {} rotated; ConnectWise refuses the old key. `cw-onboard verify {}` checks the new one.",
            h.wizard.setup.id, h.wizard.setup.id
        );
        return Ok(true);
    }
    if let Some(why) = &h.wizard.banner {
        println!("  ✗ {why}");
    }
    if let Some(f) = h.wizard.keys.retire.proof.failure() {
        println!("  ✗ {} {}", f.summary, f.advice);
    }
    Ok(false)
}

/// One batch run of a rotation.
pub async fn batch(
    h: &mut Headless,
    new: Option<KeyPair>,
    old: Option<KeyPair>,
) -> Result<Outcome, Stopped> {
    if h.wizard.keys.phase == Phase::Paste {
        let Some(new) = new else {
            print_create_step(h);
            println!(
                "Then run again with --key-file NEW-KEY-FILE (or CW_PUBLIC_KEY / CW_PRIVATE_KEY)."
            );
            return Ok(Outcome::Pending);
        };
        if !new_key(h, new, "supplied by the batch run's key source").await? {
            return Ok(Outcome::Drift);
        }
    }
    let Some(old) = old else {
        print_retire_step(h);
        println!(
            "Then run the same command again with --old-key-file OLD-KEY-FILE: it proves ConnectWise refuses the old key."
        );
        return Ok(Outcome::Pending);
    };
    if old_key(h, old).await? {
        Ok(Outcome::Done)
    } else {
        print_retire_step(h);
        Ok(Outcome::Pending)
    }
}
