//! What this setup may change on the instance: the one place that decides whether a security
//! role or an API member is ours. Pure data in, a verdict out; every front-end (full screen,
//! `--plain`, `--no-input`) asks these functions and shows their reasons.
//!
//! - A role is ours when this setup created it (now, or in a run it recorded), or when the
//!   admin adopted it after seeing who holds it. A ConnectWise built-in role (`adminFlag`, or
//!   one of ConnectWise's standard role names) and a role a person holds are never adopted.
//! - A member is ours when this setup created or adopted it (recorded). An existing API member
//!   is adopted only after its differences were shown and confirmed; a person's member, or an
//!   API member another setup on this machine owns, never.

use super::facts::{IdentifierFacts, MemberFacts};
use super::setup::{MEMBER_INTENT, MemberAnswers, ROLE_INTENT, RoleAnswers, Setup};

/// The roles ConnectWise PSA ships with (System > Security Roles on a new instance). People
/// hold them and the whole company depends on them, so the wizard never takes one over, even
/// when nobody holds it on this instance. `adminFlag` catches a renamed Admin role.
pub const STANDARD_ROLES: &[&str] = &[
    "Admin",
    "Accounting",
    "Consultant",
    "Dispatch",
    "Executive",
    "Finance",
    "Inside Sales",
    "Management",
    "Outside Sales",
    "Project Manager",
    "Sales",
    "Sales Manager",
    "Service Manager",
    "Technician",
];

/// A member that holds a role.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Holder {
    pub identifier: String,
    /// An API member (license class A); otherwise a person.
    pub api: bool,
    pub inactive: bool,
}

impl Holder {
    /// `the person jsmith`, `the inactive API member backupbot`: no brackets, as the
    /// sentences that list holders are often in brackets themselves.
    pub fn describe(&self) -> String {
        let kind = if self.api { "API member" } else { "person" };
        let inactive = if self.inactive { "inactive " } else { "" };
        format!("the {inactive}{kind} {}", self.identifier)
    }
}

/// Who uses an existing role, as the instance reports it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoleUse {
    /// `SecurityRole.adminFlag`.
    pub admin_flag: bool,
    pub holders: Vec<Holder>,
}

/// Whether the wizard may take a role it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleClaim {
    /// Created by this setup, or adopted by the admin before.
    Ours,
    /// Someone else's role the admin may adopt, having seen who holds it.
    Adoptable { holders: Vec<Holder> },
    /// Never adopted; the sentence says why and what to do.
    Refused(String),
}

/// Whether `name` (with `admin_flag`) is one of ConnectWise's built-in roles, and why.
pub fn built_in(name: &str, admin_flag: bool) -> Option<String> {
    if admin_flag {
        return Some(format!(
            "ConnectWise flags {name} as its admin role (adminFlag), a built-in role"
        ));
    }
    STANDARD_ROLES
        .iter()
        .find(|r| r.eq_ignore_ascii_case(name.trim()))
        .map(|r| format!("{r} is one of ConnectWise's built-in security roles"))
}

/// The verdict on role `name` (id `id`) found on the instance. `created`: this run's create
/// made it. `resumed`: a create of this name was recorded but not answered in an earlier run
/// (it may have landed before a crash).
pub fn claim_role(
    record: &RoleAnswers,
    id: u32,
    name: &str,
    created: bool,
    resumed: bool,
    used: &RoleUse,
) -> RoleClaim {
    let left = record.left_behind.iter().any(|l| l.id == id);
    if created || left || (record.id == Some(id) && record.ours) {
        return RoleClaim::Ours;
    }
    if let Some(why) = built_in(name, used.admin_flag) {
        return RoleClaim::Refused(format!(
            "{why}; the wizard never changes it. Choose another role name: the wizard creates that role for this integration."
        ));
    }
    let people: Vec<String> = used
        .holders
        .iter()
        .filter(|h| !h.api)
        .map(|h| h.identifier.clone())
        .collect();
    if !people.is_empty() {
        return RoleClaim::Refused(format!(
            "it is held by people ({}): setting it up for an integration would change what they may do. Choose another role name: the wizard creates that role for this integration.",
            people.join(", ")
        ));
    }
    // Recorded by this setup before these rules (or a create that may have landed before a
    // crash): still ours, as it is neither built in nor held by people.
    if record.id == Some(id) || resumed {
        return RoleClaim::Ours;
    }
    RoleClaim::Adoptable {
        holders: used.holders.clone(),
    }
}

/// The role this setup created and recorded, when `name` is another: going on with `name`
/// leaves that role on the instance (`retire` removes only the recorded role). The sentence
/// names it, says what the admin may choose, and is None when nothing is left behind.
pub fn role_left_behind(record: &RoleAnswers, name: &str) -> Option<String> {
    let id = record.id.filter(|_| record.ours)?;
    let old = record.name.trim();
    if old.is_empty() || old.eq_ignore_ascii_case(name.trim()) {
        return None;
    }
    Some(format!(
        "The security role {old} (id {id}) was created by this setup. With the name {} it stays on the instance, no longer recorded: `retire` will not remove it. Keep {old}, or go on with the new name (the summary then names {old} as left behind, to remove by hand).",
        name.trim()
    ))
}

/// A create of `what` named `key` recorded but never answered: on resume, what is found under
/// that name is this setup's own.
pub fn open_create(setup: &Setup, what: &str, key: &str) -> bool {
    setup
        .intents
        .iter()
        .any(|i| i.what == what && i.natural_key.eq_ignore_ascii_case(key))
}

/// Whether a role create named `name` is pending from an earlier run.
pub fn role_create_pending(setup: &Setup, name: &str) -> bool {
    open_create(setup, ROLE_INTENT, name)
}

/// The sentence listing a role's holders, for the admin to judge before adopting it.
pub fn describe_holders(holders: &[Holder]) -> String {
    if holders.is_empty() {
        return "nobody holds it".into();
    }
    let mut list: Vec<String> = holders.iter().map(Holder::describe).collect();
    let last = list.pop().unwrap_or_default();
    match list.is_empty() {
        true => format!("held by {last}"),
        false => format!("held by {} and {last}", list.join(", ")),
    }
}

/// A member another setup on this machine made or adopted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Claimed {
    /// That setup's id.
    pub setup: String,
    pub site: String,
    pub company: String,
    pub member: String,
    pub member_id: Option<u32>,
}

impl Claimed {
    /// The member `setup` holds, if it has one.
    pub fn of(setup: &Setup) -> Option<Claimed> {
        let member = &setup.member;
        (member.id.is_some() && !member.identifier.is_empty()).then(|| Claimed {
            setup: setup.id.clone(),
            site: setup.site.clone(),
            company: setup.company.clone(),
            member: member.identifier.clone(),
            member_id: member.id,
        })
    }
}

/// Whether the wizard may take the member an identifier check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberClaim {
    /// Nobody has the ID: the wizard creates the member.
    Free,
    /// Created or adopted by this setup (recorded), or a create of it may have landed before
    /// a crash: no confirmation needed.
    Ours,
    /// An API member the admin may adopt once the differences were shown and confirmed.
    Adoptable,
    /// Never adopted; the sentence says why and what to do.
    Refused(String),
}

/// The site as typed is compared loosely (scheme, case, trailing slash).
fn same_site(a: &str, b: &str) -> bool {
    let bare = |s: &str| {
        s.trim()
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_ascii_lowercase()
    };
    bare(a) == bare(b)
}

/// The verdict on what an identifier check found, for setup `setup` (its record and intents)
/// with `elsewhere` the members other setups on this machine hold.
pub fn claim_member(setup: &Setup, found: &IdentifierFacts, elsewhere: &[Claimed]) -> MemberClaim {
    let existing: &MemberFacts = match found {
        IdentifierFacts::Free => return MemberClaim::Free,
        IdentifierFacts::OtherMember { license_class } => {
            return MemberClaim::Refused(format!(
                "That member ID belongs to a person (license class {license_class}): the wizard never changes a person's member. Pick another member ID."
            ));
        }
        IdentifierFacts::ApiMember(m) => m,
    };
    let other = elsewhere.iter().find(|c| {
        c.setup != setup.id
            && c.company.eq_ignore_ascii_case(&setup.company)
            && same_site(&c.site, &setup.site)
            && (c.member.eq_ignore_ascii_case(&existing.identifier)
                || c.member_id == Some(existing.id))
    });
    if let Some(other) = other {
        return MemberClaim::Refused(format!(
            "{} is the API member of setup {} on this machine: two integrations must not share one member (or its keys). Pick another member ID, or `cw-onboard resume {}`.",
            existing.identifier, other.setup, other.setup
        ));
    }
    if recorded_member(&setup.member, existing.id)
        || open_create(setup, MEMBER_INTENT, &existing.identifier)
    {
        return MemberClaim::Ours;
    }
    MemberClaim::Adoptable
}

fn recorded_member(record: &MemberAnswers, id: u32) -> bool {
    record.id == Some(id)
}

#[cfg(test)]
mod tests;
