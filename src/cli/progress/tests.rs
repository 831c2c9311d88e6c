use super::*;

#[test]
fn quiet_or_empty_means_no_bar() {
    assert!(!Progress::on(5, "verifying", false).is_shown());
    assert!(!Progress::on(0, "verifying", true).is_shown());
    assert!(!Progress::new(5, "verifying", true).is_shown(), "--json");
}
