use super::*;

#[test]
fn key_text_forms() {
    let k = parse_key_text("public_key = \"P1234567\"\nprivate_key = \"S1234567\"").unwrap(); // ok: test
    assert_eq!(k.public, "P1234567");
    assert_eq!(
        parse_key_text("P1234567\nS1234567\n")
            .unwrap() // ok: test
            .expose_private(),
        "S1234567"
    );
    assert_eq!(
        parse_key_text("P1234567:S1234567").unwrap().public, // ok: test
        "P1234567"
    );
    let err = parse_key_text("CANARY secret words here")
        .unwrap_err()
        .to_string();
    assert!(!err.contains("CANARY"));
}

#[test]
fn an_empty_key_in_a_key_file_is_an_error_naming_the_file_and_the_key() {
    let dir = tempfile::tempdir().unwrap(); // ok: test
    let path = dir.path().join("admin.toml");
    for (text, key) in [
        (
            "public_key = \"\"\nprivate_key = \"S1234567\"\n",
            "public_key",
        ),
        (
            "public_key = \"P1234567\"\nprivate_key = \"  \"\n",
            "private_key",
        ),
    ] {
        std::fs::write(&path, text).unwrap(); // ok: test
        let err = read_key_file(&path).err().map(|e| e.to_string());
        let err = err.unwrap_or_default();
        assert!(err.contains("admin.toml") && err.contains(key), "{err}");
    }
}
