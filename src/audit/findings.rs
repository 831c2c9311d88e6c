//! The audit's findings: a severity, a stable code, the member/role/login it is about, and a
//! sentence of why it matters and what to do. Codes never change once released: scripts key on
//! them (`--json`).

use serde::Serialize;
use std::fmt;

/// How much a finding matters. Ordered: `Low < Medium < High`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every kind of finding, with its stable code and severity (the one place both are decided).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// An active API member on a role with administrative rights.
    AdminRights,
    /// The role grants rows beyond the member's (best-matching) template.
    RoleExceedsTemplate,
    /// One role held by API members of different integrations.
    RoleShared,
    /// An inactive API member still holds a role.
    InactiveMemberHasRole,
    /// An active API member has no role.
    MemberWithoutRole,
    /// The member's Level is not Corporate though its template says Corporate.
    LevelNotCorporate,
    /// An active integrator login with "access all APIs" or "access all records".
    IntegratorLoginBroad,
    /// A setup on this machine whose member or role is gone or changed.
    SetupDrift,
    /// An API member this machine has no setup for.
    MemberUnmanaged,
}

impl Code {
    pub const ALL: [Code; 9] = [
        Code::AdminRights,
        Code::RoleExceedsTemplate,
        Code::RoleShared,
        Code::InactiveMemberHasRole,
        Code::MemberWithoutRole,
        Code::LevelNotCorporate,
        Code::IntegratorLoginBroad,
        Code::SetupDrift,
        Code::MemberUnmanaged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::AdminRights => "admin-rights",
            Code::RoleExceedsTemplate => "role-exceeds-template",
            Code::RoleShared => "role-shared",
            Code::InactiveMemberHasRole => "inactive-member-has-role",
            Code::MemberWithoutRole => "member-without-role",
            Code::LevelNotCorporate => "level-not-corporate",
            Code::IntegratorLoginBroad => "integrator-login-broad",
            Code::SetupDrift => "setup-drift",
            Code::MemberUnmanaged => "member-unmanaged",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Code::AdminRights | Code::IntegratorLoginBroad => Severity::High,
            Code::RoleExceedsTemplate
            | Code::RoleShared
            | Code::MemberWithoutRole
            | Code::LevelNotCorporate
            | Code::SetupDrift => Severity::Medium,
            Code::InactiveMemberHasRole | Code::MemberUnmanaged => Severity::Low,
        }
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding, as `--json` prints it: `{"severity","code","subject","message"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: Code,
    /// What it is about: "member X", "role Y", "integrator login Z", "setup S".
    pub subject: String,
    /// Why it matters and what to do.
    pub message: String,
    /// The API member it concerns, if any (to list it under the member); not printed.
    #[serde(skip)]
    pub member: Option<String>,
}

impl Finding {
    pub fn new(code: Code, subject: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding {
            severity: code.severity(),
            code,
            subject: subject.into(),
            message: message.into(),
            member: None,
        }
    }

    pub fn about_member(mut self, identifier: &str) -> Finding {
        self.member = Some(identifier.to_string());
        self
    }
}

/// The highest severity among `findings`, if any.
pub fn worst<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Option<Severity> {
    findings.into_iter().map(|f| f.severity).max()
}

#[cfg(test)]
mod tests;
