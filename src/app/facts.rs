//! What the runtime learns from the instance, in the core's own terms. The runtime turns client
//! responses and errors into these, so the core never sees reqwest or serde models of the API.

use crate::level::Levels;
use serde::{Deserialize, Serialize};

/// Why a background task failed, typed enough for the core to choose what to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    /// One line: what went wrong.
    pub summary: String,
    /// What to do about it.
    pub advice: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    Unreachable,
    Tls,
    NotConnectWise,
    Auth,
    Forbidden,
    NotFound,
    Invalid,
    Duplicate,
    RateLimited,
    Server,
    Timeout,
    Undecodable,
    /// The connection dropped mid-answer (reset, closed, cut short).
    Dropped,
    Local,
    Cancelled,
}

impl Failure {
    pub fn local(summary: impl Into<String>, advice: impl Into<String>) -> Failure {
        Failure {
            kind: FailureKind::Local,
            summary: summary.into(),
            advice: advice.into(),
        }
    }
}

/// companyinfo, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct InstanceFacts {
    pub company_name: String,
    pub version: String,
    pub is_cloud: bool,
    pub codebase: String,
    pub api_url: String,
    /// What the wizard changed in the typed site, and why.
    #[serde(default)]
    pub site_notes: Vec<String>,
}

/// The on-premise certificate findings of step 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CertFacts {
    pub subject: String,
    pub issuer: String,
    pub self_signed: bool,
    pub days_left: i64,
    pub chain_valid: bool,
    pub problem: Option<String>,
}

/// What the admin keys may do (assisted mode).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AdminFacts {
    pub member: String,
    pub can_manage_roles: bool,
    pub can_manage_members: bool,
}

/// An id and a caption, as pick lists show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Pick {
    pub id: u32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LocationPick {
    pub id: u32,
    pub name: String,
    pub level_id: Option<u32>,
    /// Business units tied to this location.
    pub departments: Vec<Pick>,
}

/// Live pick lists for the member form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PickLists {
    pub levels: Vec<Pick>,
    pub locations: Vec<LocationPick>,
    pub departments: Vec<Pick>,
    pub time_zones: Vec<Pick>,
    pub default_time_zone: Option<u32>,
    /// `/apiMembers/default`, read with the lists so a create need not wait for it (None if
    /// that read failed: the create asks again and reports its error).
    pub member_default: Option<MemberDefault>,
}

/// What `/apiMembers/default` fills in a new member where the answers leave a reference
/// open, by id (the names are the server's to fill in).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MemberDefault {
    pub security_role: Option<u32>,
    pub structure_level: Option<u32>,
    pub security_location: Option<u32>,
    pub default_location: Option<u32>,
    pub default_department: Option<u32>,
    pub time_zone: Option<u32>,
    pub sales_default_location: Option<u32>,
}

/// One row of a role's settings as the instance reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveRow {
    pub module: String,
    pub function: String,
    pub levels: Levels,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleFacts {
    pub id: u32,
    pub name: String,
    pub created: bool,
    /// Who holds the role and whether ConnectWise flags it as admin (a role found, not created).
    pub used: crate::app::ownership::RoleUse,
}

/// An API member as it exists on the instance.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MemberFacts {
    pub id: u32,
    pub identifier: String,
    pub name: String,
    pub email: String,
    pub role: Option<Pick>,
    pub level: Option<Pick>,
    pub owner: Option<Pick>,
    pub location: Option<Pick>,
    pub business_unit: Option<Pick>,
    pub time_zone: Option<Pick>,
    pub territory: Option<Pick>,
    pub inactive: bool,
    pub license_class: String,
}

/// Whether a member identifier is free.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentifierFacts {
    Free,
    /// An API member has it: it can be adopted.
    ApiMember(Box<MemberFacts>),
    /// A full (or other) member has it: pick another identifier.
    OtherMember {
        license_class: String,
    },
}

/// What the new key sees of itself (step 3), raw; `verify::checks` judges it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyFacts {
    pub authenticated: bool,
    pub auth_failure: Option<Failure>,
    pub me: Option<MemberFacts>,
    pub security: Vec<LiveRow>,
    /// `(customizeIdentifier, itemIdentifier)`.
    pub customize: Vec<(String, String)>,
    /// `(path, Ok(count) | Err(failure))`.
    pub probes: Vec<(String, Result<u64, Failure>)>,
}

/// What to do about a 403 on `resource` (`/company/companies`): the security function that
/// guards it, from the catalog; None when the catalog does not know the resource.
pub fn forbidden_advice(resource: &str) -> Option<String> {
    crate::template::catalog::guarding_function(resource).map(|f| {
        format!(
            "Set {} / {} to at least Inquire in the member's security role.",
            f.module, f.function
        )
    })
}
