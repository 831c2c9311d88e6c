//! The one crypto provider of the whole tree: ring, for rustls, reqwest (built with
//! `rustls-no-provider`, so it has none of its own), the sandbox's TLS and rcgen's certificates.
//! It sits at the bottom so the client and the sandbox, which stand beside each other, share it.

/// Installs ring as the process default before any TLS configuration or client is built;
/// calling it again does nothing. One provider keeps the build short and needs no C toolchain
/// beyond `cc` for ring, which also builds for an old glibc (scripts/portable-build.sh).
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
