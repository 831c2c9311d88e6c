use super::*;

#[test]
fn normalises_what_admins_paste() {
    let s = parse_site("https://NA.myconnectwise.net/v4_6_release/ConnectWise.aspx?x=1").unwrap(); // ok: test
    assert_eq!(s.to_string(), "https://na.myconnectwise.net");
    assert_eq!(s.changes.len(), 2);
    assert_eq!(s.api_host().as_deref(), Some("api-na.myconnectwise.net"));
    let s = parse_site("api-eu.myconnectwise.net/").unwrap(); // ok: test
    assert_eq!(s.ui_host(), "eu.myconnectwise.net");
    let s = parse_site("cw.example.com:8443").unwrap(); // ok: test
    assert_eq!(s.to_string(), "https://cw.example.com:8443");
    assert!(!s.is_known_cloud());
    assert_eq!(
        parse_site("127.0.0.1:4000").unwrap().to_string(), // ok: test
        "http://127.0.0.1:4000"
    );
    assert!(matches!(
        parse_site("http://cw.example.com"),
        Err(SiteError::PlainHttp(_))
    ));
}

#[test]
fn ipv6_sites_keep_their_scheme_and_port() {
    let s = parse_site("http://[::1]:4321").unwrap(); // ok: test
    assert_eq!(s.scheme, Scheme::Http);
    assert_eq!(s.port, Some(4321));
    assert_eq!(s.to_string(), "http://[::1]:4321");
    let s = parse_site("http://[0:0:0:0:0:0:0:1]:4321").unwrap(); // ok: test
    assert_eq!(s.scheme, Scheme::Http, "a loopback in any spelling");
    assert_eq!(s.to_string(), "http://[::1]:4321");
    assert!(
        s.changes.iter().any(|c| c.contains("[::1]")),
        "{:?}",
        s.changes
    );
    let s = parse_site("[::1]:4321").unwrap(); // ok: test
    assert_eq!(s.to_string(), "http://[::1]:4321");
    let s = parse_site("https://[2001:db8::5]:8443/v4_6_release").unwrap(); // ok: test
    assert_eq!(s.to_string(), "https://[2001:db8::5]:8443");
    assert_eq!(
        s.origin_url("[2001:db8::5]").unwrap().as_str(), // ok: test
        "https://[2001:db8::5]:8443/"
    );
    assert_eq!(
        parse_site("localhost:443").unwrap().to_string(), // ok: test
        "http://localhost:443",
        "a typed port is kept when the scheme is chosen"
    );
}

#[test]
fn a_huge_value_is_never_echoed_whole() {
    let huge = format!("{}.com", "a b".repeat(400_000));
    let err = parse_site(&huge).unwrap_err().to_string(); // ok: test
    assert!(err.len() < 400, "{} bytes", err.len());
    assert!(err.contains("characters"), "{err}");
}

#[test]
fn refuses_what_is_not_a_site() {
    assert_eq!(parse_site(" "), Err(SiteError::Empty));
    assert_eq!(parse_site("admin@example.com"), Err(SiteError::Email));
    assert!(matches!(
        parse_site("cw.example.com:99999"),
        Err(SiteError::BadPort(_))
    ));
    assert!(matches!(
        parse_site("cw example.com"),
        Err(SiteError::BadHost(_))
    ));
    assert!(matches!(
        parse_site("ftp://x.com"),
        Err(SiteError::BadScheme(_))
    ));
    assert_eq!(
        parse_site("https://u:p@cw.example.com"),
        Err(SiteError::Credentials)
    );
}
