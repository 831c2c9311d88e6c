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
    let is_json = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.contains("json"));
    let body = response
        .bytes()
        .await
        .map_err(|e| super::http::transport(e, &ui_host))?;
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
    let api_host = if info.is_cloud || info.codebase != "v4_6_release/" {
        let host = match &info.site_url {
            Some(s) => s
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_string(),
            None => site.api_host().unwrap_or_else(|| format!("api-{ui_host}")),
        };
        notes.push(format!("cloud instance: API calls go to {host}"));
        host
    } else {
        ui_host.clone()
    };
    let origin = if api_host.contains(':') {
        format!(
            "{}://{api_host}",
            if site.scheme == super::site::Scheme::Http {
                "http"
            } else {
                "https"
            }
        )
    } else {
        site.origin_for(&api_host)
    };
    let api_base = Url::parse(&format!("{origin}/{}apis/3.0/", info.codebase)).map_err(|e| {
        CwError::Undecodable {
            path: "/login/companyinfo".into(),
            detail: format!("bad codebase or SiteUrl: {e}"),
        }
    })?;
    Ok(Instance {
        site: site.clone(),
        company: company.to_string(),
        info,
        api_base,
        notes,
    })
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
