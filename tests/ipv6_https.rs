//! An on-premise site written as an IPv6 address with a port, over https: `https://[::1]:PORT`
//! against a loopback sandbox with a certificate from a private CA (`--ca-file`). companyinfo,
//! the certificate check (connect and SNI/server name without the brackets) and an API call
//! with the admin keys all reach that address and port, and verify the chain.

use cw_onboard::cw::site::parse_site;
use cw_onboard::cw::tls::inspect_certificate;
use cw_onboard::cw::{Client, HttpSettings, discovery};
use cw_onboard::sandbox::{Sandbox, SandboxOptions, TlsMode};
use cw_onboard::secrets::KeyPair;

#[tokio::test]
async fn an_ipv6_https_site_with_a_port_is_reached_and_its_certificate_checked() {
    if std::net::TcpListener::bind("[::1]:0").is_err() {
        eprintln!("skipped: this machine has no IPv6 loopback");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let ca = dir.path().join("ca.pem");
    let sandbox = Sandbox::start(SandboxOptions {
        listen: "[::1]:0".parse().expect("addr"),
        tls: TlsMode::CaSigned {
            ca_pem_out: ca.clone(),
        },
        deterministic: true,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox");
    let info = sandbox.info().clone();
    let port = url::Url::parse(&info.url)
        .expect("url")
        .port()
        .expect("port");
    let site = parse_site(&format!("https://[::1]:{port}")).expect("site");
    assert_eq!(site.to_string(), format!("https://[::1]:{port}"));

    // The certificate check connects to ::1 itself and names the server by its IP address.
    let report = inspect_certificate(&site, Some(&ca))
        .await
        .expect("certificate report");
    assert!(report.chain_valid && report.problem.is_none(), "{report:?}");

    let http = HttpSettings {
        ca_file: Some(ca),
        ..HttpSettings::for_tests()
    };
    let instance = discovery::discover(&http, &site, &info.company)
        .await
        .expect("companyinfo over https on [::1]");
    assert!(
        instance
            .api_base
            .as_str()
            .starts_with(&format!("https://[::1]:{port}/")),
        "{}",
        instance.api_base
    );
    let admin = KeyPair::new(
        info.admin_public_key.clone(),
        info.admin_private_key.clone(),
    );
    let client = Client::new(&instance, &info.client_id, &admin, &http).expect("client");
    let me = client
        .my_member()
        .await
        .expect("an API call on the same address and port");
    assert!(!format!("{me:?}").is_empty());
    sandbox.shutdown().await;
}
