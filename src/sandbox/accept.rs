//! The versioned Accept header ConnectWise reads (`application/vnd.connectwise.com+json;
//! version=2025.16`, reference/cw-api.md "Version header"). The sandbox serves the models of the
//! schema contract, so it answers that version, and a request without a version (ConnectWise
//! then serves its latest models); a request pinned to any other version is refused with 406,
//! so a client drifting from the contract fails the tests instead of passing unnoticed.

/// ConnectWise's vendor media type.
pub const MEDIA_TYPE: &str = "application/vnd.connectwise.com+json";
/// The model version the sandbox serves: the schema contract's (cw-schema-2025.16.json).
pub const SERVED_VERSION: &str = "2025.16";

/// The versions the Accept header pins, in order; empty when it pins none.
fn pinned(accept: &str) -> Vec<&str> {
    accept
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';').map(str::trim);
            let media = parts.next()?;
            if !media.eq_ignore_ascii_case(MEDIA_TYPE) {
                return None;
            }
            parts.find_map(|p| {
                let (name, value) = p.split_once('=')?;
                name.trim()
                    .eq_ignore_ascii_case("version")
                    .then(|| value.trim().trim_matches('"'))
            })
        })
        .collect()
}

/// None when the sandbox answers a request with this Accept header; else why it refuses it
/// (a 406 `NotAcceptable`).
pub fn refusal(accept: Option<&str>) -> Option<String> {
    let versions = pinned(accept?);
    if versions.is_empty() || versions.contains(&SERVED_VERSION) {
        return None;
    }
    Some(format!(
        "version {} is not served here: this sandbox serves the {SERVED_VERSION} models (Accept: {MEDIA_TYPE}; version={SERVED_VERSION})",
        versions.join(", ")
    ))
}

#[cfg(test)]
mod tests;
