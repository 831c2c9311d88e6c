//! The reads of `cw-onboard audit`: every API member, every security role (with `adminFlag`),
//! and the legacy integrator logins. Models keep only what the audit needs: an integrator
//! login's `password` is never deserialised.

use super::client::Client;
use super::error::CwError;
use super::models::Reference;
use serde::Deserialize;

/// A security role as the list returns it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleRecord {
    pub id: u32,
    pub name: String,
    #[serde(default)]
    pub admin_flag: Option<bool>,
    #[serde(default)]
    pub inactive_flag: Option<bool>,
}

/// An API member as the list returns it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiMemberRecord {
    pub id: u32,
    pub identifier: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub inactive_flag: Option<bool>,
    #[serde(default)]
    pub security_role: Option<Reference>,
    #[serde(default)]
    pub structure_level: Option<Reference>,
    /// Not in the `ApiMember` model, but `Member` has it: honoured when sent.
    #[serde(default)]
    pub admin_flag: Option<bool>,
}

/// An integrator login (`IntegratorLogin`), without its password.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntegratorLoginRecord {
    pub id: u32,
    pub username: String,
    #[serde(default)]
    pub can_access_all_records_flag: Option<bool>,
    #[serde(default)]
    pub can_access_all_apis_flag: Option<bool>,
    #[serde(default)]
    pub inactive_flag: Option<bool>,
    /// The APIs it is allowed ("serviceTicket", "timeEntry", ...): its `*ApiFlag` fields that
    /// are true. Every other field (the password above all) is skipped unread.
    #[serde(flatten)]
    pub apis: ApiFlags,
}

#[derive(Debug, Clone, Default)]
pub struct ApiFlags(pub Vec<String>);

impl<'de> Deserialize<'de> for ApiFlags {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = ApiFlags;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an integrator login")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<ApiFlags, A::Error> {
                let mut on = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    match key.strip_suffix("ApiFlag") {
                        Some(api) => {
                            if map.next_value::<Option<bool>>()? == Some(true) {
                                on.push(api.to_string());
                            }
                        }
                        None => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ApiFlags(on))
            }
        }
        d.deserialize_map(Visitor)
    }
}

impl Client {
    /// Every API member, active and inactive, all pages.
    pub async fn all_api_members(&self) -> Result<Vec<ApiMemberRecord>, CwError> {
        self.get_all("system/apiMembers", None).await
    }

    /// Every security role, all pages.
    pub async fn all_roles(&self) -> Result<Vec<RoleRecord>, CwError> {
        self.get_all("system/securityroles", None).await
    }

    /// Every integrator login, all pages.
    pub async fn integrator_logins(&self) -> Result<Vec<IntegratorLoginRecord>, CwError> {
        self.get_all("system/integratorlogins", None).await
    }
}

#[cfg(test)]
mod tests;
