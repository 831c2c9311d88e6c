//! The client under faults: retries on 429/500 and dropped connections, no POST sent twice,
//! timeouts, a site that is not ConnectWise, plain HTTP refused, private CAs and certificates.

mod support;

use cw_onboard::cw::site::parse_site;
use cw_onboard::cw::{ErrorKind, HttpSettings, discovery};
use cw_onboard::sandbox::Faults;
use support::{Misbehave, fault_server, fixture, fixture_with};

#[tokio::test]
async fn gets_are_retried_on_429_with_retry_after_and_on_500_bursts() {
    let f = fixture(false).await;
    f.control
        .set_faults(&Faults {
            fail_every: 2,
            fail_status: 429,
            retry_after_s: 1,
            ..Faults::default()
        })
        .await
        .expect("faults");
    f.admin.system_info().await.expect("first");
    f.admin
        .system_info()
        .await
        .expect("second, after a 429 and Retry-After");
    let log = f.control.requests().await.expect("log");
    assert!(log.iter().any(|r| r.status == 429));
    f.control
        .set_faults(&Faults {
            fail_every: 2,
            fail_status: 500,
            ..Faults::default()
        })
        .await
        .expect("faults");
    for _ in 0..3 {
        f.admin.my_member().await.expect("retried past a 500");
    }
}

#[tokio::test]
async fn dropped_connections_are_retried_for_reads() {
    let f = fixture(false).await;
    f.control
        .set_faults(&Faults {
            drop_every: 2,
            ..Faults::default()
        })
        .await
        .expect("faults");
    for _ in 0..3 {
        f.admin
            .system_info()
            .await
            .expect("retried past a dropped connection");
    }
    assert!(
        f.control
            .requests()
            .await
            .expect("log")
            .iter()
            .any(|r| r.status == 0)
    );
}

#[tokio::test]
async fn a_post_that_may_have_landed_is_not_sent_again() {
    let f = fixture(false).await;
    f.control
        .set_faults(&Faults {
            fail_every: 1,
            fail_status: 500,
            ..Faults::default()
        })
        .await
        .expect("faults");
    let err = f.admin.create_role("Never Twice").await.expect_err("500");
    assert_eq!(err.kind(), ErrorKind::Server);
    let posts = f
        .control
        .requests()
        .await
        .expect("log")
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 1);
}

#[tokio::test]
async fn latency_past_the_timeout_is_a_timeout() {
    let mut http = HttpSettings::for_tests();
    http.read_timeout = std::time::Duration::from_millis(300);
    http.total_timeout = std::time::Duration::from_millis(400);
    http.retry.max_attempts = 2;
    let f = fixture_with(false, http).await;
    f.control
        .set_faults(&Faults {
            latency_ms: 800,
            ..Faults::default()
        })
        .await
        .expect("faults");
    let err = f.admin.system_info().await.expect_err("timeout");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err:?}");
}

#[tokio::test]
async fn a_site_that_is_not_connectwise_gives_a_clear_error() {
    let http = HttpSettings::for_tests();
    for (mode, kind) in [
        (Misbehave::Html, ErrorKind::NotConnectWise),
        (Misbehave::Garbage, ErrorKind::Undecodable),
        (Misbehave::Truncated, ErrorKind::Dropped),
        (Misbehave::CloseAtOnce, ErrorKind::Dropped),
    ] {
        let addr = fault_server(mode).await;
        let site = parse_site(&format!("http://{addr}")).expect("site");
        let err = discovery::discover(&http, &site, "demomsp")
            .await
            .expect_err("not ConnectWise");
        assert_eq!(err.kind(), kind, "{err:?}");
        assert!(!err.advice().is_empty());
    }
    let refused = parse_site("http://127.0.0.1:1").expect("site");
    let err = discovery::discover(&http, &refused, "demomsp")
        .await
        .expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::Unreachable, "{err:?}");
}

#[tokio::test]
async fn a_stalled_server_times_out() {
    let mut http = HttpSettings::for_tests();
    http.read_timeout = std::time::Duration::from_millis(300);
    http.total_timeout = std::time::Duration::from_millis(500);
    let addr = fault_server(Misbehave::Stall).await;
    let site = parse_site(&format!("http://{addr}")).expect("site");
    let err = discovery::discover(&http, &site, "demomsp")
        .await
        .expect_err("stall");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err:?}");
}

#[test]
fn plain_http_is_refused_for_real_hosts() {
    // Refused with what to type, never switched to https behind the admin's back.
    let err = parse_site("http://cw.example.com").expect_err("plain http");
    assert!(
        err.to_string().contains("use https://cw.example.com"),
        "{err}"
    );
}

mod tls {
    use cw_onboard::cw::site::parse_site;
    use cw_onboard::cw::{ErrorKind, HttpSettings, discovery};
    use cw_onboard::sandbox::{Sandbox, SandboxOptions, TlsMode};

    #[tokio::test]
    async fn a_private_ca_is_trusted_with_ca_file_and_refused_without() {
        let dir = tempfile::tempdir().expect("tempdir");
        let ca = dir.path().join("ca.pem");
        let sandbox = Sandbox::start(SandboxOptions {
            tls: TlsMode::CaSigned {
                ca_pem_out: ca.clone(),
            },
            deterministic: true,
            ..SandboxOptions::default()
        })
        .await
        .expect("sandbox");
        let site = parse_site(&sandbox.info().url).expect("site");
        let err = discovery::discover(&HttpSettings::for_tests(), &site, "demomsp")
            .await
            .expect_err("unknown CA");
        assert_eq!(err.kind(), ErrorKind::Tls, "{err:?}");
        assert!(err.advice().contains("--ca-file"));
        let http = HttpSettings {
            ca_file: Some(ca),
            ..HttpSettings::for_tests()
        };
        let instance = discovery::discover(&http, &site, "demomsp")
            .await
            .expect("trusted with --ca-file");
        assert!(instance.api_base.as_str().starts_with("https://localhost:"));
        sandbox.shutdown().await;
    }

    #[tokio::test]
    async fn a_self_signed_certificate_is_refused() {
        let sandbox = Sandbox::start(SandboxOptions {
            tls: TlsMode::SelfSigned,
            ..SandboxOptions::default()
        })
        .await
        .expect("sandbox");
        let site = parse_site(&sandbox.info().url).expect("site");
        let err = discovery::discover(&HttpSettings::for_tests(), &site, "demomsp")
            .await
            .expect_err("self-signed");
        assert_eq!(err.kind(), ErrorKind::Tls, "{err:?}");
        let control =
            cw_onboard::sandbox::ControlClient::new(&sandbox.info().url).expect("control");
        assert!(
            control.info().await.is_ok(),
            "the control client reaches its own sandbox"
        );
        sandbox.shutdown().await;
    }
}

mod certificates {
    use cw_onboard::cw::site::parse_site;
    use cw_onboard::cw::tls::inspect_certificate;
    use cw_onboard::sandbox::{Sandbox, SandboxOptions, TlsMode};

    #[tokio::test]
    async fn the_certificate_check_reports_issuer_expiry_and_chain() {
        let dir = tempfile::tempdir().expect("tempdir");
        let ca = dir.path().join("ca.pem");
        let sandbox = Sandbox::start(SandboxOptions {
            tls: TlsMode::CaSigned {
                ca_pem_out: ca.clone(),
            },
            ..SandboxOptions::default()
        })
        .await
        .expect("sandbox");
        let site = parse_site(&sandbox.info().url).expect("site");
        let trusted = inspect_certificate(&site, Some(&ca)).await.expect("report");
        assert!(
            trusted.chain_valid && !trusted.self_signed && trusted.problem.is_none(),
            "{trusted:?}"
        );
        assert!(trusted.issuer.contains("sandbox CA"));
        assert!(trusted.days_left > 30);
        let untrusted = inspect_certificate(&site, None).await.expect("report");
        assert!(!untrusted.chain_valid);
        assert!(
            untrusted
                .problem
                .as_deref()
                .unwrap_or("")
                .contains("does not verify"),
            "{untrusted:?}"
        );
        sandbox.shutdown().await;
        let sandbox = Sandbox::start(SandboxOptions {
            tls: TlsMode::SelfSigned,
            ..SandboxOptions::default()
        })
        .await
        .expect("sandbox");
        let site = parse_site(&sandbox.info().url).expect("site");
        let report = inspect_certificate(&site, None).await.expect("report");
        assert!(report.self_signed, "{report:?}");
        assert_eq!(
            report.problem.as_deref(),
            Some("the certificate is self-signed")
        );
        sandbox.shutdown().await;
    }
}
