//! What `cw-onboard retire` may change, decided once: the member is deactivated and the role
//! deleted only when they are this setup's alone. Pure: what the instance and this machine's
//! other setups say comes in, the plan (with the reason for every object it keeps) comes out.

use crate::app::setup::{Setup, SetupStatus};
use serde::{Deserialize, Serialize};

/// What the read before acting found on the instance.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Survey {
    /// The API member with the setup's identifier; None when the instance has none.
    pub member: Option<SeenMember>,
    /// Whether the recorded role still exists.
    pub role_exists: bool,
    /// Every member (any kind, active or not) that holds the recorded role.
    pub role_holders: Vec<SeenMember>,
    /// Where the retired member can go so ConnectWise lets the role go (it refuses to delete
    /// a role any member holds, an inactive one too): the role with the fewest rights and no
    /// admin flag, other than this setup's. None when there is none.
    pub fallback_role: Option<RoleRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SeenMember {
    pub id: u32,
    pub identifier: String,
    pub inactive: bool,
    pub role_id: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RoleRef {
    pub id: u32,
    pub name: String,
}

/// Another setup on this machine, as far as retire needs it (read leniently from its file).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct OtherSetup {
    pub id: String,
    pub site: String,
    pub company: String,
    pub status: SetupStatus,
    pub role: OtherRole,
    pub member: OtherMember,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct OtherRole {
    pub name: String,
    pub id: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct OtherMember {
    pub identifier: String,
    pub id: Option<u32>,
}

/// What happens to the API member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberAction {
    Deactivate {
        id: u32,
    },
    /// Inactive already (an earlier run, or someone in the UI): nothing to do.
    AlreadyInactive,
    /// Not ours alone, or not found: left as it is, and why.
    Keep {
        why: String,
    },
}

/// What happens to the security role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleAction {
    /// Deleted; the retired member first moves to `move_member_to` when it holds the role.
    Delete {
        role: RoleRef,
        move_member_to: Option<(u32, RoleRef)>,
    },
    /// Gone already.
    AlreadyGone,
    Keep {
        why: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub member: MemberAction,
    pub role: RoleAction,
}

/// The keys a retire deletes and proves refused: the setup's, and the new key of a rotation
/// under way (verified, so it works until it is deleted or its member deactivated).
pub fn setup_keys(setup: &Setup) -> Vec<String> {
    let mut keys: Vec<String> = setup.key.public_key.iter().cloned().collect();
    let new = setup
        .key
        .rotating
        .as_ref()
        .and_then(|r| r.new_public_key.clone());
    if let Some(new) = new.filter(|n| !keys.contains(n)) {
        keys.push(new);
    }
    keys
}

/// Same instance: the same site and company, compared as typed (case-insensitive).
fn same_instance(setup: &Setup, other: &OtherSetup) -> bool {
    setup.site.eq_ignore_ascii_case(&other.site)
        && setup.company.eq_ignore_ascii_case(&other.company)
}

/// The setups on this machine (not `setup`, not retired) that use the member `setup` recorded.
pub fn setups_using_member(setup: &Setup, others: &[OtherSetup]) -> Vec<String> {
    others
        .iter()
        .filter(|o| o.id != setup.id && o.status != SetupStatus::Retired && same_instance(setup, o))
        .filter(|o| {
            !setup.member.identifier.is_empty()
                && o.member
                    .identifier
                    .eq_ignore_ascii_case(&setup.member.identifier)
        })
        .map(|o| o.id.clone())
        .collect()
}

/// The setups on this machine (not `setup`, not retired) that use the role `setup` recorded
/// (by id, or by name when either has no id).
pub fn setups_using_role(setup: &Setup, others: &[OtherSetup]) -> Vec<String> {
    others
        .iter()
        .filter(|o| o.id != setup.id && o.status != SetupStatus::Retired && same_instance(setup, o))
        .filter(|o| match (setup.role.id, o.role.id) {
            (Some(a), Some(b)) => a == b,
            _ => !setup.role.name.is_empty() && o.role.name.eq_ignore_ascii_case(&setup.role.name),
        })
        .map(|o| o.id.clone())
        .collect()
}

/// The members other than `mine` that hold the role (what makes it shared on the instance).
pub fn other_role_holders(survey: &Survey, mine: Option<u32>) -> Vec<&SeenMember> {
    survey
        .role_holders
        .iter()
        .filter(|m| Some(m.id) != mine)
        .collect()
}

/// The plan for `setup`, given what the instance and this machine's other setups say.
pub fn plan(setup: &Setup, survey: &Survey, others: &[OtherSetup]) -> Plan {
    let member = member_action(setup, survey, others);
    let role = role_action(setup, survey, others, &member);
    Plan { member, role }
}

fn member_action(setup: &Setup, survey: &Survey, others: &[OtherSetup]) -> MemberAction {
    let identifier = &setup.member.identifier;
    let users = setups_using_member(setup, others);
    if !users.is_empty() {
        return MemberAction::Keep {
            why: format!(
                "setup {} on this machine uses member {identifier} too: retire that setup first",
                users.join(", ")
            ),
        };
    }
    let Some(seen) = &survey.member else {
        let why = if identifier.is_empty() {
            "this setup made none: nothing to deactivate".to_string()
        } else {
            format!("the instance has no API member {identifier}: nothing to deactivate")
        };
        return MemberAction::Keep { why };
    };
    if let Some(recorded) = setup.member.id.filter(|id| *id != seen.id) {
        return MemberAction::Keep {
            why: format!(
                "API member {identifier} on the instance is #{}, not the #{recorded} this setup made: not ours to deactivate",
                seen.id
            ),
        };
    }
    if seen.inactive {
        MemberAction::AlreadyInactive
    } else {
        MemberAction::Deactivate { id: seen.id }
    }
}

fn role_action(
    setup: &Setup,
    survey: &Survey,
    others: &[OtherSetup],
    member: &MemberAction,
) -> RoleAction {
    let Some(id) = setup.role.id else {
        return RoleAction::Keep {
            why: "this setup recorded no role id: nothing to delete".into(),
        };
    };
    let role = RoleRef {
        id,
        name: setup.role.name.clone(),
    };
    if !survey.role_exists {
        return RoleAction::AlreadyGone;
    }
    let mine = survey.member.as_ref().map(|m| m.id);
    let holders: Vec<String> = other_role_holders(survey, mine)
        .iter()
        .map(|m| {
            let state = if m.inactive { " (inactive)" } else { "" };
            format!("{}{state}", m.identifier)
        })
        .collect();
    if !holders.is_empty() {
        return RoleAction::Keep {
            why: format!("shared: member {} holds it too", holders.join(", ")),
        };
    }
    let users = setups_using_role(setup, others);
    if !users.is_empty() {
        return RoleAction::Keep {
            why: format!("shared: setup {} on this machine uses it", users.join(", ")),
        };
    }
    if let MemberAction::Keep { .. } = member
        && survey
            .member
            .as_ref()
            .is_some_and(|m| m.role_id == Some(id))
    {
        return RoleAction::Keep {
            why: "the member that holds it is not retired here".into(),
        };
    }
    let holds = survey
        .member
        .as_ref()
        .filter(|m| m.role_id == Some(id))
        .map(|m| m.id);
    match (holds, &survey.fallback_role) {
        (None, _) => RoleAction::Delete {
            role,
            move_member_to: None,
        },
        (Some(member), Some(to)) => RoleAction::Delete {
            role,
            move_member_to: Some((member, to.clone())),
        },
        (Some(_), None) => RoleAction::Keep {
            why: "ConnectWise refuses to delete a role a member holds (an inactive one too), and the instance has no other role without admin rights to move the retired member to".into(),
        },
    }
}

impl Plan {
    /// The changes, one line each, as every front-end shows them before asking.
    pub fn lines(&self, setup: &Setup) -> Vec<String> {
        let identifier = &setup.member.identifier;
        let mut out = Vec::new();
        out.push(match &self.member {
            MemberAction::Deactivate { id } => format!(
                "Deactivate API member {identifier} (#{id}): it stays in ConnectWise, inactive, and its keys stop working."
            ),
            MemberAction::AlreadyInactive => {
                format!("API member {identifier} is inactive already: left as it is.")
            }
            MemberAction::Keep { why } if identifier.is_empty() => format!("No API member: {why}."),
            MemberAction::Keep { why } => format!("Keep API member {identifier}: {why}."),
        });
        out.push(match &self.role {
            RoleAction::Delete {
                role,
                move_member_to: Some((_, to)),
            } => format!(
                "Move the retired member to role {} (the fewest rights, no admin), then delete role {} (#{}): no other member holds it.",
                to.name, role.name, role.id
            ),
            RoleAction::Delete {
                role,
                move_member_to: None,
            } => format!(
                "Delete role {} (#{}): no other member holds it.",
                role.name, role.id
            ),
            RoleAction::AlreadyGone => format!("Role {} is gone already.", setup.role.name),
            RoleAction::Keep { why } => format!("Keep role {}: {why}.", setup.role.name),
        });
        let rotating = setup.key.rotating.as_ref();
        out.push(match (setup_keys(setup).as_slice(), rotating) {
            ([old, new], _) => format!(
                "You delete both keys in ConnectWise, {old} (the old one) and {new} (the new one the unfinished rotation verified); the wizard proves ConnectWise refuses each (401). The rotation ends with the retire."
            ),
            ([public], Some(_)) => format!(
                "You delete key {public} in ConnectWise; the wizard proves ConnectWise refuses it (401). A rotation is under way but verified no new key: delete any new key you made for it too."
            ),
            ([public], None) => format!(
                "You delete key {public} in ConnectWise; the wizard proves ConnectWise refuses it (401)."
            ),
            _ => "No key was recorded: nothing to prove refused.".into(),
        });
        out.push(format!(
            "Mark setup {} retired (the file is kept; `list` shows it retired).",
            setup.id
        ));
        out
    }
}
