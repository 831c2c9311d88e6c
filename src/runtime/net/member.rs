//! Creating or adopting the API member (step 2, assisted mode). A create starts from the
//! server's `/default`; if its answer is lost, the member is looked up before anything else.

use super::adapt::{failure, member_facts};
use super::services::Services;
use crate::app::facts::{Failure, MemberDefault, MemberFacts, Pick};
use crate::app::msg::{Auth, MemberPlan};
use crate::app::setup::MemberAnswers;
use crate::cw::{self, PatchOp};
use serde_json::{Value, json};

/// The POST body: an `ApiMember` built field by field from the answers, with the server's
/// `/default` filling only the references the answers leave open (by id). Nothing else of the
/// default's answer is sent back.
fn new_member(default: &MemberDefault, a: &MemberAnswers, role_id: Option<u32>) -> cw::ApiMember {
    let or_default = |answer: &Option<Pick>, default: Option<u32>| {
        answer
            .as_ref()
            .map(|p| p.id)
            .or(default)
            .map(cw::Reference::to)
    };
    cw::ApiMember {
        identifier: a.identifier.clone(),
        name: Some(a.name.clone()),
        email_address: (!a.email.is_empty()).then(|| a.email.clone()),
        inactive_flag: Some(false),
        security_role: role_id.or(default.security_role).map(cw::Reference::to),
        structure_level: or_default(&a.level, default.structure_level),
        security_location: or_default(&a.owner, default.security_location),
        default_location: or_default(&a.location, default.default_location),
        default_department: a
            .business_unit
            .as_ref()
            .map(|p| p.id)
            .or(default.default_department)
            .map(|id| cw::DepartmentReference {
                id,
                identifier: None,
                name: None,
            }),
        time_zone: or_default(&a.time_zone, default.time_zone),
        sales_default_location: or_default(&a.territory, default.sales_default_location),
        ..cw::ApiMember::default()
    }
}

fn id_ref(p: &Option<Pick>) -> Option<Value> {
    p.as_ref().map(|p| json!({ "id": p.id }))
}

/// One op per differing field: `replace` with the answer, `remove` where the answer is empty
/// (a reference cannot be replaced with null).
fn patch_ops(a: &MemberAnswers, role_id: Option<u32>, fields: &[String]) -> Vec<PatchOp> {
    fields
        .iter()
        .filter_map(|field| {
            let value = match field.as_str() {
                "name" => Some(json!(a.name)),
                "emailAddress" => (!a.email.is_empty()).then(|| json!(a.email)),
                "securityRole" => Some(json!({ "id": role_id? })),
                "structureLevel" => id_ref(&a.level),
                "securityLocation" => id_ref(&a.owner),
                "defaultLocation" => id_ref(&a.location),
                "defaultDepartment" => id_ref(&a.business_unit),
                "timeZone" => id_ref(&a.time_zone),
                "salesDefaultLocation" => id_ref(&a.territory),
                "inactiveFlag" => Some(json!(false)),
                _ => return None,
            };
            Some(match value {
                Some(value) => PatchOp::replace(field, value),
                None => PatchOp::remove(field),
            })
        })
        .collect()
}

pub async fn save(
    services: &Services,
    auth: &Auth,
    plan: MemberPlan,
) -> Result<MemberFacts, Failure> {
    let client = services.client(auth)?;
    match plan {
        MemberPlan::Create {
            answers,
            role_id,
            default,
        } => {
            let default = match default {
                Some(default) => default,
                None => {
                    let read = client.api_member_default().await.map_err(|e| failure(&e))?;
                    super::lists::member_default(&read)
                }
            };
            let body = new_member(&default, &answers, role_id);
            match client.create_api_member(&body).await {
                Ok(created) => {
                    crate::runtime::crash_point::reached("member-created");
                    Ok(member_facts(&created))
                }
                Err(err) => match client.find_api_member(&answers.identifier).await {
                    // The create landed although its answer was lost (or it existed already).
                    Ok(Some(existing)) => Ok(member_facts(&existing)),
                    _ => Err(failure(&err)),
                },
            }
        }
        MemberPlan::Patch {
            id,
            answers,
            role_id,
            fields,
        } => {
            let ops = patch_ops(&answers, role_id, &fields);
            if ops.is_empty() {
                return match client
                    .find_api_member(&answers.identifier)
                    .await
                    .map_err(|e| failure(&e))?
                {
                    Some(m) => Ok(member_facts(&m)),
                    None => Err(Failure::local(
                        "the member is gone",
                        "Check the member ID again (^L).",
                    )),
                };
            }
            client
                .patch_api_member(id, &ops)
                .await
                .map(|m| member_facts(&m))
                .map_err(|e| failure(&e))
        }
    }
}
