//! What admins paste as "the site", normalised: scheme, host, port; with the changes said.

use std::fmt;

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

pub fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h == "localhost"
        || h == "::1"
        || h.parse::<std::net::Ipv4Addr>()
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
        let scheme = match self.scheme {
            Scheme::Https => "https",
            Scheme::Http => "http",
        };
        match self.port {
            Some(p) => format!("{scheme}://{host}:{p}"),
            None => format!("{scheme}://{host}"),
        }
    }
}

impl fmt::Display for SiteAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.origin_for(&self.host))
    }
}

/// Parses and normalises a pasted site.
pub fn parse_site(input: &str) -> Result<SiteAddress, SiteError> {
    let mut changes = Vec::new();
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(SiteError::Empty);
    }
    let (scheme, rest) = match trimmed.split_once("://") {
        Some((s, rest)) => match s.to_ascii_lowercase().as_str() {
            "https" => (Some(Scheme::Https), rest),
            "http" => (Some(Scheme::Http), rest),
            other => return Err(SiteError::BadScheme(other.to_string())),
        },
        None => (None, trimmed),
    };
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if authority.contains('@') {
        return Err(
            if scheme.is_none() && !path.is_empty() || authority.contains(':') {
                SiteError::Credentials
            } else {
                SiteError::Email
            },
        );
    }
    if !path.trim_matches('/').is_empty() {
        changes.push(format!(
            "removed {path}: the wizard finds the codebase itself"
        ));
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') || h.ends_with(']') => {
            let port: u16 = p
                .parse()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| SiteError::BadPort(p.to_string()))?;
            (h, Some(port))
        }
        _ => (authority, None),
    };
    let lowered = host.to_ascii_lowercase();
    if lowered != host {
        changes.push("lower-cased the host".into());
    }
    let bare = lowered.trim_start_matches('[').trim_end_matches(']');
    let valid = !bare.is_empty()
        && (bare.parse::<std::net::IpAddr>().is_ok()
            || bare.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            }));
    if !valid {
        return Err(SiteError::BadHost(host.to_string()));
    }
    let scheme = match scheme {
        Some(Scheme::Http) if !is_loopback(&lowered) => {
            changes.push("ConnectWise refuses plain http: using https".into());
            Scheme::Https
        }
        Some(s) => s,
        None if is_loopback(&lowered) => Scheme::Http,
        None => Scheme::Https,
    };
    if let Some(rest) = lowered.strip_prefix("api-")
        && CLOUD_SITES.contains(&rest)
    {
        changes.push(format!(
            "{lowered} is the API host of {rest}; the wizard uses it for API calls"
        ));
    }
    Ok(SiteAddress {
        scheme,
        host: lowered,
        port,
        changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_what_admins_paste() {
        let s =
            parse_site("https://NA.myconnectwise.net/v4_6_release/ConnectWise.aspx?x=1").unwrap(); // ok: test
        assert_eq!(s.to_string(), "https://na.myconnectwise.net");
        assert_eq!(s.changes.len(), 2);
        assert_eq!(s.api_host().as_deref(), Some("api-na.myconnectwise.net"));
        let s = parse_site("api-eu.myconnectwise.net/").unwrap(); // ok: test
        assert_eq!(s.ui_host(), "eu.myconnectwise.net");
        let s = parse_site("cw.example.com:8443").unwrap(); // ok: test
        assert_eq!(s.to_string(), "https://cw.example.com:8443");
        assert!(!s.is_known_cloud());
        assert_eq!(
            parse_site("127.0.0.1:4000").unwrap().to_string(), // ok: test
            "http://127.0.0.1:4000"
        );
        let s = parse_site("http://cw.example.com").unwrap(); // ok: test
        assert_eq!(s.scheme, Scheme::Https);
    }

    #[test]
    fn refuses_what_is_not_a_site() {
        assert_eq!(parse_site(" "), Err(SiteError::Empty));
        assert_eq!(parse_site("admin@example.com"), Err(SiteError::Email));
        assert!(matches!(
            parse_site("cw.example.com:99999"),
            Err(SiteError::BadPort(_))
        ));
        assert!(matches!(
            parse_site("cw example.com"),
            Err(SiteError::BadHost(_))
        ));
        assert!(matches!(
            parse_site("ftp://x.com"),
            Err(SiteError::BadScheme(_))
        ));
        assert_eq!(
            parse_site("https://u:p@cw.example.com"),
            Err(SiteError::Credentials)
        );
    }
}

#[cfg(test)]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn arbitrary_input_never_panics(text in ".{0,80}") {
            let _ = parse_site(&text);
        }

        #[test]
        fn normalised_output_parses_to_itself(text in "[a-zA-Z0-9.:/-]{1,40}") {
            if let Ok(site) = parse_site(&text) {
                let again = parse_site(&site.to_string()).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(again.to_string(), site.to_string());
            }
        }
    }
}
