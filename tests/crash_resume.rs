//! Crash safety (issue 6): the process is aborted at every step boundary and around every
//! create (test-only crash points, debug builds), then run again until the setup is done. Each
//! interrupted journey must end like the uninterrupted one: one role, one member, the same state.

#[path = "support/flows.rs"]
mod flows;

use cw_onboard::runtime::crash_point::ABORT_AT;
use flows::{Run, act_as_admin, batch, kanban_files};
use serde_json::Value;

struct Journey {
    runs: Vec<Run>,
    aborted: bool,
    /// POSTs the instance answered 201 to, by path.
    creates: Vec<String>,
    state: Value,
}

/// Runs batch mode until done, aborting once at `point` (if any) and playing the admin.
async fn journey(point: Option<&str>) -> Journey {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, admin) = kanban_files(dir.path(), &info);
    let mut key = None;
    let mut runs = Vec::new();
    let mut aborted = false;
    for _ in 0..8 {
        let env: Vec<(&str, &str)> = match point {
            Some(p) if !aborted => vec![(ABORT_AT, p)],
            _ => Vec::new(),
        };
        let run = tokio::task::block_in_place(|| {
            batch(dir.path(), &answers, &admin, key.as_deref(), &env)
        });
        let code = run.code;
        if code.is_none() {
            assert!(
                run.err.contains("test crash point"),
                "died without the hook: {}",
                run.err
            );
            aborted = true;
        } else if code == Some(4)
            && let Some(k) = act_as_admin(&control, dir.path(), &run.out).await
        {
            key = Some(k);
        }
        runs.push(run);
        if code == Some(0) {
            break;
        }
    }
    let creates = control
        .requests()
        .await
        .expect("log")
        .into_iter()
        .filter(|r| r.method == "POST" && r.status == 201)
        .map(|r| r.path)
        .collect();
    let text = std::fs::read_to_string(dir.path().join("state/demomsp-cw-kanban.json"))
        .expect("state file");
    let mut state: Value = serde_json::from_str(&text).expect("state json");
    normalise(&mut state);
    sandbox.shutdown().await;
    Journey {
        runs,
        aborted,
        creates,
        state,
    }
}

/// Drops what differs between any two runs: times, the sandbox's port, the random key.
fn normalise(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|k, _| {
                // `adopted` is compared: a member found again after a crash was created by
                // this setup (its intent was recorded), exactly as in an uninterrupted run.
                !k.ends_with("_at") && k != "site" && k != "api_url" && k != "public_key"
            });
            map.values_mut().for_each(normalise);
        }
        Value::Array(items) => items.iter_mut().for_each(normalise),
        _ => {}
    }
}

/// Where two JSON values differ, as paths with both values.
fn differences(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let (l, r) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                differences(l, r, &format!("{path}.{k}"), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (l, r)) in x.iter().zip(y).enumerate() {
                differences(l, r, &format!("{path}[{i}]"), out);
            }
        }
        _ if a != b => out.push(format!("{path}: {a} (after the crash) vs {b}")),
        _ => {}
    }
}

/// The uninterrupted journey's creates and end state, computed once.
static CLEAN: tokio::sync::OnceCell<(Vec<String>, Value)> = tokio::sync::OnceCell::const_new();

async fn crash_at(point: &str) {
    let (creates, state) = CLEAN
        .get_or_init(|| async {
            let clean = journey(None).await;
            let last = clean.runs.last().expect("runs");
            assert_eq!(last.code, Some(0), "{}{}", last.out, last.err);
            assert_eq!(clean.creates.len(), 2, "{:?}", clean.creates);
            (clean.creates, clean.state)
        })
        .await;
    let crashed = journey(Some(point)).await;
    let last = crashed.runs.last().expect("runs");
    if cfg!(debug_assertions) {
        assert!(crashed.aborted, "the crash point {point} was never reached");
    }
    assert_eq!(last.code, Some(0), "{}{}", last.out, last.err);
    assert_eq!(
        &crashed.creates, creates,
        "no duplicate role or member after a crash at {point}"
    );
    let mut diffs = Vec::new();
    differences(&crashed.state, state, "", &mut diffs);
    assert!(
        diffs.is_empty(),
        "the same end state after a crash at {point}; differs at:\n{}",
        diffs.join("\n")
    );
}

macro_rules! crash_tests {
    ($($name:ident => $point:literal,)*) => {
        $(
            #[tokio::test(flavor = "multi_thread")]
            async fn $name() {
                crash_at($point).await;
            }
        )*
    };
}

crash_tests! {
    entering_the_role_step => "enter-role",
    after_the_role_intent_is_saved => "role-intent-saved",
    after_the_role_is_created => "role-created",
    entering_the_member_step => "enter-member",
    after_the_member_intent_is_saved => "member-intent-saved",
    after_the_member_is_created => "member-created",
    entering_the_keys_step => "enter-keys",
    entering_the_allowlist_step => "enter-allowlist",
    entering_the_summary_step => "enter-summary",
}

/// An unwritable state directory (a file where the directory should be: root ignores modes)
/// is reported with its path before anything is sent.
#[test]
fn an_unusable_state_directory_is_reported_with_its_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, "x").expect("file");
    let state = blocker.join("state");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(["list"])
        .env("CW_ONBOARD_STATE_DIR", &state)
        .env("CW_ONBOARD_CONFIG_DIR", dir.path().join("none"))
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&state.display().to_string()) && err.contains("--state-dir"),
        "{err}"
    );
}

/// The state directory goes away mid-run: the create whose intent cannot be saved is not
/// sent, and the wizard says why and what to do.
#[tokio::test(flavor = "multi_thread")]
async fn a_create_is_not_sent_when_its_intent_cannot_be_saved() {
    use cw_onboard::app::setup::StepId;
    use ratatui::crossterm::event::KeyCode;

    let (sandbox, control) = flows::sandbox().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let state = dir.path().join("state");
    let mut h = flows::headless(sandbox.info(), dir.path(), false);
    h.start().await.expect("start");
    h.ctrl('l').await.expect("check");
    h.ctrl('n').await.expect("next");
    assert_eq!(h.wizard.step, StepId::Role, "{:?}", h.wizard.banner);
    h.type_text("cw-kanban").await.expect("type");
    h.key(KeyCode::Enter).await.expect("pick");
    // The directory is replaced by a file before the role is created.
    assert!(h.exec.flush().await.is_none(), "saved so far");
    std::fs::rename(&state, dir.path().join("moved-away")).expect("move the directory away");
    std::fs::write(&state, "x").expect("file");
    h.key(KeyCode::Enter).await.expect("create");
    let failure = h.wizard.role.role.failure().cloned().expect("refused");
    assert!(
        failure.summary.contains("nothing was created") && failure.advice.contains("--state-dir"),
        "{failure:?}"
    );
    let log = control.requests().await.expect("log");
    assert!(
        !log.iter().any(|r| r.method == "POST"),
        "no create without its intent on disk"
    );
    sandbox.shutdown().await;
}
