//! The composition root below `cli`: plain settings in (no argument-parser types), and what
//! every front-end needs out of them: the template library, the store and a setup's lock, key
//! sources, the network services, and one setup driven through the core's typed commands.
//! Front-ends return an [`Outcome`]; `cli` maps it to an exit code.

pub mod demo;
pub mod drive;
pub mod no_api;
mod order;
pub use order::new_walk;
pub mod plan;
pub mod quiet;
pub mod retire;
pub mod rotate;
pub(crate) mod ui_steps;

use crate::app::setup::Setup;
use crate::cw::HttpSettings;
use crate::runtime::api::Services;
use crate::runtime::executor::Executor;
use crate::runtime::headless::Headless;
use crate::runtime::saver::{Saver, migrations};
use crate::secrets::KeyPair;
use crate::state::{SetupLock, Store, resolve_state_dir};
use crate::template::Library;
use std::path::{Path, PathBuf};

/// Where things are, and what to trust: everything a session needs from the command line.
#[derive(Debug, Clone, Default)]
pub struct SessionConfig {
    /// Where setups are kept (None: the platform's state directory).
    pub state_dir: Option<PathBuf>,
    /// Where user templates live (None: the platform's config directory).
    pub config_dir: Option<PathBuf>,
    /// A private CA (PEM) for an on-premise instance.
    pub ca_file: Option<PathBuf>,
    /// `cw-onboard demo`: its setup and sandbox are temporary, so nothing it prints points at a
    /// later command (`verify`, `list`) on them.
    pub demo: bool,
}

impl SessionConfig {
    pub fn http(&self) -> HttpSettings {
        HttpSettings {
            ca_file: self.ca_file.clone(),
            ..HttpSettings::default()
        }
    }

    pub fn services(&self) -> Services {
        Services::new(self.http())
    }
}

/// How a front-end ended; `cli` turns it into an exit code (PRODUCT.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// An error; the message was printed and says what to do.
    Error,
    /// Bad arguments or answers (an answers-file key, a template id).
    Usage,
    /// Verification failed, or drift.
    Drift,
    /// Waiting for the admin's hands in ConnectWise; run again to continue.
    Pending,
    Cancelled,
}

/// Prints `error: message` and gives `outcome`.
pub fn fail(message: impl std::fmt::Display, outcome: Outcome) -> Outcome {
    eprintln!("error: {message}");
    outcome
}

/// The built-in templates, with the user's (warnings printed).
pub fn load_library(config: &SessionConfig) -> Result<Library, Outcome> {
    match Library::load(config.config_dir.as_deref()) {
        Ok((library, warnings)) => {
            for w in warnings {
                eprintln!("warning: {w}");
            }
            Ok(library)
        }
        Err(e) => Err(fail(e, Outcome::Error)),
    }
}

pub fn open_store(config: &SessionConfig) -> Result<Store, Outcome> {
    resolve_state_dir(config.state_dir.as_deref())
        .and_then(|dir| Store::open(&dir))
        .map_err(|e| fail(e, Outcome::Error))
}

/// The members the setups on this machine hold (`app::ownership`: never adopted by another).
pub fn claimed_members(store: &Store) -> Vec<crate::app::ownership::Claimed> {
    store
        .list::<Setup>()
        .into_iter()
        .filter_map(|l| l.summary)
        .filter_map(|s| crate::app::ownership::Claimed::of(&s))
        .collect()
}

/// A key file (TOML with `public_key` and `private_key`); warnings printed.
pub fn read_key_file(path: &Path) -> Result<KeyPair, Outcome> {
    match crate::secrets::read_key_file(path) {
        Ok((pair, warnings)) => {
            for w in warnings {
                eprintln!("warning: {w}");
            }
            Ok(pair)
        }
        Err(e) => Err(fail(e, Outcome::Usage)),
    }
}

/// A key from `file` if given, else from the environment (already taken out of it).
pub fn key_source(
    file: Option<&Path>,
    from_env: Option<KeyPair>,
) -> Result<Option<KeyPair>, Outcome> {
    match file {
        Some(path) => read_key_file(path).map(Some),
        None => Ok(from_env),
    }
}

/// A setup as recorded: `id`, or the latest unfinished one; None when there is none to resume.
pub fn recorded(config: &SessionConfig, id: Option<&str>) -> Result<Option<Setup>, Outcome> {
    use crate::app::setup::{SetupStatus, SetupSummary};
    let store = open_store(config)?;
    let id = match id {
        Some(id) => id.to_string(),
        None => match store
            .list::<SetupSummary>()
            .into_iter()
            .filter_map(|l| l.summary)
            .find(|s| s.status == SetupStatus::InProgress)
        {
            Some(s) => s.id,
            None => return Ok(None),
        },
    };
    let mut lock = store.lock(&id).map_err(|e| fail(e, Outcome::Error))?;
    match store.load::<Setup>(&mut lock, &migrations()) {
        Ok(Some(l)) => {
            if let Some(note) = &l.recovered {
                eprintln!("warning: {note}");
            }
            crate::app::retire::refuse_retired(&l.value, "resume")
                .map_err(|why| fail(why, Outcome::Usage))?;
            Ok(Some(l.value))
        }
        Ok(None) => Err(fail(
            format!("no setup {id}; `cw-onboard list` shows them."),
            Outcome::Usage,
        )),
        Err(e) => Err(fail(e, Outcome::Error)),
    }
}

/// One setup driven headlessly, attempt after attempt (batch runs once; line prompts retry
/// after the admin has acted). Holds the setup's lock through its saver.
pub struct Session {
    pub library: Library,
    exec: Option<Executor>,
    pub setup: Setup,
    admin: Option<KeyPair>,
    /// `rotate`: the wizard starts at step 3's rotation.
    pub rotating: bool,
    /// Members other setups on this machine hold.
    elsewhere: Vec<crate::app::ownership::Claimed>,
    /// The demo's (`SessionConfig::demo`): the wizard knows its setup is temporary.
    demo: bool,
}

impl Session {
    /// Opens setup `id` under its lock (a new one if there is none), with `services`.
    pub fn open(
        config: &SessionConfig,
        library: Library,
        id: &str,
        services: Services,
        admin: Option<KeyPair>,
    ) -> Result<Session, Outcome> {
        let store = open_store(config)?;
        let elsewhere = claimed_members(&store);
        let mut lock: SetupLock = store.lock(id).map_err(|e| fail(e, Outcome::Error))?;
        let setup = match store.load::<Setup>(&mut lock, &migrations()) {
            Ok(Some(l)) => {
                if let Some(note) = &l.recovered {
                    eprintln!("warning: {note}");
                }
                crate::app::retire::refuse_retired(&l.value, "resume or rotate")
                    .map_err(|why| fail(why, Outcome::Usage))?;
                l.value
            }
            Ok(None) => Setup::default(),
            Err(e) => return Err(fail(e, Outcome::Error)),
        };
        let exec = Executor::new(services, Some(Saver::start(store, Some(lock))));
        Ok(Session {
            library,
            exec: Some(exec),
            setup,
            admin,
            rotating: false,
            elsewhere,
            demo: config.demo,
        })
    }

    /// The services the effects run with (None once closed).
    pub fn services(&self) -> Option<&Services> {
        self.exec.as_ref().map(|e| e.services())
    }

    /// Takes the plan's answers for step 0 and the setup's id.
    pub fn answer(&mut self, plan: &plan::Plan) {
        self.setup.id = plan.setup_id();
        self.setup.site = plan.site.to_string();
        self.setup.company = plan.company.to_string();
        self.setup.client_id = plan.client_id.to_string();
    }

    /// Runs `drive` over a fresh wizard on the setup as it stands; keeps what was learnt.
    pub async fn attempt<T>(
        &mut self,
        drive: impl AsyncFnOnce(&mut Headless, Option<&KeyPair>) -> T,
    ) -> Result<T, Outcome> {
        let Some(exec) = self.exec.take() else {
            return Err(fail("internal: the session was closed", Outcome::Error));
        };
        let (library, setup) = (self.library.clone(), self.setup.clone());
        let mut wizard = match self.rotating {
            true => crate::app::Wizard::rotation(library, setup, self.demo),
            false => crate::app::Wizard::new(library, setup, false),
        };
        wizard.today = chrono::Local::now().date_naive().to_string();
        wizard.member.elsewhere = self.elsewhere.clone();
        if self.rotating {
            wizard.start_rotation();
        }
        let mut h = Headless::new(wizard, exec);
        let result = drive(&mut h, self.admin.as_ref()).await;
        self.setup = h.wizard.setup.clone();
        self.exec = Some(h.exec);
        Ok(result)
    }

    /// Where the summary's exports go (the working directory unless said here).
    pub fn export_to(&mut self, dir: &std::path::Path) {
        if let Some(exec) = self.exec.as_mut() {
            exec.export_dir = dir.to_path_buf();
        }
    }

    /// Waits for the last save; the error, if any.
    pub async fn close(mut self) -> Option<String> {
        match self.exec.as_mut() {
            Some(exec) => exec.flush().await,
            None => None,
        }
    }
}
