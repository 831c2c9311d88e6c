//! `cw-onboard`, `new`, `resume`, `demo`: choosing the setup and running the wizard.

use super::wizard_end::{done_note, rotated_note, stopped_note};
use super::{Exit, GlobalArgs, NewArgs};
use crate::app::Wizard;
use crate::app::setup::{Setup, SetupStatus, SetupSummary};
use crate::runtime::api::Services;
use crate::runtime::event_loop::{self, LoopEnd};
use crate::runtime::executor::Executor;
use crate::runtime::saver::{Saver, migrations};
use crate::runtime::terminal::TerminalGuard;
use crate::secrets::KeyPair;
use crate::state::{SetupLock, Store};
use crate::template::Library;
use std::io::IsTerminal;

fn open_store(global: &GlobalArgs) -> Result<Store, Exit> {
    crate::session::open_store(&global.session_config()).map_err(Exit::from)
}

pub fn load_library(global: &GlobalArgs) -> Result<Library, Exit> {
    crate::session::load_library(&global.session_config()).map_err(Exit::from)
}

/// Why line prompts replace the full-screen wizard here (a terminal, but a dumb or small
/// one), in one line; None when the wizard fits.
pub fn plain_reason() -> Option<String> {
    let tty = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !tty {
        return None;
    }
    if std::env::var("TERM").map(|t| t == "dumb").unwrap_or(true) {
        return Some("TERM is dumb or unset".into());
    }
    let (w, h) = ratatui::crossterm::terminal::size().ok()?;
    let (min_w, min_h) = (crate::app::MIN_WIDTH, crate::app::MIN_HEIGHT);
    (w > 0 && h > 0 && (w < min_w || h < min_h))
        .then(|| format!("The terminal is {w}x{h}, the wizard needs {min_w}x{min_h}"))
}

/// Why the full-screen wizard cannot run here, if it cannot.
fn tui_blocker() -> Option<String> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Some("stdin and stdout must be a terminal for the wizard".into());
    }
    if std::env::var("TERM").map(|t| t == "dumb").unwrap_or(true) {
        return Some("TERM is dumb or unset".into());
    }
    None
}

/// Runs the full-screen wizard over `setup`; returns how it ended.
pub async fn run_tui(
    library: Library,
    setup: Setup,
    demo: bool,
    admin: Option<KeyPair>,
    services: Services,
    store: Store,
    held: Option<SetupLock>,
) -> Exit {
    let session = TuiSession {
        services,
        store,
        held,
    };
    run_tui_with(library, setup, demo, admin, None, session).await
}

/// Where the full-screen wizard's calls and saves go.
struct TuiSession {
    services: Services,
    store: Store,
    held: Option<SetupLock>,
}

/// [`run_tui`]; `old_key`: a rotation's old key, already typed (masked) for its proofs (the
/// demo made it, so the admin has never seen it).
async fn run_tui_with(
    library: Library,
    setup: Setup,
    demo: bool,
    admin: Option<KeyPair>,
    old_key: Option<KeyPair>,
    session: TuiSession,
) -> Exit {
    let TuiSession {
        services,
        store,
        held,
    } = session;
    if let Some(why) = tui_blocker() {
        eprintln!(
            "error: {why}. Use --plain for line prompts, or --no-input --answers FILE for batch mode."
        );
        return Exit::Usage;
    }
    let rotating = setup.key.rotating.is_some();
    let mut wizard = if rotating {
        Wizard::rotation(library, setup, demo)
    } else {
        Wizard::new(library, setup, demo)
    };
    wizard.today = chrono::Local::now().date_naive().to_string();
    wizard.clipboard_warning = crate::secrets::clipboard_warning(
        std::env::var_os("TMUX").is_some(),
        std::env::var_os("STY").is_some(),
    );
    wizard.keys.handoff_dir = crate::secrets::default_handoff_dir_here(store.dir());
    if let Some(pair) = &admin {
        wizard.prefill_admin(pair);
    }
    if let Some(old) = &old_key {
        wizard.keys.prefill_old_key(old.expose_private());
    }
    wizard.member.elsewhere = crate::session::claimed_members(&store);
    let saver = Saver::start(store, held);
    let mut exec = Executor::new(services, Some(saver));
    let mut guard = match TerminalGuard::enter() {
        Ok(guard) => guard,
        Err(err) => {
            eprintln!("error: cannot use the terminal: {err}");
            return Exit::Error;
        }
    };
    let end = event_loop::run(&mut wizard, &mut exec, &mut guard).await;
    let save_error = exec.flush().await;
    drop(guard);
    if let Some(err) = save_error {
        eprintln!("error: the setup could not be saved: {err}");
    }
    match end {
        Ok(LoopEnd::Wizard(crate::app::Exit::Finished)) if rotating => {
            let note = wizard
                .setup
                .key
                .rotations
                .last()
                .map(crate::app::steps::rotation::finished_note)
                .unwrap_or_default();
            println!("{}", rotated_note(&wizard.setup.id, &note, demo));
            Exit::Done
        }
        Ok(LoopEnd::Wizard(crate::app::Exit::Finished)) => {
            if let Some(why) = wizard.summary.export_failed(&wizard.setup.id) {
                // Saved above (the flush); only the summary is missing: exit 1, as batch and
                // --plain.
                eprintln!("error: {why}");
                return Exit::Error;
            }
            println!("{}", done_note(&wizard.setup.id, demo));
            Exit::Done
        }
        Ok(LoopEnd::Wizard(_)) => {
            if !wizard.setup.id.is_empty() {
                println!("{}", stopped_note(&wizard.setup.id, demo, rotating));
            }
            Exit::Cancelled
        }
        Ok(LoopEnd::Terminated) | Ok(LoopEnd::HungUp) => Exit::Cancelled,
        Err(err) => {
            eprintln!("error: the terminal failed: {err}");
            Exit::Error
        }
    }
}

pub async fn new(global: &GlobalArgs, args: NewArgs, admin: Option<KeyPair>) -> Exit {
    let (library, store) = match (load_library(global), open_store(global)) {
        (Ok(l), Ok(s)) => (l, s),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    for id in &args.templates {
        if library.get(id).is_none() {
            eprintln!("error: --template: {}", library.no_such_template(id));
            return Exit::Usage;
        }
    }
    let setup = match &args.adopt {
        Some(member) => {
            match super::adopt_cmd::prefill(
                global,
                &args,
                member,
                admin.as_ref(),
                &library,
                super::adopt_cmd::Yes::Screen,
            )
            .await
            {
                Ok(setup) => setup,
                Err(exit) => return exit,
            }
        }
        None => {
            let mut setup = Setup {
                site: args.site.unwrap_or_default(),
                company: args.company.unwrap_or_default(),
                client_id: args.client_id.unwrap_or_default(),
                ..Setup::default()
            };
            setup.templates = args.templates;
            if !setup.templates.is_empty() && !setup.company.is_empty() {
                setup.id = crate::app::setup::setup_id(&setup.company, &setup.templates);
            }
            setup
        }
    };
    let mut setup = setup;
    let chosen: Vec<_> = setup
        .templates
        .iter()
        .filter_map(|id| library.get(id))
        .collect();
    if let Err(e) = setup.choose_features(&chosen, &args.features) {
        eprintln!("error: --feature: {e}");
        return Exit::Usage;
    }
    let services = global.session_config().services();
    run_tui(library, setup, false, admin, services, store, None).await
}

pub async fn resume(global: &GlobalArgs, id: Option<String>, admin: Option<KeyPair>) -> Exit {
    let (library, store) = match (load_library(global), open_store(global)) {
        (Ok(l), Ok(s)) => (l, s),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let id = match id {
        Some(id) => id,
        None => match latest_unfinished(&store) {
            Some(id) => id,
            None => {
                eprintln!("No unfinished setup to resume; starting a new one.");
                return new(global, NewArgs::default(), admin).await;
            }
        },
    };
    let (lock, setup) = match load_locked(&store, &id) {
        Ok(found) => found,
        Err(exit) => return exit,
    };
    let services = global.session_config().services();
    run_tui(library, setup, false, admin, services, store, Some(lock)).await
}

/// Takes the setup's lock and reads it; errors are printed and turned into an exit code.
fn load_locked(store: &Store, id: &str) -> Result<(SetupLock, Setup), Exit> {
    let mut lock = store.lock(id).map_err(|e| {
        eprintln!("error: {e}");
        Exit::Error
    })?;
    match store.load(&mut lock, &migrations()) {
        Ok(Some(loaded)) => {
            if let Some(note) = &loaded.recovered {
                eprintln!("warning: {note}");
            }
            if let Err(why) = crate::app::retire::refuse_retired(&loaded.value, "resume or rotate")
            {
                eprintln!("error: {why}");
                return Err(Exit::Usage);
            }
            Ok((lock, loaded.value))
        }
        Ok(None) => {
            eprintln!("error: no setup {id}; `cw-onboard list` shows them.");
            Err(Exit::Usage)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Err(Exit::Error)
        }
    }
}

fn latest_unfinished(store: &Store) -> Option<String> {
    store
        .list::<SetupSummary>()
        .into_iter()
        .filter_map(|l| l.summary)
        .find(|s| s.status == SetupStatus::InProgress)
        .map(|s| s.id)
}

/// `cw-onboard` alone: offer the unfinished setups (every answer kept), or a new one.
pub async fn default(global: &GlobalArgs, admin: Option<KeyPair>) -> Exit {
    let store = match open_store(global) {
        Ok(s) => s,
        Err(e) => return e,
    };
    let unfinished: Vec<SetupSummary> = store
        .list::<SetupSummary>()
        .into_iter()
        .filter_map(|l| l.summary)
        .filter(|s| s.status == SetupStatus::InProgress)
        .collect();
    if unfinished.is_empty() || tui_blocker().is_some() {
        return new(global, NewArgs::default(), admin).await;
    }
    let mut options: Vec<String> = unfinished
        .iter()
        .map(|s| {
            let at = s
                .step
                .map(|st| format!("at step {} ({})", st.number(), st.title()))
                .unwrap_or_else(|| "started".into());
            format!("Resume {} · {} · {at}", s.id, s.site)
        })
        .collect();
    options.push("Start a new setup".into());
    let chosen = inquire::Select::new("Unfinished setups:", options.clone())
        .with_help_message("↑↓ choose, Enter confirm, Esc cancel")
        .prompt();
    match chosen {
        Ok(choice) => match options
            .iter()
            .position(|o| *o == choice)
            .and_then(|i| unfinished.get(i))
        {
            Some(s) => resume(global, Some(s.id.clone()), admin).await,
            None => new(global, NewArgs::default(), admin).await,
        },
        Err(
            inquire::InquireError::OperationCanceled | inquire::InquireError::OperationInterrupted,
        ) => Exit::Cancelled,
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Error
        }
    }
}

/// `cw-onboard demo`: the sandbox in-process, its site, company, clientId and admin keys filled in.
pub async fn demo(global: &GlobalArgs) -> Exit {
    let (library, store) = match (load_library(global), open_store(global)) {
        (Ok(l), Ok(s)) => (l, s),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let sandbox =
        match crate::sandbox::Sandbox::start(crate::sandbox::SandboxOptions::default()).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: cannot start the sandbox: {e}");
                return Exit::Error;
            }
        };
    let info = sandbox.info().clone();
    let setup = Setup {
        site: info.url.clone(),
        company: info.company.clone(),
        client_id: info.client_id.clone(),
        ..Setup::default()
    };
    let admin = KeyPair::new(
        info.admin_public_key.clone(),
        info.admin_private_key.clone(),
    );
    let services = global
        .session_config()
        .services()
        .with_stand_in(crate::session::demo::stand_in(&info.url));
    let exit = run_tui(library, setup, true, Some(admin), services, store, None).await;
    sandbox.shutdown().await;
    exit
}

/// `cw-onboard rotate [SETUP]`: step 3 alone, for a setup that has a key.
pub async fn rotate(global: &GlobalArgs, id: Option<String>) -> Exit {
    rotate_with(global, id, None).await
}

/// `rotate`; `demo`: the sandbox as the admin's hands (^D at every stage) and the old key the
/// demo made (so its proofs need no typing).
pub async fn rotate_with(
    global: &GlobalArgs,
    id: Option<String>,
    demo: Option<(
        std::sync::Arc<dyn crate::runtime::stand_in::UiStandIn>,
        KeyPair,
    )>,
) -> Exit {
    let (library, store) = match (load_library(global), open_store(global)) {
        (Ok(l), Ok(s)) => (l, s),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let id = match id.or_else(|| {
        store
            .list::<SetupSummary>()
            .into_iter()
            .filter_map(|l| l.summary)
            .find(crate::app::skip::rotatable)
            .map(|s| s.id)
    }) {
        Some(id) => id,
        None => {
            eprintln!("error: {}", crate::app::skip::NOTHING_ROTATABLE);
            return Exit::Usage;
        }
    };
    let (lock, mut setup) = match load_locked(&store, &id) {
        Ok(found) => found,
        Err(exit) => return exit,
    };
    if let Some(why) = crate::app::skip::nothing_to_rotate(&library, &setup) {
        eprintln!("error: {why}");
        return Exit::Usage;
    }
    let Some(old) = setup.key.public_key.clone() else {
        eprintln!(
            "error: setup {id} has no verified key yet; `cw-onboard resume {id}` finishes it first."
        );
        return Exit::Usage;
    };
    setup
        .key
        .rotating
        .get_or_insert_with(|| crate::app::setup::RotationProgress {
            old_public_key: old,
            ..Default::default()
        });
    let (hands, old_key) = demo.map_or((None, None), |(h, k)| (Some(h), Some(k)));
    let session = TuiSession {
        services: global.session_config().services().with_stand_in(hands),
        store,
        held: Some(lock),
    };
    let demo = old_key.is_some();
    run_tui_with(library, setup, demo, None, old_key, session).await
}
