//! `cw-onboard templates ...` through the binary, and user templates with problems.

use cw_onboard::template::parse_template;
use std::process::Command;

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(args)
        .env("CW_ONBOARD_CONFIG_DIR", "/nonexistent-cw-onboard-config")
        .output()
        .expect("run the binary");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn list_and_show() {
    let (code, out, _) = cli(&["templates", "list"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("templates-list", out);
    let (code, out, _) = cli(&["templates", "show", "cw-kanban"]);
    assert_eq!(code, 0);
    assert!(out.contains("Everything else: None."));
    insta::assert_snapshot!("templates-show-cw-kanban", out);
}

#[test]
fn show_json_has_the_documented_shape() {
    let (code, out, _) = cli(&["templates", "show", "binoxmsp", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["id"], "binoxmsp");
    let first = &v["permissions"][0];
    for key in ["module", "function", "add", "edit", "delete", "inquire"] {
        assert!(first.get(key).is_some(), "{key}");
    }
    assert_eq!(first["function"], "Company Maintenance");
    assert_eq!(first["add"], "All");
    assert_eq!(first["delete"], "None");
}

#[test]
fn an_unknown_id_suggests_the_nearest() {
    let (code, _, err) = cli(&["templates", "show", "cw-kanbn"]);
    assert_eq!(code, 1);
    assert!(err.contains("cw-kanban"), "{err}");
}

const GOOD: &str = r#"id = "my-tool"
name = "My Tool"
vendor_url = "https://example.com"
source = "our notes"
last_verified = "2026-11-01"
confidence = "Solid"
role_name = "My Tool"

[member]
identifier = "mytool"
first_name = "My"
last_name = "Tool"
key_description = "My Tool"

[allow_list]
note = "none"

[[permissions]]
module = "Service Desk"
function = "Service Tickets – Dependencies"
levels = "None None None All"
"#;

#[test]
fn check_accepts_a_good_file_and_reports_problems_by_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("good.toml");
    std::fs::write(&good, GOOD).expect("write");
    let (code, out, _) = cli(&["templates", "check", good.to_str().unwrap_or_default()]);
    assert_eq!(code, 0, "{out}");
    let bad_text = GOOD
        .replace("Service Tickets – Dependencies", "Service Tikets")
        .replace("None None None All", "None Full None All");
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, bad_text).expect("write");
    let (code, out, _) = cli(&["templates", "check", bad.to_str().unwrap_or_default()]);
    assert_eq!(code, 1);
    assert!(
        out.contains(":21:"),
        "the level problem names line 21: {out}"
    );
    assert!(
        out.contains(":20:") && out.contains("\"Service Tickets\""),
        "the name problem names line 20 and the nearest: {out}"
    );
}

#[test]
fn malformed_templates_give_line_numbers_never_panics() {
    let cases = [
        ("id = \"x\"\nname = ", 2),
        (
            &*GOOD.replace(
                "role_name = \"My Tool\"",
                "role_name = \"My Tool\"\ncolour = \"red\"",
            ),
            8,
        ),
        (&*GOOD.replace("id = \"my-tool\"\n", ""), 1),
        (&*GOOD.replace("\"2026-11-01\"", "\"yesterday\""), 5),
    ];
    for (text, line) in cases {
        let problems = parse_template(text, "test").expect_err("a problem");
        assert_eq!(problems[0].line, line, "{text}\n{problems:?}");
    }
}

proptest::proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        let _ = parse_template(&text, "fuzz");
    }
}

#[test]
fn a_user_template_overrides_the_built_in_one_and_broken_ones_are_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    std::fs::write(
        templates.join("mspcfo.toml"),
        GOOD.replace("my-tool", "mspcfo")
            .replace("My Tool", "MSPCFO (ours)"),
    )
    .expect("write");
    std::fs::write(templates.join("broken.toml"), "id = ").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(["templates", "list"])
        .env("CW_ONBOARD_CONFIG_DIR", dir.path())
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success());
    assert!(
        stdout.lines().any(|l| l.starts_with("mspcfo")
            && l.contains("MSPCFO (ours)")
            && l.contains("(yours)")),
        "{stdout}"
    );
    assert!(
        stderr.contains("broken.toml") && stderr.contains("templates check"),
        "{stderr}"
    );
}
