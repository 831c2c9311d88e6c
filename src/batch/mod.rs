//! `--no-input --answers FILE`: the wizard's steps from an answers file, never prompting. A step
//! that needs the admin's hands in ConnectWise prints its checklist and exits 4; running again
//! continues (every step looks up before it creates).

mod answers;

pub use answers::{Answers, MemberAnswers, parse_answers};

/// Why the steps stopped short of an exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepError {
    /// A pick list has several choices and no answer: `member.<key>` must be given.
    Need {
        key: &'static str,
        choices: Vec<String>,
    },
    Message(String),
}

impl std::fmt::Display for StepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StepError::Need { key, choices } => {
                write!(
                    f,
                    "add member.{key} to the answers: the instance has {} ({})",
                    choices.len(),
                    choices.join(", ")
                )
            }
            StepError::Message(m) => f.write_str(m),
        }
    }
}

impl From<String> for StepError {
    fn from(m: String) -> Self {
        StepError::Message(m)
    }
}

use crate::app::setup::{CheckStatus, Setup, StepId};
use crate::app::steps::member::{BUSINESS_UNIT, LEVEL, LOCATION, OWNER, TERRITORY, TIME_ZONE};
use crate::app::verify::{RowState, describe_levels};
use crate::app::{Wizard, setup::Mode};
use crate::cli::{Exit, GlobalArgs};
use crate::runtime::api::Services;
use crate::runtime::executor::Executor;
use crate::runtime::headless::Headless;
use crate::runtime::saver::{Saver, migrations};
use crate::secrets::KeyPair;
use crate::state::{Store, resolve_state_dir};
use ratatui::crossterm::event::KeyCode;

fn fail(message: impl std::fmt::Display, exit: Exit) -> Exit {
    eprintln!("error: {message}");
    exit
}

/// One setup driven headlessly, attempt after attempt (batch runs once; line prompts retry
/// after the admin has acted). Holds the setup's lock through its saver.
pub struct Session {
    library: crate::template::Library,
    exec: Option<Executor>,
    setup: Setup,
    admin: Option<KeyPair>,
}

impl Session {
    pub fn open(
        global: &GlobalArgs,
        answers: &Answers,
        admin: Option<KeyPair>,
    ) -> Result<Session, Exit> {
        let library = crate::cli::wizard_cmd::load_library(global)?;
        for id in &answers.templates {
            if library.get(id).is_none() {
                return Err(fail(
                    format!("templates: no template {id}; `cw-onboard templates list` shows them"),
                    Exit::Usage,
                ));
            }
        }
        let store = resolve_state_dir(global.state_dir.as_deref())
            .and_then(|d| Store::open(&d))
            .map_err(|e| fail(e, Exit::Error))?;
        let company = crate::app::validate::company(&answers.company)
            .map_err(|e| fail(format!("company: {e}"), Exit::Usage))?;
        let id = crate::app::setup::setup_id(&company, &answers.templates);
        let mut lock = store.lock(&id).map_err(|e| fail(e, Exit::Error))?;
        let setup = match store.load::<Setup>(&mut lock, &migrations()) {
            Ok(Some(l)) => l.value,
            Ok(None) => Setup::default(),
            Err(e) => return Err(fail(e, Exit::Error)),
        };
        let setup = Setup {
            id,
            site: answers.site.clone(),
            company,
            client_id: answers.client_id.clone(),
            ..setup
        };
        let exec = Executor::new(Services::new(global), Some(Saver::start(store, Some(lock))));
        Ok(Session {
            library,
            exec: Some(exec),
            setup,
            admin,
        })
    }

    /// Runs every step from the start (lookups make that safe); keeps what was learnt.
    pub async fn attempt(
        &mut self,
        answers: &Answers,
        member_key: Option<KeyPair>,
    ) -> Result<Exit, StepError> {
        let exec = self
            .exec
            .take()
            .ok_or_else(|| StepError::Message("internal: no executor".into()))?;
        let mut wizard = Wizard::new(self.library.clone(), self.setup.clone(), false);
        wizard.today = chrono::Local::now().date_naive().to_string();
        if let Some(pair) = &self.admin {
            wizard.prefill_admin(pair);
        }
        let mut h = Headless::new(wizard, exec);
        let result = steps(&mut h, answers, member_key).await;
        self.setup = h.wizard.setup.clone();
        self.exec = Some(h.exec);
        result
    }

    /// The step the last attempt stopped at.
    pub fn step(&self) -> Option<StepId> {
        self.setup.step
    }

    /// Waits for the last save; the error, if any.
    pub async fn close(mut self) -> Option<String> {
        match self.exec.as_mut() {
            Some(exec) => exec.flush().await,
            None => None,
        }
    }
}

pub async fn run(global: &GlobalArgs, admin: Option<KeyPair>, member_key: Option<KeyPair>) -> Exit {
    let Some(path) = &global.answers else {
        return fail(
            "--no-input needs --answers FILE (TOML; see the README)",
            Exit::Usage,
        );
    };
    let answers = match std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|t| parse_answers(&t))
    {
        Ok(a) => a,
        Err(e) => return fail(format!("{}: {e}", path.display()), Exit::Usage),
    };
    let mut session = match Session::open(global, &answers, admin) {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let exit = match session.attempt(&answers, member_key).await {
        Ok(exit) => exit,
        Err(e) => fail(e, Exit::Error),
    };
    if let Some(err) = session.close().await {
        return fail(format!("the setup could not be saved: {err}"), Exit::Error);
    }
    exit
}

fn banner(h: &Headless) -> String {
    h.wizard
        .banner
        .clone()
        .unwrap_or_else(|| "the step could not be completed".into())
}

pub async fn steps(
    h: &mut Headless,
    answers: &Answers,
    member_key: Option<KeyPair>,
) -> Result<Exit, StepError> {
    // Step 0: the instance (and the admin keys, for assisted mode).
    h.start().await?;
    h.ctrl('n').await?;
    if h.wizard.step == StepId::Instance {
        return Err(format!("step 0: {}", banner(h)).into());
    }
    println!(
        "✓ step 0: {} ({})",
        h.wizard.setup.site,
        if h.wizard.setup.mode == Mode::Assisted {
            "assisted"
        } else {
            "guided"
        }
    );
    // Step 1: the role.
    h.wizard.role.chosen = answers.templates.clone();
    h.key(KeyCode::Enter).await?;
    if let Some(name) = &answers.role_name {
        h.wizard.role.role_name.set(name);
    }
    if h.wizard.setup.mode == Mode::Assisted {
        h.key(KeyCode::Enter).await?;
        if !h.wizard.setup.role.all_match {
            return Ok(role_pending(h));
        }
    } else {
        let rows = h.wizard.role.rows(h.wizard.merged.as_ref());
        for row in rows {
            h.wizard.setup.role.ticked.insert(format!(
                "{} / {}",
                row.function.module, row.function.function
            ));
        }
    }
    h.ctrl('n').await?;
    if h.wizard.step != StepId::Member {
        return Err(format!("step 1: {}", banner(h)).into());
    }
    println!("✓ step 1: role {}", h.wizard.setup.role.name);
    // Step 2: the member.
    member(h, answers)?;
    h.ctrl('n').await?;
    if h.wizard.step != StepId::Keys {
        return Err(format!("step 2: {}", banner(h)).into());
    }
    println!("✓ step 2: member {}", h.wizard.setup.member.identifier);
    if let Some(warning) = crate::app::validate::placeholder_email(&h.wizard.setup.member.email) {
        eprintln!("warning: member.email: {warning}");
    }
    // Step 3: the key (one verified and handed off in an earlier run needs no key file).
    if member_key.is_none() && crate::app::steps::keys::done_earlier(&h.wizard.setup) {
        h.ctrl('n').await?;
        println!(
            "✓ step 3: key {} verified earlier",
            h.wizard.setup.key.public_key.as_deref().unwrap_or_default()
        );
        return finish(h, answers).await;
    }
    let Some(key) = member_key else {
        println!("… step 3 needs your hands in ConnectWise:");
        println!(
            "  System > Members > API Members > {} > API Keys > +",
            h.wizard.setup.member.identifier
        );
        println!(
            "  Description: {}; press Save (not Save & Close: the private key is shown once).",
            h.wizard.keys.fields[0].value()
        );
        println!("  Then run again with --key-file FILE (or CW_PUBLIC_KEY / CW_PRIVATE_KEY).");
        return Ok(Exit::Pending);
    };
    h.wizard.keys.fields[1].set(&key.public);
    h.wizard.keys.fields[2].set(key.expose_private());
    h.wizard.keys.focus = 2;
    h.key(KeyCode::Enter).await?;
    for c in &h.wizard.keys.checks {
        let mark = c.status.mark();
        println!("  {mark} {}: {}", c.label, c.detail);
        if let (Some(a), false) = (&c.advice, c.status == CheckStatus::Pass) {
            println!("      {a}");
        }
    }
    if h.wizard.keys.pending.is_none() {
        return Ok(Exit::Drift);
    }
    h.wizard.setup.key.handed_off = Some("supplied by the batch run's key source".into());
    h.ctrl('s').await?;
    println!("✓ step 3: key {} verified", key.public);
    finish(h, answers).await
}

/// Steps 4 and 5: allow-list notes, manual inputs, export.
async fn finish(h: &mut Headless, answers: &Answers) -> Result<Exit, StepError> {
    h.ctrl('n').await?;
    for f in &mut h.wizard.summary.inputs {
        if let Some(v) = answers.manual.get(&f.key) {
            f.field.set(v);
        }
    }
    h.ctrl('e').await?;
    if let Some(paths) = h.wizard.summary.exported.ready() {
        println!("✓ summary: {}", paths.join(", "));
    }
    h.ctrl('n').await?;
    match h.exit {
        Some(crate::app::Exit::Finished) => {
            println!("Setup {} is done.", h.wizard.setup.id);
            Ok(Exit::Done)
        }
        _ => Err(format!("step 5: {}", banner(h)).into()),
    }
}

/// Exit 4 with the checklist of rows still to set in ConnectWise.
fn role_pending(h: &Headless) -> Exit {
    let name = &h.wizard.setup.role.name;
    println!("… step 1 needs your hands in ConnectWise: System > Security Roles > {name}, set:");
    for row in h.wizard.role.rows(h.wizard.merged.as_ref()) {
        let what = match row.state {
            RowState::Matches => continue,
            RowState::TooHigh(_) => "lower to",
            _ => "set to",
        };
        println!(
            "  {} / {}: {what} {}",
            row.function.module,
            row.function.function,
            describe_levels(&row.wanted)
        );
    }
    if let Some(merged) = &h.wizard.merged {
        for c in &merged.customize {
            println!(
                "  {} / {} customize: allow {}",
                c.function.module, c.function.function, c.item
            );
        }
    }
    println!("Then run the same command again.");
    Exit::Pending
}

/// Fills the member form from the answers; a pick list with several choices and no answer is
/// an error naming the key to add.
fn member(h: &mut Headless, answers: &Answers) -> Result<(), StepError> {
    let m = &answers.member;
    let step = &mut h.wizard.member;
    for (i, value) in [&m.identifier, &m.name, &m.email].into_iter().enumerate() {
        if let Some(v) = value {
            step.texts[i].set(v);
        }
    }
    if h.wizard.setup.mode != Mode::Assisted {
        return Ok(());
    }
    let picks = [
        (LEVEL, "level", &m.level),
        (OWNER, "owner", &m.owner),
        (LOCATION, "location", &m.location),
        (BUSINESS_UNIT, "business_unit", &m.business_unit),
        (TIME_ZONE, "time_zone", &m.time_zone),
        (TERRITORY, "territory", &m.territory),
    ];
    for (item, key, answer) in picks {
        let step = &mut h.wizard.member;
        match answer {
            Some(name) => step.choose(item, name).map_err(|choices| {
                StepError::Message(format!(
                    "member.{key} = \"{name}\" is not on the instance; choices: {}",
                    choices.join(", ")
                ))
            })?,
            None => {
                let pick = &mut step.picks[item - 3];
                if pick.value().is_none() {
                    if pick.options.len() == 1 {
                        pick.selected = Some(0);
                    } else if pick.required {
                        let choices: Vec<String> =
                            pick.options.iter().map(|o| o.name.clone()).collect();
                        return Err(StepError::Need { key, choices });
                    }
                }
            }
        }
    }
    Ok(())
}
