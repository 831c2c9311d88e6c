use super::*;

#[test]
fn templates_match_by_segment_and_prefer_literals() {
    let (t, m) = path("/system/apiMembers/default").unwrap_or_default();
    assert_eq!(t, "/system/apiMembers/default");
    assert_eq!(m, ["GET"]);
    let (t, m) = path("/SYSTEM/apimembers/12").unwrap_or_default();
    assert_eq!(t, "/system/apiMembers/{id}");
    assert!(m.contains(&"PATCH".to_string()) && !m.contains(&"DELETE".to_string()));
    assert!(path("/system/nothing").is_none());
    assert!(has_field("ApiMember", "notes"));
    assert!(!has_field("ApiMember", "licenseClass"));
}
