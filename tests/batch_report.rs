//! What batch mode and `demo --no-input` say: every refused answer at once, each naming the
//! answers file and its key; the nearest template ids for an unknown one; each step's line
//! once per run; and a demo answers file needs no instance keys (the sandbox has its own).

#[path = "support/flows.rs"]
mod flows;

use flows::kanban_files;
use std::path::Path;

/// No step's line twice in one run (`— run N —` starts a run).
fn each_step_once(out: &str) {
    for run in out.split("— run ") {
        for step in ["0", "1", "2", "3"] {
            let line = format!("✓ step {step}:");
            assert!(run.matches(&line).count() <= 1, "{line} twice: {run}");
        }
        assert!(!run.contains("✓ steps "), "steps merged in one line: {run}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_batch_run_prints_each_step_once() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, admin) = kanban_files(dir.path(), &info);
    let batch = |key: Option<&Path>| {
        tokio::task::block_in_place(|| flows::batch(dir.path(), &answers, &admin, key, &[]))
    };
    let run = batch(None);
    assert_eq!(run.code, Some(4), "{}{}", run.out, run.err);
    // Run 2 before the admin's visit: pending, step 0 once, step 1 not done.
    let run = batch(None);
    assert_eq!(run.code, Some(4), "{}{}", run.out, run.err);
    each_step_once(&run.out);
    assert!(run.out.contains("… step 1:"), "{}", run.out);
    flows::set_kanban_levels(&control).await;
    let key_file = dir.path().join("key.toml");
    flows::create_kanban_key(&control, &key_file).await;
    let run = batch(Some(&key_file));
    assert_eq!(run.code, Some(0), "{}{}", run.out, run.err);
    each_step_once(&run.out);
    for step in ["✓ step 0:", "✓ step 1:", "✓ step 2:", "✓ step 3:"] {
        assert!(run.out.contains(step), "{step}: {}", run.out);
    }
    sandbox.shutdown().await;
}