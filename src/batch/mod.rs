//! `--no-input --answers FILE`: the wizard's steps from an answers file, never prompting. The
//! whole file is checked first (its format, then every answer against the instance) before
//! anything is created; then everything the API can do is done, and what needs the admin's
//! hands in ConnectWise (the levels, then the key) is printed as one checklist (exit 4). The
//! next run, with the key, verifies and finishes.

mod answers;

pub use answers::{Answers, MemberAnswers, parse_answers};

use crate::app::command::Rejected;
use crate::app::setup::StepId;
use crate::secrets::KeyPair;
use crate::session::drive::{Order, Stopped, drive};
use crate::session::plan::{Plan, RawAnswers};
use crate::session::{Outcome, Session, SessionConfig, fail, load_library};
use std::path::Path;

/// One batch run of the setup the answers file describes.
pub async fn run(
    config: &SessionConfig,
    answers: Option<&Path>,
    admin: Option<KeyPair>,
    member_key: Option<KeyPair>,
) -> Outcome {
    let Some(path) = answers else {
        return fail(
            "--no-input needs --answers FILE (TOML; see the README)",
            Outcome::Usage,
        );
    };
    let raw = match read_answers(path) {
        Ok(raw) => raw,
        Err(outcome) => return outcome,
    };
    run_answers(config, raw, &path.display().to_string(), admin, member_key).await
}

/// The answers file, read and parsed (its format only).
pub fn read_answers(path: &Path) -> Result<RawAnswers, Outcome> {
    std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|t| parse_answers(&t))
        .and_then(|a| a.require_instance().map(|()| a.raw()))
        .map_err(|e| fail(format!("{}: {e}", path.display()), Outcome::Usage))
}

/// One batch run of `raw` (from an answers file, or `new --adopt`); refusals are prefixed
/// with `source`.
pub async fn run_answers(
    config: &SessionConfig,
    raw: RawAnswers,
    source: &str,
    admin: Option<KeyPair>,
    member_key: Option<KeyPair>,
) -> Outcome {
    let library = match load_library(config) {
        Ok(l) => l,
        Err(outcome) => return outcome,
    };
    let plan = match Plan::parse(&raw, &library) {
        Ok(p) => p,
        Err(rejected) => return fail(refusals(source, &rejected), Outcome::Usage),
    };
    let mut session =
        match Session::open(config, library, &plan.setup_id(), config.services(), admin) {
            Ok(s) => s,
            Err(outcome) => return outcome,
        };
    session.answer(&plan);
    let result = session
        .attempt(async |h, admin| drive(h, &plan, admin, member_key, Order::OneVisit).await)
        .await;
    // A placeholder email (the template's, or the answers file's) is kept, with a warning.
    if let Some(warning) = crate::app::validate::placeholder_email(&session.setup.member.email) {
        eprintln!("warning: member.email: {warning}");
    }
    let outcome = match result {
        Ok(Ok(Outcome::Pending)) if session.setup.step == Some(StepId::Summary) => {
            crate::session::quiet::say!(
                "Give them under [manual] in the answers file, then run again."
            );
            Outcome::Pending
        }
        Ok(Ok(outcome)) => outcome,
        Ok(Err(Stopped::Invalid(rejected))) => fail(refusals(source, &rejected), Outcome::Usage),
        Ok(Err(Stopped::Failed(why))) => fail(why, Outcome::Error),
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

/// Every answer refused, one line each, naming the answers file (`source`, unless empty) and
/// the key.
fn refusals(source: &str, rejected: &Rejected) -> String {
    let source = if source.is_empty() {
        String::new()
    } else {
        format!("{source}: ")
    };
    rejected
        .all()
        .map(|r| format!("{source}{r}{}", adopt_hint(&r.field)))
        .collect::<Vec<_>>()
        .join("\nerror: ")
}

/// What to write in the answers file when a role or member found is not this setup's own.
fn adopt_hint(field: &str) -> &'static str {
    match field {
        "adopt_role" => " To adopt it add adopt_role = true; otherwise set another role_name.",
        "member.adopt" => {
            " To adopt it add adopt = true under [member]; otherwise set another member.identifier."
        }
        _ => "",
    }
}

/// `rotate --no-input`: one batch run of a key rotation (see `session::rotate`).
pub async fn rotate(
    config: &SessionConfig,
    id: Option<&str>,
    new: Option<KeyPair>,
    old: Option<KeyPair>,
    undo: bool,
) -> Outcome {
    let mut session = match crate::session::rotate::open(config, id) {
        Ok(s) => s,
        Err(outcome) => return outcome,
    };
    let under_way =
        (session.setup.key.rotating.as_ref()).is_some_and(|r| r.new_public_key.is_some());
    if undo && !under_way {
        return fail(
            format!(
                "--undo: nothing to undo: no rotation of {} is under way (undo re-activates an old key a rotation made inactive). Without --undo, `rotate` starts one.",
                session.setup.id
            ),
            Outcome::Usage,
        );
    }
    let result = session
        .attempt(async |h, _| crate::session::rotate::batch(h, new, old, undo).await)
        .await;
    let outcome = match result {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(Stopped::Invalid(rejected))) => fail(rejected, Outcome::Usage),
        Ok(Err(Stopped::Failed(why))) => fail(why, Outcome::Error),
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

/// `demo --no-input`: a whole batch setup against the built-in sandbox, which plays the
/// admin's one visit to ConnectWise between the two runs. The answers file is optional (the
/// sandbox's site, company and clientId are filled in; CW Kanban at the Remote location
/// otherwise).
pub async fn demo(config: &SessionConfig, answers: Option<&Path>) -> Outcome {
    let demo = match crate::session::demo::Demo::start().await {
        Ok(d) => d,
        Err(outcome) => return outcome,
    };
    let outcome = demo_runs(config, answers, &demo).await;
    demo.shutdown().await;
    outcome
}

async fn demo_runs(
    config: &SessionConfig,
    answers: Option<&Path>,
    demo: &crate::session::demo::Demo,
) -> Outcome {
    let (outcome, id, member, key) = demo_setup(config, answers, demo, None).await;
    match (outcome, key, demo.stand_in()) {
        (Outcome::Done, Some(old), Some(hands)) => {
            println!(
                "— then a key rotation, one run per stage, the sandbox doing the admin's part —"
            );
            demo_rotation(config, &id, &member, hands.as_ref(), old).await
        }
        (outcome, ..) => outcome,
    }
}

/// The setup half of `demo --no-input`: two batch runs, the sandbox doing the admin's visit
/// to ConnectWise between them. The outcome, the setup's id and member, and its key (the demo
/// created it, so its rotate and retire can prove the old key refused without asking).
/// `exports`: where the summary goes (the working directory when None).
pub async fn demo_setup(
    config: &SessionConfig,
    answers: Option<&Path>,
    demo: &crate::session::demo::Demo,
    exports: Option<&Path>,
) -> (Outcome, String, String, Option<KeyPair>) {
    let say = !crate::session::quiet::is_quiet();
    let info = demo.info().clone();
    // Every refusal of the answers file names it.
    let source = answers.map(|p| p.display().to_string());
    let source = source.as_deref().unwrap_or_default();
    let mut answers = match answers {
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| parse_answers(&t))
        {
            Ok(a) => {
                let ignored = a.instance_keys();
                if !ignored.is_empty() {
                    eprintln!(
                        "note: {source}: {} ignored: the demo uses its sandbox's.",
                        ignored.join(", ")
                    );
                }
                a.raw()
            }
            Err(e) => return unfinished(fail(format!("{source}: {e}"), Outcome::Usage)),
        },
        None => crate::session::plan::RawAnswers {
            templates: vec!["cw-kanban".into()],
            member: vec![(crate::app::command::MemberField::Location, "Remote".into())],
            ..Default::default()
        },
    };
    answers.site = info.url.clone();
    answers.company = info.company.clone();
    answers.client_id = info.client_id.clone();
    let library = match load_library(config) {
        Ok(l) => l,
        Err(outcome) => return unfinished(outcome),
    };
    let plan = match Plan::parse(&answers, &library) {
        Ok(p) => p,
        Err(rejected) => return unfinished(fail(refusals(source, &rejected), Outcome::Usage)),
    };
    let services = config.services().with_stand_in(demo.stand_in());
    let mut session = match Session::open(
        config,
        library.clone(),
        &plan.setup_id(),
        services,
        Some(demo.admin()),
    ) {
        Ok(s) => s,
        Err(outcome) => return unfinished(outcome),
    };
    session.answer(&plan);
    if let Some(dir) = exports {
        session.export_to(dir);
    }
    let mut key = None;
    let mut outcome = Outcome::Pending;
    for run in 1..=2 {
        if say {
            println!("— run {run} —");
        }
        let result = session
            .attempt(async |h, admin| drive(h, &plan, admin, key.clone(), Order::OneVisit).await)
            .await;
        outcome = match result {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(Stopped::Invalid(rejected))) => {
                fail(refusals(source, &rejected), Outcome::Usage)
            }
            Ok(Err(Stopped::Failed(why))) => fail(why, Outcome::Error),
            Err(outcome) => outcome,
        };
        if outcome != Outcome::Pending || run == 2 {
            break;
        }
        if say {
            println!(
                "— the sandbox does the visit to ConnectWise: the role's levels, then the key —"
            );
        }
        let Some(hands) = demo.stand_in() else {
            break;
        };
        let setup = &session.setup;
        let chosen: Vec<_> = setup
            .templates
            .iter()
            .filter_map(|t| library.get(t))
            .collect();
        let merged = crate::template::merge(&chosen);
        let (rows, customize) = crate::app::steps::role::levels_to_set(&merged);
        if let Err(e) = hands
            .set_role_levels(&setup.role.name, &rows, &customize)
            .await
        {
            outcome = fail(e, Outcome::Error);
            break;
        }
        match hands
            .create_key(&setup.member.identifier, "cw-onboard demo")
            .await
        {
            Ok(pair) => key = Some(pair),
            Err(e) => {
                outcome = fail(e, Outcome::Error);
                break;
            }
        }
    }
    let (id, member) = (
        session.setup.id.clone(),
        session.setup.member.identifier.clone(),
    );
    if let Some(err) = session.close().await {
        return unfinished(fail(
            format!("the setup could not be saved: {err}"),
            Outcome::Error,
        ));
    }
    (outcome, id, member, key)
}

fn unfinished(outcome: Outcome) -> (Outcome, String, String, Option<KeyPair>) {
    (outcome, String::new(), String::new(), None)
}

/// `demo --no-input` after the setup: its key rotated through every stage (new key, verified,
/// handed off, old key inactive and refused, deleted and refused again), one batch run per
/// stage, the sandbox doing in "ConnectWise" what the last run asked for.
async fn demo_rotation(
    config: &SessionConfig,
    id: &str,
    member: &str,
    hands: &dyn crate::runtime::stand_in::UiStandIn,
    old: KeyPair,
) -> Outcome {
    use crate::app::setup::RetireStage;
    let mut new: Option<KeyPair> = None;
    for run in 1..=5 {
        println!("— rotation run {run} —");
        let mut session = match crate::session::rotate::open(config, Some(id)) {
            Ok(s) => s,
            Err(outcome) => return outcome,
        };
        let (n, o) = (new.clone(), Some(old.clone()));
        let result = session
            .attempt(async |h, _| crate::session::rotate::batch(h, n, o, false).await)
            .await;
        let outcome = match result {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(Stopped::Invalid(rejected))) => fail(rejected, Outcome::Usage),
            Ok(Err(Stopped::Failed(why))) => fail(why, Outcome::Error),
            Err(outcome) => outcome,
        };
        let stage = crate::app::steps::rotation::stage(&session.setup);
        if let Some(err) = session.close().await {
            return fail(
                format!("the setup could not be saved: {err}"),
                Outcome::Error,
            );
        }
        if outcome != Outcome::Pending {
            return outcome;
        }
        let done = match (&new, stage) {
            (None, _) => {
                println!("— the sandbox creates the second key —");
                hands
                    .create_key(member, "cw-onboard demo rotated")
                    .await
                    .map(|pair| new = Some(pair))
            }
            (Some(_), Some(RetireStage::MarkInactive)) => {
                println!("— the sandbox ticks the old key's Inactive checkbox —");
                hands.set_key_inactive(member, &old.public, true).await
            }
            (Some(_), Some(RetireStage::Inactive)) => {
                println!(
                    "— the integration works with the new key: the sandbox deletes the old one —"
                );
                hands.delete_key(member, &old.public).await
            }
            _ => Ok(()),
        };
        if let Err(e) = done {
            return fail(e, Outcome::Error);
        }
    }
    Outcome::Pending
}
