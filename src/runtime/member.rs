//! Creating or adopting the API member (step 2, assisted mode). A create starts from the
//! server's `/default`; if its answer is lost, the member is looked up before anything else.

use super::api::{Services, failure, member_facts};
use crate::app::facts::{Failure, MemberFacts, Pick};
use crate::app::msg::{Auth, MemberPlan};
use crate::app::setup::MemberAnswers;
use crate::cw::{self, PatchOp};
use serde_json::{Value, json};

fn reference(p: &Option<Pick>) -> Option<cw::Reference> {
    p.as_ref().map(|p| cw::Reference::to(p.id))
}

/// A reference of the server's default, by id only (its name is the server's to fill in).
fn default_ref(r: &Option<cw::Reference>) -> Option<cw::Reference> {
    r.as_ref().map(|r| cw::Reference::to(r.id))
}

/// The POST body: an `ApiMember` built field by field from the answers, with the server's
/// `/default` filling only the references the answers leave open (by id). Nothing else of the
/// default's answer is sent back.
fn new_member(default: &cw::ApiMember, a: &MemberAnswers, role_id: Option<u32>) -> cw::ApiMember {
    cw::ApiMember {
        identifier: a.identifier.clone(),
        name: Some(a.name.clone()),
        email_address: (!a.email.is_empty()).then(|| a.email.clone()),
        inactive_flag: Some(false),
        security_role: role_id
            .map(cw::Reference::to)
            .or_else(|| default_ref(&default.security_role)),
        structure_level: reference(&a.level).or_else(|| default_ref(&default.structure_level)),
        security_location: reference(&a.owner).or_else(|| default_ref(&default.security_location)),
        default_location: reference(&a.location).or_else(|| default_ref(&default.default_location)),
        default_department: a
            .business_unit
            .as_ref()
            .map(|p| p.id)
            .or(default.default_department.as_ref().map(|d| d.id))
            .map(|id| cw::DepartmentReference {
                id,
                identifier: None,
                name: None,
            }),
        time_zone: reference(&a.time_zone).or_else(|| default_ref(&default.time_zone)),
        sales_default_location: reference(&a.territory)
            .or_else(|| default_ref(&default.sales_default_location)),
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
        MemberPlan::Create { answers, role_id } => {
            let default = match services.take_member_default() {
                Some(default) => default,
                None => client.api_member_default().await.map_err(|e| failure(&e))?,
            };
            let body = new_member(&default, &answers, role_id);
            match client.create_api_member(&body).await {
                Ok(created) => {
                    super::crash_point::reached("member-created");
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
