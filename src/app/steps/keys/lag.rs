//! How long step 3 waits, and how often, while ConnectWise has not applied a role change yet.

use std::time::Duration;

/// Back-off while ConnectWise has not applied a role change: 2, 4, 8, 16, 30, 30 s.
pub const MAX_LAG_RETRIES: u32 = 6;

pub fn lag_delay(attempt: u32) -> Duration {
    Duration::from_secs((2u64 << attempt.min(4)).min(30))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lag_backoff_is_capped() {
        let delays: Vec<u64> = (0..6).map(|a| lag_delay(a).as_secs()).collect();
        assert_eq!(delays, vec![2, 4, 8, 16, 30, 30]);
    }
}
