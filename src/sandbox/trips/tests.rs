use super::*;
use std::time::Duration;

#[test]
fn overlapping_trips_count_once_and_sequences_add_up() {
    let t0 = Instant::now();
    let at = |a: u64, b: u64| Trip {
        method: "GET".into(),
        path: format!("/{a}"),
        query: None,
        status: 200,
        began: t0 + Duration::from_millis(a),
        ended: t0 + Duration::from_millis(b),
        request_body: None,
        response_body: None,
        response_headers: Vec::new(),
    };
    assert!(longest_chain(&[]).is_empty());
    // Two at once, then one after both: two round trips.
    assert_eq!(
        longest_chain(&[at(0, 100), at(1, 101), at(102, 200)]).len(),
        2
    );
    assert_eq!(peak_in_flight(&[at(0, 100), at(1, 101), at(102, 200)]), 2);
    assert_eq!(peak_in_flight(&[]), 0);
    // Three one after another.
    assert_eq!(
        longest_chain(&[at(0, 10), at(11, 20), at(21, 30)]),
        ["GET /0", "GET /11", "GET /21"]
    );
}
