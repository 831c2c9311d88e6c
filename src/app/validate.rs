//! Field validators, shared by the full-screen wizard, the line prompts and batch mode. Each
//! returns the normalised value, or a message that says what is wrong and what to do.

use crate::site::parse_site;

pub type Valid = Result<String, String>;

/// The site as typed: normalised by the client's site parser.
pub fn site(input: &str) -> Valid {
    parse_site(input)
        .map(|site| site.to_string())
        .map_err(|err| err.to_string())
}

/// The company ID people type on the ConnectWise login screen.
pub fn company(input: &str) -> Valid {
    let value = input.trim();
    if value.is_empty() {
        return Err("Enter the company ID you type on the ConnectWise login screen.".into());
    }
    if value.len() > 60 {
        return Err("That is too long for a company ID (60 characters at most).".into());
    }
    if let Some(bad) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    {
        return Err(format!(
            "'{bad}' is not used in company IDs: use the login company (letters, digits, _ - .), not the company name."
        ));
    }
    Ok(value.to_string())
}

/// The integration's clientId: a GUID from developer.connectwise.com/ClientID.
pub fn client_id(input: &str) -> Valid {
    let value = input.trim().trim_matches(|c| c == '{' || c == '}');
    if value.is_empty() {
        return Err(
            "Enter the clientId (a GUID); every ConnectWise API call needs one. Register one at developer.connectwise.com/ClientID."
                .into(),
        );
    }
    let groups: Vec<&str> = value.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    let is_guid = groups.len() == 5
        && groups
            .iter()
            .zip(lengths)
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()));
    if !is_guid {
        return Err(
            "A clientId looks like 1a2b3c4d-1a2b-1a2b-1a2b-1a2b3c4d5e6f (a GUID). Copy it from developer.connectwise.com/ClientID."
                .into(),
        );
    }
    Ok(value.to_ascii_lowercase())
}

/// A security role name ("Role ID" in the UI): 1 to 30 characters.
pub fn role_name(input: &str) -> Valid {
    let value = input.trim();
    match value.chars().count() {
        0 => Err("Enter a role name, e.g. the integration's name.".into()),
        n if n > 30 => Err(format!(
            "ConnectWise allows 30 characters for a role name; this has {n}. Shorten it."
        )),
        _ => Ok(value.to_string()),
    }
}

/// An API member identifier ("Member ID"): what ConnectWise documents, and only that: present
/// and at most 15 characters (`ApiMember.identifier` maxLength 15). Which characters it takes is
/// undocumented: ConnectWise decides, and the wizard shows its message (vendors ask for
/// `Wise-Sync` and `Acct Sync API`).
pub fn member_identifier(input: &str) -> Valid {
    let value = input.trim();
    if value.is_empty() {
        return Err("Enter a member ID, e.g. the integration's name.".into());
    }
    let n = value.chars().count();
    if n > 15 {
        return Err(format!(
            "Member IDs have at most 15 characters; this has {n}."
        ));
    }
    Ok(value.to_string())
}

/// The member name shown in audit trails: 1 to 30 characters.
pub fn member_name(input: &str) -> Valid {
    let value = input.trim();
    match value.chars().count() {
        0 => Err("Enter a member name; it is what audit trails show.".into()),
        n if n > 30 => Err(format!(
            "ConnectWise allows 30 characters for a member name; this has {n}."
        )),
        _ => Ok(value.to_string()),
    }
}

/// An optional email address (250 characters at most).
pub fn email(input: &str) -> Valid {
    let value = input.trim();
    if value.is_empty() {
        return Ok(String::new());
    }
    if value.len() > 250 {
        return Err("ConnectWise allows 250 characters for an email address.".into());
    }
    let Some((local, domain)) = value.split_once('@') else {
        return Err("An email address needs an @, e.g. integration@mymsp.com.".into());
    };
    if local.is_empty() || !domain.contains('.') || value.contains(char::is_whitespace) {
        return Err("That does not look like an email address (name@domain.tld).".into());
    }
    Ok(value.to_string())
}

/// Domains of example addresses (templates ship `name@yourdomain.com`): accepted, but warned about,
/// since ConnectWise and the vendor may mail the member.
const PLACEHOLDER_DOMAINS: &[&str] = &[
    "yourdomain.com",
    "yourdomain.net",
    "yourcompany.com",
    "yourmsp.com",
    "mydomain.com",
    "domain.com",
    "example.com",
    "example.net",
    "example.org",
];

/// RFC 2606 names that never deliver mail.
const PLACEHOLDER_TLDS: &[&str] = &["example", "invalid", "localhost", "test"];

/// The domain of an email address when it is a placeholder (`yourdomain.com`, `example.org`,
/// `*.test`...); None for a real-looking or empty address.
pub fn placeholder_email_domain(input: &str) -> Option<String> {
    let (_, domain) = input.trim().rsplit_once('@')?;
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let placeholder = PLACEHOLDER_DOMAINS
        .iter()
        .any(|d| domain == *d || domain.ends_with(&format!(".{d}")))
        || PLACEHOLDER_TLDS
            .iter()
            .any(|t| domain == *t || domain.ends_with(&format!(".{t}")));
    placeholder.then_some(domain)
}

/// A warning (not an error) when an email address uses a placeholder domain; None otherwise.
pub fn placeholder_email(input: &str) -> Option<String> {
    let domain = placeholder_email_domain(input)?;
    Some(format!(
        "{} uses the placeholder domain {domain}: give an address at your own domain.",
        input.trim()
    ))
}

/// A public or private API key as ConnectWise shows it: no spaces, at least 8 characters.
pub fn api_key(input: &str, which: &str) -> Valid {
    let value = input.trim();
    if value.is_empty() {
        return Err(format!("Paste the {which} key ConnectWise showed."));
    }
    if value.contains(char::is_whitespace) {
        return Err(format!(
            "The {which} key has a space in it: paste it again, without line breaks."
        ));
    }
    if value.len() < 8 {
        return Err(format!(
            "That is too short for a {which} key: paste the whole key."
        ));
    }
    Ok(value.to_string())
}

/// The key description ConnectWise keeps with the pair.
pub fn key_description(input: &str) -> Valid {
    let value = input.trim();
    match value.chars().count() {
        0 => Err("Enter a description, e.g. the integration's name and today's date.".into()),
        n if n > 100 => Err("Keep the description under 100 characters.".into()),
        _ => Ok(value.to_string()),
    }
}

#[cfg(test)]
mod tests;
