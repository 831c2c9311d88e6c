use super::*;

fn portal() -> ManualInput {
    ManualInput {
        id: "portal_url".into(),
        label: "ConnectBooster portal URL".into(),
        rule: InputRule {
            kind: "url".into(),
            scheme: Some("https".into()),
            host_suffix: Some("connectboosterportal.com".into()),
            no_trailing_slash: true,
        },
        example: Some("https://yourprefix.connectboosterportal.com".into()),
    }
}

#[test]
fn connectbooster_portal_url_rules() {
    let p = portal();
    assert!(p.validate("https://acme.connectboosterportal.com").is_ok());
    assert!(
        p.validate("https://acme.connectboosterportal.com/")
            .unwrap_err()
            .contains("\"/\"")
    );
    assert!(
        p.validate("http://acme.connectboosterportal.com")
            .unwrap_err()
            .contains("https")
    );
    assert!(p.validate("https://connectboosterportal.com").is_err());
    assert!(p.validate("https://acme.example.com").is_err());
    assert!(p.validate("acme").is_err());
}
