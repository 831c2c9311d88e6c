//! `--plain`'s answer to `app::ownership`'s refusals: why the role or member found is not ours,
//! and a yes to adopt it (where it may be) or another name.

use super::{RawAnswers, ask};
use crate::app::command::{MemberField, Rejected};
use crate::app::validate;
use inquire::InquireError;

/// A refusal of `app::ownership`: a role or member found that is not this setup's own.
pub(super) fn not_ours(field: &str) -> bool {
    matches!(
        field,
        "adopt_role" | "role_name" | "member.adopt" | "member.identifier"
    )
}

/// Shows why the role or member found is not ours; asks whether to adopt it (where it may be
/// adopted: who holds it, or its differences, are in the message) or for another name.
pub(super) fn settle_ownership(
    rejected: &Rejected,
    raw: &mut RawAnswers,
) -> Result<bool, InquireError> {
    println!("{}", rejected.message);
    let role = matches!(rejected.field.as_str(), "adopt_role" | "role_name");
    if rejected.field == "adopt_role" || rejected.field == "member.adopt" {
        let question = if role {
            "Adopt this role for the integration?"
        } else {
            "Adopt this member, with the changes above?"
        };
        if super::choose::confirm(question, false)? {
            if role {
                raw.adopt_role = true;
            } else {
                raw.adopt_member = true;
            }
            return Ok(true);
        }
    }
    if role {
        raw.adopt_role = false;
        raw.role_name = Some(ask("Another security role name", "", validate::role_name)?);
    } else {
        raw.adopt_member = false;
        let id = ask("Another API member ID", "", validate::member_identifier)?;
        raw.member.retain(|(f, _)| *f != MemberField::Identifier);
        raw.member.push((MemberField::Identifier, id));
    }
    Ok(true)
}
