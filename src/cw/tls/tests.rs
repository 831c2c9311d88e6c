use super::*;

#[test]
fn ip_hosts_connect_without_brackets_and_are_named_by_their_address() {
    let (address, name) = target("[::1]").unwrap(); // ok: test
    assert_eq!(address, "::1");
    assert!(matches!(name, ServerName::IpAddress(_)), "{name:?}");
    let (address, name) = target("127.0.0.1").unwrap(); // ok: test
    assert_eq!(address, "127.0.0.1");
    assert!(matches!(name, ServerName::IpAddress(_)), "{name:?}");
    let (address, name) = target("cw.example.com").unwrap(); // ok: test
    assert_eq!(address, "cw.example.com");
    assert!(matches!(name, ServerName::DnsName(_)), "{name:?}");
    assert!(target("[::1").is_err());
}
