//! The one-time private key's hand-off file.

use crate::app::facts::Failure;
use crate::secrets::KeyPair;

/// Writes the one-time private key to a new 0600 file (never over an existing one).
pub fn write_key_file(path: &str, key: &KeyPair, context: &str) -> Result<String, Failure> {
    let ctx = crate::secrets::HandoffContext {
        note: context.to_string(),
    };
    crate::secrets::write_key_handoff(std::path::Path::new(path), key, &ctx)
        .map(|w| w.absolute_path.display().to_string())
        .map_err(|e| {
            Failure::local(
                e.to_string(),
                "Choose another path: a new file in a directory only you can write to.",
            )
        })
}
