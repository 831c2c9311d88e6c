//! `cw-onboard retire`'s calls: the read before acting (the member, who holds the role, where
//! the retired member can go), the member's deactivation, and the role's delete. The key's
//! proof is the wizard's own `ProveRefused`, run by [`super::run`].

use super::adapt::failure;
use super::services::Services;
use crate::app::facts::Failure;
use crate::app::msg::Auth;
use crate::app::retire::plan::{RoleRef, SeenMember, Survey};
use crate::app::retire::{RetireAnswer, RetireEffect};
use crate::cw::{Client, ErrorKind, MemberDeactivation};
use crate::level::Level;

/// Runs one of retire's network effects; None for the effects that are not (saves, quits).
pub async fn run(services: &Services, effect: RetireEffect) -> Option<(u64, RetireAnswer)> {
    Some(match effect {
        RetireEffect::Survey {
            seq,
            auth,
            identifier,
            role_id,
        } => (
            seq,
            RetireAnswer::Surveyed(survey(services, &auth, &identifier, role_id).await),
        ),
        RetireEffect::Deactivate {
            seq,
            auth,
            member_id,
        } => (
            seq,
            RetireAnswer::Deactivated(deactivate(services, &auth, member_id).await),
        ),
        RetireEffect::DeleteRole {
            seq,
            auth,
            role_id,
            move_member,
        } => (
            seq,
            RetireAnswer::RoleDeleted(delete_role(services, &auth, role_id, move_member).await),
        ),
        RetireEffect::Core(effect) => {
            let seq = effect.seq()?;
            (seq, RetireAnswer::Core(super::run(services, effect).await))
        }
        RetireEffect::Save(_) | RetireEffect::Quit(_) => return None,
    })
}

/// Who uses what, read before anything changes.
pub async fn survey(
    services: &Services,
    auth: &Auth,
    identifier: &str,
    role_id: Option<u32>,
) -> Result<Survey, Failure> {
    let client = services.client(auth)?;
    let member = client
        .find_api_member(identifier)
        .await
        .map_err(|e| failure(&e))?
        .and_then(|m| {
            Some(SeenMember {
                id: m.id?,
                identifier: m.identifier,
                inactive: m.inactive_flag.unwrap_or(false),
                role_id: m.security_role.map(|r| r.id),
            })
        });
    let Some(role_id) = role_id else {
        return Ok(Survey {
            member,
            ..Survey::default()
        });
    };
    let role_exists = match client.get_role(role_id).await {
        Ok(_) => true,
        Err(e) if e.kind() == ErrorKind::NotFound => false,
        Err(e) => return Err(failure(&e)),
    };
    if !role_exists {
        return Ok(Survey {
            member,
            ..Survey::default()
        });
    }
    let role_holders = role_holders(&client, role_id).await?;
    let holds = member.as_ref().is_some_and(|m| m.role_id == Some(role_id));
    let fallback_role = match holds {
        true => least_privileged_role(&client, role_id).await?,
        false => None,
    };
    Ok(Survey {
        member,
        role_exists,
        role_holders,
        fallback_role,
    })
}

/// Every member holding `role_id`: the read that decides whether the role is shared.
pub async fn role_holders(client: &Client, role_id: u32) -> Result<Vec<SeenMember>, Failure> {
    Ok(client
        .members_holding_role_id(role_id)
        .await
        .map_err(|e| failure(&e))?
        .into_iter()
        .map(|m| SeenMember {
            id: m.id,
            identifier: m.identifier,
            inactive: m.inactive_flag.unwrap_or(false),
            role_id: Some(role_id),
        })
        .collect())
}

/// The active role with no admin flag and the fewest rights (levels above None), other than
/// `but`: where a retired member goes so its own role can be deleted.
async fn least_privileged_role(client: &Client, but: u32) -> Result<Option<RoleRef>, Failure> {
    let roles = client.all_roles().await.map_err(|e| failure(&e))?;
    let candidates: Vec<_> = roles
        .into_iter()
        .filter(|r| r.id != but && r.admin_flag != Some(true) && r.inactive_flag != Some(true))
        .collect();
    // Eight at a time: an instance with hundreds of roles is not flooded.
    let mut rights = Vec::with_capacity(candidates.len());
    for chunk in candidates.chunks(8) {
        rights.extend(
            futures::future::join_all(chunk.iter().map(|r| client.role_settings(r.id))).await,
        );
    }
    let mut best: Option<(usize, RoleRef)> = None;
    for (role, settings) in candidates.into_iter().zip(rights) {
        let count = settings
            .map_err(|e| failure(&e))?
            .iter()
            .map(|s| {
                [s.add_level, s.edit_level, s.delete_level, s.inquire_level]
                    .iter()
                    .filter(|l| **l != Level::None)
                    .count()
            })
            .sum::<usize>();
        if best.as_ref().is_none_or(|(n, _)| count < *n) {
            best = Some((
                count,
                RoleRef {
                    id: role.id,
                    name: role.name,
                },
            ));
        }
    }
    Ok(best.map(|(_, r)| r))
}

pub async fn deactivate(services: &Services, auth: &Auth, member_id: u32) -> Result<(), Failure> {
    let client = services.client(auth)?;
    client
        .deactivate_member(member_id, &MemberDeactivation::default())
        .await
        .map_err(|e| failure(&e))?;
    crate::runtime::crash_point::reached("retire-member-deactivated");
    Ok(())
}

/// Deletes the role; first moves the retired member off it when `move_member` says so. A role
/// someone gave to another member since the read is refused by ConnectWise (409): said, kept.
pub async fn delete_role(
    services: &Services,
    auth: &Auth,
    role_id: u32,
    move_member: Option<(u32, u32)>,
) -> Result<(), Failure> {
    let client = services.client(auth)?;
    if let Some((member, to)) = move_member {
        client
            .move_api_member_to_role(member, to)
            .await
            .map_err(|e| failure(&e))?;
    }
    match client.delete_role(role_id).await {
        Ok(()) => {
            crate::runtime::crash_point::reached("retire-role-deleted");
            Ok(())
        }
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(failure(&e)),
    }
}
