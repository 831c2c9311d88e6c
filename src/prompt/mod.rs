//! `--plain`: the wizard as line prompts (inquire), for dumb or small terminals. The same
//! validators as the full-screen wizard check every answer; the answers become the core's typed
//! commands (`session::drive`), and where ConnectWise needs the admin's hands it waits and
//! checks again.

pub(crate) mod choose;
mod features;
pub mod handoff;
pub mod line;
mod manual;
mod resume;
pub use resume::resume;
pub mod retire;
mod role_name;
pub mod rotate;
mod settle;
use settle::{not_ours, settle_ownership};

use crate::app::command::MemberField;
use crate::app::setup::StepId;
use crate::app::validate;
use crate::runtime::stand_in::UiStandIn;
use crate::secrets::KeyPair;
use crate::session::drive::{Order, Stopped, drive_handing_off};
use crate::session::plan::{Plan, RawAnswers};
use crate::session::{Outcome, Session, SessionConfig, fail, load_library};
use crate::template::Library;
use inquire::InquireError;
use std::sync::Arc;

type Check = fn(&str) -> validate::Valid;

/// One line from the terminal, read in linear time (see `line`); a line over the cap is
/// refused with a message and asked again.
fn read(prompt: &str, echo: line::Echo) -> Result<String, InquireError> {
    loop {
        match line::read_line(prompt, echo) {
            Ok(line::Ended::Line(Ok(text))) => return Ok(text),
            Ok(line::Ended::Line(Err(bytes))) => eprintln!("✗ {}", line::too_large(bytes)),
            Ok(line::Ended::Interrupted) => return Err(InquireError::OperationInterrupted),
            Ok(line::Ended::Cancelled) => return Err(InquireError::OperationCanceled),
            Err(_) if !std::io::IsTerminal::is_terminal(&std::io::stdin()) => {
                return Err(InquireError::NotTTY);
            }
            Err(e) => return Err(InquireError::IO(e)),
        }
    }
}

/// A text prompt checked by one of the shared validators; Enter on an empty line takes the
/// default. A refused answer is said and asked again.
fn ask(label: &str, default: &str, check: Check) -> Result<String, InquireError> {
    let prompt = if default.is_empty() {
        format!("? {label} › ")
    } else {
        format!("? {label} ({default}) › ")
    };
    loop {
        let typed = read(&prompt, line::Echo::Plain)?;
        let value = if typed.trim().is_empty() {
            default.to_string()
        } else {
            typed
        };
        match check(&value) {
            Ok(normalised) => return Ok(normalised),
            Err(message) => eprintln!("✗ {message}"),
        }
    }
}

/// A private key: masked (one `*` a character), checked, asked again when refused.
pub(crate) fn secret(label: &str, which: &'static str) -> Result<String, InquireError> {
    let prompt = format!("? {label} › ");
    loop {
        let value = read(&prompt, line::Echo::Masked)?;
        match validate::api_key(&value, which) {
            Ok(_) => return Ok(value),
            Err(message) => eprintln!("✗ {message}"),
        }
    }
}

pub(crate) fn key_pair(what: &str, which: &'static str) -> Result<KeyPair, InquireError> {
    let public = ask(&format!("{what} public key"), "", |v| {
        validate::api_key(v, "public")
    })?;
    let private = secret(&format!("{what} private key"), which)?;
    Ok(KeyPair::new(public, private))
}

/// What `new` was given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Preset {
    pub templates: Vec<String>,
    pub site: Option<String>,
    pub company: Option<String>,
    pub client_id: Option<String>,
    /// Optional template features (`new --feature`), recorded with the setup.
    pub features: Vec<String>,
    /// `new --adopt MEMBER`: the member (and its role, where `app::ownership` allows) to
    /// start from; the differences are shown and asked about as for any existing member.
    pub adopt: Option<String>,
    /// The default role name (`new --adopt`: the member's role, where it may be adopted).
    pub role_name: Option<String>,
    /// `resume`: the recorded member's ID, name and e-mail, as defaults.
    pub member: [Option<String>; 3],
    /// `resume`: the recorded pick lists (location, business unit, …), as defaults.
    pub picks: Vec<(MemberField, String)>,
    /// `resume`: the recorded role (a rename of one this setup created is warned of).
    pub role: Option<crate::app::setup::RoleAnswers>,
}

pub(crate) fn exit_for(err: &InquireError) -> Outcome {
    match err {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => Outcome::Cancelled,
        InquireError::NotTTY => fail(
            "not a terminal: use --no-input --answers FILE for batch mode",
            Outcome::Usage,
        ),
        other => fail(other, Outcome::Error),
    }
}

async fn collect(
    library: &Library,
    preset: &Preset,
    admin: &mut Option<KeyPair>,
) -> Result<RawAnswers, InquireError> {
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
    let client_id = ask(
        "Client ID (GUID)",
        preset.client_id.as_deref().unwrap_or(""),
        validate::client_id,
    )?;
    if admin.is_none()
        && choose::confirm(
            "Do you have admin API keys (assisted mode: the wizard creates the role and member)?",
            false,
        )?
    {
        *admin = Some(key_pair("Admin", "admin private")?);
    }
    let options: Vec<String> = library
        .all()
        .iter()
        .map(|t| format!("{} · {}", t.id, t.name))
        .collect();
    let templates: Vec<String> = if preset.templates.is_empty() {
        let question = "Integration(s) (several merge: highest level wins):";
        choose::multi(question, options, &[], true)?
            .into_iter()
            .filter_map(|o| o.split(" · ").next().map(String::from))
            .collect()
    } else {
        preset.templates.clone()
    };
    let chosen: Vec<_> = templates.iter().filter_map(|t| library.get(t)).collect();
    // Templates picked here: their optional features too (with `--template`, `--feature` says).
    let features = if preset.templates.is_empty() {
        features::ask(&chosen, &preset.features)?
    } else {
        preset.features.clone()
    };
    let merged = crate::template::merge(&chosen);
    if !crate::app::skip::api_access_needed(&merged) {
        // No role, member or key to ask about: the run says why and goes to the manual steps.
        return Ok(RawAnswers {
            site,
            company,
            client_id,
            templates,
            features,
            role_name: None,
            member: Vec::new(),
            manual: Default::default(),
            adopt_role: false,
            adopt_member: false,
        });
    }
    let role_name = role_name::ask_role_name(
        preset,
        preset.role_name.as_deref().unwrap_or(&merged.role_name),
    )?;
    let m = &merged.member;
    let identifier = ask(
        "API member ID",
        (preset.adopt.as_deref().or(preset.member[0].as_deref())).unwrap_or(&m.identifier),
        validate::member_identifier,
    )?;
    let name = ask(
        "Member name",
        preset.member[1]
            .as_deref()
            .unwrap_or(format!("{} {}", m.first_name, m.last_name).trim()),
        validate::member_name,
    )?;
    let mut email = ask(
        "Email (optional)",
        preset.member[2]
            .as_deref()
            .or(m.email.as_deref())
            .unwrap_or(""),
        validate::email,
    )?;
    // A placeholder domain is a warning, not an error: the admin may keep it.
    while let Some(warning) = validate::placeholder_email(&email) {
        eprintln!("warning: {warning}");
        if choose::confirm("Keep it anyway?", true)? {
            break;
        }
        email = ask("Email (optional)", "", validate::email)?;
    }
    let mut member = vec![
        (MemberField::Identifier, identifier),
        (MemberField::Name, name),
    ];
    if !email.is_empty() {
        member.push((MemberField::Email, email));
    }
    Ok(RawAnswers {
        site,
        company,
        client_id,
        templates,
        features,
        role_name: Some(role_name),
        adopt_role: false,
        member,
        adopt_member: false,
        manual: Default::default(),
    })
}

/// The line-prompt front-end for `new` (and `resume`, whose answers are asked again).
pub async fn run(
    config: &SessionConfig,
    preset: Preset,
    admin: Option<KeyPair>,
    key: Option<KeyPair>,
) -> Outcome {
    walk(config, preset, admin, key, None).await
}

/// `demo --plain`: the line prompts against the built-in sandbox, which also plays the
/// admin's hands in ConnectWise when asked.
pub async fn demo(config: &SessionConfig) -> Outcome {
    let demo = match crate::session::demo::Demo::start().await {
        Ok(d) => d,
        Err(outcome) => return outcome,
    };
    let info = demo.info().clone();
    let preset = Preset {
        templates: Vec::new(),
        site: Some(info.url.clone()),
        company: Some(info.company.clone()),
        client_id: Some(info.client_id.clone()),
        features: Vec::new(),
        ..Preset::default()
    };
    println!(
        "Demo: a simulated ConnectWise instance at {} (Enter takes each default).",
        info.url
    );
    let outcome = walk(config, preset, Some(demo.admin()), None, demo.stand_in()).await;
    demo.shutdown().await;
    outcome
}

/// Asks the sandbox to do what the admin would do in ConnectWise (demo only).
async fn stand_in_acts(
    hands: &dyn UiStandIn,
    setup: &crate::app::setup::Setup,
    library: &Library,
    key_needed: bool,
) -> Result<Option<KeyPair>, String> {
    if key_needed {
        let description = format!("{} demo", setup.role.name);
        return hands
            .create_key(&setup.member.identifier, &description)
            .await
            .map(Some);
    }
    // With the features the setup switched on: their rows are the role's too.
    let chosen: Vec<_> = setup
        .templates
        .iter()
        .filter_map(|t| library.get(t))
        .map(|t| setup.with_recorded_features(t))
        .collect();
    let merged = crate::template::merge(&chosen.iter().collect::<Vec<_>>());
    let (rows, customize) = crate::app::steps::role::levels_to_set(&merged);
    hands
        .set_role_levels(&setup.role.name, &rows, &customize)
        .await
        .map(|_| None)
}

async fn walk(
    config: &SessionConfig,
    preset: Preset,
    mut admin: Option<KeyPair>,
    mut key: Option<KeyPair>,
    hands: Option<Arc<dyn UiStandIn>>,
) -> Outcome {
    let library = match load_library(config) {
        Ok(l) => l,
        Err(outcome) => return outcome,
    };
    for id in &preset.templates {
        if library.get(id).is_none() {
            return fail(
                format!("--template: {}", library.no_such_template(id)),
                Outcome::Usage,
            );
        }
    }
    let mut raw = match collect(&library, &preset, &mut admin).await {
        Ok(a) => a,
        Err(e) => return exit_for(&e),
    };
    let mut plan = match Plan::parse(&raw, &library) {
        Ok(p) => p,
        Err(rejected) => return fail(rejected, Outcome::Usage),
    };
    let mut session = match Session::open(
        config,
        library.clone(),
        &plan.setup_id(),
        config.services(),
        admin,
    ) {
        Ok(s) => s,
        Err(outcome) => return outcome,
    };
    session.answer(&plan);
    // Where the member's key came from, for the hand-off record.
    let mut source = if key.is_some() {
        "given by --key-file or CW_PUBLIC_KEY/CW_PRIVATE_KEY"
    } else {
        handoff::PASTED
    };
    let state_dir = crate::session::open_store(config)
        .ok()
        .map(|store| store.dir().to_path_buf());
    crate::session::new_walk();
    let outcome = loop {
        let attempt = {
            let (plan, key) = (&plan, key.clone());
            let mut hand_off = |h: &crate::runtime::headless::Headless, pair: &KeyPair| {
                handoff::hand_off(h, pair, source, state_dir.as_deref())
            };
            session
                .attempt(async |h, admin| {
                    let order = Order::LevelsFirst;
                    let driven = drive_handing_off(h, plan, admin, key, order, &mut hand_off).await;
                    if matches!(&driven, Err(Stopped::Invalid(r)) if !r.choices.is_empty()) {
                        // A pick list is asked next: the picks given so far are saved now (a
                        // refused command saves nothing), so a quit here and a resume keep them.
                        let save = crate::app::msg::Effect::Save(Box::new(h.wizard.setup.clone()));
                        let _ = h.run(vec![save]).await;
                    }
                    driven
                })
                .await
        };
        let next: Result<bool, InquireError> = match attempt {
            Err(outcome) => break outcome,
            Ok(Ok(Outcome::Done)) => break Outcome::Done,
            Ok(Ok(Outcome::Pending)) if session.setup.step == Some(StepId::Summary) => {
                manual::ask(&library, &mut raw, &session.setup.manual_inputs)
            }
            Ok(Ok(Outcome::Pending)) if hands.is_some() => {
                let key_needed =
                    session.setup.step == Some(crate::app::setup::StepId::Keys) && key.is_none();
                let what = if key_needed {
                    "Create the API key in the sandbox for you (as you would in ConnectWise)?"
                } else {
                    "Set the role's levels in the sandbox for you (as you would in ConnectWise)?"
                };
                match choose::confirm(what, true) {
                    Ok(true) => match hands.as_deref() {
                        Some(h) => {
                            match stand_in_acts(h, &session.setup, &library, key_needed).await {
                                Ok(Some(pair)) => {
                                    key = Some(pair);
                                    source = "created in the sandbox by the demo";
                                    Ok(true)
                                }
                                Ok(None) => Ok(true),
                                Err(e) => break fail(e, Outcome::Error),
                            }
                        }
                        None => Ok(true),
                    },
                    other => other,
                }
            }
            Ok(Ok(Outcome::Pending))
                if session.setup.step == Some(crate::app::setup::StepId::Keys) && key.is_none() =>
            {
                key_pair("New API member", "private").map(|pair| {
                    key = Some(pair);
                    source = handoff::PASTED;
                    true
                })
            }
            Ok(Ok(Outcome::Pending)) => choose::confirm("Done in ConnectWise? Check again", true),
            Ok(Ok(Outcome::Drift)) => {
                choose::confirm("Fix it in ConnectWise, then check again?", true)
            }
            Ok(Ok(other)) => break other,
            Ok(Err(Stopped::Invalid(rejected))) if not_ours(&rejected.field) => {
                settle_ownership(&rejected, &mut raw)
            }
            Ok(Err(Stopped::Invalid(rejected))) if !rejected.choices.is_empty() => {
                let field = MemberField::PICKS
                    .into_iter()
                    .find(|f| rejected.field == format!("member.{}", f.key()));
                match field {
                    Some(field) => choose::select(
                        &format!("Choose the member's {}:", field.key().replace('_', " ")),
                        rejected.choices.clone(),
                        choose::recorded_pick(&preset.picks, field, &rejected.choices),
                    )
                    .map(|choice| {
                        raw.member.retain(|(f, _)| *f != field);
                        raw.member.push((field, choice));
                        true
                    }),
                    None => break fail(rejected, Outcome::Usage),
                }
            }
            Ok(Err(stopped)) => break fail(stopped, Outcome::Error),
        };
        match next {
            Ok(true) => match Plan::parse(&raw, &library) {
                Ok(p) => plan = p,
                Err(rejected) => break fail(rejected, Outcome::Usage),
            },
            Ok(false) => break Outcome::Drift,
            Err(e) => break exit_for(&e),
        }
    };
    crate::session::ui_steps::print_left_behind(&session.setup);
    if let Some(err) = session.close().await {
        return fail(
            format!("the setup could not be saved: {err}"),
            Outcome::Error,
        );
    }
    outcome
}
