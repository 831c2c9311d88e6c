//! The simulated ConnectWise instance: companyinfo, the REST API the wizard uses (auth, roles,
//! API members, pick lists, probes), and the `/sandbox/v1/` control API that stands in for the
//! admin's hands in the ConnectWise UI. Loopback only; plain http, or HTTPS with a generated
//! self-signed or CA-signed certificate.

mod accept;
mod api;
mod conditions;
mod control;
mod control_client;
mod integrator_logins;
mod members;
mod records;
mod reply;
mod request;
mod roles;
pub mod schema;
mod seeds;
mod tls;
mod trips;
mod world;

pub use control::{CustomizeRow, RequestRecord, RoleSettingRow};
pub use control_client::{ControlClient, CreatedKey};
pub use seeds::Seed;
pub use tls::TlsMode;
pub use trips::Trip;
pub use world::Faults;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use reply::Reply;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use world::World;

#[derive(Debug, Clone)]
pub struct SandboxOptions {
    pub listen: SocketAddr,
    pub company: String,
    /// Report a cloud instance (codebase v2025_1/, IsCloud True; bad keys answer 404).
    pub cloud: bool,
    /// Fixed admin keys and clientId (tests); random otherwise.
    pub deterministic: bool,
    pub tls: TlsMode,
    /// Keep request and answer bodies in the request log (`Sandbox::exchanges`), for the schema
    /// contract test; off by default, so a long demo does not grow.
    pub keep_bodies: bool,
    /// The instance's data: the plain demo, the messy one `audit` finds things in, or scaled.
    pub seed: Seed,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        SandboxOptions {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            company: "demomsp".into(),
            cloud: false,
            deterministic: false,
            tls: TlsMode::Off,
            keep_bodies: false,
            seed: Seed::Plain,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SandboxInfo {
    pub url: String,
    pub company: String,
    pub client_id: String,
    pub admin_public_key: String,
    pub admin_private_key: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot listen on {addr}: {detail}")]
    Listen { addr: SocketAddr, detail: String },
    #[error("the sandbox control API: {0}")]
    Control(String),
    #[error("sandbox TLS: {0}")]
    Tls(String),
}

type Shared = Arc<Mutex<World>>;

pub struct Sandbox {
    info: SandboxInfo,
    world: Shared,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Sandbox {
    pub async fn start(opts: SandboxOptions) -> Result<Sandbox, SandboxError> {
        let listener = tokio::net::TcpListener::bind(opts.listen)
            .await
            .map_err(|e| SandboxError::Listen {
                addr: opts.listen,
                detail: e.to_string(),
            })?;
        let addr = listener.local_addr().map_err(|e| SandboxError::Listen {
            addr: opts.listen,
            detail: e.to_string(),
        })?;
        let mut world = World::seed(&opts.company, opts.cloud, opts.deterministic);
        world.keep_bodies = opts.keep_bodies;
        seeds::apply(&mut world, opts.seed);
        let cert = tls::server_cert(&opts.tls)?;
        let url = match cert {
            Some(_) => format!("https://localhost:{}", addr.port()),
            None => format!("http://{addr}"),
        };
        let key = world.admin_key();
        let info = SandboxInfo {
            url: url.clone(),
            company: world.company.clone(),
            client_id: world.client_id.clone(),
            admin_public_key: key.public.clone(),
            admin_private_key: key.private.clone(),
        };
        let shared: Shared = Arc::new(Mutex::new(world));
        let app = axum::Router::new()
            .fallback(handle)
            .with_state((Arc::clone(&shared), url));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = match cert {
            None => tokio::spawn(async move {
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await;
            }),
            Some(cert) => {
                crate::crypto::install_crypto_provider();
                let config = axum_server::tls_rustls::RustlsConfig::from_pem(
                    cert.chain_pem.into_bytes(),
                    cert.key_pem.into_bytes(),
                )
                .await
                .map_err(|e| SandboxError::Tls(e.to_string()))?;
                let std_listener = listener.into_std().map_err(|e| SandboxError::Listen {
                    addr,
                    detail: e.to_string(),
                })?;
                let server = axum_server::from_tcp_rustls(std_listener, config).map_err(|e| {
                    SandboxError::Listen {
                        addr,
                        detail: e.to_string(),
                    }
                })?;
                let handle = axum_server::Handle::new();
                let stopper = handle.clone();
                tokio::spawn(async move {
                    let _ = stopped.await;
                    stopper.graceful_shutdown(Some(Duration::from_millis(200)));
                });
                tokio::spawn(async move {
                    let _ = server.handle(handle).serve(app.into_make_service()).await;
                })
            }
        };
        Ok(Sandbox {
            info,
            world: shared,
            stop: Some(stop),
            task,
        })
    }

    pub fn info(&self) -> &SandboxInfo {
        &self.info
    }

    /// How many API requests were answered so far: a mark for `sequential_chain_since`.
    pub fn requests_so_far(&self) -> usize {
        self.world.lock().map(|w| w.requests.len()).unwrap_or(0)
    }

    /// Every API request answered so far, in arrival order, with bodies when the sandbox keeps
    /// them (`keep_bodies`): what the schema contract test validates.
    pub fn exchanges(&self) -> Vec<Trip> {
        self.world
            .lock()
            .map(|w| w.requests.clone())
            .unwrap_or_default()
    }

    /// The longest chain of API requests after `mark` sent one after another (each after the
    /// previous was answered), as "METHOD /path": its length is the sequential round trips.
    /// Benchmarks read it in-process; it is not part of the control API.
    pub fn sequential_chain_since(&self, mark: usize) -> Vec<String> {
        self.world
            .lock()
            .map(|w| trips::longest_chain(w.requests.get(mark..).unwrap_or_default()))
            .unwrap_or_default()
    }

    /// The most API requests after `mark` that were under way at one moment (benchmarks).
    pub fn peak_in_flight_since(&self, mark: usize) -> usize {
        self.world
            .lock()
            .map(|w| trips::peak_in_flight(w.requests.get(mark..).unwrap_or_default()))
            .unwrap_or(0)
    }

    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = tokio::time::timeout(Duration::from_secs(2), &mut self.task).await;
        self.task.abort();
    }
}

/// A response whose body fails mid-way: the client sees the connection drop.
fn dropped() -> Response {
    let stream = futures::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("dropped by the sandbox"))
    });
    let mut r = Response::new(Body::from_stream(stream));
    r.headers_mut().insert(
        "content-type",
        axum::http::HeaderValue::from_static("application/json"),
    );
    r
}

async fn handle(
    State((world, url)): State<(Shared, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let scheme = if url.starts_with("https:") {
        "https"
    } else {
        "http"
    };
    if path.starts_with("/sandbox/v1/") {
        let Ok(mut w) = world.lock() else {
            return Reply::error(500, "ServerError", "sandbox state poisoned").into_response();
        };
        return control::handle(&mut w, method.as_str(), &path, &body, &url).into_response();
    }
    let began = std::time::Instant::now();
    let (latency, fail, drop, fail_status, retry_after) = {
        let Ok(mut w) = world.lock() else {
            return Reply::error(500, "ServerError", "sandbox state poisoned").into_response();
        };
        let f = w.faults.clone();
        let aimed = match f.fail_only.split_once(' ') {
            Some((m, p)) => method.as_str() == m && path.contains(p),
            None => f.fail_only.is_empty(),
        };
        if aimed {
            w.fault_count += 1;
        }
        let n = w.fault_count;
        (
            f.latency_ms,
            aimed && f.fail_every > 0 && n % f.fail_every == 0,
            aimed && f.drop_every > 0 && n % f.drop_every == 0,
            f.fail_status,
            f.retry_after_s,
        )
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let Ok(mut w) = world.lock() else {
        return Reply::error(500, "ServerError", "sandbox state poisoned").into_response();
    };
    let keep = w.keep_bodies;
    let log = |reply: Option<&Reply>| trips::Trip {
        method: method.to_string(),
        path: path.clone(),
        query: uri.query().map(String::from),
        status: reply.map_or(0, |r| r.status),
        began,
        ended: std::time::Instant::now(),
        request_body: keep.then(|| trips::body_value(&body)).flatten(),
        response_body: reply
            .filter(|r| keep && !r.body.is_null())
            .map(|r| r.body.clone()),
        response_headers: reply
            .map(|r| {
                r.headers
                    .iter()
                    .filter(|(k, _)| keep && matches!(k.as_str(), "link" | "allow"))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default(),
    };
    if drop {
        let trip = log(None);
        w.requests.push(trip);
        return dropped();
    }
    let reply = if fail {
        let status = if fail_status == 0 { 500 } else { fail_status };
        let mut r = match status {
            429 => Reply::error(
                429,
                "ConnectWiseAPI",
                &format!("Too many requests. Please try again in {retry_after} seconds."),
            ),
            s => Reply::error(
                s,
                "ConnectWiseApi",
                "A timeout has occured. Please try again.",
            ),
        };
        if retry_after > 0 {
            r.headers
                .push(("retry-after".into(), retry_after.to_string()));
        }
        r
    } else {
        route(&mut w, &method, &uri, &headers, &body, scheme)
    };
    let trip = log(Some(&reply));
    w.requests.push(trip);
    reply.into_response()
}

fn route(
    world: &mut World,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    scheme: &str,
) -> Reply {
    let path = uri.path();
    let lower = path.to_ascii_lowercase();
    // HTTP/2 carries the host in the URI (:authority), HTTP/1.1 in the Host header.
    let host = uri
        .authority()
        .map(|a| a.as_str())
        .or_else(|| headers.get("host").and_then(|h| h.to_str().ok()))
        .unwrap_or("127.0.0.1");
    if let Some(company) = lower.strip_prefix("/login/companyinfo/") {
        return api::companyinfo(world, company.trim_matches('/'), host);
    }
    let codebases = [
        "/v4_6_release/apis/3.0",
        if world.cloud {
            "/v2025_1/apis/3.0"
        } else {
            "/v4_6_release/apis/3.0"
        },
    ];
    let Some(prefix) = codebases.iter().find(|p| lower.starts_with(*p)) else {
        return Reply::error(404, "NotFound", "not a ConnectWise API path");
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(why) = accept::refusal(header("accept")) {
        return Reply::error(406, "NotAcceptable", &why);
    }
    let mut query = reply::parse_query(uri.query());
    if let Some(paging) = header(reply::PAGINATION_TYPE) {
        query.insert(reply::PAGINATION_TYPE.into(), paging.to_string());
    }
    let req = request::Request {
        method: method.as_str(),
        path: path[prefix.len()..].to_string(),
        query,
        authorization: header("authorization"),
        client_id: header("clientid"),
        body,
        base: format!("{scheme}://{host}{}", &path[..prefix.len()]),
    };
    api::handle(world, &req)
}
