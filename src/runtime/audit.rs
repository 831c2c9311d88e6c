//! The inventory `cw-onboard audit` judges: every API member (active and inactive), every
//! security role and its settings, the integrator logins, and this machine's setups. Reads run
//! concurrently under [`BOUND`] requests in flight and [`PER_MINUTE`] a minute (ConnectWise
//! throttles above 1,000); the client honours 429/Retry-After. The roles' settings are read as
//! soon as the role list is in, in waves of [`BOUND`]: an instance of 100 members and 60 roles
//! takes three sequential round trips after companyinfo (budget 4).

use super::api::failure;
use crate::app::facts::{Failure, LiveRow, Pick};
use crate::app::setup::Setup;
use crate::audit::{
    ApiMemberFacts, InstanceSummary, IntegratorLoginFacts, Inventory, LocalSetup, RoleInventory,
};
use crate::cw::{self, Client, CwError, HttpSettings};
use crate::secrets::KeyPair;
use crate::state::Store;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// Requests in flight at most.
pub const BOUND: usize = 32;
/// Requests started in any minute at most: half of ConnectWise's documented limit.
pub const PER_MINUTE: usize = 500;

/// Where and as whom to read.
pub struct Target<'a> {
    pub site: &'a str,
    pub company: &'a str,
    pub client_id: &'a str,
    pub key: &'a KeyPair,
}

/// The bound on requests: a semaphore for those in flight, a sliding window for the rate.
pub struct Limiter {
    in_flight: Semaphore,
    started: Mutex<VecDeque<Instant>>,
    per_minute: usize,
}

impl Limiter {
    pub fn new(bound: usize, per_minute: usize) -> Limiter {
        Limiter {
            in_flight: Semaphore::new(bound.max(1)),
            started: Mutex::new(VecDeque::new()),
            per_minute: per_minute.max(1),
        }
    }

    /// Waits until one more request may start within the minute.
    async fn pace(&self) {
        loop {
            let wait = {
                let Ok(mut started) = self.started.lock() else {
                    return;
                };
                let now = Instant::now();
                while started
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(60))
                {
                    started.pop_front();
                }
                if started.len() < self.per_minute {
                    started.push_back(now);
                    return;
                }
                started.front().map_or(Duration::ZERO, |t| {
                    Duration::from_secs(60).saturating_sub(now.duration_since(*t))
                })
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// Runs `read` once a slot in flight and in the minute is free.
    pub async fn run<T>(&self, read: impl std::future::Future<Output = T>) -> T {
        let _permit = self.in_flight.acquire().await;
        self.pace().await;
        read.await
    }
}

fn row(s: &cw::SecurityRoleSetting) -> LiveRow {
    LiveRow {
        module: s.module_name.clone(),
        function: s.module_function_name.clone(),
        levels: s.levels(),
    }
}

fn pick(r: &Option<cw::Reference>) -> Option<Pick> {
    super::api::pick(r)
}

/// Roles with their settings: each role's read starts as soon as the list is in.
async fn roles(
    client: &Client,
    limiter: &Limiter,
    notes: &Mutex<Vec<String>>,
) -> Result<Vec<RoleInventory>, CwError> {
    let list = limiter.run(client.all_roles()).await?;
    // In waves of BOUND, each after the last: the sequential round trips are then exactly
    // 1 + ceil(roles / BOUND), however unevenly the instance answers within a wave.
    let mut out = Vec::with_capacity(list.len());
    for wave in list.chunks(BOUND) {
        let reads = wave.iter().map(|r| async move {
            let settings = limiter.run(client.role_settings(r.id)).await;
            (r, settings)
        });
        for (r, settings) in futures::future::join_all(reads).await {
            let settings = match settings {
                Ok(rows) => Some(rows.iter().map(row).collect()),
                Err(e) => {
                    if let Ok(mut n) = notes.lock() {
                        n.push(format!("The settings of role {} could not be read ({e}); its members were not matched.", r.name));
                    }
                    None
                }
            };
            out.push(RoleInventory {
                id: r.id,
                name: r.name.clone(),
                admin_flag: r.admin_flag.unwrap_or(false),
                inactive: r.inactive_flag.unwrap_or(false),
                settings,
            });
        }
    }
    out.sort_by_key(|r| r.id);
    Ok(out)
}

/// The setups this machine has for `company`, read without locking (the audit writes nothing).
pub fn local_setups(store: &Store, company: &str) -> Vec<LocalSetup> {
    store
        .list::<Setup>()
        .into_iter()
        .filter_map(|l| l.summary)
        .filter(|s| s.company.eq_ignore_ascii_case(company))
        .map(|s| LocalSetup {
            id: s.id,
            company: s.company,
            templates: s.templates,
            member_identifier: s.member.identifier,
            member_id: s.member.id,
            role_name: s.role.name,
            role_id: s.role.id,
        })
        .collect()
}

/// companyinfo, then every read at once under the bound.
pub async fn read_inventory(
    http: &HttpSettings,
    target: &Target<'_>,
    setups: Vec<LocalSetup>,
) -> Result<Inventory, Failure> {
    let address = cw::site::parse_site(target.site)
        .map_err(|e| Failure::local(e.to_string(), "Check --site."))?;
    let instance = cw::discovery::discover(http, &address, target.company)
        .await
        .map_err(|e| failure(&e))?;
    let client =
        Client::new(&instance, target.client_id, target.key, http).map_err(|e| failure(&e))?;
    let limiter = Limiter::new(BOUND, PER_MINUTE);
    let notes = Mutex::new(vec![
        "Customize items (e.g. Table Setup allow-lists) cannot be read per role through the API; `cw-onboard verify` checks them per setup with the member's own key.".to_string(),
    ]);
    let (members, roles, logins) = tokio::join!(
        limiter.run(client.all_api_members()),
        roles(&client, &limiter, &notes),
        limiter.run(client.integrator_logins()),
    );
    let members = members.map_err(|e| failure(&e))?;
    let roles = roles.map_err(|e| failure(&e))?;
    let mut notes = notes.into_inner().unwrap_or_default();
    let logins = match logins {
        Ok(l) => l,
        Err(e) => {
            notes.push(format!(
                "Integrator logins could not be read ({e}); they are not audited."
            ));
            Vec::new()
        }
    };
    Ok(Inventory {
        instance: InstanceSummary {
            site: address.to_string(),
            company: instance.company.clone(),
            company_name: instance.info.company_name.clone(),
            version: instance.info.version_code.clone(),
            is_cloud: instance.info.is_cloud,
            notes,
        },
        members: members
            .into_iter()
            .map(|m| ApiMemberFacts {
                id: m.id,
                name: m.name.unwrap_or_default(),
                identifier: m.identifier,
                inactive: m.inactive_flag.unwrap_or(false),
                role: pick(&m.security_role),
                level: pick(&m.structure_level),
                admin_flag: m.admin_flag.unwrap_or(false),
            })
            .collect(),
        roles,
        integrator_logins: logins
            .into_iter()
            .map(|l| IntegratorLoginFacts {
                id: l.id,
                username: l.username,
                inactive: l.inactive_flag.unwrap_or(false),
                all_apis: l.can_access_all_apis_flag.unwrap_or(false),
                all_records: l.can_access_all_records_flag.unwrap_or(false),
                apis: l.apis.0,
            })
            .collect(),
        setups,
    })
}
