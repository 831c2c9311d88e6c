//! Output piped into a reader that has gone (`cw-onboard templates list | head -1`) ends the
//! process quietly, as any Unix tool does, not with a panic report and its backtrace.

use std::process::{Command, Stdio};

#[test]
fn a_closed_stdout_is_not_a_panic() {
    for args in [
        &["templates", "list"][..],
        &["templates", "show", "cw-kanban"],
    ] {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
            .args(args)
            .env("CW_ONBOARD_CONFIG_DIR", "/nonexistent-cw-onboard-config")
            .stdout(Stdio::from(writer))
            .stderr(Stdio::piped())
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("BACKTRACE"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(141), "{args:?}: {err}");
    }
}
