//! docs/json.md against the binary: every example there parses, and has the same shape (the same
//! keys, and values of the same JSON type, arrays compared element by element) as what the
//! command prints for a setup made in the demo sandbox.
//!
//! An example is a ```json block preceded by `<!-- json: ARGS -->`, where ARGS is what follows
//! `cw-onboard` (e.g. `list --json`), or `file NAME` for a file the wizard writes in the current
//! directory (the summary export). `null` in either matches any type (an optional value).

#[path = "support/flows.rs"]
mod flows;

use flows::{kanban_files, kanban_rows, key_toml, write_private};
use serde_json::Value;
use std::path::Path;

struct Example {
    args: String,
    json: String,
}

fn examples() -> Vec<Example> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/json.md"))
        .expect("docs/json.md");
    let mut out = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        let Some(args) = line
            .trim()
            .strip_prefix("<!-- json:")
            .and_then(|r| r.strip_suffix("-->"))
        else {
            continue;
        };
        let fence = lines.next().unwrap_or_default();
        assert_eq!(
            fence.trim(),
            "```json",
            "a ```json block follows <!-- json:{args}-->"
        );
        let json: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
        out.push(Example {
            args: args.trim().to_string(),
            json: json.join("\n"),
        });
    }
    out
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Where `documented` and `actual` differ in shape, as `path: what`.
fn shape_diff(path: &str, documented: &Value, actual: &Value, out: &mut Vec<String>) {
    match (documented, actual) {
        (Value::Null, _) | (_, Value::Null) => {}
        (Value::Object(d), Value::Object(a)) => {
            for key in d.keys().filter(|k| !a.contains_key(*k)) {
                out.push(format!("{path}.{key}: documented, not printed"));
            }
            for key in a.keys().filter(|k| !d.contains_key(*k)) {
                out.push(format!("{path}.{key}: printed, not documented"));
            }
            for (key, dv) in d {
                if let Some(av) = a.get(key) {
                    shape_diff(&format!("{path}.{key}"), dv, av, out);
                }
            }
        }
        (Value::Array(d), Value::Array(a)) => {
            // Every element has one shape: compare each documented one with the first printed.
            if let Some(first) = a.first() {
                for (i, dv) in d.iter().enumerate() {
                    shape_diff(&format!("{path}[{i}]"), dv, first, out);
                }
            }
        }
        (d, a) if kind(d) != kind(a) => {
            out.push(format!(
                "{path}: documented {}, printed {}",
                kind(d),
                kind(a)
            ));
        }
        _ => {}
    }
}

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"));
    cmd.args(args)
        .current_dir(dir)
        .env("CW_ONBOARD_STATE_DIR", dir.join("state"))
        .env("CW_ONBOARD_CONFIG_DIR", dir.join("none"))
        .stdin(std::process::Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The first line `cw-onboard sandbox` prints, then the sandbox is stopped.
fn sandbox_line() -> String {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .arg("sandbox")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    if let Some(stdout) = child.stdout.take() {
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
    }
    let _ = child.kill();
    let _ = child.wait();
    line
}

#[tokio::test(flavor = "multi_thread")]
async fn every_documented_json_example_matches_what_the_command_prints() {
    // A finished CW Kanban setup in the sandbox, made by three batch runs as in the README.
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, admin) = kanban_files(dir.path(), &info);
    let batch = |key: Option<&Path>| {
        tokio::task::block_in_place(|| flows::batch(dir.path(), &answers, &admin, key, &[]))
    };
    assert_eq!(batch(None).code, Some(4));
    control
        .set_role_settings("CW Kanban", &kanban_rows())
        .await
        .expect("levels");
    assert_eq!(batch(None).code, Some(4));
    let key = control
        .create_key("kanban", "CW Kanban")
        .await
        .expect("key");
    let key_file = dir.path().join("key.toml");
    write_private(&key_file, &key_toml(&key.public_key, &key.private_key));
    let done = batch(Some(&key_file));
    assert_eq!(done.code, Some(0), "{}{}", done.out, done.err);
    let env = [
        ("CW_PUBLIC_KEY", key.public_key.as_str()),
        ("CW_PRIVATE_KEY", key.private_key.as_str()),
    ];

    let examples = examples();
    let mut covered = Vec::new();
    let mut problems = Vec::new();
    for ex in &examples {
        let documented: Value = match serde_json::from_str(&ex.json) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("`{}`: the example does not parse: {e}", ex.args));
                continue;
            }
        };
        let printed = match ex.args.strip_prefix("file ") {
            Some(name) => std::fs::read_to_string(dir.path().join(name.trim())).unwrap_or_default(),
            None if ex.args == "sandbox" => sandbox_line(),
            None => {
                let args: Vec<&str> = ex.args.split_whitespace().collect();
                tokio::task::block_in_place(|| run(dir.path(), &args, &env))
            }
        };
        // JSON_DOCS_DUMP=DIR writes what each command printed there, to update the examples.
        if let Some(out) = std::env::var_os("JSON_DOCS_DUMP") {
            let name = ex.args.replace(|c: char| !c.is_ascii_alphanumeric(), "_");
            let _ = std::fs::write(Path::new(&out).join(format!("{name}.json")), &printed);
        }
        let actual: Value = match serde_json::from_str(printed.trim()) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("`{}` printed no JSON ({e}): {printed}", ex.args));
                continue;
            }
        };
        let mut diff = Vec::new();
        shape_diff("", &documented, &actual, &mut diff);
        problems.extend(diff.into_iter().map(|d| format!("`{}`: {d}", ex.args)));
        covered.push(
            ex.args
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string(),
        );
    }
    // Every command with --json is documented.
    for command in ["list", "verify", "templates", "sandbox", "file"] {
        assert!(
            covered.iter().any(|c| c == command),
            "docs/json.md has no example for {command}"
        );
    }
    assert!(
        problems.is_empty(),
        "docs/json.md is out of date:\n{}",
        problems.join("\n")
    );
    sandbox.shutdown().await;
}
