//! `--no-input --answers FILE`: the wizard's steps from an answers file, never prompting. A step
//! that needs the admin's hands in ConnectWise prints its checklist and exits 4; running again
//! continues (every step looks up before it creates).

mod answers;

pub use answers::{Answers, parse_answers};

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
    let library = match crate::cli::wizard_cmd::load_library(global) {
        Ok(l) => l,
        Err(e) => return e,
    };
    for id in &answers.templates {
        if library.get(id).is_none() {
            return fail(
                format!("templates: no template {id}; `cw-onboard templates list` shows them"),
                Exit::Usage,
            );
        }
    }
    let store = match resolve_state_dir(global.state_dir.as_deref()).and_then(|d| Store::open(&d)) {
        Ok(s) => s,
        Err(e) => return fail(e, Exit::Error),
    };
    let company = match crate::app::validate::company(&answers.company) {
        Ok(c) => c,
        Err(e) => return fail(format!("company: {e}"), Exit::Usage),
    };
    let id = crate::app::setup::setup_id(&company, &answers.templates);
    let mut lock = match store.lock(&id) {
        Ok(l) => l,
        Err(e) => return fail(e, Exit::Error),
    };
    let setup = match store.load::<Setup>(&mut lock, &migrations()) {
        Ok(Some(l)) => l.value,
        Ok(None) => Setup::default(),
        Err(e) => return fail(e, Exit::Error),
    };
    let setup = Setup {
        id: id.clone(),
        site: answers.site.clone(),
        company,
        client_id: answers.client_id.clone(),
        ..setup
    };
    let mut wizard = Wizard::new(library, setup, false);
    wizard.today = chrono::Local::now().date_naive().to_string();
    if let Some(pair) = &admin {
        wizard.prefill_admin(pair);
    }
    let exec = Executor::new(Services::new(global), Some(Saver::start(store, Some(lock))));
    let mut h = Headless::new(wizard, exec);
    let exit = match steps(&mut h, &answers, member_key).await {
        Ok(exit) => exit,
        Err(message) => fail(message, Exit::Error),
    };
    if let Some(err) = h.exec.flush().await {
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

async fn steps(
    h: &mut Headless,
    answers: &Answers,
    member_key: Option<KeyPair>,
) -> Result<Exit, String> {
    // Step 0: the instance (and the admin keys, for assisted mode).
    h.start().await?;
    h.ctrl('n').await?;
    if h.wizard.step == StepId::Instance {
        return Err(format!("step 0: {}", banner(h)));
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
        return Err(format!("step 1: {}", banner(h)));
    }
    println!("✓ step 1: role {}", h.wizard.setup.role.name);
    // Step 2: the member.
    member(h, answers)?;
    h.ctrl('n').await?;
    if h.wizard.step != StepId::Keys {
        return Err(format!("step 2: {}", banner(h)));
    }
    println!("✓ step 2: member {}", h.wizard.setup.member.identifier);
    // Step 3: the key.
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
        let mark = match c.status {
            CheckStatus::Pass => "✓",
            CheckStatus::Fail => "✗",
            CheckStatus::Warn => "!",
            CheckStatus::Skip => "-",
        };
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
    // Steps 4 and 5: allow-list notes, manual inputs, export.
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
        _ => Err(format!("step 5: {}", banner(h))),
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
fn member(h: &mut Headless, answers: &Answers) -> Result<(), String> {
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
                format!(
                    "member.{key} = \"{name}\" is not on the instance; choices: {}",
                    choices.join(", ")
                )
            })?,
            None => {
                let pick = &mut step.picks[item - 3];
                if pick.value().is_none() {
                    if pick.options.len() == 1 {
                        pick.selected = Some(0);
                    } else if pick.required {
                        let names: Vec<String> =
                            pick.options.iter().map(|o| o.name.clone()).collect();
                        return Err(format!(
                            "add member.{key} to the answers: the instance has {} ({})",
                            names.len(),
                            names.join(", ")
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}
