//! The demo's stand-in for the admin's hands in the ConnectWise UI (setting role levels,
//! creating and deleting API keys). The runtime knows only this trait; `demo` injects an
//! implementation (the sandbox's control client, in `session::demo`).

use crate::app::facts::Failure;
use crate::app::msg::{SandboxAction, SandboxDone};
use crate::level::Levels;
use crate::secrets::KeyPair;
use std::future::Future;
use std::pin::Pin;

/// What a stand-in call returns: done, or why not.
pub type StandInResult<'a, T> = Pin<Box<dyn Future<Output = Result<T, String>> + Send + 'a>>;

/// What the admin would do by hand in ConnectWise.
pub trait UiStandIn: Send + Sync {
    /// Sets `role`'s rows (module, function, levels) and customize items (customize, item).
    fn set_role_levels<'a>(
        &'a self,
        role: &'a str,
        rows: &'a [(String, String, Levels)],
        customize: &'a [(String, String)],
    ) -> StandInResult<'a, ()>;
    /// Creates an API key for `member`; the pair, as the UI shows it once.
    fn create_key<'a>(
        &'a self,
        member: &'a str,
        description: &'a str,
    ) -> StandInResult<'a, KeyPair>;
    fn delete_key<'a>(&'a self, member: &'a str, public_key: &'a str) -> StandInResult<'a, ()>;
    /// Ticks (`inactive`) or clears the key's Inactive checkbox (API Keys > the key).
    fn set_key_inactive<'a>(
        &'a self,
        member: &'a str,
        public_key: &'a str,
        inactive: bool,
    ) -> StandInResult<'a, ()>;
}

/// Runs a demo action with the stand-in, if there is one.
pub async fn perform(
    stand_in: Option<&dyn UiStandIn>,
    action: SandboxAction,
) -> Result<SandboxDone, Failure> {
    let hands = stand_in.ok_or_else(|| {
        Failure::local(
            "no sandbox here",
            "The demo key works only in `cw-onboard demo`.",
        )
    })?;
    let fail = |e: String| Failure::local(e, "Try again.");
    match action {
        SandboxAction::SetRole {
            role,
            rows,
            customize,
        } => {
            hands
                .set_role_levels(&role, &rows, &customize)
                .await
                .map_err(fail)?;
            Ok(SandboxDone::LevelsSet)
        }
        SandboxAction::CreateKey {
            member,
            description,
        } => {
            let pair = hands
                .create_key(&member, &description)
                .await
                .map_err(fail)?;
            Ok(SandboxDone::KeyCreated(pair))
        }
        SandboxAction::DeleteKey { member, public_key } => {
            hands.delete_key(&member, &public_key).await.map_err(fail)?;
            Ok(SandboxDone::KeyDeleted)
        }
        SandboxAction::SetKeyInactive {
            member,
            public_key,
            inactive,
        } => {
            hands
                .set_key_inactive(&member, &public_key, inactive)
                .await
                .map_err(fail)?;
            Ok(SandboxDone::KeyInactive(inactive))
        }
    }
}
