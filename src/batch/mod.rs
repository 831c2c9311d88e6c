//! `--no-input --answers FILE`: the wizard's steps from an answers file, never prompting. The
//! whole file is checked first (its format, then every answer against the instance) before
//! anything is created; then everything the API can do is done, and what needs the admin's
//! hands in ConnectWise (the levels, then the key) is printed as one checklist (exit 4). The
//! next run, with the key, verifies and finishes.

mod answers;

pub use answers::{Answers, MemberAnswers, parse_answers};

use crate::secrets::KeyPair;
use crate::session::drive::{Order, Stopped, drive};
use crate::session::plan::Plan;
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
    let answers = match std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|t| parse_answers(&t))
    {
        Ok(a) => a,
        Err(e) => return fail(format!("{}: {e}", path.display()), Outcome::Usage),
    };
    let library = match load_library(config) {
        Ok(l) => l,
        Err(outcome) => return outcome,
    };
    let plan = match Plan::parse(&answers.raw(), &library) {
        Ok(p) => p,
        Err(rejected) => return fail(format!("{}: {rejected}", path.display()), Outcome::Usage),
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
    let outcome = match result {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(Stopped::Invalid(rejected))) => {
            fail(format!("{}: {rejected}", path.display()), Outcome::Usage)
        }
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

/// `rotate --no-input`: one batch run of a key rotation (see `session::rotate`).
pub async fn rotate(
    config: &SessionConfig,
    id: Option<&str>,
    new: Option<KeyPair>,
    old: Option<KeyPair>,
) -> Outcome {
    let mut session = match crate::session::rotate::open(config, id) {
        Ok(s) => s,
        Err(outcome) => return outcome,
    };
    let result = session
        .attempt(async |h, _| crate::session::rotate::batch(h, new, old).await)
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
