//! The API client against a misbehaving TCP server on 127.0.0.1: a server that closes at once,
//! resets the connection (RST), cuts the body short, or stalls past the read timeout.
//!
//! Proves that under each fault
//! - a GET ends in an error of a clear kind, with advice and a message naming the host, after
//!   every attempt the retry policy allows;
//! - a POST is sent exactly once, even when a second try would have succeeded, because a write
//!   that may have landed must not be sent twice;
//! - a GET whose first connection fails and whose second is answered succeeds: the retry
//!   recovers and no answer is lost.

mod support;

use cw_onboard::cw::discovery::CompanyInfo;
use cw_onboard::cw::site::parse_site;
use cw_onboard::cw::{ApiMember, Client, CwError, ErrorKind, HttpSettings, Instance};
use cw_onboard::secrets::KeyPair;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use support::{HEALTHY_VERSION, Misbehave, scripted_server};
use url::Url;

/// Short timeouts so a stall costs a few hundred milliseconds per attempt; the retry policy
/// of `for_tests()` (4 attempts, 20-200 ms back-off) is kept.
fn settings() -> HttpSettings {
    let mut http = HttpSettings::for_tests();
    http.read_timeout = Duration::from_millis(300);
    http.total_timeout = Duration::from_millis(600);
    http
}

/// Every attempt a GET gets under `settings()`.
fn get_attempts() -> usize {
    settings().retry.max_attempts as usize
}

/// An on-premise instance whose API lives on the fault server (discovery is skipped: the
/// fault server would fail it).
fn instance_at(addr: SocketAddr) -> Instance {
    Instance {
        site: parse_site(&format!("http://{addr}")).expect("loopback site"),
        company: "demomsp".into(),
        info: CompanyInfo {
            company_name: "Fault Test Inc.".into(),
            codebase: "v4_6_release/".into(),
            version_code: "v2025.1".into(),
            version_number: HEALTHY_VERSION.into(),
            company_id: "demomsp".into(),
            is_cloud: false,
            site_url: None,
        },
        api_base: Url::parse(&format!("http://{addr}/v4_6_release/apis/3.0/")).expect("api base"),
        notes: Vec::new(),
    }
}

/// A client for a server that plays `script`, one step per connection; with its counter.
async fn client_for(script: Vec<Misbehave>) -> (Client, Arc<AtomicUsize>) {
    let (addr, connections) = scripted_server(script).await;
    let key = KeyPair::new("publickey", "privatekey");
    let client = Client::new(&instance_at(addr), "client-id", &key, &settings()).expect("client");
    (client, connections)
}

/// The error is of `kind`, and a person can act on it.
fn assert_clear(err: &CwError, kind: ErrorKind, what: &str) {
    assert_eq!(err.kind(), kind, "{what}: {err:?}");
    assert!(!err.advice().trim().is_empty(), "{what}: no advice");
    let message = err.to_string();
    assert!(
        message.contains("127.0.0.1"),
        "{what}: the message should name the host: {message}"
    );
    eprintln!("{what}: {kind:?}: {message} | advice: {}", err.advice());
}

async fn get_fails_after_every_attempt(mode: Misbehave, kind: ErrorKind) {
    let (client, connections) = client_for(vec![mode]).await;
    let started = Instant::now();
    let err = client.system_info().await.expect_err("the GET must fail");
    let what = format!("GET under {mode:?}");
    assert_clear(&err, kind, &what);
    let seen = connections.load(Ordering::SeqCst);
    assert!(seen > 1, "{what}: not retried ({seen} connection)");
    assert_eq!(seen, get_attempts(), "{what}: every attempt of the policy");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{what}: took {:?}",
        started.elapsed()
    );
}

/// The server would answer the second connection, so a resent POST would show as a success
/// and as a second connection.
async fn post_is_sent_once(mode: Misbehave, kind: ErrorKind) {
    let (client, connections) = client_for(vec![mode, Misbehave::Healthy]).await;
    let err = client
        .create_role("X")
        .await
        .expect_err("the POST must fail");
    let what = format!("POST under {mode:?}");
    assert_clear(&err, kind, &what);
    assert_eq!(
        connections.load(Ordering::SeqCst),
        1,
        "{what}: a write that may have landed was sent again"
    );
}

async fn get_recovers_on_the_next_connection(mode: Misbehave) {
    let (client, connections) = client_for(vec![mode, Misbehave::Healthy]).await;
    let info = client
        .system_info()
        .await
        .unwrap_or_else(|e| panic!("GET after {mode:?} then a good answer: {e:?}"));
    assert_eq!(info.version, HEALTHY_VERSION);
    assert!(!info.is_cloud);
    assert_eq!(
        connections.load(Ordering::SeqCst),
        2,
        "{mode:?}: one failed try, one good one"
    );
}

#[tokio::test]
async fn get_after_close_at_once_is_retried_then_dropped() {
    get_fails_after_every_attempt(Misbehave::CloseAtOnce, ErrorKind::Dropped).await;
}

#[tokio::test]
async fn get_after_reset_is_retried_then_dropped() {
    get_fails_after_every_attempt(Misbehave::Reset, ErrorKind::Dropped).await;
}

#[tokio::test]
async fn get_after_truncated_body_is_retried_then_dropped() {
    get_fails_after_every_attempt(Misbehave::Truncated, ErrorKind::Dropped).await;
}

#[tokio::test]
async fn get_after_stall_is_retried_then_timeout() {
    get_fails_after_every_attempt(Misbehave::Stall, ErrorKind::Timeout).await;
}

#[tokio::test]
async fn post_after_close_at_once_is_sent_once() {
    post_is_sent_once(Misbehave::CloseAtOnce, ErrorKind::Dropped).await;
}

#[tokio::test]
async fn post_after_reset_is_sent_once() {
    post_is_sent_once(Misbehave::Reset, ErrorKind::Dropped).await;
}

#[tokio::test]
async fn post_after_truncated_body_is_sent_once() {
    post_is_sent_once(Misbehave::Truncated, ErrorKind::Dropped).await;
}

#[tokio::test]
async fn post_after_stall_is_sent_once() {
    post_is_sent_once(Misbehave::Stall, ErrorKind::Timeout).await;
}

#[tokio::test]
async fn api_member_post_after_reset_is_sent_once() {
    let (client, connections) = client_for(vec![Misbehave::Reset, Misbehave::Healthy]).await;
    let member = ApiMember {
        identifier: "faultbot".into(),
        name: Some("Fault Bot".into()),
        ..ApiMember::default()
    };
    let err = client
        .create_api_member(&member)
        .await
        .expect_err("the POST must fail");
    assert_clear(&err, ErrorKind::Dropped, "POST apiMembers under Reset");
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn get_recovers_after_close_at_once() {
    get_recovers_on_the_next_connection(Misbehave::CloseAtOnce).await;
}

#[tokio::test]
async fn get_recovers_after_reset() {
    get_recovers_on_the_next_connection(Misbehave::Reset).await;
}

#[tokio::test]
async fn get_recovers_after_truncated_body() {
    get_recovers_on_the_next_connection(Misbehave::Truncated).await;
}

#[tokio::test]
async fn get_recovers_after_stall() {
    get_recovers_on_the_next_connection(Misbehave::Stall).await;
}

/// The error kinds a status alone decides, each from a server that answers only that.
mod statuses {
    use super::*;

    const RATE_LIMITED: &str = "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 0\r\nContent-Length: 74\r\nConnection: close\r\n\r\n{\"code\":\"ConnectWiseAPI\",\"message\":\"Too many requests. Please try again.\"}";
    const MOVED: &str = "HTTP/1.1 301 Moved Permanently\r\nLocation: https://cw.example.com/v4_6_release/apis/3.0/system/info\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    const NOT_ALLOWED: &str = "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\nContent-Length: 70\r\nConnection: close\r\n\r\n{\"code\":\"MethodNotAllowed\",\"message\":\"The method is not allowed here\"}";

    #[tokio::test]
    async fn rate_limited_to_the_end_is_rate_limited_after_every_attempt() {
        let (client, connections) = client_for(vec![Misbehave::Raw(RATE_LIMITED)]).await;
        let err = client.system_info().await.expect_err("429 throughout");
        assert_eq!(
            err.kind(),
            ErrorKind::RateLimited,
            "{err:?} after {} connections",
            connections.load(Ordering::SeqCst)
        );
        assert!(!err.advice().is_empty());
        assert_eq!(connections.load(Ordering::SeqCst), get_attempts());
    }

    #[tokio::test]
    async fn a_redirect_is_reported_not_followed() {
        let (client, connections) = client_for(vec![Misbehave::Raw(MOVED)]).await;
        let err = client.system_info().await.expect_err("301");
        assert_eq!(err.kind(), ErrorKind::Redirect, "{err:?}");
        assert!(err.advice().contains("redirects"), "{}", err.advice());
        assert_eq!(connections.load(Ordering::SeqCst), 1, "not retried");
    }

    #[tokio::test]
    async fn method_not_allowed_says_it_is_read_only() {
        let (client, _) = client_for(vec![Misbehave::Raw(NOT_ALLOWED)]).await;
        let err = client.system_info().await.expect_err("405");
        assert_eq!(err.kind(), ErrorKind::MethodNotAllowed, "{err:?}");
        assert!(err.advice().contains("ConnectWise UI"), "{}", err.advice());
    }

    #[test]
    fn plain_http_to_a_real_host_is_refused_before_any_key_is_sent() {
        let mut instance = instance_at("127.0.0.1:1".parse().expect("addr"));
        instance.api_base =
            Url::parse("http://cw.example.com/v4_6_release/apis/3.0/").expect("url");
        let key = KeyPair::new("publickey", "privatekey");
        let err = Client::new(&instance, "client-id", &key, &settings()).expect_err("http");
        assert_eq!(err.kind(), ErrorKind::InsecureHttp, "{err:?}");
        assert!(err.to_string().contains("cw.example.com"), "{err}");
    }
}
