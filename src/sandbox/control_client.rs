//! A client for the control API, used by the demo, tests and batch tests.

use super::control::{CustomizeRow, RequestRecord, RoleSettingRow};
use super::world::Faults;
use super::{SandboxError, SandboxInfo};
use serde::Deserialize;

#[derive(Debug, Clone)]
pub struct ControlClient {
    http: reqwest::Client,
    base: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CreatedKey {
    #[serde(rename = "publicKey")]
    pub public_key: String,
    #[serde(rename = "privateKey")]
    pub private_key: String,
}

impl ControlClient {
    pub fn new(base_url: &str) -> Result<ControlClient, SandboxError> {
        // The control API is this sandbox's own, on loopback: its generated certificate is
        // accepted as is (the ConnectWise client never does this).
        let loopback = url::Url::parse(base_url)
            .ok()
            .and_then(|u| u.host_str().map(crate::site::is_loopback))
            .unwrap_or(false);
        crate::crypto::install_crypto_provider();
        let http = reqwest::Client::builder()
            .tls_danger_accept_invalid_certs(loopback)
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| SandboxError::Control(e.to_string()))?;
        Ok(ControlClient {
            http,
            base: format!("{}/sandbox/v1", base_url.trim_end_matches('/')),
        })
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> Result<reqwest::Response, SandboxError> {
        let resp = req
            .send()
            .await
            .map_err(|e| SandboxError::Control(e.without_url().to_string()))?;
        if resp.status().is_success() {
            Ok(resp)
        } else {
            let status = resp.status();
            let text = resp.text().await.unwrap_or_default();
            Err(SandboxError::Control(format!("{status}: {text}")))
        }
    }

    fn path(&self, segments: &[&str]) -> String {
        let enc: Vec<String> = segments
            .iter()
            .map(|s| {
                url::form_urlencoded::byte_serialize(s.as_bytes())
                    .collect::<String>()
                    .replace('+', "%20")
            })
            .collect();
        format!("{}/{}", self.base, enc.join("/"))
    }

    pub async fn info(&self) -> Result<SandboxInfo, SandboxError> {
        self.send(self.http.get(self.path(&["info"])))
            .await?
            .json()
            .await
            .map_err(|e| SandboxError::Control(e.to_string()))
    }

    pub async fn set_role_settings(
        &self,
        role: &str,
        rows: &[RoleSettingRow],
    ) -> Result<(), SandboxError> {
        self.send(
            self.http
                .put(self.path(&["roles", role, "settings"]))
                .json(rows),
        )
        .await
        .map(|_| ())
    }

    pub async fn set_role_customize(
        &self,
        role: &str,
        rows: &[CustomizeRow],
    ) -> Result<(), SandboxError> {
        self.send(
            self.http
                .put(self.path(&["roles", role, "customize"]))
                .json(rows),
        )
        .await
        .map(|_| ())
    }

    pub async fn create_key(
        &self,
        member: &str,
        description: &str,
    ) -> Result<CreatedKey, SandboxError> {
        let body = serde_json::json!({ "description": description });
        self.send(
            self.http
                .post(self.path(&["members", member, "keys"]))
                .json(&body),
        )
        .await?
        .json()
        .await
        .map_err(|e| SandboxError::Control(e.to_string()))
    }

    pub async fn delete_key(&self, member: &str, public_key: &str) -> Result<(), SandboxError> {
        self.send(
            self.http
                .delete(self.path(&["members", member, "keys", public_key])),
        )
        .await
        .map(|_| ())
    }

    /// Ticks or clears the key's Inactive checkbox, as an admin does in the member's API Keys
    /// tab: an inactive key is refused (401) like a deleted one until it is made active again.
    pub async fn set_key_inactive(
        &self,
        member: &str,
        public_key: &str,
        inactive: bool,
    ) -> Result<(), SandboxError> {
        let body = serde_json::json!({ "inactive": inactive });
        self.send(
            self.http
                .patch(self.path(&["members", member, "keys", public_key]))
                .json(&body),
        )
        .await
        .map(|_| ())
    }

    pub async fn set_faults(&self, faults: &Faults) -> Result<(), SandboxError> {
        self.send(self.http.put(self.path(&["faults"])).json(faults))
            .await
            .map(|_| ())
    }

    pub async fn requests(&self) -> Result<Vec<RequestRecord>, SandboxError> {
        self.send(self.http.get(self.path(&["requests"])))
            .await?
            .json()
            .await
            .map_err(|e| SandboxError::Control(e.to_string()))
    }
}
