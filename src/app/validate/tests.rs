use super::*;

#[test]
fn member_identifier_rules() {
    assert_eq!(member_identifier(" kanban "), Ok("kanban".into()));
    // Only the length is documented: vendors' IDs with dashes and spaces are ConnectWise's
    // to judge.
    assert_eq!(member_identifier("Wise-Sync"), Ok("Wise-Sync".into()));
    assert_eq!(
        member_identifier("Acct Sync API"),
        Ok("Acct Sync API".into())
    );
    assert!(member_identifier(&"é".repeat(15)).is_ok());
    assert!(
        member_identifier("abcdefghijklmnop")
            .unwrap_err()
            .contains("15")
    );
    assert!(member_identifier("").is_err());
}

#[test]
fn client_id_must_be_a_guid() {
    let ok = client_id("{1A2B3C4D-1a2b-1a2b-1a2b-1a2b3c4d5e6f}");
    assert_eq!(ok, Ok("1a2b3c4d-1a2b-1a2b-1a2b-1a2b3c4d5e6f".into()));
    assert!(client_id("not-a-guid").is_err());
}

#[test]
fn role_name_counts_characters_not_bytes() {
    assert!(role_name(&"é".repeat(30)).is_ok());
    assert!(role_name(&"x".repeat(31)).is_err());
}

#[test]
fn company_rejects_a_company_name() {
    assert!(
        company("Demo MSP Inc.")
            .unwrap_err()
            .contains("login company")
    );
    assert_eq!(company("demomsp"), Ok("demomsp".into()));
}

#[test]
fn email_is_optional_but_checked() {
    assert_eq!(email(""), Ok(String::new()));
    for placeholder in [
        "cwkanban@yourdomain.com",
        "a@Example.COM",
        "a@mail.example.org",
        "a@domain.com",
        "a@host.test",
    ] {
        let warning = placeholder_email(placeholder).expect(placeholder);
        assert!(warning.contains("placeholder domain"), "{warning}");
        assert!(email(placeholder).is_ok(), "a warning, not an error");
    }
    for real in ["cwkanban@mymsp.com", "a@notexample.com", "", "no-at-sign"] {
        assert_eq!(placeholder_email(real), None, "{real}");
    }
    assert!(email("nope").is_err());
    assert!(email("a@b.co").is_ok());
}
