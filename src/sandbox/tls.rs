//! HTTPS for the sandbox: a self-signed certificate, or one signed by a generated CA whose PEM
//! is written where asked, so on-premise TLS checks and `--ca-file` can be tested.

use super::SandboxError;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use std::path::PathBuf;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum TlsMode {
    #[default]
    Off,
    SelfSigned,
    /// Signed by a generated CA, whose certificate is written to this path (PEM).
    CaSigned {
        ca_pem_out: PathBuf,
    },
}

/// A server certificate chain and key, PEM.
pub struct ServerCert {
    pub chain_pem: String,
    pub key_pem: String,
}

/// The names a sandbox certificate is valid for: also `[::1]`, for IPv6 sites over https.
const NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

fn err(e: impl std::fmt::Display) -> SandboxError {
    SandboxError::Tls(e.to_string())
}

pub fn server_cert(mode: &TlsMode) -> Result<Option<ServerCert>, SandboxError> {
    let names: Vec<String> = NAMES.iter().map(|s| s.to_string()).collect();
    match mode {
        TlsMode::Off => Ok(None),
        TlsMode::SelfSigned => {
            let certified = rcgen::generate_simple_self_signed(names).map_err(err)?;
            Ok(Some(ServerCert {
                chain_pem: certified.cert.pem(),
                key_pem: certified.signing_key.serialize_pem(),
            }))
        }
        TlsMode::CaSigned { ca_pem_out } => {
            let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(err)?;
            ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            ca_params
                .distinguished_name
                .push(DnType::CommonName, "cw-onboard sandbox CA");
            ca_params.key_usages = vec![
                KeyUsagePurpose::KeyCertSign,
                KeyUsagePurpose::CrlSign,
                KeyUsagePurpose::DigitalSignature,
            ];
            let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().map_err(err)?)
                .map_err(err)?;
            let leaf_key = KeyPair::generate().map_err(err)?;
            let mut leaf_params = CertificateParams::new(names).map_err(err)?;
            leaf_params
                .distinguished_name
                .push(DnType::CommonName, "localhost");
            let leaf = leaf_params.signed_by(&leaf_key, &ca).map_err(err)?;
            std::fs::write(ca_pem_out, ca.pem()).map_err(|e| {
                SandboxError::Tls(format!(
                    "cannot write the CA to {}: {e}",
                    ca_pem_out.display()
                ))
            })?;
            Ok(Some(ServerCert {
                chain_pem: format!("{}{}", leaf.pem(), ca.pem()),
                key_pem: leaf_key.serialize_pem(),
            }))
        }
    }
}
