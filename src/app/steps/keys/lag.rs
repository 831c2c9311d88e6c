//! How long step 3 waits, and how often, while ConnectWise has not applied a role change yet.

use std::time::Duration;

/// Back-off while ConnectWise has not applied a role change: 2, 4, 8, 16, 30, 30 s.
pub const MAX_LAG_RETRIES: u32 = 6;

pub fn lag_delay(attempt: u32) -> Duration {
    Duration::from_secs((2u64 << attempt.min(4)).min(30))
}

#[cfg(test)]
mod tests;
