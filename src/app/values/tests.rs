use super::*;

#[test]
fn values_parse_once_and_say_what_is_wrong() {
    assert_eq!(
        Email::try_from(" a@b.co ").map(|e| e.to_string()),
        Ok("a@b.co".to_string())
    );
    let err = Email::try_from("not an email").unwrap_err();
    assert!(err.contains("@"), "{err}");
    assert!(
        MemberId::try_from("Wise-Sync").is_ok(),
        "a vendor's ID with a dash"
    );
    assert!(
        MemberId::try_from("kanban-integration").is_err(),
        "over 15 characters"
    );
    assert_eq!(
        CompanyId::try_from(" acme ").map(|c| c.as_str().to_string()),
        Ok("acme".into())
    );
}
