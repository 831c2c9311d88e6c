//! `/system/integratorlogins` (+ `/count`, `/{id}`), read-only here, per the schema's
//! `IntegratorLogin` model with `_info`. The legacy logins an audit must find: username and
//! password, "access all APIs", "access all records", or a few API flags.

use super::reply::{Query, Reply, count, list};
use serde_json::{Value, json};

#[derive(Debug, Clone, Default)]
pub struct IntegratorLogin {
    pub id: u32,
    pub username: String,
    /// ConnectWise may send it; a client must never keep or show it.
    pub password: String,
    pub all_records: bool,
    pub all_apis: bool,
    pub inactive: bool,
    pub service_ticket_api: bool,
    pub time_entry_api: bool,
    pub company_api: bool,
}

impl IntegratorLogin {
    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "username": self.username,
            "password": self.password,
            "canAccessAllRecordsFlag": self.all_records,
            "canAccessAllApisFlag": self.all_apis,
            "inactiveFlag": self.inactive,
            "serviceTicketApiFlag": self.service_ticket_api,
            "timeEntryApiFlag": self.time_entry_api,
            "companyApiFlag": self.company_api,
            "_info": {"lastUpdated": "2024-03-11T14:02:00Z", "updatedBy": "admin"},
        })
    }
}

/// `rest` is the lower-cased path after `/system/integratorlogins`.
pub fn handle(
    logins: &[IntegratorLogin],
    method: &str,
    rest: &[&str],
    query: &Query,
    base: &str,
) -> Reply {
    let all = || logins.iter().map(IntegratorLogin::json).collect::<Vec<_>>();
    match (method, rest) {
        ("GET", []) => list(all(), query, base),
        ("GET", ["count"]) => count(all(), query),
        ("GET", [id]) => match logins.iter().find(|l| l.id.to_string() == *id) {
            Some(l) => Reply::ok(l.json()),
            None => Reply::not_found("integratorLogin"),
        },
        ("GET", _) => Reply::error(404, "NotFound", "unknown integratorlogins resource"),
        _ => Reply::error(
            405,
            "MethodNotAllowed",
            "The sandbox's integrator logins are read-only.",
        ),
    }
}
