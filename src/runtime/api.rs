//! Runs the core's network effects with the ConnectWise client and turns answers and errors
//! into the core's facts. The only place where `cw` models meet the wizard.

use crate::app::facts::{
    AdminFacts, CertFacts, Failure, FailureKind, IdentifierFacts, InstanceFacts, LiveRow,
    LocationPick, MemberFacts, Pick, PickLists, RoleFacts,
};
use crate::app::msg::{Auth, Effect, Outcome};
use crate::cw::{self, Client, CwError, ErrorKind, HttpSettings, Instance};
use crate::level::Level;
use crate::secrets::KeyPair;
use std::sync::Mutex;

/// What the effects share: HTTP settings, the discovered instance, and (demo) the stand-in for
/// the admin's hands.
pub struct Services {
    pub http: HttpSettings,
    instance: Mutex<Option<Instance>>,
    /// `/apiMembers/default`, fetched with the pick lists so a create need not wait for it.
    member_default: Mutex<Option<cw::ApiMember>>,
    stand_in: Option<std::sync::Arc<dyn super::stand_in::UiStandIn>>,
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
        stand_in: Option<std::sync::Arc<dyn super::stand_in::UiStandIn>>,
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

/// The core's view of a client error: kind, summary and advice.
pub fn failure(err: &CwError) -> Failure {
    let kind = match err.kind() {
        ErrorKind::Unreachable => FailureKind::Unreachable,
        ErrorKind::Tls => FailureKind::Tls,
        ErrorKind::NotConnectWise => FailureKind::NotConnectWise,
        ErrorKind::Auth => FailureKind::Auth,
        ErrorKind::Forbidden => FailureKind::Forbidden,
        ErrorKind::NotFound => FailureKind::NotFound,
        ErrorKind::Invalid => FailureKind::Invalid,
        ErrorKind::Duplicate => FailureKind::Duplicate,
        ErrorKind::RateLimited => FailureKind::RateLimited,
        ErrorKind::Server => FailureKind::Server,
        ErrorKind::Timeout => FailureKind::Timeout,
        ErrorKind::Undecodable => FailureKind::Undecodable,
        ErrorKind::Dropped => FailureKind::Dropped,
        _ => FailureKind::Local,
    };
    let advice = match err {
        CwError::Forbidden { path, .. } => {
            crate::app::facts::forbidden_advice(&cw::error::resource_of(path))
                .unwrap_or_else(|| err.advice())
        }
        _ => err.advice(),
    };
    Failure {
        kind,
        summary: err.to_string(),
        advice,
    }
}

pub(crate) fn pick(r: &Option<cw::Reference>) -> Option<Pick> {
    r.as_ref().map(|r| Pick {
        id: r.id,
        name: r.name.clone().unwrap_or_default(),
    })
}

pub async fn run(services: &Services, effect: Effect) -> Outcome {
    match effect {
        Effect::Discover { site, company, .. } => {
            Outcome::Discovered(discover(services, &site, &company).await)
        }
        Effect::InspectCertificate { site, .. } => {
            Outcome::Certificate(certificate(services, &site).await)
        }
        Effect::CheckAdmin { auth, .. } => Outcome::Admin(check_admin(services, &auth).await),
        Effect::FindOrCreateRole { auth, name, .. } => {
            Outcome::Role(find_or_create_role(services, &auth, &name).await)
        }
        Effect::ReadRoleSettings { auth, role_id, .. } => {
            Outcome::RoleSettings(role_settings(services, &auth, role_id).await)
        }
        Effect::LoadPickLists { auth, .. } => Outcome::PickLists(pick_lists(services, &auth).await),
        Effect::CheckIdentifier {
            auth, identifier, ..
        } => Outcome::Identifier(check_identifier(services, &auth, &identifier).await),
        Effect::SaveMember { auth, plan, .. } => {
            Outcome::MemberSaved(super::member::save(services, &auth, plan).await)
        }
        Effect::VerifyKey { auth, probes, .. } => {
            Outcome::Key(super::checks::verify_key(services, &auth, &probes).await)
        }
        Effect::ProveRefused { auth, .. } => {
            Outcome::OldKeyRefused(super::checks::prove_refused(services, &auth).await)
        }
        Effect::Sandbox { action, .. } => {
            Outcome::Sandbox(super::stand_in::perform(services.stand_in.as_deref(), action).await)
        }
        _ => Outcome::Saved(Err(Failure::local(
            "internal: not a network effect",
            "Report this.",
        ))),
    }
}

pub(crate) async fn discover(
    services: &Services,
    site: &str,
    company: &str,
) -> Result<InstanceFacts, Failure> {
    let address =
        cw::site::parse_site(site).map_err(|e| Failure::local(e.to_string(), "Check the site."))?;
    let instance = cw::discovery::discover(&services.http, &address, company)
        .await
        .map_err(|e| failure(&e))?;
    let facts = InstanceFacts {
        company_name: instance.info.company_name.clone(),
        version: instance.info.version_code.clone(),
        is_cloud: instance.info.is_cloud,
        codebase: instance.info.codebase.clone(),
        api_url: instance.api_base.to_string(),
        site_notes: address
            .changes
            .iter()
            .chain(instance.notes.iter())
            .cloned()
            .collect(),
    };
    if let Ok(mut slot) = services.instance.lock() {
        *slot = Some(instance);
    }
    if let Ok(mut default) = services.member_default.lock() {
        *default = None;
    }
    Ok(facts)
}

async fn certificate(services: &Services, site: &str) -> Result<CertFacts, Failure> {
    let address =
        cw::site::parse_site(site).map_err(|e| Failure::local(e.to_string(), "Check the site."))?;
    let report = cw::tls::inspect_certificate(&address, services.http.ca_file.as_deref())
        .await
        .map_err(|e| failure(&e))?;
    Ok(CertFacts {
        subject: report.subject,
        issuer: report.issuer,
        self_signed: report.self_signed,
        days_left: report.days_left,
        chain_valid: report.chain_valid,
        problem: report.problem,
    })
}

pub(crate) fn live_row(s: &cw::SecuritySetting) -> LiveRow {
    LiveRow {
        module: s.module_name.clone(),
        function: s.module_function_name.clone(),
        levels: s.levels(),
    }
}

async fn check_admin(services: &Services, auth: &Auth) -> Result<AdminFacts, Failure> {
    let client = services.client(auth)?;
    // At once (one round trip); /system/info's answer decides whether the keys work.
    let (info, me, security) = tokio::join!(
        client.system_info(),
        client.my_member(),
        client.my_security()
    );
    info.map_err(|e| failure(&e))?;
    let me = me.map_err(|e| failure(&e))?;
    let security = security.map_err(|e| failure(&e))?;
    let can = |function: &str, need_add: bool| {
        security.iter().any(|s| {
            s.module_name.eq_ignore_ascii_case("System")
                && s.module_function_name.eq_ignore_ascii_case(function)
                && s.inquire_level > Level::None
                && (!need_add || s.add_level > Level::None)
        })
    };
    Ok(AdminFacts {
        member: me.identifier.clone(),
        can_manage_roles: can("Security Roles", true),
        can_manage_members: can("Member Maintenance", true),
    })
}

async fn find_or_create_role(
    services: &Services,
    auth: &Auth,
    name: &str,
) -> Result<RoleFacts, Failure> {
    let client = services.client(auth)?;
    if let Some(role) = client
        .find_role_by_name(name)
        .await
        .map_err(|e| failure(&e))?
    {
        return Ok(RoleFacts {
            id: role.id,
            name: role.name,
            created: false,
        });
    }
    match client.create_role(name).await {
        Ok(role) => {
            super::crash_point::reached("role-created");
            Ok(RoleFacts {
                id: role.id,
                name: role.name,
                created: true,
            })
        }
        // The POST may have landed although its answer was lost: look before trying again.
        Err(err) => match client.find_role_by_name(name).await {
            Ok(Some(role)) => Ok(RoleFacts {
                id: role.id,
                name: role.name,
                created: true,
            }),
            _ => Err(failure(&err)),
        },
    }
}

async fn role_settings(
    services: &Services,
    auth: &Auth,
    role_id: u32,
) -> Result<Vec<LiveRow>, Failure> {
    let client = services.client(auth)?;
    let settings = client
        .role_settings(role_id)
        .await
        .map_err(|e| failure(&e))?;
    Ok(settings.iter().map(live_row).collect())
}

async fn pick_lists(services: &Services, auth: &Auth) -> Result<PickLists, Failure> {
    let client = services.client(auth)?;
    let (levels, locations, departments, zones, default) = tokio::join!(
        client.structure_levels(),
        client.locations(),
        client.departments(),
        client.time_zones(),
        client.api_member_default()
    );
    // A prefetch: if it fails, the create asks again and reports that error.
    if let (Ok(default), Ok(mut slot)) = (default, services.member_default.lock()) {
        *slot = Some(default);
    }
    let levels = levels.map_err(|e| failure(&e))?;
    let locations = locations.map_err(|e| failure(&e))?;
    let departments = departments.map_err(|e| failure(&e))?;
    let zones = zones.map_err(|e| failure(&e))?;
    let by_id = |id: u32| {
        departments.iter().find(|d| d.id == id).map(|d| Pick {
            id: d.id,
            name: d.name.clone(),
        })
    };
    Ok(PickLists {
        levels: levels
            .iter()
            .map(|l| Pick {
                id: l.id,
                name: l.name.clone().unwrap_or_default(),
            })
            .collect(),
        locations: locations
            .iter()
            .map(|l| LocationPick {
                id: l.id,
                name: l.name.clone(),
                level_id: l.structure_level.as_ref().map(|s| s.id),
                departments: l
                    .department_ids
                    .iter()
                    .filter_map(|id| by_id(*id))
                    .collect(),
            })
            .collect(),
        departments: departments
            .iter()
            .map(|d| Pick {
                id: d.id,
                name: d.name.clone(),
            })
            .collect(),
        default_time_zone: zones.iter().find(|z| z.default_flag).map(|z| z.id),
        time_zones: zones
            .iter()
            .map(|z| Pick {
                id: z.id,
                name: z.name.clone(),
            })
            .collect(),
    })
}

pub fn member_facts(m: &cw::ApiMember) -> MemberFacts {
    MemberFacts {
        id: m.id.unwrap_or(0),
        identifier: m.identifier.clone(),
        name: m.name.clone().unwrap_or_default(),
        email: m.email_address.clone().unwrap_or_default(),
        role: pick(&m.security_role),
        level: pick(&m.structure_level),
        owner: pick(&m.security_location),
        location: pick(&m.default_location),
        business_unit: m.default_department.as_ref().map(|d| Pick {
            id: d.id,
            name: d.name.clone().unwrap_or_default(),
        }),
        time_zone: pick(&m.time_zone),
        territory: pick(&m.sales_default_location),
        inactive: m.inactive_flag.unwrap_or(false),
        license_class: "A".into(),
    }
}

async fn check_identifier(
    services: &Services,
    auth: &Auth,
    identifier: &str,
) -> Result<IdentifierFacts, Failure> {
    let client = services.client(auth)?;
    // Both lookups at once: an API member wins, else another member, else free.
    let (api_member, member) = tokio::join!(
        client.find_api_member(identifier),
        client.find_member(identifier)
    );
    if let Some(m) = api_member.map_err(|e| failure(&e))? {
        return Ok(IdentifierFacts::ApiMember(Box::new(member_facts(&m))));
    }
    match member.map_err(|e| failure(&e))? {
        Some(m) => Ok(IdentifierFacts::OtherMember {
            license_class: m.license_class.clone().unwrap_or_default(),
        }),
        None => Ok(IdentifierFacts::Free),
    }
}

/// Writes the one-time private key to a new 0600 file (never over an existing one).
pub fn write_key_file(path: &str, key: &KeyPair, context: &str) -> Result<String, Failure> {
    let ctx = crate::secrets::HandoffContext {
        note: context.to_string(),
    };
    crate::secrets::write_key_handoff(std::path::Path::new(path), key, &ctx)
        .map(|w| w.absolute_path.display().to_string())
        .map_err(|e| {
            Failure::local(
                e.to_string(),
                "Choose another path: a new file in a directory only you can write to.",
            )
        })
}
