//! Shared test helpers: a sandbox with a client, and a tiny TCP server that misbehaves.

#![allow(dead_code)]

use cw_onboard::cw::site::parse_site;
use cw_onboard::cw::{Client, HttpSettings, Instance, discovery};
use cw_onboard::sandbox::{ControlClient, Sandbox, SandboxOptions};
use cw_onboard::secrets::KeyPair;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub struct Fixture {
    pub sandbox: Sandbox,
    pub control: ControlClient,
    pub instance: Instance,
    pub admin: Client,
}

pub async fn fixture(cloud: bool) -> Fixture {
    fixture_with(cloud, HttpSettings::for_tests()).await
}

pub async fn fixture_with(cloud: bool, http: HttpSettings) -> Fixture {
    let sandbox = Sandbox::start(SandboxOptions {
        cloud,
        deterministic: true,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox");
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

/// How the fault server answers every connection.
#[derive(Clone, Copy)]
pub enum Misbehave {
    Html,
    Garbage,
    Truncated,
    CloseAtOnce,
    Stall,
}

/// Serves `mode` on 127.0.0.1 until the test ends; returns its address.
pub async fn fault_server(mode: Misbehave) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        for _ in 0..64 {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let reply: &[u8] = match mode {
                    Misbehave::Html => b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 28\r\nConnection: close\r\n\r\n<html><body>Hi</body></html>",
                    Misbehave::Garbage => b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\nConnection: close\r\n\r\n{\"Compan",
                    Misbehave::Truncated => b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"CompanyName\"",
                    Misbehave::CloseAtOnce => b"",
                    Misbehave::Stall => {
                        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
                        b""
                    }
                };
                let _ = socket.write_all(reply).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    addr
}
