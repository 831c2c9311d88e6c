//! A corrupt setup file in batch mode: kept aside, the last good copy (`.bak`) used and said
//! so, nothing created twice.

#[path = "support/flows.rs"]
mod flows;

#[tokio::test(flavor = "multi_thread")]
async fn batch_mode_continues_from_the_last_good_copy() {
    let (sandbox, control) = flows::sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, admin) = flows::kanban_files(dir.path(), &info);
    let run = tokio::task::block_in_place(|| flows::batch(dir.path(), &answers, &admin, None, &[]));
    assert_eq!(run.code, Some(4), "{}{}", run.out, run.err);
    let state = dir.path().join("state");
    let file = state.join("demomsp-cw-kanban.json");
    assert!(state.join("demomsp-cw-kanban.json.bak").exists());
    std::fs::write(&file, b"{\"schema_version\": 1, \"setup\": {tru").expect("corrupt");

    let run = tokio::task::block_in_place(|| flows::batch(dir.path(), &answers, &admin, None, &[]));
    assert_eq!(run.code, Some(4), "{}{}", run.out, run.err);
    assert!(
        run.err.contains("could not be read") && run.err.contains("last good copy"),
        "{}",
        run.err
    );
    let log = control.requests().await.expect("log");
    assert_eq!(
        log.iter().filter(|r| r.method == "POST").count(),
        1,
        "the role is not created again"
    );
    let kept = std::fs::read_dir(&state)
        .expect("state")
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("demomsp-cw-kanban.json.corrupt-")
        })
        .count();
    assert_eq!(kept, 1, "the unreadable file is kept aside");
    sandbox.shutdown().await;
}
