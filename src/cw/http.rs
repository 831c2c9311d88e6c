//! HTTP settings, the reqwest client, error mapping and retries: capped exponential back-off
//! with full jitter honouring Retry-After, for GETs; a write is retried only when it provably
//! never left (connect error) or was refused with 429.

use super::error::{CwError, FieldError};
use super::site::is_loopback;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    pub max_retry_after: Duration,
}

#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    pub total_timeout: Duration,
    pub retry: RetryPolicy,
    pub ca_file: Option<PathBuf>,
    /// The most an answer may hold: a larger one is refused while it streams in, never read
    /// whole into memory.
    pub max_answer_bytes: usize,
}

/// The default answer cap: the largest page the wizard reads (1000 security settings) is a
/// few hundred KB.
pub const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            total_timeout: Duration::from_secs(60),
            retry: RetryPolicy {
                max_attempts: 4,
                base_delay: Duration::from_millis(500),
                max_delay: Duration::from_secs(8),
                max_retry_after: Duration::from_secs(30),
            },
            ca_file: None,
            max_answer_bytes: MAX_ANSWER_BYTES,
        }
    }
}

impl HttpSettings {
    /// Short delays and timeouts for tests against the local sandbox.
    pub fn for_tests() -> Self {
        HttpSettings {
            connect_timeout: Duration::from_secs(2),
            read_timeout: Duration::from_secs(2),
            total_timeout: Duration::from_secs(5),
            retry: RetryPolicy {
                max_attempts: 4,
                base_delay: Duration::from_millis(20),
                max_delay: Duration::from_millis(200),
                max_retry_after: Duration::from_secs(2),
            },
            ca_file: None,
            max_answer_bytes: MAX_ANSWER_BYTES,
        }
    }

    /// A reqwest client for `host`: https only (plain http only to loopback), no redirects.
    pub fn client(&self, host: &str) -> Result<reqwest::Client, CwError> {
        super::tls::install_crypto_provider();
        let mut builder = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .read_timeout(self.read_timeout)
            .timeout(self.total_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .https_only(!is_loopback(host))
            .user_agent(concat!("cw-onboard/", env!("CARGO_PKG_VERSION")));
        if let Some(path) = &self.ca_file {
            let pem = std::fs::read(path).map_err(|e| CwError::Tls {
                host: host.into(),
                detail: format!("cannot read --ca-file {}: {e}", path.display()),
            })?;
            let cert = reqwest::Certificate::from_pem(&pem).map_err(|e| CwError::Tls {
                host: host.into(),
                detail: format!("--ca-file {} is not a PEM certificate: {e}", path.display()),
            })?;
            builder = builder.add_root_certificate(cert);
        }
        builder.build().map_err(|e| CwError::Tls {
            host: host.into(),
            detail: e.without_url().to_string(),
        })
    }
}

/// Reads an answer's body as it streams in, refusing it once it passes `limit` bytes (or when
/// its Content-Length says it will).
pub async fn read_body(
    mut response: reqwest::Response,
    host: &str,
    limit: usize,
) -> Result<Vec<u8>, CwError> {
    let too_large = || CwError::TooLarge {
        host: host.into(),
        limit,
    };
    if response
        .content_length()
        .is_some_and(|len| len > limit as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| transport(e, host))? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A 3xx answer as the redirect it is (never followed: the keys would go along).
pub fn redirect_error(
    host: &str,
    path: &str,
    status: StatusCode,
    headers: &reqwest::header::HeaderMap,
) -> CwError {
    CwError::Redirect {
        host: host.into(),
        path: path.into(),
        status: status.as_u16(),
        location: headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(|l| super::site::excerpt(l, 200))
            .unwrap_or_else(|| "an address it did not give".into()),
    }
}

/// Retry-After as seconds or an HTTP date; None when absent or unreadable.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[derive(Deserialize, Default)]
struct ErrorBody {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    errors: Option<Vec<ErrorEntry>>,
}

#[derive(Deserialize)]
struct ErrorEntry {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    field: String,
}

/// A transport error in the client's terms.
pub fn transport(err: reqwest::Error, host: &str) -> CwError {
    let err = err.without_url();
    // The useful words (e.g. the certificate problem) sit at the bottom of the source chain.
    let mut causes = Vec::new();
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        causes.push(s.to_string());
        source = s.source();
    }
    let detail = causes.last().cloned().unwrap_or_else(|| err.to_string());
    if err.is_timeout() {
        CwError::Timeout {
            host: host.into(),
            phase: if err.is_connect() {
                "connecting".into()
            } else {
                "waiting for the answer".into()
            },
        }
    } else if detail.to_lowercase().contains("certificate")
        || detail.contains("tls")
        || detail.contains("TLS")
    {
        CwError::Tls {
            host: host.into(),
            detail,
        }
    } else if err.is_connect() {
        CwError::Unreachable {
            host: host.into(),
            detail,
        }
    } else {
        CwError::Dropped {
            host: host.into(),
            detail,
        }
    }
}

/// Maps a non-success answer from `host` to an error.
pub fn status_error(
    host: &str,
    method: &Method,
    path: &str,
    status: StatusCode,
    headers: &reqwest::header::HeaderMap,
    body: &[u8],
    cloud: bool,
) -> CwError {
    let parsed: Option<ErrorBody> = serde_json::from_slice(body).ok();
    let message = parsed
        .as_ref()
        .map(|b| {
            let m = if b.message.is_empty() {
                &b.code
            } else {
                &b.message
            };
            super::site::excerpt(m, 300)
        })
        .unwrap_or_default();
    let code = status.as_u16();
    match code {
        300..=399 => redirect_error(host, path, status, headers),
        401 => CwError::Auth {
            status: code,
            message,
        },
        403 => CwError::Forbidden {
            path: path.into(),
            message,
        },
        404 if cloud && parsed.is_none() => CwError::Auth {
            status: code,
            message: "404 from the cloud API (ConnectWise's answer to wrong credentials)".into(),
        },
        404 => CwError::NotFound { path: path.into() },
        405 => CwError::MethodNotAllowed {
            method: method.to_string(),
            path: path.into(),
        },
        429 => CwError::RateLimited {
            retry_after: headers
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(parse_retry_after)
                .map(|d| d.as_secs()),
        },
        400 | 409 => {
            let errors: Vec<FieldError> = parsed
                .as_ref()
                .and_then(|b| b.errors.as_ref())
                .map(|es| {
                    es.iter()
                        .map(|e| FieldError {
                            code: e.code.clone(),
                            field: e.field.clone(),
                            message: e.message.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            match errors.iter().find(|e| e.code == "ObjectExists") {
                Some(dup) => CwError::Duplicate {
                    field: dup.field.clone(),
                    message: dup.message.clone(),
                },
                None => CwError::Invalid { message, errors },
            }
        }
        _ => CwError::Server {
            status: code,
            message,
        },
    }
}

/// Whether a failed attempt should be tried again.
pub fn should_retry(method: &Method, err: &CwError) -> bool {
    let read = *method == Method::GET;
    match err {
        CwError::RateLimited { .. } => true,
        CwError::Server { status, .. } => read && matches!(status, 500 | 502 | 503 | 504),
        CwError::Timeout { phase, .. } => read || phase == "connecting",
        CwError::Unreachable { .. } => true,
        CwError::Undecodable { .. } | CwError::Dropped { .. } => read,
        _ => false,
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod fuzz;
