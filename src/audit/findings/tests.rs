use super::*;

#[test]
fn codes_are_stable_and_distinct() {
    let codes: std::collections::BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes.len(), Code::ALL.len());
    assert_eq!(Code::AdminRights.as_str(), "admin-rights");
    assert_eq!(serde_json::json!(Code::SetupDrift), "setup-drift");
    assert_eq!(serde_json::json!(Severity::High), "high");
    assert!(Severity::High > Severity::Medium && Severity::Medium > Severity::Low);
}
