//! How many round trips a client made one after another: the longest chain of API requests in
//! which each was sent after the one before it was answered. For benchmarks, read in-process
//! (`Sandbox::sequential_round_trips`); the HTTP control API's `/requests` is unchanged.

use std::time::Instant;

/// When one API request arrived and when its answer was ready.
#[derive(Debug, Clone)]
pub struct Trip {
    pub began: Instant,
    pub ended: Instant,
    /// "GET /path" (for reports).
    pub what: String,
}

/// The longest chain of trips, each beginning after the previous ended, first to last.
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
        chain.push(sorted[i].what.clone());
        at = from[i];
    }
    chain.reverse();
    chain
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn overlapping_trips_count_once_and_sequences_add_up() {
        let t0 = Instant::now();
        let at = |a: u64, b: u64| Trip {
            began: t0 + Duration::from_millis(a),
            ended: t0 + Duration::from_millis(b),
            what: format!("GET /{a}"),
        };
        assert!(longest_chain(&[]).is_empty());
        // Two at once, then one after both: two round trips.
        assert_eq!(
            longest_chain(&[at(0, 100), at(1, 101), at(102, 200)]).len(),
            2
        );
        // Three one after another.
        assert_eq!(
            longest_chain(&[at(0, 10), at(11, 20), at(21, 30)]),
            ["GET /0", "GET /11", "GET /21"]
        );
    }
}
