//! Reading keys: key files (TOML), stdin text, environment variables (read, then removed), and
//! process hardening. Errors never echo what was read.

use super::KeyPair;
use serde::Deserialize;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum KeyInputError {
    #[error("cannot read the key file {path}: {detail}")]
    Read { path: String, detail: String },
    #[error("the key file {path} is not TOML with public_key and private_key ({detail})")]
    Format { path: String, detail: String },
    #[error(
        "the key file {path} has an empty {key}: put the key ConnectWise showed between the quotes (`{key} = \"...\"`)"
    )]
    Empty { path: String, key: &'static str },
    #[error(
        "the key text is not understood: give `public_key = \"...\"` and `private_key = \"...\"`, two lines (public, then private), or public:private"
    )]
    Text,
}

#[derive(Deserialize)]
struct KeyFile {
    public_key: String,
    private_key: String,
}

/// Reads a TOML key file; warns when others may read it.
pub fn read_key_file(path: &Path) -> Result<(KeyPair, Vec<String>), KeyInputError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| KeyInputError::Read {
        path: shown.clone(),
        detail: e.to_string(),
    })?;
    let parsed: KeyFile = toml::from_str(&text).map_err(|e| KeyInputError::Format {
        path: shown.clone(),
        detail: e.message().lines().next().unwrap_or("bad TOML").to_string(),
    })?;
    // An empty key is a mistake in the file, never "no key" (which would change the mode).
    for (key, value) in [
        ("public_key", &parsed.public_key),
        ("private_key", &parsed.private_key),
    ] {
        if value.trim().is_empty() {
            return Err(KeyInputError::Empty {
                path: shown.clone(),
                key,
            });
        }
    }
    let mut warnings = Vec::new();
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        warnings.push(format!("{shown} can be read by others: chmod 600 {shown}"));
    }
    Ok((
        KeyPair::new(parsed.public_key, parsed.private_key),
        warnings,
    ))
}

/// Parses keys given on stdin: the key-file TOML, two lines, or `public:private`.
pub fn parse_key_text(text: &str) -> Result<KeyPair, KeyInputError> {
    if let Ok(k) = toml::from_str::<KeyFile>(text) {
        return Ok(KeyPair::new(k.public_key, k.private_key));
    }
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    match lines.as_slice() {
        [public, private]
            if !public.contains(char::is_whitespace) && !private.contains(char::is_whitespace) =>
        {
            Ok(KeyPair::new(*public, *private))
        }
        [one] => match one.split_once(':') {
            Some((p, s)) if !p.is_empty() && !s.is_empty() => Ok(KeyPair::new(p, s)),
            _ => Err(KeyInputError::Text),
        },
        _ => Err(KeyInputError::Text),
    }
}

/// Keys from the environment, taken out of it.
#[derive(Debug, Default)]
pub struct EnvKeys {
    pub admin: Option<KeyPair>,
    pub member: Option<KeyPair>,
    pub problems: Vec<String>,
}

impl EnvKeys {
    /// Reads `CW_ADMIN_PUBLIC_KEY`, `CW_ADMIN_PRIVATE_KEY`, `CW_PUBLIC_KEY`, `CW_PRIVATE_KEY` and
    /// removes them from the environment.
    ///
    /// Call it first thing in `main`, before any thread exists: `remove_var` is only sound while
    /// no other thread reads the environment.
    pub fn take() -> EnvKeys {
        let mut out = EnvKeys::default();
        let mut pair = |public: &str, private: &str| {
            let p = std::env::var(public).ok();
            let s = std::env::var(private).ok();
            // SAFETY: called before the tokio runtime or any other thread is started.
            unsafe {
                std::env::remove_var(public);
                std::env::remove_var(private);
            }
            match (p, s) {
                (Some(p), Some(s)) => Some(KeyPair::new(p, s)),
                (Some(_), None) => {
                    out.problems
                        .push(format!("{public} is set but {private} is not"));
                    None
                }
                (None, Some(_)) => {
                    out.problems
                        .push(format!("{private} is set but {public} is not"));
                    None
                }
                (None, None) => None,
            }
        };
        let admin = pair("CW_ADMIN_PUBLIC_KEY", "CW_ADMIN_PRIVATE_KEY");
        let member = pair("CW_PUBLIC_KEY", "CW_PRIVATE_KEY");
        out.admin = admin;
        out.member = member;
        out
    }
}

/// umask 077, no core dumps, not ptrace-able by other processes of the same user.
pub fn harden_process() -> Vec<String> {
    let mut warnings = Vec::new();
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    if let Err(e) =
        rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)
    {
        warnings.push(format!("could not turn core dumps off: {e}"));
    }
    let none = rustix::process::Rlimit {
        current: Some(0),
        maximum: Some(0),
    };
    if let Err(e) = rustix::process::setrlimit(rustix::process::Resource::Core, none) {
        warnings.push(format!("could not limit core size: {e}"));
    }
    warnings
}

#[cfg(test)]
mod tests;
