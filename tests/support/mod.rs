//! Shared test helpers: a sandbox with a client, and a tiny TCP server that misbehaves.

#![allow(dead_code)]

pub mod contract;

use cw_onboard::cw::site::parse_site;
use cw_onboard::cw::{Client, HttpSettings, Instance, discovery};
use cw_onboard::sandbox::{ControlClient, Sandbox, SandboxOptions};
use cw_onboard::secrets::KeyPair;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct Fixture {
    /// Checked against the schema contract when the test is done with it.
    pub sandbox: contract::Checked,
    pub control: ControlClient,
    pub instance: Instance,
    pub admin: Client,
}

pub async fn fixture(cloud: bool) -> Fixture {
    fixture_with(cloud, HttpSettings::for_tests()).await
}

pub async fn fixture_with(cloud: bool, http: HttpSettings) -> Fixture {
    let sandbox = contract::Checked::new(
        Sandbox::start(SandboxOptions {
            cloud,
            deterministic: true,
            keep_bodies: true,
            ..SandboxOptions::default()
        })
        .await
        .expect("sandbox"),
    );
    let info = sandbox.info().clone();
    let control = ControlClient::new(&info.url).expect("control");
    let site = parse_site(&info.url).expect("site");
    let instance = discovery::discover(&http, &site, &info.company)
        .await
        .expect("discover");
    let key = KeyPair::new(
        info.admin_public_key.clone(),
        info.admin_private_key.clone(),
    );
    let admin = Client::new(&instance, &info.client_id, &key, &http).expect("client");
    Fixture {
        sandbox,
        control,
        instance,
        admin,
    }
}

impl Fixture {
    pub fn client_for(&self, key: &KeyPair) -> Client {
        Client::new(
            &self.instance,
            &self.sandbox.info().client_id,
            key,
            &HttpSettings::for_tests(),
        )
        .expect("client")
    }
}

/// How the fault server answers a connection (after reading the whole request).
#[derive(Clone, Copy, Debug)]
pub enum Misbehave {
    Html,
    Garbage,
    Truncated,
    CloseAtOnce,
    Stall,
    /// An abortive close: `SO_LINGER` 0, then drop, so the client sees a TCP RST.
    Reset,
    /// No fault: a valid JSON answer for `/system/info`.
    Healthy,
    /// This exact HTTP response (status line, headers, body).
    Raw(&'static str),
}

/// The body `Misbehave::Healthy` sends.
pub const HEALTHY_VERSION: &str = "v2025.1.12345";

/// Serves `mode` on 127.0.0.1 until the test ends; returns its address.
pub async fn fault_server(mode: Misbehave) -> SocketAddr {
    scripted_server(vec![mode]).await.0
}

/// Serves `script[n]` to the n-th connection (the last entry repeats) on 127.0.0.1 until the
/// test ends; returns its address and a count of accepted connections.
pub async fn scripted_server(script: Vec<Misbehave>) -> (SocketAddr, Arc<AtomicUsize>) {
    assert!(!script.is_empty(), "a script needs at least one step");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let connections = Arc::new(AtomicUsize::new(0));
    let seen = connections.clone();
    tokio::spawn(async move {
        for _ in 0..64 {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let mode = script[n.min(script.len() - 1)];
            tokio::spawn(serve(socket, mode));
        }
    });
    (addr, connections)
}

async fn serve(mut socket: TcpStream, mode: Misbehave) {
    read_request(&mut socket).await;
    let healthy;
    let reply: &[u8] = match mode {
        Misbehave::Html => b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 28\r\nConnection: close\r\n\r\n<html><body>Hi</body></html>",
        Misbehave::Garbage => b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 8\r\nConnection: close\r\n\r\n{\"Compan",
        Misbehave::Truncated => b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"CompanyName\"",
        Misbehave::CloseAtOnce => b"",
        Misbehave::Stall => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            b""
        }
        Misbehave::Reset => {
            // Zero linger makes the drop an abortive close (RST) without blocking the thread.
            socket.set_zero_linger().expect("SO_LINGER 0");
            drop(socket);
            return;
        }
        Misbehave::Raw(response) => response.as_bytes(),
        Misbehave::Healthy => {
            let body = format!(r#"{{"version":"{HEALTHY_VERSION}","isCloud":false}}"#);
            healthy = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            healthy.as_bytes()
        }
    };
    let _ = socket.write_all(reply).await;
    let _ = socket.shutdown().await;
}

/// Reads the head and any Content-Length body, so that closing never discards unread request
/// bytes (which would turn a FIN into an RST and blur the fault under test).
async fn read_request(socket: &mut TcpStream) {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&seen[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if seen.len() >= end + 4 + length {
                return;
            }
        }
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
}
