//! `rotate` without the full screen: step 3 alone for a finished setup, through the core's
//! commands. Batch (`--no-input`) verifies the new key from `--key-file`, prints the UI step
//! that marks the old key Inactive and exits 4; each next run, given the old key
//! (`--old-key-file`), proves the stage reached (inactive: refused; deleted: refused again;
//! `--undo`: working again) and exits 4 until the rotation is done. The line prompts ask instead.

use super::drive::Stopped;
use super::{Outcome, Session, SessionConfig, fail, load_library, open_store};
use crate::app::command::Command;
use crate::app::setup::{CheckStatus, RetireStage, RotationProgress, SetupSummary};
use crate::app::steps::keys::{KeyField, PhaseKind};
use crate::app::steps::rotation;
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
            .find(crate::app::skip::rotatable)
            .map(|s| s.id)
            .ok_or_else(|| fail(crate::app::skip::NOTHING_ROTATABLE, Outcome::Usage))?,
    };
    let mut session = Session::open(config, library, &id, config.services(), None)?;
    let setup = &mut session.setup;
    if setup.id.is_empty() {
        return Err(fail(
            format!("no setup {id}; `cw-onboard list` shows them."),
            Outcome::Usage,
        ));
    }
    if let Some(why) = crate::app::skip::nothing_to_rotate(&session.library, setup) {
        return Err(fail(why, Outcome::Usage));
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
        h.wizard.keys.field(KeyField::Description).value()
    );
}

/// The retire stage reached (the first before the new key is handed off).
pub fn retire_stage(h: &Headless) -> RetireStage {
    rotation::stage(&h.wizard.setup).unwrap_or_default()
}

fn old_public(h: &Headless) -> String {
    h.wizard
        .setup
        .key
        .rotating
        .as_ref()
        .map(|r| r.old_public_key.clone())
        .unwrap_or_default()
}

/// What the admin does in ConnectWise at the retire stage reached, and what comes next.
pub fn print_retire_step(h: &Headless) {
    let stage = retire_stage(h);
    let step = rotation::ui_step(stage, &h.wizard.setup.member.identifier, &old_public(h));
    match stage {
        RetireStage::MarkInactive => {
            println!("… retire the old key, reversibly: in ConnectWise, {step}");
            println!(
                "  Switch the integration to the new key first. Inactive, the old key is refused (401) but can still be re-activated."
            );
        }
        RetireStage::Inactive => {
            println!(
                "… check that the integration works with the new key; then, in ConnectWise, {step}"
            );
            println!("  If it broke, undo instead: re-activate the old key.");
        }
        RetireStage::Reactivate => println!("… undo: in ConnectWise, {step}"),
    }
}
/// The new key's checks, printed; true when it is verified.
pub fn print_checks(h: &Headless) -> bool {
    for c in &h.wizard.keys.checks {
        println!("  {} {}: {}", c.status.mark(), c.label, c.detail);
        if let (Some(a), false) = (&c.advice, c.status == CheckStatus::Pass) {
            println!("      {a}");
        }
    }
    h.wizard.keys.pending().is_some()
}

/// Checks the new key and records it handed off (`how`); false when it did not verify.
pub async fn new_key(h: &mut Headless, key: KeyPair, how: &str) -> Result<bool, Stopped> {
    if !check_new_key(h, key).await? {
        return Ok(false);
    }
    handed_off(h, how).await?;
    Ok(true)
}

/// Checks the new key, printing the checks; true when it is verified (not yet handed off).
pub async fn check_new_key(h: &mut Headless, key: KeyPair) -> Result<bool, Stopped> {
    h.apply(Command::SubmitKey(key)).await.map_err(stopped)?;
    Ok(print_checks(h))
}

/// Records the verified new key handed off, `how` saying truthfully where it went.
pub async fn handed_off(h: &mut Headless, how: &str) -> Result<(), Stopped> {
    h.apply(Command::HandedOff(how.into()))
        .await
        .map_err(stopped)?;
    println!("✓ the new key is verified; it is the setup's key once the old one is retired.");
    Ok(())
}

/// Proves what the retire stage reached asks for with the old key (refused, or working again
/// while undoing), printing the result; true when the rotation is recorded.
pub async fn old_key(h: &mut Headless, old: KeyPair) -> Result<bool, Stopped> {
    let before = retire_stage(h);
    let command = if rotation::expects_refusal(before) {
        Command::ProveOldKeyRefused(old)
    } else {
        Command::ProveOldKeyWorks(old)
    };
    h.wizard.banner = None;
    h.apply(command).await.map_err(stopped)?;
    if h.exit == Some(crate::app::Exit::Finished) {
        let note = h
            .wizard
            .setup
            .key
            .rotations
            .last()
            .map(rotation::finished_note)
            .unwrap_or_default();
        let id = &h.wizard.setup.id;
        if h.wizard.demo {
            // The demo's setup ends with its sandbox: nothing can verify it afterwards.
            println!("Key of {id} rotated in the demo's sandbox; {note}");
        } else {
            println!("Key of {id} rotated; {note} `cw-onboard verify {id}` checks the new one.");
        }
        return Ok(true);
    }
    if let Some(why) = &h.wizard.banner {
        println!("  ✗ {why}");
    }
    if let Some(f) = h.wizard.keys.retire().and_then(|r| r.proof.failure()) {
        println!("  ✗ {} {}", f.summary, f.advice);
    }
    match (before, retire_stage(h)) {
        (RetireStage::MarkInactive, RetireStage::Inactive) => println!(
            "✓ ConnectWise refuses the old key (401): it is inactive, and can still be re-activated."
        ),
        (RetireStage::Reactivate, RetireStage::MarkInactive) => {
            println!("✓ Undone: ConnectWise accepts the old key again.")
        }
        _ => {}
    }
    Ok(false)
}

/// Undo: the old key, inactive and refused, is to be re-activated.
pub async fn undo(h: &mut Headless) -> Result<(), Stopped> {
    if retire_stage(h) == RetireStage::Reactivate {
        return Ok(());
    }
    h.apply(Command::UndoRetire).await.map_err(stopped)
}

/// One batch run of a rotation: it advances as far as it can (one proof per run: the admin
/// acts in ConnectWise between runs) and exits 4 while the admin must act, 0 when done.
pub async fn batch(
    h: &mut Headless,
    new: Option<KeyPair>,
    old: Option<KeyPair>,
    undo_retire: bool,
) -> Result<Outcome, Stopped> {
    if h.wizard.keys.phase.kind() == PhaseKind::Paste {
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
    if undo_retire {
        undo(h).await?;
    }
    let again = "Then run the same command again with --old-key-file OLD-KEY-FILE";
    let Some(old) = old else {
        print_retire_step(h);
        println!("{again}: it proves what ConnectWise does with the old key.");
        return Ok(Outcome::Pending);
    };
    if old_key(h, old).await? {
        return Ok(Outcome::Done);
    }
    print_retire_step(h);
    match retire_stage(h) {
        RetireStage::Inactive => println!(
            "{again} once it is deleted (it proves the refusal again), or with --undo to re-activate it."
        ),
        _ => println!("{again}."),
    }
    Ok(Outcome::Pending)
}
