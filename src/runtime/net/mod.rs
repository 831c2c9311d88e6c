//! Runs the core's network effects with the ConnectWise client, one module per job:
//! `services` (what effects share), `adapt` (cw models and errors as the core's facts), and
//! the calls of `instance` (step 0), `role` (step 1), `lists` and `member` (step 2) and `key`
//! (step 3, rotation's proof, and `cw-onboard verify`). The jobs depend on `services` and
//! `adapt`; nothing depends on this dispatcher.

pub mod adapt;
pub mod instance;
pub mod key;
pub mod lists;
pub mod member;
pub mod retire;
pub mod role;
pub mod services;

pub use services::Services;

use crate::app::facts::Failure;
use crate::app::msg::{Effect, Outcome};

pub async fn run(services: &Services, effect: Effect) -> Outcome {
    match effect {
        Effect::Discover { site, company, .. } => {
            Outcome::Discovered(instance::discover(services, &site, &company).await)
        }
        Effect::InspectCertificate { site, .. } => {
            Outcome::Certificate(instance::certificate(services, &site).await)
        }
        Effect::CheckAdmin { auth, .. } => {
            Outcome::Admin(instance::check_admin(services, &auth).await)
        }
        Effect::FindOrCreateRole { auth, name, .. } => {
            Outcome::Role(role::find_or_create_role(services, &auth, &name).await)
        }
        Effect::ReadRoleSettings { auth, role_id, .. } => {
            Outcome::RoleSettings(role::role_settings(services, &auth, role_id).await)
        }
        Effect::LoadPickLists { auth, .. } => {
            Outcome::PickLists(lists::pick_lists(services, &auth).await)
        }
        Effect::CheckIdentifier {
            auth, identifier, ..
        } => Outcome::Identifier(lists::check_identifier(services, &auth, &identifier).await),
        Effect::SaveMember { auth, plan, .. } => {
            Outcome::MemberSaved(member::save(services, &auth, plan).await)
        }
        Effect::VerifyKey { auth, probes, .. } => {
            Outcome::Key(key::verify_key(services, &auth, &probes).await)
        }
        Effect::ProveRefused { auth, .. } => {
            Outcome::OldKeyRefused(key::prove_refused(services, &auth).await)
        }
        Effect::Sandbox { action, .. } => Outcome::Sandbox(
            crate::runtime::stand_in::perform(services.stand_in.as_deref(), action).await,
        ),
        // Named, not `_`: a new effect must be placed here or in the executor on purpose.
        Effect::WriteKeyFile { .. }
        | Effect::CopyToClipboard { .. }
        | Effect::Timer { .. }
        | Effect::Export { .. }
        | Effect::Save(_)
        | Effect::Cancel { .. }
        | Effect::Quit(_) => Outcome::Saved(Err(Failure::local(
            "internal: not a network effect",
            "Report this.",
        ))),
    }
}
