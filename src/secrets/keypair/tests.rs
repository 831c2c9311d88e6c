use super::*;

#[test]
fn debug_never_shows_the_private_key() {
    let pair = KeyPair::new("pub123", "very-secret-private");
    let shown = format!("{pair:?}");
    assert!(shown.contains("pub123"));
    assert!(!shown.contains("very-secret"));
}

#[test]
fn mask_keeps_only_the_tail() {
    assert_eq!(mask("abcdefghijkl"), "****ijkl");
    assert_eq!(mask("short"), "****");
}
