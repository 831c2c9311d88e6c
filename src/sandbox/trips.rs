//! How many round trips a client made one after another: the longest chain of API requests in
//! which each was sent after the one before it was answered. For benchmarks, read in-process
//! (`Sandbox::sequential_round_trips`); the HTTP control API's `/requests` is unchanged.

use std::time::Instant;

/// When one API request arrived and when its answer was ready.
#[derive(Debug, Clone, Copy)]
pub struct Trip {
    pub began: Instant,
    pub ended: Instant,
}

/// The length of the longest chain of trips, each beginning after the previous ended.
pub fn longest_chain(trips: &[Trip]) -> usize {
    let mut sorted: Vec<Trip> = trips.to_vec();
    sorted.sort_by_key(|t| t.began);
    let mut depth = vec![1usize; sorted.len()];
    for i in 0..sorted.len() {
        for j in 0..i {
            if sorted[j].ended <= sorted[i].began {
                depth[i] = depth[i].max(depth[j] + 1);
            }
        }
    }
    depth.into_iter().max().unwrap_or(0)
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
        };
        assert_eq!(longest_chain(&[]), 0);
        // Two at once, then one after both: two round trips.
        assert_eq!(longest_chain(&[at(0, 100), at(1, 101), at(102, 200)]), 2);
        // Three one after another.
        assert_eq!(longest_chain(&[at(0, 10), at(11, 20), at(21, 30)]), 3);
    }
}
