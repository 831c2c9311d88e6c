//! Step 1's calls: find or create the role shell, and read its settings back.

use super::adapt::{failure, live_row};
use super::services::Services;
use crate::app::facts::{Failure, LiveRow, RoleFacts};
use crate::app::msg::Auth;
use crate::app::ownership::{Holder, RoleUse};
use crate::cw;

pub async fn find_or_create_role(
    services: &Services,
    auth: &Auth,
    name: &str,
) -> Result<RoleFacts, Failure> {
    let client = services.client(auth)?;
    // Who holds a role of that name is read with the lookup (one round trip): a role found is
    // ours only by `app::ownership`'s rules, which need its holders.
    let (found, people, api) = tokio::join!(
        client.find_role_by_name(name),
        client.members_holding_role(name),
        client.api_members_holding_role(name)
    );
    if let Some(role) = found.map_err(|e| failure(&e))? {
        let used = role_use(&role, people, api)?;
        return Ok(RoleFacts {
            id: role.id,
            name: role.name,
            created: false,
            used,
        });
    }
    match client.create_role(name).await {
        Ok(role) => {
            crate::runtime::crash_point::reached("role-created");
            Ok(RoleFacts {
                id: role.id,
                name: role.name,
                created: true,
                used: RoleUse::default(),
            })
        }
        // The POST may have landed although its answer was lost: look before trying again.
        Err(err) => match client.find_role_by_name(name).await {
            Ok(Some(role)) => Ok(RoleFacts {
                id: role.id,
                name: role.name,
                created: true,
                used: RoleUse::default(),
            }),
            _ => Err(failure(&err)),
        },
    }
}

/// The holders of a role found, people and API members (by identifier, once each).
pub fn role_use(
    role: &cw::SecurityRole,
    people: Result<Vec<cw::Member>, cw::CwError>,
    api: Result<Vec<cw::ApiMember>, cw::CwError>,
) -> Result<RoleUse, Failure> {
    let mut holders: Vec<Holder> = api
        .map_err(|e| failure(&e))?
        .iter()
        .map(|m| Holder {
            identifier: m.identifier.clone(),
            api: true,
            inactive: m.inactive_flag.unwrap_or(false),
        })
        .collect();
    for m in people.map_err(|e| failure(&e))? {
        if holders
            .iter()
            .any(|h| h.identifier.eq_ignore_ascii_case(&m.identifier))
        {
            continue;
        }
        holders.push(Holder {
            identifier: m.identifier.clone(),
            api: m.license_class.as_deref() == Some("A"),
            inactive: m.inactive_flag.unwrap_or(false),
        });
    }
    Ok(RoleUse {
        admin_flag: role.admin_flag.unwrap_or(false),
        holders,
    })
}

pub async fn role_settings(
    services: &Services,
    auth: &Auth,
    role_id: u32,
) -> Result<Vec<LiveRow>, Failure> {
    let client = services.client(auth)?;
    let settings = client.role_settings(role_id).await.map_err(|e| {
        let mut f = failure(&e);
        // A read is retried (`cw::http::should_retry`): say how often before giving up.
        if crate::cw::http::should_retry(&reqwest::Method::GET, &e) {
            let retries = services.http.retry.max_attempts.saturating_sub(1);
            f.summary = format!("{}; retried {retries} times", f.summary);
        }
        f
    })?;
    Ok(settings.iter().map(live_row).collect())
}
