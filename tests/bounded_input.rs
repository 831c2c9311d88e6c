//! Input that used to hang or misroute the client: answers too large to hold (refused while
//! they stream in), redirects with an HTML body (reported as redirects), IPv6 sites with a
//! port (kept exactly, in every API call), and a huge site value (never echoed whole).

#[path = "support/flows.rs"]
mod flows;

use cw_onboard::cw::discovery::{self, CompanyInfo};
use cw_onboard::cw::site::parse_site;
use cw_onboard::cw::{Client, ErrorKind, HttpSettings, Instance};
use cw_onboard::sandbox::{Sandbox, SandboxOptions};
use cw_onboard::secrets::KeyPair;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use url::Url;

/// A server on 127.0.0.1 that answers every request with `head`, then (when `endless`) an
/// endless chunked body of JSON-ish bytes until the client goes away.
async fn server(head: &'static str, endless: bool) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                if socket.write_all(head.as_bytes()).await.is_err() || !endless {
                    return;
                }
                let chunk = format!("10000\r\n{}\r\n", "[".repeat(0x10000));
                while socket.write_all(chunk.as_bytes()).await.is_ok() {}
            });
        }
    });
    addr
}

fn instance_at(addr: SocketAddr) -> Instance {
    Instance {
        site: parse_site(&format!("http://{addr}")).expect("site"),
        company: "demomsp".into(),
        info: CompanyInfo {
            company_name: "Test".into(),
            codebase: "v4_6_release/".into(),
            version_code: "v2025.1".into(),
            version_number: "2025.1".into(),
            company_id: "demomsp".into(),
            is_cloud: false,
            site_url: None,
        },
        api_base: Url::parse(&format!("http://{addr}/v4_6_release/apis/3.0/")).expect("url"),
        notes: Vec::new(),
    }
}

fn client(addr: SocketAddr, http: &HttpSettings) -> Client {
    Client::new(
        &instance_at(addr),
        "client-id",
        &KeyPair::new("publickey", "privatekey"),
        http,
    )
    .expect("client")
}

const ENDLESS: &str =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
const EIGHTY_MB: &str =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 83886080\r\n\r\n";
const MOVED_WITH_HTML: &str = "HTTP/1.1 302 Found\r\nLocation: https://login.example.com/sso?next=/v4_6_release\r\nContent-Type: text/html\r\nContent-Length: 49\r\nConnection: close\r\n\r\n<html><body><h1>Object moved</h1></body></html>\r\n";

#[tokio::test]
async fn an_endless_answer_is_refused_at_the_cap_not_read_whole() {
    let http = HttpSettings::for_tests();
    let addr = server(ENDLESS, true).await;
    let err = client(addr, &http)
        .system_info()
        .await
        .expect_err("too large");
    assert_eq!(err.kind(), ErrorKind::TooLarge, "{err:?}");
    assert!(err.to_string().contains("larger than 8 MB"), "{err}");
    assert!(!err.advice().is_empty());
    // Discovery reads through the same cap.
    let site = parse_site(&format!("http://{addr}")).expect("site");
    let err = discovery::discover(&http, &site, "demomsp")
        .await
        .expect_err("too large");
    assert_eq!(err.kind(), ErrorKind::TooLarge, "{err:?}");
}

#[tokio::test]
async fn an_answer_announced_at_80_mb_is_refused_before_reading() {
    let addr = server(EIGHTY_MB, true).await;
    let err = client(addr, &HttpSettings::for_tests())
        .system_info()
        .await
        .expect_err("too large");
    assert_eq!(err.kind(), ErrorKind::TooLarge, "{err:?}");
}

#[tokio::test]
async fn a_redirect_with_an_html_body_is_a_redirect_with_where_it_points() {
    let http = HttpSettings::for_tests();
    let addr = server(MOVED_WITH_HTML, false).await;
    let err = client(addr, &http).system_info().await.expect_err("302");
    assert_eq!(err.kind(), ErrorKind::Redirect, "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("redirect") && text.contains("https://login.example.com/sso"),
        "{text}"
    );
    assert!(!text.contains("HTML"), "{text}");
    assert!(
        err.advice().contains("https://login.example.com"),
        "{}",
        err.advice()
    );
    let site = parse_site(&format!("http://{addr}")).expect("site");
    let err = discovery::discover(&http, &site, "demomsp")
        .await
        .expect_err("302");
    assert_eq!(err.kind(), ErrorKind::Redirect, "{err:?}");
    assert!(
        err.to_string().contains("https://login.example.com/sso"),
        "{err}"
    );
}

async fn ipv6_sandbox() -> Sandbox {
    Sandbox::start(SandboxOptions {
        listen: "[::1]:0".parse().expect("addr"),
        deterministic: true,
        ..SandboxOptions::default()
    })
    .await
    .expect("a sandbox on [::1]")
}

#[tokio::test]
async fn an_ipv6_site_with_a_port_gets_every_api_call_on_that_port() {
    let sandbox = ipv6_sandbox().await;
    let info = sandbox.info().clone();
    let port = Url::parse(&info.url).expect("url").port().expect("port");
    for typed in [
        format!("http://[::1]:{port}"),
        format!("http://[0:0:0:0:0:0:0:1]:{port}"),
        format!("[::1]:{port}"),
    ] {
        let http = HttpSettings::for_tests();
        let site = parse_site(&typed).expect("site");
        assert_eq!(site.to_string(), format!("http://[::1]:{port}"), "{typed}");
        let instance = discovery::discover(&http, &site, &info.company)
            .await
            .expect("companyinfo");
        assert_eq!(
            instance.api_base.as_str(),
            format!("http://[::1]:{port}/v4_6_release/apis/3.0/"),
            "{typed}: scheme and port kept"
        );
        let admin = Client::new(
            &instance,
            &info.client_id,
            &KeyPair::new(
                info.admin_public_key.clone(),
                info.admin_private_key.clone(),
            ),
            &http,
        )
        .expect("client");
        admin
            .system_info()
            .await
            .expect("the API call reaches the sandbox");
    }
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn batch_mode_on_an_ipv6_site_reaches_the_instance() {
    let sandbox = ipv6_sandbox().await;
    let info = sandbox.info().clone();
    let control = cw_onboard::sandbox::ControlClient::new(&info.url).expect("control");
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, admin) = flows::kanban_files(dir.path(), &info);
    let run = tokio::task::block_in_place(|| flows::batch(dir.path(), &answers, &admin, None, &[]));
    assert_eq!(
        run.code,
        Some(4),
        "role created, levels pending: {}{}",
        run.out,
        run.err
    );
    let log = control.requests().await.expect("log");
    assert!(
        log.iter().any(|r| r.method == "POST" && r.status == 201),
        "the role was created on the sandbox"
    );
    sandbox.shutdown().await;
}

#[test]
fn a_huge_site_value_in_the_answers_file_is_not_echoed_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let answers = dir.path().join("answers.toml");
    let site = format!("{}.example.com", "x y".repeat(350_000));
    std::fs::write(
        &answers,
        format!(
            "site = \"{site}\"\ncompany = \"acme\"\nclient_id = \"00000000-0000-0000-0000-000000000000\"\ntemplates = [\"cw-kanban\"]\n"
        ),
    )
    .expect("answers");
    let admin = dir.path().join("admin.toml");
    flows::write_private(&admin, &flows::key_toml("AdminPublic1", "AdminPrivate1"));
    let run = flows::batch(dir.path(), &answers, &admin, None, &[]);
    assert_eq!(run.code, Some(2), "{}", &run.err[..run.err.len().min(500)]);
    assert!(run.err.contains("site"), "names the key");
    assert!(
        run.out.len() + run.err.len() < 2000,
        "{} bytes of output",
        run.out.len() + run.err.len()
    );
}

#[path = "support/wizard.rs"]
mod wizard;

mod paste {
    use super::wizard::*;
    use cw_onboard::app::steps::instance::InstanceField;

    /// The full-screen wizard: a 2 MB bracketed paste is refused at once with a message, the
    /// field keeps its value, and ^C right after it still saves and quits.
    #[test]
    fn a_huge_paste_is_refused_and_ctrl_c_still_quits() {
        let mut w = driver();
        typed(&mut w, "cw.example.com");
        w.send(Msg::Paste("x".repeat(2 * 1024 * 1024)));
        assert_eq!(
            w.instance.field(InstanceField::Site).value(),
            "cw.example.com"
        );
        let error = w
            .instance
            .field(InstanceField::Site)
            .error
            .clone()
            .unwrap_or_default();
        assert!(error.contains("nothing was pasted"), "{error}");
        let effects = w.press("<c-c>");
        assert!(
            effects.iter().any(|e| matches!(e, Effect::Quit(_))),
            "{effects:?}"
        );
    }
}
