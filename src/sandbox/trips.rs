//! The log of API requests the sandbox answered, and how many round trips a client made one
//! after another: the longest chain of requests in which each was sent after the one before it
//! was answered. The control API's `/requests` shows method, path and status; the times are for
//! benchmarks and the bodies for the schema contract test, read in-process
//! (`Sandbox::sequential_chain_since`, `Sandbox::exchanges`).

use serde_json::Value;
use std::time::Instant;

/// One API request: what it was, how it was answered, when it arrived and was answered.
#[derive(Debug, Clone)]
pub struct Trip {
    pub method: String,
    /// The whole path, e.g. `/v4_6_release/apis/3.0/system/info`.
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    pub status: u16,
    pub began: Instant,
    pub ended: Instant,
    /// Request and answer bodies as JSON (a non-JSON body as a JSON string), kept only when
    /// the sandbox was started with `keep_bodies`.
    pub request_body: Option<Value>,
    pub response_body: Option<Value>,
    /// Answer headers the contract cares about (`link`, `allow`), lower case.
    pub response_headers: Vec<(String, String)>,
}

impl Trip {
    /// The path after `/apis/3.0` (`/system/info`), or None for companyinfo and the like.
    pub fn api_path(&self) -> Option<&str> {
        let at = self.path.to_ascii_lowercase().find("/apis/3.0")?;
        Some(&self.path[at + "/apis/3.0".len()..])
    }
}

/// A body as the log keeps it.
pub fn body_value(bytes: &[u8]) -> Option<Value> {
    if bytes.is_empty() {
        return None;
    }
    Some(
        serde_json::from_slice(bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned())),
    )
}

/// The longest chain of trips, each beginning after the previous ended, first to last, as
/// "METHOD /path".
pub fn longest_chain(trips: &[Trip]) -> Vec<String> {
    let mut sorted: Vec<&Trip> = trips.iter().collect();
    sorted.sort_by_key(|t| t.began);
    let mut depth = vec![1usize; sorted.len()];
    let mut from: Vec<Option<usize>> = vec![None; sorted.len()];
    for i in 0..sorted.len() {
        for j in 0..i {
            if sorted[j].ended <= sorted[i].began && depth[j] + 1 > depth[i] {
                depth[i] = depth[j] + 1;
                from[i] = Some(j);
            }
        }
    }
    let mut at = (0..sorted.len()).max_by_key(|&i| depth[i]);
    let mut chain = Vec::new();
    while let Some(i) = at {
        chain.push(format!("{} {}", sorted[i].method, sorted[i].path));
        at = from[i];
    }
    chain.reverse();
    chain
}

/// The most trips under way at one moment (a trip counts from arrival to answer).
pub fn peak_in_flight(trips: &[Trip]) -> usize {
    let mut edges: Vec<(Instant, i32)> = trips
        .iter()
        .flat_map(|t| [(t.began, 1), (t.ended, -1)])
        .collect();
    // An answer and an arrival at the same instant do not overlap.
    edges.sort_by_key(|(at, delta)| (*at, *delta));
    let (mut now, mut peak) = (0i32, 0i32);
    for (_, delta) in edges {
        now += delta;
        peak = peak.max(now);
    }
    peak.max(0) as usize
}

#[cfg(test)]
mod tests;
