//! Step 2's reads: the pick lists (with `/apiMembers/default`, read at the same time and handed
//! to the core for a create) and whether the member ID is free, an API member to adopt, or
//! someone else's.

use super::adapt::{failure, member_facts, unnamed};
use super::services::Services;
use crate::app::facts::{Failure, IdentifierFacts, LocationPick, MemberDefault, Pick, PickLists};
use crate::app::msg::Auth;
use crate::cw;

pub async fn pick_lists(services: &Services, auth: &Auth) -> Result<PickLists, Failure> {
    let client = services.client(auth)?;
    let (levels, locations, departments, zones, default) = tokio::join!(
        client.structure_levels(),
        client.locations(),
        client.departments(),
        client.time_zones(),
        client.api_member_default()
    );
    // A prefetch: if it fails, the create asks again and reports that error.
    let member_default = default.ok().map(|d| member_default(&d));
    let levels = levels.map_err(|e| failure(&e))?;
    let locations = locations.map_err(|e| failure(&e))?;
    let departments = departments.map_err(|e| failure(&e))?;
    let zones = zones.map_err(|e| failure(&e))?;
    let linked = client
        .unlisted_departments(&locations)
        .await
        .map_err(|e| failure(&e))?;
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
                name: l.name.clone().unwrap_or_else(|| unnamed(l.id)),
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
                    .as_ref()
                    .or_else(|| linked.get(&l.id))
                    .into_iter()
                    .flatten()
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
        default_time_zone: zones
            .iter()
            .find(|z| z.default_flag == Some(true))
            .map(|z| z.id),
        member_default,
        time_zones: zones
            .iter()
            .map(|z| Pick {
                id: z.id,
                name: z.name.clone(),
            })
            .collect(),
    })
}

pub async fn check_identifier(
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

/// The references `/apiMembers/default` fills, by id.
pub(crate) fn member_default(d: &cw::ApiMember) -> MemberDefault {
    let id = |r: &Option<cw::Reference>| r.as_ref().map(|r| r.id);
    MemberDefault {
        security_role: id(&d.security_role),
        structure_level: id(&d.structure_level),
        security_location: id(&d.security_location),
        default_location: id(&d.default_location),
        default_department: d.default_department.as_ref().map(|r| r.id),
        time_zone: id(&d.time_zone),
        sales_default_location: id(&d.sales_default_location),
    }
}
