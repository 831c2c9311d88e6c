//! What the network effects share: HTTP settings and (demo) the stand-in for the admin's hands.
//! Nothing else: every effect carries its target (API base, company, clientId, key) and the
//! member's `/default` comes back with the pick lists, so no answer waits in the runner.

use super::adapt::failure;
use crate::app::facts::Failure;
use crate::app::msg::{Auth, Target};
use crate::app::setup::Setup;
use crate::cw::{self, Client, HttpSettings};

/// What the effects share: HTTP settings, and (demo) the stand-in for the admin's hands.
pub struct Services {
    pub http: HttpSettings,
    pub(super) stand_in: Option<std::sync::Arc<dyn crate::runtime::stand_in::UiStandIn>>,
}

impl Services {
    pub fn new(http: HttpSettings) -> Services {
        Services {
            http,
            stand_in: None,
        }
    }

    pub fn for_tests() -> Services {
        Services::new(HttpSettings::for_tests())
    }

    /// Demo and tests: something plays the admin's hands in ConnectWise (the sandbox).
    pub fn with_stand_in(
        mut self,
        stand_in: Option<std::sync::Arc<dyn crate::runtime::stand_in::UiStandIn>>,
    ) -> Services {
        self.stand_in = stand_in;
        self
    }

    pub(crate) fn client(&self, auth: &Auth) -> Result<Client, Failure> {
        let api_base = url::Url::parse(&auth.target.api_base).map_err(|_| {
            Failure::local(
                "the instance has not been checked yet",
                "Go back to step 0 and check the instance.",
            )
        })?;
        Client::at(
            &api_base,
            &auth.target.company,
            auth.target.is_cloud,
            &auth.client_id,
            &auth.key,
            &self.http,
        )
        .map_err(|e| failure(&e))
    }
}

/// The instance a saved setup recorded, if usable as it stands (its site parses and its API
/// address is a URL), so authenticated calls need not wait for discovery (`verify` runs both
/// at once; batch's second run and rotation start from it).
pub fn recorded_target(setup: &Setup) -> Option<Target> {
    let facts = setup.instance.as_ref()?;
    cw::site::parse_site(&setup.site).ok()?;
    url::Url::parse(&facts.api_url).ok()?;
    Some(Target::of(&setup.company, Some(facts)))
}
