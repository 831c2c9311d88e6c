//! Parsed values: each answer is validated once, where it enters (a key press that ends a field,
//! a prompt, an answers-file key), and travels as a type that cannot hold a bad value. The
//! rules are the validators of [`super::validate`]; the error says what to do.

use super::validate;

macro_rules! parsed {
    ($(#[$doc:meta])* $name:ident, $rule:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// The normalised value.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<&str> for $name {
            type Error = String;
            fn try_from(input: &str) -> Result<Self, String> {
                let rule: fn(&str) -> validate::Valid = $rule;
                rule(input).map($name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

parsed!(
    /// A ConnectWise site, normalised (`na.myconnectwise.net`, `cw.example.com:8443`).
    Site,
    validate::site
);
parsed!(
    /// The company ID typed on the login screen.
    CompanyId,
    validate::company
);
parsed!(
    /// The integration's clientId (a GUID, lower case).
    ClientId,
    validate::client_id
);
parsed!(
    /// A security role name (1 to 30 characters).
    RoleName,
    validate::role_name
);
parsed!(
    /// An API member's identifier (letters and digits, 15 at most).
    MemberId,
    validate::member_identifier
);
parsed!(
    /// A member's name (1 to 30 characters).
    MemberName,
    validate::member_name
);
parsed!(
    /// An email address; empty means none.
    Email,
    validate::email
);
parsed!(
    /// An API key's description (as ConnectWise shows it).
    KeyDescription,
    validate::key_description
);

#[cfg(test)]
mod tests;
