//! `cw-onboard retire SETUP`'s composition: the setup under its lock, this machine's other
//! setups (so nothing they use is touched), the services on the instance the setup recorded,
//! and the runner that saves every stage. Batch (`--no-input`) lives here too: it acts only
//! with `--yes`, and without the member's key it stops at the key's UI step (exit 4).

use super::{Outcome, SessionConfig, fail, open_store};
use crate::app::retire::plan::OtherSetup;
use crate::app::retire::{Phase, Retire, RetireEnd, Stage};
use crate::app::setup::{Setup, SetupStatus};
use crate::runtime::retire::RetireRunner;
use crate::runtime::saver::{Saver, migrations};
use crate::runtime::stand_in::UiStandIn;
use crate::secrets::KeyPair;
use std::sync::Arc;

pub struct RetireSession {
    pub core: Retire,
    pub runner: RetireRunner,
}

/// How opening ended short of a retire to run.
pub enum NotOpened {
    /// Retired already: said, nothing to do (exit 0).
    Retired,
    Failed(Outcome),
}

/// Opens setup `id` for retirement with admin keys `admin`; `stand_in` (demo, tests) plays the
/// admin's hands in the ConnectWise UI.
pub fn open(
    config: &SessionConfig,
    id: &str,
    admin: KeyPair,
    stand_in: Option<Arc<dyn UiStandIn>>,
) -> Result<RetireSession, NotOpened> {
    let failed = |m: String, o| NotOpened::Failed(fail(m, o));
    let store = open_store(config).map_err(NotOpened::Failed)?;
    let mut lock = store
        .lock(id)
        .map_err(|e| failed(e.to_string(), Outcome::Error))?;
    let setup: Setup = match store.load::<Setup>(&mut lock, &migrations()) {
        Ok(Some(l)) => {
            if let Some(note) = &l.recovered {
                eprintln!("warning: {note}");
            }
            l.value
        }
        Ok(None) => {
            return Err(failed(
                format!("no setup {id}; `cw-onboard list` shows them."),
                Outcome::Usage,
            ));
        }
        Err(e) => return Err(failed(e.to_string(), Outcome::Error)),
    };
    if setup.status == SetupStatus::Retired {
        let on = setup
            .retirement
            .as_ref()
            .and_then(|r| r.retired_on)
            .map(|d| format!(" on {d}"))
            .unwrap_or_default();
        println!("Setup {id} was retired{on}: nothing left to do.");
        return Err(NotOpened::Retired);
    }
    if setup.instance.is_none() {
        return Err(failed(
            format!("setup {id} recorded no instance; `cw-onboard resume {id}` checks it first."),
            Outcome::Usage,
        ));
    }
    let listed = store.list::<OtherSetup>();
    for l in listed.iter().filter(|l| l.summary.is_none()) {
        eprintln!(
            "warning: setup {} cannot be read ({}): retire cannot tell whether it uses this member or role.",
            l.id,
            l.problem.as_deref().unwrap_or("unreadable")
        );
    }
    let others: Vec<OtherSetup> = listed
        .into_iter()
        .filter_map(|l| l.summary)
        .filter(|o| o.id != id)
        .collect();
    let services = config.services().with_stand_in(stand_in.clone());
    if crate::runtime::net::services::recorded_target(&setup).is_none() {
        return Err(failed(
            format!(
                "setup {id}: its recorded instance is unusable; `cw-onboard resume {id}` checks it again."
            ),
            Outcome::Error,
        ));
    }
    let today = chrono::Local::now().date_naive();
    let mut core = Retire::new(setup, admin, others, today);
    core.demo = stand_in.is_some();
    let runner = RetireRunner::new(services, Saver::start(store, Some(lock)));
    Ok(RetireSession { core, runner })
}

/// What each stage recorded, one line each (for the line front-ends).
pub fn print_stages(core: &Retire) {
    let r = core.record();
    for (what, done) in [("member", &r.member), ("role", &r.role), ("key", &r.key)] {
        if let Some(done) = done {
            println!("  ✓ {what}: {done}");
        }
    }
}

/// The plan, as every line front-end prints it before asking.
pub fn print_plan(core: &Retire) {
    println!(
        "Retiring setup {}: this is exactly what will change.",
        core.setup.id
    );
    for (n, line) in core.plan_lines().iter().enumerate() {
        println!("  {}. {line}", n + 1);
    }
}

/// A failed stage, printed; the outcome it calls for.
pub fn print_failure(core: &Retire) -> Option<Outcome> {
    let Phase::Failed(f) = &core.phase else {
        return None;
    };
    Some(fail(
        format!(
            "{} {} Run `cw-onboard retire {}` again: it continues at the stage it reached.",
            f.summary, f.advice, core.setup.id
        ),
        Outcome::Error,
    ))
}

/// Where the admin deletes the key, and how to give it.
pub fn print_key_step(core: &Retire) {
    if let Some(done) = core.refused_so_far() {
        println!("  ✓ {done}");
    }
    println!("… {}", core.key_step());
    if let Some(note) = &core.note {
        println!("  ✗ {note}");
    }
}

/// The end, printed.
pub fn print_retired(core: &Retire) {
    print_stages(core);
    println!("{}", core.retired_line());
}

/// One batch run: read, act only with `yes` (or a plan confirmed by an earlier run), and
/// prove the key refused with `key`; without it, the key's UI step and exit 4.
pub async fn batch(s: &mut RetireSession, yes: bool, key: Option<KeyPair>) -> Outcome {
    let start = s.core.start();
    let mut end = s.runner.settle(&mut s.core, start).await;
    if let Some(outcome) = print_failure(&s.core) {
        return outcome;
    }
    if s.core.phase == Phase::Confirm {
        print_plan(&s.core);
        if !yes {
            return fail(
                format!(
                    "nothing was changed: --no-input retires only with --yes (`cw-onboard --no-input retire {} --yes`).",
                    s.core.setup.id
                ),
                Outcome::Usage,
            );
        }
        let effects = s.core.confirm().unwrap_or_default();
        end = s.runner.settle(&mut s.core, effects).await;
    }
    if let Some(outcome) = print_failure(&s.core) {
        return outcome;
    }
    if s.core.phase == Phase::Key {
        print_stages(&s.core);
        let Some(key) = key else {
            print_key_step(&s.core);
            print_run_again(&s.core);
            return Outcome::Pending;
        };
        match s.core.prove_key(key) {
            Ok(effects) => end = s.runner.settle(&mut s.core, effects).await,
            Err(rejected) => return fail(rejected, Outcome::Usage),
        }
        if let Some(outcome) = print_failure(&s.core) {
            return outcome;
        }
        if let Some(f) = s.core.proof.failure() {
            return fail(format!("{} {}", f.summary, f.advice), Outcome::Error);
        }
    }
    if end == Some(RetireEnd::Retired) || s.core.stage() == Stage::Retired {
        print_retired(&s.core);
        return Outcome::Done;
    }
    if let Some(err) = &s.runner.save_error {
        return fail(
            format!("the setup could not be saved: {err}"),
            Outcome::Error,
        );
    }
    print_key_step(&s.core);
    print_run_again(&s.core);
    Outcome::Pending
}

/// What the next batch run needs: the key file of a key still to prove (one run per key).
fn print_run_again(core: &Retire) {
    if core.keys_left().len() > 1 {
        println!(
            "Then run the same command again with --key-file FILE (or CW_PUBLIC_KEY / CW_PRIVATE_KEY) of each key, one run per key: it proves ConnectWise refuses it, and marks the setup retired once both are."
        );
    } else {
        println!(
            "Then run the same command again with --key-file FILE (or CW_PUBLIC_KEY / CW_PRIVATE_KEY): it proves ConnectWise refuses the key and marks the setup retired."
        );
    }
}
