//! Finding the instance: `GET /login/companyinfo/{company}` (no auth) gives the codebase and
//! whether it is cloud; cloud calls go to the `api-` host (or the reported SiteUrl).

use super::error::CwError;
use super::http::HttpSettings;
use super::site::SiteAddress;
use serde::Deserialize;
use url::Url;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyInfo {
    pub company_name: String,
    pub codebase: String,
    pub version_code: String,
    pub version_number: String,
    pub company_id: String,
    pub is_cloud: bool,
    pub site_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    pub site: SiteAddress,
    pub company: String,
    pub info: CompanyInfo,
    /// `https://{api host}/{codebase}apis/3.0/`
    pub api_base: Url,
    pub notes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawInfo {
    #[serde(default)]
    company_name: String,
    #[serde(default)]
    codebase: String,
    #[serde(default)]
    version_code: String,
    #[serde(default)]
    version_number: String,
    #[serde(default, rename = "CompanyID")]
    company_id: String,
    #[serde(default)]
    is_cloud: serde_json::Value,
    #[serde(default)]
    site_url: Option<String>,
}

fn truthy(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Bool(b) => *b,
        serde_json::Value::String(s) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

pub async fn discover(
    http: &HttpSettings,
    site: &SiteAddress,
    company: &str,
) -> Result<Instance, CwError> {
    let ui_host = site.ui_host();
    let client = http.client(&ui_host)?;
    let url = format!(
        "{}/login/companyinfo/{}",
        site.origin_for(&ui_host),
        urlencode(company)
    );
    let response = client
        .get(&url)
        .send()
        .await
        .map_err(|e| super::http::transport(e, &ui_host))?;
    let status = response.status();
    if status.is_redirection() {
        return Err(super::http::redirect_error(
            &ui_host,
            "/login/companyinfo",
            status,
            response.headers(),
        ));
    }
    let is_json = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.contains("json"));
    let body = super::http::read_body(response, &ui_host, http.max_answer_bytes).await?;
    let cloud_hint = site.api_host();
    if status.as_u16() == 404 {
        return Err(CwError::NotFound {
            path: format!(
                "company \"{company}\" on {ui_host} (check the company ID you log in with)"
            ),
        });
    }
    let looks_html = body
        .iter()
        .take(512)
        .copied()
        .find(|b| !b.is_ascii_whitespace())
        == Some(b'<');
    if looks_html || (!is_json && !status.is_success()) {
        return Err(CwError::NotConnectWise {
            host: ui_host,
            what: "an HTML page".into(),
            cloud_hint,
        });
    }
    if !status.is_success() {
        return Err(CwError::Server {
            status: status.as_u16(),
            message: String::from_utf8_lossy(&body).chars().take(200).collect(),
        });
    }
    let raw: RawInfo = serde_json::from_slice(&body).map_err(|e| CwError::Undecodable {
        path: "/login/companyinfo".into(),
        detail: e.to_string(),
    })?;
    if raw.codebase.is_empty() && raw.company_name.is_empty() {
        return Err(CwError::NotConnectWise {
            host: ui_host,
            what: "JSON without companyinfo fields".into(),
            cloud_hint,
        });
    }
    let info = CompanyInfo {
        company_name: raw.company_name,
        codebase: if raw.codebase.is_empty() {
            "v4_6_release/".into()
        } else {
            raw.codebase
        },
        version_code: raw.version_code,
        version_number: raw.version_number,
        company_id: raw.company_id,
        is_cloud: truthy(&raw.is_cloud),
        site_url: raw.site_url.filter(|s| !s.is_empty()),
    };
    let mut notes = Vec::new();
    // The API origin is built with the url crate: the site's scheme and port are kept (an
    // IPv6 literal too); only the host changes for cloud (the api- host or SiteUrl).
    let bad = |e: &dyn std::fmt::Display| CwError::Undecodable {
        path: "/login/companyinfo".into(),
        detail: format!("bad codebase or SiteUrl: {e}"),
    };
    let origin = if info.is_cloud || info.codebase != "v4_6_release/" {
        let origin = match &info.site_url {
            Some(s) => site_url_origin(site, s).map_err(|e| bad(&e))?,
            None => {
                let host = site.api_host().unwrap_or_else(|| format!("api-{ui_host}"));
                site.origin_url(&host).map_err(|e| bad(&e))?
            }
        };
        notes.push(format!(
            "cloud instance: API calls go to {}",
            &origin[url::Position::BeforeHost..url::Position::AfterPort]
        ));
        origin
    } else {
        site.origin_url(&ui_host).map_err(|e| bad(&e))?
    };
    let api_base = origin
        .join(&format!("{}apis/3.0/", info.codebase))
        .map_err(|e| bad(&e))?;
    Ok(Instance {
        site: site.clone(),
        company: company.to_string(),
        info,
        api_base,
        notes,
    })
}

/// The API origin from companyinfo's SiteUrl (`host`, `host:port` or a URL): its host, and its
/// port or else the site's; the scheme stays the site's (never changed silently).
fn site_url_origin(site: &SiteAddress, site_url: &str) -> Result<Url, url::ParseError> {
    let bare = site_url
        .split_once("://")
        .map_or(site_url, |(_, rest)| rest)
        .trim_end_matches('/');
    let parsed = Url::parse(&format!("{}://{bare}/", site.scheme.as_str()))?;
    let host = parsed.host_str().ok_or(url::ParseError::EmptyHost)?;
    let mut origin = site.origin_url(host)?;
    if let Some(port) = parsed.port() {
        origin
            .set_port(Some(port))
            .map_err(|_| url::ParseError::InvalidPort)?;
    }
    Ok(origin)
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
