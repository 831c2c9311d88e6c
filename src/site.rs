//! What admins paste as "the site", normalised: scheme, host, port; with the changes said.

use std::fmt;
use url::{Host, Url};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Https,
    Http,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteAddress {
    pub scheme: Scheme,
    pub host: String,
    pub port: Option<u16>,
    /// What was changed in the input, and why.
    pub changes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SiteError {
    #[error("Enter the ConnectWise site, e.g. na.myconnectwise.net or cw.example.com.")]
    Empty,
    #[error(
        "That looks like an email address; enter the site you open in the browser, e.g. na.myconnectwise.net."
    )]
    Email,
    #[error("Remove the user name and password from the address; keys are asked for separately.")]
    Credentials,
    #[error(
        "\"{0}\" is not a host name: use letters, digits, dots and hyphens, e.g. cw.example.com."
    )]
    BadHost(String),
    #[error("The port \"{0}\" is not a number from 1 to 65535.")]
    BadPort(String),
    #[error("Only https:// (or http:// for the local sandbox) is used, not {0}://.")]
    BadScheme(String),
    #[error(
        "ConnectWise refuses plain http: use https://{0} (http:// is only for the local sandbox)."
    )]
    PlainHttp(String),
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Https => "https",
            Scheme::Http => "http",
        }
    }
}

/// The ConnectWise cloud sites (UI hosts) and their API hosts (reference/cw-api.md §1).
pub const CLOUD_SITES: [&str; 6] = [
    "na.myconnectwise.net",
    "eu.myconnectwise.net",
    "au.myconnectwise.net",
    "aus.myconnectwise.net",
    "za.myconnectwise.net",
    "staging.connectwisedev.com",
];

/// `localhost`, or a loopback address in any spelling (`127.0.0.2`, `[::1]`,
/// `[0:0:0:0:0:0:0:1]`).
pub fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost")
        || h.parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl SiteAddress {
    /// The UI host of a cloud site (`api-na...` -> `na...`); the host itself otherwise.
    pub fn ui_host(&self) -> String {
        match self.host.strip_prefix("api-") {
            Some(rest) if CLOUD_SITES.contains(&rest) => rest.to_string(),
            _ => self.host.clone(),
        }
    }

    /// The `api-` host of a known cloud site, if it is one.
    pub fn api_host(&self) -> Option<String> {
        let ui = self.ui_host();
        CLOUD_SITES
            .contains(&ui.as_str())
            .then(|| format!("api-{ui}"))
    }

    pub fn is_known_cloud(&self) -> bool {
        self.api_host().is_some()
    }

    /// `scheme://host[:port]` for `host`.
    pub fn origin_for(&self, host: &str) -> String {
        match self.port {
            Some(p) => format!("{}://{host}:{p}", self.scheme.as_str()),
            None => format!("{}://{host}", self.scheme.as_str()),
        }
    }

    /// This site's scheme and port with `host` (a name, an IPv4 or a bracketed IPv6
    /// address), as a URL ending in `/`.
    pub fn origin_url(&self, host: &str) -> Result<Url, url::ParseError> {
        let mut url = Url::parse(&format!("{}://{host}/", self.scheme.as_str()))?;
        url.set_port(self.port)
            .map_err(|_| url::ParseError::InvalidPort)?;
        Ok(url)
    }
}

impl fmt::Display for SiteAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.origin_for(&self.host))
    }
}

/// At most `max` characters of what the user or a server gave, for an error message: a pasted
/// megabyte is never echoed whole.
pub fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}… ({} characters)", &text[..cut], text.chars().count()),
        None => text.to_string(),
    }
}

/// How much of a bad value an error shows.
const SHOWN: usize = 80;

/// The host as typed (for the note saying what normalising changed), without user or port.
fn typed_host(authority: &str) -> &str {
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host.starts_with('[') {
        host.find(']').map_or(host, |end| &host[..=end])
    } else {
        host.split_once(':').map_or(host, |(h, _)| h)
    }
}

/// Parses and normalises a pasted site with the `url` crate: the scheme and port are kept as
/// given (an IPv6 literal too); plain http is refused except for loopback (the sandbox), never
/// changed silently; whatever is dropped (a path) is said in `changes`.
pub fn parse_site(input: &str) -> Result<SiteAddress, SiteError> {
    let mut changes = Vec::new();
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(SiteError::Empty);
    }
    let (given, rest) = match trimmed.split_once("://") {
        Some((s, rest)) => match s.to_ascii_lowercase().as_str() {
            "https" => (Some(Scheme::Https), rest),
            "http" => (Some(Scheme::Http), rest),
            _ => return Err(SiteError::BadScheme(excerpt(s, SHOWN))),
        },
        None => (None, trimmed),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let parse = |scheme: Scheme| {
        let text = format!("{}://{rest}", scheme.as_str());
        Url::parse(&text).map_err(|e| match e {
            url::ParseError::InvalidPort => SiteError::BadPort(excerpt(
                authority.rsplit_once(':').map_or(authority, |(_, p)| p),
                SHOWN,
            )),
            _ => SiteError::BadHost(excerpt(typed_host(authority), SHOWN)),
        })
    };
    let mut url = parse(given.unwrap_or(Scheme::Https))?;
    if !url.username().is_empty() || url.password().is_some() {
        let path_given = !url[url::Position::BeforePath..]
            .trim_matches('/')
            .is_empty();
        return Err(
            if url.password().is_some() || url.port().is_some() || (given.is_none() && path_given) {
                SiteError::Credentials
            } else {
                SiteError::Email
            },
        );
    }
    let host = match url.host() {
        Some(Host::Domain(d)) => {
            let valid = d.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
            if !valid {
                return Err(SiteError::BadHost(excerpt(typed_host(authority), SHOWN)));
            }
            d.to_string()
        }
        Some(Host::Ipv4(ip)) => ip.to_string(),
        Some(Host::Ipv6(ip)) => format!("[{ip}]"),
        None => return Err(SiteError::BadHost(excerpt(typed_host(authority), SHOWN))),
    };
    let loopback = is_loopback(&host);
    let scheme = match given {
        Some(Scheme::Http) if !loopback => return Err(SiteError::PlainHttp(excerpt(&host, SHOWN))),
        Some(s) => s,
        None if loopback => Scheme::Http,
        None => Scheme::Https,
    };
    if Some(scheme) != given && scheme != Scheme::Https {
        // Parsed as https to find the host: again with the scheme used, so that the port
        // typed (or its absence) means what it says for that scheme.
        url = parse(scheme)?;
    }
    if url.port() == Some(0) {
        return Err(SiteError::BadPort("0".into()));
    }
    let typed = typed_host(authority);
    if typed != host {
        changes.push(if typed.to_ascii_lowercase() == host {
            "lower-cased the host".to_string()
        } else {
            format!("wrote the host {} as {host}", excerpt(typed, SHOWN))
        });
    }
    let tail = &url[url::Position::BeforePath..];
    if !tail.trim_matches('/').is_empty() {
        changes.push(format!(
            "removed {}: the wizard finds the codebase itself",
            excerpt(tail, SHOWN)
        ));
    }
    if let Some(rest) = host.strip_prefix("api-")
        && CLOUD_SITES.contains(&rest)
    {
        changes.push(format!(
            "{host} is the API host of {rest}; the wizard uses it for API calls"
        ));
    }
    Ok(SiteAddress {
        scheme,
        host,
        port: url.port(),
        changes,
    })
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod fuzz;
