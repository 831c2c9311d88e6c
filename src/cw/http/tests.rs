use super::*;

#[test]
fn retry_after_forms() {
    assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
    assert_eq!(
        parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
        Some(Duration::ZERO)
    );
    assert_eq!(parse_retry_after("soon"), None);
}

#[test]
fn writes_are_not_retried_after_they_may_have_landed() {
    let server = CwError::Server {
        status: 500,
        message: String::new(),
    };
    assert!(should_retry(&Method::GET, &server));
    assert!(!should_retry(&Method::POST, &server));
    let timeout = CwError::Timeout {
        host: "h".into(),
        phase: "waiting for the answer".into(),
    };
    assert!(!should_retry(&Method::POST, &timeout));
    assert!(should_retry(
        &Method::POST,
        &CwError::RateLimited { retry_after: None }
    ));
}
