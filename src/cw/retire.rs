//! The reads and writes of `cw-onboard retire` beyond the wizard's own: who holds a role (every
//! member type, active or not), and moving a retired API member to another role.

use super::client::Client;
use super::conditions::Condition;
use super::error::CwError;
use super::models::{Member, PatchOp, Reference};

impl Client {
    /// Every member (any licence class, inactive ones too) whose security role is `role_id`.
    pub async fn members_holding_role_id(&self, role_id: u32) -> Result<Vec<Member>, CwError> {
        self.get_all(
            "system/members",
            Some(&Condition::eq_int("securityRole/id", i64::from(role_id))),
        )
        .await
    }

    /// `PATCH /system/apiMembers/{id}` to role `role_id` (ConnectWise refuses to delete a role
    /// any member holds, an inactive one too).
    pub async fn move_api_member_to_role(&self, id: u32, role_id: u32) -> Result<(), CwError> {
        let value =
            serde_json::to_value(Reference::to(role_id)).map_err(|e| CwError::Undecodable {
                path: format!("system/apiMembers/{id}"),
                detail: e.to_string(),
            })?;
        self.patch_api_member(id, &[PatchOp::replace("securityRole", value)])
            .await
            .map(|_| ())
    }
}
