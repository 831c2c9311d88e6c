//! What the audit reads, in its own terms: the runtime fills these from the instance and the
//! state dir; tests build them by hand.

use crate::app::facts::{LiveRow, Pick};
use serde::Serialize;

/// The instance the inventory came from (companyinfo, as the admin typed it).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct InstanceSummary {
    pub site: String,
    pub company: String,
    pub company_name: String,
    pub version: String,
    pub is_cloud: bool,
    /// What the audit could not read, and why (e.g. customize items per role).
    pub notes: Vec<String>,
}

/// One API member (`/system/apiMembers`), active or not.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApiMemberFacts {
    pub id: u32,
    pub identifier: String,
    pub name: String,
    pub inactive: bool,
    pub role: Option<Pick>,
    pub level: Option<Pick>,
    /// `adminFlag`, where the instance reports it on the member.
    pub admin_flag: bool,
}

/// One security role with its settings; `settings` is None when they could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoleInventory {
    pub id: u32,
    pub name: String,
    pub admin_flag: bool,
    pub inactive: bool,
    pub settings: Option<Vec<LiveRow>>,
}

/// One integrator login (`/system/integratorlogins`); the password is never read into this.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct IntegratorLoginFacts {
    pub id: u32,
    pub username: String,
    pub inactive: bool,
    pub all_apis: bool,
    pub all_records: bool,
    /// The APIs it may call when not all ("Service Ticket", "Time Entry", ...).
    pub apis: Vec<String>,
}

/// A setup this machine knows (state dir), as far as the audit needs it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LocalSetup {
    pub id: String,
    pub company: String,
    pub templates: Vec<String>,
    pub member_identifier: String,
    pub member_id: Option<u32>,
    pub role_name: String,
    pub role_id: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Inventory {
    pub instance: InstanceSummary,
    pub members: Vec<ApiMemberFacts>,
    pub roles: Vec<RoleInventory>,
    pub integrator_logins: Vec<IntegratorLoginFacts>,
    /// Setups of this company only (the runtime filters by company).
    pub setups: Vec<LocalSetup>,
}
