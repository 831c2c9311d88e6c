//! An API key pair. The private half is a `SecretString`: Debug prints `[REDACTED]`, there is no
//! Display and no Serialize, and reading it takes an explicit `expose_secret()`.

use secrecy::{ExposeSecret, SecretString};
use std::fmt;

#[derive(Clone)]
pub struct KeyPair {
    pub public: String,
    pub private: SecretString,
}

impl KeyPair {
    pub fn new(public: impl Into<String>, private: impl Into<String>) -> KeyPair {
        KeyPair {
            public: public.into().trim().to_string(),
            private: SecretString::from(private.into().trim().to_string()),
        }
    }

    /// The private key, for the one place that needs it (building the Authorization header or
    /// writing the hand-off file the user asked for).
    pub fn expose_private(&self) -> &str {
        self.private.expose_secret()
    }
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPair")
            .field("public", &self.public)
            .field("private", &"[REDACTED]")
            .finish()
    }
}

/// Shows only the last four characters: `****abcd` (or `****` when shorter than eight).
pub fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < 8 {
        return "****".to_string();
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("****{tail}")
}

#[cfg(test)]
mod tests;
