//! The authenticated client: Basic `company+public:private`, `clientId`, a versioned Accept
//! header; every call the wizard needs, with paging and retries.

use super::conditions::Condition;
use super::discovery::Instance;
use super::error::CwError;
use super::http::{HttpSettings, read_body, redirect_error, should_retry, status_error, transport};
use super::models::*;
use crate::secrets::KeyPair;
use backon::{ExponentialBuilder, Retryable};
use base64::Engine;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// The models of the schema contract (reference/cw-schema-2025.16.json), pinned as ConnectWise
/// documents it (reference/cw-api.md, "Version header").
pub const ACCEPT_VERSION: &str = "application/vnd.connectwise.com+json; version=2025.16";

#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base: Url,
    host: String,
    cloud: bool,
    headers: HeaderMap,
    settings: HttpSettings,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.inner.base.as_str())
            .finish_non_exhaustive()
    }
}

struct Answer {
    headers: HeaderMap,
    body: bytes_alias::Bytes,
}

mod bytes_alias {
    pub type Bytes = Vec<u8>;
}

impl Client {
    pub fn new(
        instance: &Instance,
        client_id: &str,
        key: &KeyPair,
        settings: &HttpSettings,
    ) -> Result<Client, CwError> {
        Client::at(
            &instance.api_base,
            &instance.company,
            instance.info.is_cloud,
            client_id,
            key,
            settings,
        )
    }

    /// A client for the API at `api_base` (as discovery found it), signing in as `company`;
    /// `cloud` says a 404 without a body may mean a refused key.
    pub fn at(
        api_base: &Url,
        company: &str,
        cloud: bool,
        client_id: &str,
        key: &KeyPair,
        settings: &HttpSettings,
    ) -> Result<Client, CwError> {
        let host = api_base.host_str().unwrap_or_default().to_string();
        // Basic auth over plain http would send the keys in the clear: only the sandbox may.
        if api_base.scheme() != "https" && !super::site::is_loopback(&host) {
            return Err(CwError::InsecureHttp { host });
        }
        let http = settings.client(&host)?;
        let credentials = format!("{}+{}:{}", company, key.public, key.expose_private());
        let mut auth = HeaderValue::from_str(&format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(credentials)
        ))
        .map_err(|_| CwError::Auth {
            status: 0,
            message: "the keys contain characters that cannot be sent".into(),
        })?;
        auth.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, auth);
        headers.insert(ACCEPT, HeaderValue::from_static(ACCEPT_VERSION));
        headers.insert(
            "clientId",
            HeaderValue::from_str(client_id.trim()).map_err(|_| CwError::Auth {
                status: 0,
                message: "the clientId has characters that cannot be sent".into(),
            })?,
        );
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base: api_base.clone(),
                host,
                cloud,
                headers,
                settings: settings.clone(),
            }),
        })
    }

    fn url(&self, path: &str) -> Result<Url, CwError> {
        self.inner
            .base
            .join(path.trim_start_matches('/'))
            .map_err(|e| CwError::Undecodable {
                path: path.into(),
                detail: e.to_string(),
            })
    }

    async fn once(
        &self,
        method: &Method,
        url: Url,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<Answer, CwError> {
        let mut request = self
            .inner
            .http
            .request(method.clone(), url)
            .headers(self.inner.headers.clone());
        if let Some(body) = body {
            request = request.header(CONTENT_TYPE, "application/json").json(body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| transport(e, &self.inner.host))?;
        let status = response.status();
        let headers = response.headers().clone();
        let is_json = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| c.contains("json"));
        // A redirect is reported as one (its HTML body, "Object moved", is not the point).
        if status.is_redirection() {
            return Err(redirect_error(&self.inner.host, path, status, &headers));
        }
        // Streamed with a cap: an answer is never read whole into memory whatever its size.
        let body = read_body(
            response,
            &self.inner.host,
            self.inner.settings.max_answer_bytes,
        )
        .await?;
        if !status.is_success() {
            if !is_json && body.iter().copied().find(|b| !b.is_ascii_whitespace()) == Some(b'<') {
                return Err(CwError::NotConnectWise {
                    host: self.inner.host.clone(),
                    what: format!("an HTML page ({status})"),
                    cloud_hint: None,
                });
            }
            return Err(status_error(
                &self.inner.host,
                method,
                path,
                status,
                &headers,
                &body,
                self.inner.cloud,
            ));
        }
        if !body.is_empty() && !is_json {
            return Err(CwError::NotConnectWise {
                host: self.inner.host.clone(),
                what: "a non-JSON answer".into(),
                cloud_hint: None,
            });
        }
        Ok(Answer { headers, body })
    }

    /// One call with retries per [`should_retry`]: backon's capped exponential back-off with
    /// jitter, with a 429's Retry-After (clamped) taking the place of the computed delay.
    async fn call(
        &self,
        method: Method,
        url: Url,
        body: Option<serde_json::Value>,
    ) -> Result<Answer, CwError> {
        let path = url.path().to_string();
        let policy = &self.inner.settings.retry;
        let backoff = ExponentialBuilder::default()
            .with_min_delay(policy.base_delay)
            .with_max_delay(policy.max_delay)
            .with_max_times(policy.max_attempts.saturating_sub(1) as usize)
            .with_jitter();
        let max_retry_after = policy.max_retry_after;
        (|| self.once(&method, url.clone(), &path, body.as_ref()))
            .retry(backoff)
            .sleep(tokio::time::sleep)
            .when(|err| should_retry(&method, err))
            // `computed` is None once the attempts are used up: Retry-After changes the wait,
            // never the number of attempts (a server that always says 429 must end).
            .adjust(move |err, computed| match err {
                CwError::RateLimited {
                    retry_after: Some(s),
                } => computed.map(|_| std::time::Duration::from_secs(*s).min(max_retry_after)),
                _ => computed,
            })
            .await
    }

    fn decode<T: DeserializeOwned>(path: &str, body: &[u8]) -> Result<T, CwError> {
        serde_json::from_slice(body).map_err(|e| CwError::Undecodable {
            path: path.into(),
            detail: e.to_string(),
        })
    }

    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, CwError> {
        let mut url = self.url(path)?;
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let answer = self.call(Method::GET, url, None).await?;
        Self::decode(path, &answer.body)
    }

    /// Every page of a list (pageSize 1000), following `Link: rel="next"`.
    pub async fn get_all<T: DeserializeOwned>(
        &self,
        path: &str,
        conditions: Option<&Condition>,
    ) -> Result<Vec<T>, CwError> {
        let mut url = self.url(path)?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("pageSize", "1000");
            if let Some(c) = conditions {
                q.append_pair("conditions", c.as_str());
            }
        }
        let mut out = Vec::new();
        for _ in 0..1000 {
            let answer = self.call(Method::GET, url.clone(), None).await?;
            let page: Vec<T> = Self::decode(path, &answer.body)?;
            let count = page.len();
            out.extend(page);
            match next_link(&answer.headers) {
                Some(next) if count > 0 => {
                    url = Url::parse(&next).map_err(|e| CwError::Undecodable {
                        path: path.into(),
                        detail: format!("bad Link header: {e}"),
                    })?
                }
                _ => break,
            }
        }
        Ok(out)
    }

    async fn send_json<T: DeserializeOwned, B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T, CwError> {
        let value = serde_json::to_value(body).map_err(|e| CwError::Undecodable {
            path: path.into(),
            detail: e.to_string(),
        })?;
        let answer = self.call(method, self.url(path)?, Some(value)).await?;
        Self::decode(path, &answer.body)
    }

    pub async fn system_info(&self) -> Result<Info, CwError> {
        self.get("system/info", &[]).await
    }

    pub async fn my_member(&self) -> Result<MyMember, CwError> {
        self.get("system/myMembers", &[]).await
    }

    pub async fn my_security(&self) -> Result<Vec<MySecurity>, CwError> {
        self.get_all("system/mySecurity", None).await
    }

    pub async fn my_customize_items(&self) -> Result<Vec<MySecurityCustomizeItem>, CwError> {
        self.get_all("system/mySecurity/customizeItems/", None)
            .await
    }

    pub async fn my_security_and_customize(
        &self,
    ) -> Result<(Vec<MySecurity>, Vec<MySecurityCustomizeItem>), CwError> {
        let (a, b) = tokio::join!(self.my_security(), self.my_customize_items());
        Ok((a?, b?))
    }

    pub async fn find_role_by_name(&self, name: &str) -> Result<Option<SecurityRole>, CwError> {
        let roles: Vec<SecurityRole> = self
            .get_all("system/securityroles", Some(&Condition::eq("name", name)))
            .await?;
        Ok(roles
            .into_iter()
            .find(|r| r.name.eq_ignore_ascii_case(name)))
    }

    /// Members (people and API members) whose security role is named `name`.
    pub async fn members_holding_role(&self, name: &str) -> Result<Vec<Member>, CwError> {
        self.get_all(
            "system/members",
            Some(&Condition::eq("securityRole/name", name)),
        )
        .await
    }

    /// API members whose security role is named `name`.
    pub async fn api_members_holding_role(&self, name: &str) -> Result<Vec<ApiMember>, CwError> {
        self.get_all(
            "system/apiMembers",
            Some(&Condition::eq("securityRole/name", name)),
        )
        .await
    }

    pub async fn create_role(&self, name: &str) -> Result<SecurityRole, CwError> {
        self.send_json(
            Method::POST,
            "system/securityroles",
            &NewSecurityRole { name },
        )
        .await
    }

    pub async fn get_role(&self, id: u32) -> Result<SecurityRole, CwError> {
        self.get(&format!("system/securityroles/{id}"), &[]).await
    }

    /// `DELETE /system/securityroles/{id}` (204; a role still in use is refused).
    pub async fn delete_role(&self, id: u32) -> Result<(), CwError> {
        self.call(
            Method::DELETE,
            self.url(&format!("system/securityroles/{id}"))?,
            None,
        )
        .await
        .map(|_| ())
    }

    pub async fn role_settings(&self, id: u32) -> Result<Vec<SecurityRoleSetting>, CwError> {
        self.get_all(&format!("system/securityRoles/{id}/settings"), None)
            .await
    }

    pub async fn find_api_member(&self, identifier: &str) -> Result<Option<ApiMember>, CwError> {
        let found: Vec<ApiMember> = self
            .get_all(
                "system/apiMembers",
                Some(&Condition::eq("identifier", identifier)),
            )
            .await?;
        Ok(found
            .into_iter()
            .find(|m| m.identifier.eq_ignore_ascii_case(identifier)))
    }

    pub async fn api_member_default(&self) -> Result<ApiMember, CwError> {
        self.get("system/apiMembers/default", &[]).await
    }

    pub async fn create_api_member(&self, member: &ApiMember) -> Result<ApiMember, CwError> {
        self.send_json(Method::POST, "system/apiMembers", member)
            .await
    }

    pub async fn patch_api_member(&self, id: u32, ops: &[PatchOp]) -> Result<ApiMember, CwError> {
        self.send_json(Method::PATCH, &format!("system/apiMembers/{id}"), &ops)
            .await
    }

    /// `POST /system/members/{id}/deactivate`: the member becomes inactive and its keys stop
    /// working (API members have no DELETE).
    pub async fn deactivate_member(
        &self,
        id: u32,
        body: &MemberDeactivation,
    ) -> Result<(), CwError> {
        let value = serde_json::to_value(body).map_err(|e| CwError::Undecodable {
            path: format!("system/members/{id}/deactivate"),
            detail: e.to_string(),
        })?;
        self.call(
            Method::POST,
            self.url(&format!("system/members/{id}/deactivate"))?,
            Some(value),
        )
        .await
        .map(|_| ())
    }

    pub async fn find_member(&self, identifier: &str) -> Result<Option<Member>, CwError> {
        let found: Vec<Member> = self
            .get_all(
                "system/members",
                Some(&Condition::eq("identifier", identifier)),
            )
            .await?;
        Ok(found
            .into_iter()
            .find(|m| m.identifier.eq_ignore_ascii_case(identifier)))
    }

    /// `GET /system/myCompany/corporateStructure`: a list (of one, on instances seen so far).
    pub async fn corporate_structure(&self) -> Result<Vec<CorporateStructure>, CwError> {
        self.get_all("system/myCompany/corporateStructure", None)
            .await
    }

    pub async fn structure_levels(&self) -> Result<Vec<CorporateStructureLevel>, CwError> {
        self.get_all("system/myCompany/corporateStructureLevels", None)
            .await
    }

    pub async fn locations(&self) -> Result<Vec<Location>, CwError> {
        self.get_all("system/locations", None).await
    }

    pub async fn location_departments(
        &self,
        location_id: u32,
    ) -> Result<Vec<LocationDepartment>, CwError> {
        self.get_all(&format!("system/locations/{location_id}/departments"), None)
            .await
    }

    /// The business units of the locations whose answer left out `departmentIds`, from
    /// `/system/locations/{id}/departments` (all at once), by location id.
    pub async fn unlisted_departments(
        &self,
        locations: &[Location],
    ) -> Result<std::collections::HashMap<u32, Vec<u32>>, CwError> {
        let asked = futures::future::join_all(
            locations
                .iter()
                .filter(|l| l.department_ids.is_none())
                .map(|l| async move { (l.id, self.location_departments(l.id).await) }),
        )
        .await;
        let mut linked = std::collections::HashMap::new();
        for (id, rows) in asked {
            let ids = rows?
                .iter()
                .filter_map(|r| r.department.as_ref().map(|d| d.id))
                .collect();
            linked.insert(id, ids);
        }
        Ok(linked)
    }

    pub async fn departments(&self) -> Result<Vec<Department>, CwError> {
        self.get_all("system/departments", None).await
    }

    pub async fn time_zones(&self) -> Result<Vec<TimeZoneSetup>, CwError> {
        self.get_all("system/timeZoneSetups", None).await
    }

    /// `GET {path}/count`: the cheapest proof of inquire rights on a resource.
    pub async fn count(&self, path: &str) -> Result<u64, CwError> {
        let path = format!("{}/count", path.trim_matches('/'));
        let c: Count = self.get(&path, &[]).await?;
        c.count.ok_or(CwError::Undecodable {
            path,
            detail: "the answer has no count".into(),
        })
    }
}

/// The `rel="next"` target of an RFC 5988 Link header.
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    let link = headers.get("link")?.to_str().ok()?;
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        params.contains("rel=\"next\"").then(|| {
            target
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        })
    })
}
