//! Keys given in the environment are read once and removed, so nothing started later (a
//! shell-out, a crash reporter) inherits them. Its own test binary with a single test: the
//! environment is process-wide and `set_var`/`remove_var` need no other thread reading it.

use cw_onboard::secrets::EnvKeys;

#[test]
fn key_variables_are_read_then_removed() {
    // SAFETY: the only test in this binary; nothing else reads the environment meanwhile.
    unsafe {
        std::env::set_var("CW_ADMIN_PUBLIC_KEY", "AdminPublic0001");
        std::env::set_var("CW_ADMIN_PRIVATE_KEY", "AdminPrivate0001");
        std::env::set_var("CW_PUBLIC_KEY", "MemberPublic0001");
    }
    let keys = EnvKeys::take();
    let admin = keys.admin.as_ref().expect("the admin pair");
    assert_eq!(admin.public, "AdminPublic0001");
    assert_eq!(admin.expose_private(), "AdminPrivate0001");
    assert!(keys.member.is_none(), "half a pair is not a key");
    assert!(
        keys.problems
            .iter()
            .any(|p| p.contains("CW_PUBLIC_KEY is set but CW_PRIVATE_KEY is not")),
        "{:?}",
        keys.problems
    );
    for name in [
        "CW_ADMIN_PUBLIC_KEY",
        "CW_ADMIN_PRIVATE_KEY",
        "CW_PUBLIC_KEY",
        "CW_PRIVATE_KEY",
    ] {
        assert!(std::env::var_os(name).is_none(), "{name} was removed");
    }
    assert!(
        !format!("{admin:?}").contains("AdminPrivate0001"),
        "Debug is redacted"
    );
}
