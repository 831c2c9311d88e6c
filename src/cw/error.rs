//! The client's typed error: what went wrong, in terms a UI can turn into advice.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Unreachable,
    Tls,
    NotConnectWise,
    Auth,
    Forbidden,
    NotFound,
    Invalid,
    Duplicate,
    RateLimited,
    Server,
    Timeout,
    Undecodable,
    Dropped,
    InsecureHttp,
    MethodNotAllowed,
    Redirect,
    TooLarge,
}

/// One field error from ConnectWise's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub code: String,
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum CwError {
    #[error("cannot reach {host}: {detail}")]
    Unreachable { host: String, detail: String },
    #[error("the TLS connection to {host} failed: {detail}")]
    Tls { host: String, detail: String },
    #[error("{host} answered {what}, not ConnectWise JSON")]
    NotConnectWise {
        host: String,
        what: String,
        cloud_hint: Option<String>,
    },
    #[error("ConnectWise refused the credentials ({status}: {message})")]
    Auth { status: u16, message: String },
    #[error("403 on {path}: the security role does not allow it")]
    Forbidden { path: String, message: String },
    #[error("404: {path} was not found")]
    NotFound { path: String },
    #[error("ConnectWise refused the request: {message}")]
    Invalid {
        message: String,
        errors: Vec<FieldError>,
    },
    #[error("it exists already ({field}): {message}")]
    Duplicate { field: String, message: String },
    #[error("ConnectWise is throttling requests (429)")]
    RateLimited { retry_after: Option<u64> },
    #[error("ConnectWise had a server error ({status}): {message}")]
    Server { status: u16, message: String },
    #[error("no answer from {host} in time ({phase})")]
    Timeout { host: String, phase: String },
    #[error(
        "the answer from {path} could not be read: {}",
        crate::cw::site::excerpt(detail, 300)
    )]
    Undecodable { path: String, detail: String },
    #[error("the connection to {host} dropped before the answer was complete ({detail})")]
    Dropped { host: String, detail: String },
    #[error("plain http is used only for the local sandbox, not {host}")]
    InsecureHttp { host: String },
    #[error("405: ConnectWise does not allow {method} on {path}")]
    MethodNotAllowed { method: String, path: String },
    #[error(
        "{host} answered {path} with a redirect ({status}) to {location}; cw-onboard does not follow redirects"
    )]
    Redirect {
        host: String,
        path: String,
        status: u16,
        location: String,
    },
    #[error("{host} sent an answer larger than {} MB; cw-onboard stopped reading it", limit / (1024 * 1024))]
    TooLarge { host: String, limit: usize },
}

/// `/v4_6_release/apis/3.0/project/tickets/count` -> `/project/tickets`.
pub fn resource_of(path: &str) -> String {
    let rest = path.split_once("apis/3.0").map_or(path, |(_, r)| r);
    let parts: Vec<&str> = rest.trim_matches('/').split('/').take(2).collect();
    format!("/{}", parts.join("/"))
}

impl CwError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            CwError::Unreachable { .. } => ErrorKind::Unreachable,
            CwError::Tls { .. } => ErrorKind::Tls,
            CwError::NotConnectWise { .. } => ErrorKind::NotConnectWise,
            CwError::Auth { .. } => ErrorKind::Auth,
            CwError::Forbidden { .. } => ErrorKind::Forbidden,
            CwError::NotFound { .. } => ErrorKind::NotFound,
            CwError::Invalid { .. } => ErrorKind::Invalid,
            CwError::Duplicate { .. } => ErrorKind::Duplicate,
            CwError::RateLimited { .. } => ErrorKind::RateLimited,
            CwError::Server { .. } => ErrorKind::Server,
            CwError::Timeout { .. } => ErrorKind::Timeout,
            CwError::Undecodable { .. } => ErrorKind::Undecodable,
            CwError::Dropped { .. } => ErrorKind::Dropped,
            CwError::InsecureHttp { .. } => ErrorKind::InsecureHttp,
            CwError::MethodNotAllowed { .. } => ErrorKind::MethodNotAllowed,
            CwError::Redirect { .. } => ErrorKind::Redirect,
            CwError::TooLarge { .. } => ErrorKind::TooLarge,
        }
    }

    /// What to do about it, in ConnectWise's words where possible.
    pub fn advice(&self) -> String {
        match self {
            CwError::Unreachable { .. } => "Check the site name and that this host can reach it (VPN, firewall, proxy).".into(),
            CwError::Tls { .. } => "An on-premise instance with a private CA: pass its certificate with --ca-file FILE. Otherwise renew or fix the certificate chain.".into(),
            CwError::NotConnectWise { cloud_hint, .. } => match cloud_hint {
                Some(api) => format!("Cloud API calls go to the api- host: use {api}."),
                None => "Check the site: this host does not serve the ConnectWise API (wrong host, or missing api- on cloud).".into(),
            },
            CwError::Auth { .. } => "Check the public and private key, the company ID, and the clientId. A deactivated member is refused too. On cloud a wrong key can show as 404.".into(),
            // The core names the security function (it knows the catalog); the client does not.
            CwError::Forbidden { path, .. } => format!("Raise the member's security role for {}.", resource_of(path)),
            CwError::NotFound { .. } => "Check the company ID and site; on cloud a 404 can also mean wrong keys.".into(),
            CwError::Invalid { errors, .. } if !errors.is_empty() => {
                format!("Fix: {}", errors.iter().map(|e| format!("{} ({})", e.field, e.message)).collect::<Vec<_>>().join("; "))
            }
            CwError::Invalid { .. } => "Check the values entered.".into(),
            CwError::Duplicate { field, .. } => format!("Pick another {field}, or adopt the existing record."),
            CwError::RateLimited { retry_after } => match retry_after {
                Some(s) => format!("Wait {s} s and try again."),
                None => "Wait a minute and try again.".into(),
            },
            CwError::Server { .. } => "ConnectWise had a problem; try again in a moment.".into(),
            CwError::Timeout { .. } => "Try again; if it keeps timing out, check the network path to the instance.".into(),
            CwError::Undecodable { .. } => "The answer is not what ConnectWise sends; try again, and check for a proxy in between.".into(),
            CwError::Dropped { .. } => "Try again; if it keeps happening, look for a proxy, firewall or VPN that cuts connections.".into(),
            CwError::InsecureHttp { .. } => "Use https:// (ConnectWise refuses plain http).".into(),
            CwError::MethodNotAllowed { .. } => "This is read-only over the API: do it in the ConnectWise UI.".into(),
            CwError::Redirect { location, .. } => match url::Url::parse(location).ok().filter(|u| u.host_str().is_some()) {
                Some(u) => format!(
                    "If {} is your ConnectWise, use it as the site (it redirects there); otherwise a proxy or login portal is in between: use the address ConnectWise itself answers on.",
                    u.origin().ascii_serialization()
                ),
                None => "Use the address it redirects to as the site, or the address ConnectWise itself answers on (a proxy or login portal redirects).".into(),
            },
            CwError::TooLarge { .. } => "ConnectWise does not send answers this large for these calls: check the site, and for a proxy in between.".into(),
        }
    }
}
