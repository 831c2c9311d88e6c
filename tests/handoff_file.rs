//! The hand-off file (the one place a private key may be written, by the user's choice): a new
//! 0600 file, never over an existing file or through a link, never in a shared directory.

use cw_onboard::secrets::{HandoffContext, KeyPair, write_key_handoff};
use std::os::unix::fs::PermissionsExt;

fn pair() -> KeyPair {
    KeyPair::new("PublicKey0001", "PrivateKey0001")
}

fn context() -> HandoffContext {
    HandoffContext {
        note: "site cw.example.com · member kanban\nsecond line".into(),
    }
}

#[test]
fn the_key_goes_to_a_new_private_file_with_what_it_is_for() {
    let dir = tempfile::tempdir().expect("a private directory, even under /tmp");
    let path = dir.path().join("kanban-key.toml");
    let written = write_key_handoff(&path, &pair(), &context()).expect("written");
    assert_eq!(written.absolute_path, path);
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("private_key = \"PrivateKey0001\""), "{text}");
    assert!(
        text.contains("member kanban second line"),
        "the note stays one comment line: {text}"
    );
    // The file reads back as a key file (`--key-file`).
    let (back, warnings) = cw_onboard::secrets::read_key_file(&path).expect("a key file");
    assert_eq!(back.expose_private(), "PrivateKey0001");
    assert!(
        warnings.is_empty(),
        "a 0600 file draws no warning: {warnings:?}"
    );
}

#[test]
fn an_existing_file_or_a_link_is_never_written_through() {
    let dir = tempfile::tempdir().expect("tempdir");
    let existing = dir.path().join("notes.txt");
    std::fs::write(&existing, "keep me").expect("write");
    let err = write_key_handoff(&existing, &pair(), &context()).expect_err("exists");
    assert!(err.to_string().contains("exists already"), "{err}");
    assert_eq!(std::fs::read_to_string(&existing).expect("read"), "keep me");
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink(dir.path().join("target.toml"), &link).expect("symlink");
    let err = write_key_handoff(&link, &pair(), &context()).expect_err("a link");
    assert!(err.to_string().contains("exists already"), "{err}");
    assert!(
        !dir.path().join("target.toml").exists(),
        "nothing written through it"
    );
}

#[test]
fn shared_directories_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let open = dir.path().join("open");
    std::fs::create_dir(&open).expect("mkdir");
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let err = write_key_handoff(&open.join("key.toml"), &pair(), &context()).expect_err("0777");
    assert!(err.to_string().contains("others can write to"), "{err}");
    if std::path::Path::new("/tmp").is_dir() {
        let name = format!("/tmp/cw-onboard-test-{}.toml", std::process::id());
        let err = write_key_handoff(std::path::Path::new(&name), &pair(), &context())
            .expect_err("/tmp itself");
        assert!(err.to_string().contains("shared"), "{err}");
        assert!(!std::path::Path::new(&name).exists());
    }
}

#[test]
fn the_written_path_reads_without_dot_components() {
    let dir = tempfile::tempdir().expect("tempdir");
    let asked = dir.path().join(".").join("kanban-api-key.toml");
    let written = write_key_handoff(&asked, &pair(), &context()).expect("written");
    assert_eq!(
        written.absolute_path,
        dir.path().join("kanban-api-key.toml")
    );
    assert!(!written.absolute_path.to_string_lossy().contains("/./"));
}
