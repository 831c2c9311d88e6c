//! `--plain`: the wizard as line prompts (inquire), for dumb or small terminals. The same
//! validators as the full-screen wizard check every answer; the same headless core runs the
//! steps, and where ConnectWise needs the admin's hands it waits and checks again.

use crate::app::validate;
use crate::batch::{Answers, MemberAnswers, Session, StepError};
use crate::cli::{Exit, GlobalArgs, NewArgs};
use crate::secrets::KeyPair;
use inquire::validator::Validation;
use inquire::{Confirm, InquireError, MultiSelect, Password, PasswordDisplayMode, Select, Text};

type Check = fn(&str) -> validate::Valid;

/// A text prompt checked by one of the shared validators.
fn ask(label: &str, default: &str, check: Check) -> Result<String, InquireError> {
    let mut prompt = Text::new(label).with_validator(move |v: &str| {
        Ok(match check(v) {
            Ok(_) => Validation::Valid,
            Err(message) => Validation::Invalid(message.into()),
        })
    });
    if !default.is_empty() {
        prompt = prompt.with_default(default);
    }
    let value = prompt.prompt()?;
    Ok(check(&value).unwrap_or(value))
}

fn secret(label: &str, which: &'static str) -> Result<String, InquireError> {
    Password::new(label)
        .without_confirmation()
        .with_display_mode(PasswordDisplayMode::Masked)
        .with_help_message("Ctrl+R shows it")
        .with_display_toggle_enabled()
        .with_validator(move |v: &str| {
            Ok(match validate::api_key(v, which) {
                Ok(_) => Validation::Valid,
                Err(m) => Validation::Invalid(m.into()),
            })
        })
        .prompt()
}

fn key_pair(what: &str, which: &'static str) -> Result<KeyPair, InquireError> {
    let public = ask(&format!("{what} public key"), "", |v| {
        validate::api_key(v, "public")
    })?;
    let private = secret(&format!("{what} private key"), which)?;
    Ok(KeyPair::new(public, private))
}

fn exit_for(err: &InquireError) -> Exit {
    match err {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => Exit::Cancelled,
        InquireError::NotTTY => {
            eprintln!("error: not a terminal: use --no-input --answers FILE for batch mode");
            Exit::Usage
        }
        other => {
            eprintln!("error: {other}");
            Exit::Error
        }
    }
}

fn member_slot<'a>(m: &'a mut MemberAnswers, key: &str) -> Option<&'a mut Option<String>> {
    Some(match key {
        "level" => &mut m.level,
        "owner" => &mut m.owner,
        "location" => &mut m.location,
        "business_unit" => &mut m.business_unit,
        "time_zone" => &mut m.time_zone,
        "territory" => &mut m.territory,
        _ => return None,
    })
}

async fn collect(
    global: &GlobalArgs,
    preset: &NewArgs,
    admin: &mut Option<KeyPair>,
) -> Result<Answers, InquireError> {
    println!(
        "cw-onboard: give a third-party integration least-privilege API access to ConnectWise PSA."
    );
    let site = ask(
        "ConnectWise site",
        preset.site.as_deref().unwrap_or(""),
        validate::site,
    )?;
    let company = ask(
        "Company ID (as on the login screen)",
        preset.company.as_deref().unwrap_or(""),
        validate::company,
    )?;
    let client_id = ask("Client ID (GUID)", "", validate::client_id)?;
    if admin.is_none()
        && Confirm::new(
            "Do you have admin API keys (assisted mode: the wizard creates the role and member)?",
        )
        .with_default(false)
        .prompt()?
    {
        *admin = Some(key_pair("Admin", "admin private")?);
    }
    let library = crate::cli::wizard_cmd::load_library(global)
        .map_err(|_| InquireError::Custom("templates could not be loaded".into()))?;
    let options: Vec<String> = library
        .all()
        .iter()
        .map(|t| format!("{} · {}", t.id, t.name))
        .collect();
    let templates: Vec<String> = if preset.templates.is_empty() {
        MultiSelect::new(
            "Integration(s) (several merge: highest level wins):",
            options,
        )
        .with_validator(|chosen: &[inquire::list_option::ListOption<&String>]| {
            Ok(if chosen.is_empty() {
                Validation::Invalid("Pick at least one with Space.".into())
            } else {
                Validation::Valid
            })
        })
        .prompt()?
        .into_iter()
        .filter_map(|o| o.split(" · ").next().map(String::from))
        .collect()
    } else {
        preset.templates.clone()
    };
    let chosen: Vec<_> = templates.iter().filter_map(|t| library.get(t)).collect();
    let merged = crate::template::merge(&chosen);
    let role_name = ask("Security role name", &merged.role_name, validate::role_name)?;
    let m = &merged.member;
    let identifier = ask("API member ID", &m.identifier, validate::member_identifier)?;
    let name = ask(
        "Member name",
        format!("{} {}", m.first_name, m.last_name).trim(),
        validate::member_name,
    )?;
    let mut email = ask(
        "Email (optional)",
        m.email.as_deref().unwrap_or(""),
        validate::email,
    )?;
    // A placeholder domain is a warning, not an error: the admin may keep it.
    while let Some(warning) = validate::placeholder_email(&email) {
        eprintln!("warning: {warning}");
        if Confirm::new("Keep it anyway?")
            .with_default(false)
            .prompt()?
        {
            break;
        }
        email = ask("Email (optional)", "", validate::email)?;
    }
    let member = MemberAnswers {
        identifier: Some(identifier),
        name: Some(name),
        email: (!email.is_empty()).then_some(email),
        ..MemberAnswers::default()
    };
    Ok(Answers {
        site,
        company,
        client_id,
        templates,
        role_name: Some(role_name),
        member,
        manual: Default::default(),
    })
}

pub async fn run(
    global: &GlobalArgs,
    preset: NewArgs,
    mut admin: Option<KeyPair>,
    mut key: Option<KeyPair>,
) -> Exit {
    let mut answers = match collect(global, &preset, &mut admin).await {
        Ok(a) => a,
        Err(e) => return exit_for(&e),
    };
    let mut session = match Session::open(global, &answers, admin) {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let exit = loop {
        let result = session.attempt(&answers, key.clone()).await;
        let next: Result<bool, InquireError> = match result {
            Ok(Exit::Done) => break Exit::Done,
            Ok(Exit::Pending)
                if session.step() == Some(crate::app::setup::StepId::Keys) && key.is_none() =>
            {
                key_pair("New API member", "private").map(|pair| {
                    key = Some(pair);
                    true
                })
            }
            Ok(Exit::Pending) => Confirm::new("Done in ConnectWise? Check again")
                .with_default(true)
                .prompt(),
            Ok(Exit::Drift) => Confirm::new("Fix it in ConnectWise, then check again?")
                .with_default(true)
                .prompt(),
            Ok(other) => break other,
            Err(StepError::Need {
                key: field,
                choices,
            }) => Select::new(
                &format!("Choose the member's {}:", field.replace('_', " ")),
                choices,
            )
            .prompt()
            .map(|choice| {
                if let Some(slot) = member_slot(&mut answers.member, field) {
                    *slot = Some(choice);
                }
                true
            }),
            Err(StepError::Message(m)) => {
                eprintln!("error: {m}");
                break Exit::Error;
            }
        };
        match next {
            Ok(true) => continue,
            Ok(false) => break Exit::Drift,
            Err(e) => break exit_for(&e),
        }
    };
    if let Some(err) = session.close().await {
        eprintln!("error: the setup could not be saved: {err}");
        return Exit::Error;
    }
    exit
}
