//! Step 0's certificate check of an on-premise host: who issued it, when it expires, whether the
//! chain is valid for this host (Mozilla's roots plus `--ca-file`), and whether it is
//! self-signed. Vendors (IT Glue, Gradient) refuse self-signed or badly chained certificates.

use super::error::CwError;
use super::site::SiteAddress;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertReport {
    pub subject: String,
    pub issuer: String,
    pub self_signed: bool,
    pub not_after: String,
    pub days_left: i64,
    pub chain_valid: bool,
    /// What is wrong, in words, if anything.
    pub problem: Option<String>,
}

/// The chain the server sent and what real verification said of it.
type Seen = (Vec<CertificateDer<'static>>, Result<(), String>);

/// Lets the handshake finish whatever the chain, recording the chain and the real verdict.
#[derive(Debug)]
struct Recorder {
    inner: Arc<rustls::client::WebPkiServerVerifier>,
    seen: Mutex<Option<Seen>>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
            .map(|_| ())
            .map_err(|e| e.to_string());
        let chain = std::iter::once(end_entity)
            .chain(intermediates)
            .map(|c| c.clone().into_owned())
            .collect();
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some((chain, verdict));
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

fn tls_err(host: &str, detail: impl std::fmt::Display) -> CwError {
    CwError::Tls {
        host: host.to_string(),
        detail: detail.to_string(),
    }
}

fn roots(host: &str, ca_file: Option<&Path>) -> Result<RootCertStore, CwError> {
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().cloned());
    if let Some(path) = ca_file {
        let pem = std::fs::read(path).map_err(|e| {
            tls_err(
                host,
                format!("cannot read --ca-file {}: {e}", path.display()),
            )
        })?;
        let certs: Vec<CertificateDer<'static>> =
            rustls::pki_types::pem::PemObject::pem_slice_iter(&pem)
                .filter_map(Result::ok)
                .collect();
        if certs.is_empty() {
            return Err(tls_err(
                host,
                format!("--ca-file {} holds no PEM certificate", path.display()),
            ));
        }
        roots.add_parsable_certificates(certs);
    }
    Ok(roots)
}

pub use crate::crypto::install_crypto_provider;

/// What to connect to and the TLS server name for `host` as a site holds it: a name, an IPv4
/// address, or an IPv6 address in brackets (`[::1]`). An IP address is connected to without
/// its brackets and named by the address itself (no SNI, as for any IP), never as a DNS name.
fn target(host: &str) -> Result<(String, ServerName<'static>), String> {
    match url::Host::parse(host).map_err(|e| format!("\"{host}\" is not a host: {e}"))? {
        url::Host::Domain(name) => {
            let server = ServerName::try_from(name.clone()).map_err(|e| e.to_string())?;
            Ok((name, server))
        }
        url::Host::Ipv4(ip) => Ok((ip.to_string(), ServerName::IpAddress(ip.into()))),
        url::Host::Ipv6(ip) => Ok((ip.to_string(), ServerName::IpAddress(ip.into()))),
    }
}

pub async fn inspect_certificate(
    site: &SiteAddress,
    ca_file: Option<&Path>,
) -> Result<CertReport, CwError> {
    let host = site.ui_host();
    install_crypto_provider();
    let inner = rustls::client::WebPkiServerVerifier::builder(Arc::new(roots(&host, ca_file)?))
        .build()
        .map_err(|e| tls_err(&host, e))?;
    let recorder = Arc::new(Recorder {
        inner,
        seen: Mutex::new(None),
    });
    let config = rustls::ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let port = site.port.unwrap_or(443);
    let (address, name) = target(&host).map_err(|e| tls_err(&host, e))?;
    let connect = async {
        let tcp = tokio::net::TcpStream::connect((address.as_str(), port))
            .await
            .map_err(|e| CwError::Unreachable {
                host: host.clone(),
                detail: e.to_string(),
            })?;
        connector
            .connect(name, tcp)
            .await
            .map_err(|e| tls_err(&host, e))
    };
    tokio::time::timeout(Duration::from_secs(10), connect)
        .await
        .map_err(|_| CwError::Timeout {
            host: host.clone(),
            phase: "TLS handshake".into(),
        })??;
    let (chain, verdict) = recorder
        .seen
        .lock()
        .ok()
        .and_then(|mut s| s.take())
        .ok_or_else(|| tls_err(&host, "the server sent no certificate"))?;
    let first = chain
        .first()
        .ok_or_else(|| tls_err(&host, "the server sent no certificate"))?;
    let (_, cert) = x509_parser::parse_x509_certificate(first.as_ref())
        .map_err(|e| tls_err(&host, format!("unreadable certificate: {e}")))?;
    let subject = cert.subject().to_string();
    let issuer = cert.issuer().to_string();
    let self_signed = subject == issuer;
    let not_after = cert.validity().not_after;
    let days_left = (not_after.timestamp() - chrono::Utc::now().timestamp()) / 86_400;
    let problem = match (&verdict, self_signed, days_left) {
        (_, true, _) => Some("the certificate is self-signed".to_string()),
        (Err(e), _, _) => Some(format!("the chain does not verify: {e}")),
        (Ok(()), _, d) if d < 0 => Some("the certificate has expired".to_string()),
        (Ok(()), _, d) if d < 30 => Some(format!("the certificate expires in {d} days")),
        _ => None,
    };
    Ok(CertReport {
        subject,
        issuer,
        self_signed,
        not_after: not_after.to_string(),
        days_left,
        chain_valid: verdict.is_ok(),
        problem,
    })
}

#[cfg(test)]
mod tests;
