//! Creating or adopting the API member (step 2, assisted mode). A create starts from the
//! server's `/default`; if its answer is lost, the member is looked up before anything else.

use super::api::{Services, failure, member_facts};
use crate::app::facts::{Failure, MemberFacts, Pick};
use crate::app::msg::{Auth, MemberPlan};
use crate::app::setup::MemberAnswers;
use crate::cw::{self, PatchOp};
use serde_json::{Value, json};

fn reference(p: &Option<Pick>) -> Option<cw::Reference> {
    p.as_ref().map(|p| cw::Reference {
        id: p.id,
        name: None,
    })
}

fn overlay(mut member: cw::ApiMember, a: &MemberAnswers, role_id: Option<u32>) -> cw::ApiMember {
    member.identifier = a.identifier.clone();
    member.name = Some(a.name.clone());
    if !a.email.is_empty() {
        member.email_address = Some(a.email.clone());
    }
    if let Some(id) = role_id {
        member.security_role = Some(cw::Reference { id, name: None });
    }
    member.structure_level = reference(&a.level).or(member.structure_level);
    member.security_location = reference(&a.owner).or(member.security_location);
    member.default_location = reference(&a.location).or(member.default_location);
    member.default_department = a
        .business_unit
        .as_ref()
        .map(|p| cw::DepartmentReference {
            id: p.id,
            identifier: None,
            name: None,
        })
        .or(member.default_department);
    member.time_zone = reference(&a.time_zone).or(member.time_zone);
    member.sales_default_location = reference(&a.territory).or(member.sales_default_location);
    member.inactive_flag = Some(false);
    member
}

fn id_ref(p: &Option<Pick>) -> Value {
    match p {
        Some(p) => json!({ "id": p.id }),
        None => Value::Null,
    }
}

fn patch_ops(a: &MemberAnswers, role_id: Option<u32>, fields: &[String]) -> Vec<PatchOp> {
    fields
        .iter()
        .filter_map(|field| {
            let value = match field.as_str() {
                "name" => json!(a.name),
                "emailAddress" => json!(a.email),
                "securityRole" => json!({ "id": role_id? }),
                "structureLevel" => id_ref(&a.level),
                "securityLocation" => id_ref(&a.owner),
                "defaultLocation" => id_ref(&a.location),
                "defaultDepartment" => id_ref(&a.business_unit),
                "timeZone" => id_ref(&a.time_zone),
                "salesDefaultLocation" => id_ref(&a.territory),
                "inactiveFlag" => json!(false),
                _ => return None,
            };
            Some(PatchOp::replace(field, value))
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
            let body = overlay(default, &answers, role_id);
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
