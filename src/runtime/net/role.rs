//! Step 1's calls: find or create the role shell, and read its settings back.

use super::adapt::{failure, live_row};
use super::services::Services;
use crate::app::facts::{Failure, LiveRow, RoleFacts};
use crate::app::msg::Auth;

pub async fn find_or_create_role(
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
            crate::runtime::crash_point::reached("role-created");
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
