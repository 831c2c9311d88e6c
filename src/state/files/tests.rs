use super::*;

type R = Result<(), Box<dyn std::error::Error>>;

#[test]
fn a_link_is_refused_and_its_target_untouched() -> R {
    let dir = tempfile::tempdir()?;
    let target = dir.path().join("target");
    fs::write(&target, "keep")?;
    let link = dir.path().join("out.md");
    std::os::unix::fs::symlink(&target, &link)?;
    let err = replace_file(&link, b"new", 0o600)
        .err()
        .ok_or("a link is refused")?;
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(fs::read_to_string(&target)?, "keep");
    let err = open_own(&link).err().ok_or("a link is refused")?;
    assert!(matches!(err, FileError::NotOurs { .. }), "{err}");
    assert_eq!(fs::read_to_string(&target)?, "keep");
    Ok(())
}

#[test]
fn a_regular_file_is_replaced() -> R {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("out.md");
    fs::write(&path, "old")?;
    replace_file(&path, b"new", 0o600)?;
    assert_eq!(fs::read_to_string(&path)?, "new");
    Ok(())
}

#[test]
fn keeping_aside_never_overwrites() -> R {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("a.json");
    fs::write(&path, "one")?;
    let first = keep_aside(&path, "corrupt")?;
    fs::write(&path, "two")?;
    let second = keep_aside(&path, "corrupt")?;
    assert_ne!(first, second);
    assert_eq!(fs::read_to_string(&first)?, "one");
    assert_eq!(fs::read_to_string(&second)?, "two");
    Ok(())
}
