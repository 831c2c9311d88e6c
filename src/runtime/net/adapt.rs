//! Where `cw` models meet the core's facts: client errors as `Failure`s, references as picks,
//! role settings as live rows, API members as member facts.

use crate::app::facts::{Failure, FailureKind, LiveRow, MemberFacts, Pick};
use crate::cw::{self, CwError, ErrorKind};

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

/// What a reference without a name shows: the id, and that the instance did not say more.
pub fn unnamed(id: u32) -> String {
    format!("#{id} ({UNNAMED})")
}

/// The mark of a reference whose name the instance left out.
pub const UNNAMED: &str = "name not reported";

pub fn pick(r: &Option<cw::Reference>) -> Option<Pick> {
    r.as_ref().map(|r| Pick {
        id: r.id,
        name: r.name.clone().unwrap_or_else(|| unnamed(r.id)),
    })
}

pub fn live_row(s: &cw::SecurityRoleSetting) -> LiveRow {
    LiveRow {
        module: s.module_name.clone(),
        function: s.module_function_name.clone(),
        levels: s.levels(),
    }
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
            name: d.name.clone().unwrap_or_else(|| unnamed(d.id)),
        }),
        time_zone: pick(&m.time_zone),
        territory: pick(&m.sales_default_location),
        inactive: m.inactive_flag.unwrap_or(false),
        license_class: "A".into(),
    }
}
