use super::*;

#[test]
fn lag_backoff_is_capped() {
    let delays: Vec<u64> = (0..6).map(|a| lag_delay(a).as_secs()).collect();
    assert_eq!(delays, vec![2, 4, 8, 16, 30, 30]);
}
