use super::*;

#[test]
fn the_contract_version_and_no_version_are_served_others_refused() {
    assert!(refusal(None).is_none());
    assert!(refusal(Some("application/json")).is_none());
    assert!(refusal(Some("*/*")).is_none());
    assert!(
        refusal(Some(
            "application/vnd.connectwise.com+json; version=2025.16"
        ))
        .is_none()
    );
    assert!(
        refusal(Some(
            "application/vnd.connectwise.com+json; version=\"2025.16\", application/json"
        ))
        .is_none()
    );
    assert!(refusal(Some("application/vnd.connectwise.com+json")).is_none());
    let refused = refusal(Some("application/vnd.connectwise.com+json; version=2025.1"));
    assert!(refused.is_some_and(|why| why.contains("version 2025.1 is not served")));
}
