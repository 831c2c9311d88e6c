//! Every interactive command in every front-end (issue 12): `rotate` in batch mode and as line
//! prompts, and `demo` as line prompts, chosen by hand or because the terminal is dumb or small.

#[path = "support/flows.rs"]
mod flows;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/pty_walk.rs"]
mod pty_walk;

use flows::{kanban_files, key_toml, write_private};
use std::path::Path;

fn rotate(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let run = flows::rotate_batch(dir, extra, &[]);
    (run.code.unwrap_or(-1), run.out, run.err)
}

fn state(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("state/demomsp-cw-kanban.json")).expect("state");
    serde_json::from_str(&text).expect("json")
}

#[tokio::test(flavor = "multi_thread")]
async fn rotate_in_batch_mode_verifies_the_new_key_then_proves_the_old_one_refused() {
    let f = flows::finished_by_batch("key.toml").await;
    let (sandbox, control, dir) = (f.sandbox, f.control, f.dir);
    let old_file = f.key_file;
    let old_public = state(dir.path())["setup"]["key"]["public_key"]
        .as_str()
        .expect("old key")
        .to_string();

    // Without a new key: where to create one, pending.
    let (code, out, err) = tokio::task::block_in_place(|| rotate(dir.path(), &[]));
    assert_eq!(code, 4, "{out}{err}");
    assert!(out.contains("API Members > kanban > API Keys > +"), "{out}");

    // With the new key: verified, then the UI step that marks the old one Inactive; pending.
    let new = control.create_key("kanban", "rotated").await.expect("key");
    let new_file = dir.path().join("new.toml");
    write_private(&new_file, &key_toml(&new.public_key, &new.private_key));
    let new_arg = new_file.to_str().expect("path");
    let (code, out, err) =
        tokio::task::block_in_place(|| rotate(dir.path(), &["--key-file", new_arg]));
    assert_eq!(code, 4, "{out}{err}");
    assert!(
        out.contains(&format!(
            "API Keys > {old_public}, tick the Inactive checkbox"
        )),
        "{out}"
    );
    assert!(!out.contains(&new.private_key) && !err.contains(&new.private_key));

    // The old key still works: the proof fails, still pending.
    let old_arg = old_file.to_str().expect("path");
    let args = ["--key-file", new_arg, "--old-key-file", old_arg];
    let (code, out, err) = tokio::task::block_in_place(|| rotate(dir.path(), &args));
    assert_eq!(code, 4, "{out}{err}");
    assert!(out.contains("still works"), "{out}");

    // The admin marks it Inactive: refused, still pending (deleting comes next).
    control
        .set_key_inactive("kanban", &old_public, true)
        .await
        .expect("inactive");
    let (code, out, err) = tokio::task::block_in_place(|| rotate(dir.path(), &args));
    assert_eq!(code, 4, "{out}{err}");
    assert!(out.contains("and delete the key"), "{out}");

    // The admin deletes it: refused again, rotated.
    control
        .delete_key("kanban", &old_public)
        .await
        .expect("delete");
    let (code, out, err) = tokio::task::block_in_place(|| rotate(dir.path(), &args));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("rotated"), "{out}");
    let setup = &state(dir.path())["setup"];
    assert_eq!(setup["key"]["public_key"], new.public_key.as_str());
    assert_eq!(setup["key"]["rotations"][0]["old_key_refused"], true);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rotate_on_a_dumb_terminal_runs_as_line_prompts() {
    let f = flows::finished_by_batch("key.toml").await;
    let (sandbox, control, dir) = (f.sandbox, f.control, f.dir);
    let old_file = f.key_file;
    let old = cw_onboard::secrets::read_key_file(&old_file)
        .expect("old")
        .0;
    let mut s = pty::spawn(
        dir.path(),
        &["rotate"],
        &[("TERM", "dumb"), ("NO_COLOR", "1")],
        (30, 100),
    );
    tokio::task::block_in_place(|| {
        s.wait_for("using line prompts");
        s.wait_for("New API member public key");
    });
    let new = control.create_key("kanban", "rotated").await.expect("key");
    tokio::task::block_in_place(|| {
        pty_walk::hand_in_key(&mut s, &new.public_key, &new.private_key);
        // The hand-off, as the --plain setup's: "I have stored it myself".
        s.wait_for("The private key:");
        // A dumb terminal: the choices are numbered lines.
        s.send("2\r");
        s.wait_for("Ticked Inactive and saved?");
    });
    control
        .set_key_inactive("kanban", &old.public, true)
        .await
        .expect("inactive");
    tokio::task::block_in_place(|| {
        s.send("\r");
        s.wait_for("Old private key");
        s.send(&format!("{}\r", old.expose_private()));
        s.wait_for("inactive and refused. Next");
    });
    control
        .delete_key("kanban", &old.public)
        .await
        .expect("delete");
    let status = tokio::task::block_in_place(|| {
        s.send("\r");
        s.wait_for("rotated");
        s.wait_exit()
    });
    assert!(status.success(), "{}", s.text());
    assert!(!s.output().contains(&new.private_key), "masked");
    sandbox.shutdown().await;
}

/// Walks `demo` as line prompts, taking every default and letting the sandbox play the admin.
fn walk_demo(env: &[(&str, &str)], size: (u16, u16), args: &[&str]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = pty::spawn(dir.path(), args, env, size);
    pty_walk::send_keys(&mut s, pty_walk::DEMO_TO_TEMPLATES);
    pty_walk::tick_and_confirm(&mut s);
    // CW Kanban's optional per-technician keys: left off.
    pty_walk::send_keys(&mut s, &[("Optional features", "\r")]);
    pty_walk::send_keys(&mut s, pty_walk::DEMO_FROM_ROLE);
    s.wait_for("is done");
    let status = s.wait_exit();
    assert!(status.success(), "{}", s.output());
    // The line prompts ask their next question where batch says to run again.
    for batch_only in ["run the same command again", "run again with --key-file"] {
        assert!(!s.output().contains(batch_only), "{}", s.output());
    }
}

#[test]
fn demo_with_plain_walks_the_setup_against_the_sandbox() {
    walk_demo(
        &[("TERM", "xterm-256color"), ("NO_COLOR", "1")],
        (30, 100),
        &["--plain", "demo"],
    );
}

#[test]
fn demo_on_a_dumb_terminal_falls_back_to_line_prompts() {
    walk_demo(&[("TERM", "dumb"), ("NO_COLOR", "1")], (30, 100), &["demo"]);
}

#[test]
fn demo_at_60x20_falls_back_to_line_prompts_saying_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = pty::spawn(
        dir.path(),
        &["demo"],
        &[("TERM", "xterm-256color"), ("NO_COLOR", "1")],
        (20, 60),
    );
    s.wait_for("60x20");
    s.wait_for("What shall the demo show?");
    s.send("\r");
    s.wait_for("ConnectWise site");
    s.send("\x03");
    let _ = s.wait_exit();
    walk_demo(
        &[("TERM", "xterm-256color"), ("NO_COLOR", "1")],
        (20, 60),
        &["demo"],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn resume_on_a_dumb_terminal_offers_the_recorded_answers() {
    let (sandbox, _control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, admin) = kanban_files(dir.path(), &info);
    let run = tokio::task::block_in_place(|| flows::batch(dir.path(), &answers, &admin, None, &[]));
    assert_eq!(run.code, Some(4), "{}{}", run.out, run.err);
    let mut s = pty::spawn(
        dir.path(),
        &["resume"],
        &[("TERM", "dumb"), ("NO_COLOR", "1")],
        (30, 120),
    );
    let status = tokio::task::block_in_place(|| {
        s.wait_for("Resuming demomsp-cw-kanban");
        s.wait_for("ConnectWise site");
        s.wait_for(&info.url);
        s.send("\x03");
        s.wait_exit()
    });
    assert!(!status.success());
    sandbox.shutdown().await;
}

/// Without a state dir given, the demo's setup (whose sandbox ends with it) stays out of this
/// machine's setups: `list` shows nothing afterwards.
#[test]
fn the_demo_leaves_no_setup_in_the_default_state_dir() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
            .args(args)
            .current_dir(dir.path())
            .env_remove("CW_ONBOARD_STATE_DIR")
            .env("XDG_STATE_HOME", dir.path().join("xdg-state"))
            .env("HOME", dir.path())
            .env("CW_ONBOARD_CONFIG_DIR", dir.path().join("none"))
            .output()
            .expect("run")
    };
    let demo = run(&["--no-input", "demo"]);
    assert_eq!(demo.status.code(), Some(0), "{demo:?}");
    let list = run(&["list"]);
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(!text.contains("demomsp"), "{text}");
    assert!(
        !dir.path()
            .join("xdg-state/cw-onboard/demomsp-cw-kanban.json")
            .exists()
    );
}

#[test]
fn demo_in_batch_mode_runs_both_runs_with_the_sandbox_as_the_admin() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(["--no-input", "demo"])
        .current_dir(dir.path())
        .env("CW_ONBOARD_STATE_DIR", dir.path().join("state"))
        .env("CW_ONBOARD_CONFIG_DIR", dir.path().join("none"))
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("System > Security Roles > CW Kanban"),
        "{text}"
    );
    assert!(text.contains("is done"), "{text}");
    // Step 4 on premise (the sandbox is): what to allow, here "ask the vendor", as on screen.
    assert!(
        text.contains("step 4, on premise") && text.contains("ask CW Kanban support"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn rotate_with_plain_and_at_60x20_asks_for_the_new_key_in_line_prompts() {
    let f = flows::finished_by_batch("key.toml").await;
    let (sandbox, dir) = (f.sandbox, f.dir);
    let env = [("TERM", "xterm-256color"), ("NO_COLOR", "1")];
    for (args, size, says) in [
        (&["--plain", "rotate"][..], (30, 100), "Rotating the key"),
        (&["rotate"][..], (20, 60), "60x20"),
    ] {
        let mut s = pty::spawn(dir.path(), args, &env, size);
        let status = tokio::task::block_in_place(|| {
            s.wait_for(says);
            s.wait_for("New API member public key");
            s.send("\x03");
            s.wait_exit()
        });
        assert!(!status.success(), "cancelled: {}", s.output());
    }
    sandbox.shutdown().await;
}
