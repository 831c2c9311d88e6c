//! What the network effects share: HTTP settings, the discovered instance (kept until effects
//! carry their target), the prefetched `/apiMembers/default`, and (demo) the stand-in for the
//! admin's hands.

use super::adapt::failure;
use crate::app::facts::{Failure, InstanceFacts};
use crate::app::msg::Auth;
use crate::cw::{self, Client, HttpSettings, Instance};
use std::sync::Mutex;

/// What the effects share: HTTP settings, the discovered instance, and (demo) the stand-in for
/// the admin's hands.
pub struct Services {
    pub http: HttpSettings,
    pub(super) instance: Mutex<Option<Instance>>,
    /// `/apiMembers/default`, fetched with the pick lists so a create need not wait for it.
    pub(super) member_default: Mutex<Option<cw::ApiMember>>,
    pub(super) stand_in: Option<std::sync::Arc<dyn crate::runtime::stand_in::UiStandIn>>,
}

impl Services {
    /// `http`, with nothing discovered or prefetched yet and no sandbox.
    fn with_http(http: HttpSettings) -> Services {
        Services {
            http,
            instance: Mutex::new(None),
            member_default: Mutex::new(None),
            stand_in: None,
        }
    }

    pub fn new(http: HttpSettings) -> Services {
        Services::with_http(http)
    }

    /// The same settings with no instance discovered yet (one per concurrent verification).
    pub fn fresh(&self) -> Services {
        Services::with_http(self.http.clone())
    }

    pub fn for_tests() -> Services {
        Services::with_http(HttpSettings::for_tests())
    }

    /// Demo and tests: something plays the admin's hands in ConnectWise (the sandbox).
    pub fn with_stand_in(
        mut self,
        stand_in: Option<std::sync::Arc<dyn crate::runtime::stand_in::UiStandIn>>,
    ) -> Services {
        self.stand_in = stand_in;
        self
    }

    fn instance(&self) -> Result<Instance, Failure> {
        let guard = self
            .instance
            .lock()
            .map_err(|_| Failure::local("internal state poisoned", "Restart the wizard."))?;
        guard.clone().ok_or_else(|| {
            Failure::local(
                "the instance has not been checked yet",
                "Go back to step 0 and check the instance.",
            )
        })
    }

    /// Takes the instance a saved setup recorded, so authenticated calls need not wait for
    /// discovery (`verify` runs both at once). False if the record is unusable.
    pub fn assume_instance(&self, site: &str, company: &str, facts: &InstanceFacts) -> bool {
        let (Ok(address), Ok(api_base)) =
            (cw::site::parse_site(site), url::Url::parse(&facts.api_url))
        else {
            return false;
        };
        let instance = Instance {
            site: address,
            company: company.to_string(),
            info: cw::discovery::CompanyInfo {
                company_name: facts.company_name.clone(),
                codebase: facts.codebase.clone(),
                version_code: facts.version.clone(),
                version_number: String::new(),
                company_id: company.to_string(),
                is_cloud: facts.is_cloud,
                site_url: None,
            },
            api_base,
            notes: Vec::new(),
        };
        match self.instance.lock() {
            Ok(mut slot) => {
                *slot = Some(instance);
                true
            }
            Err(_) => false,
        }
    }

    /// The prefetched `/apiMembers/default`, taken (each create starts from a fresh one).
    pub(crate) fn take_member_default(&self) -> Option<cw::ApiMember> {
        self.member_default.lock().ok().and_then(|mut d| d.take())
    }

    pub(crate) fn client(&self, auth: &Auth) -> Result<Client, Failure> {
        let instance = self.instance()?;
        Client::new(&instance, &auth.client_id, &auth.key, &self.http).map_err(|e| failure(&e))
    }
}
