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
    let posts = |log: &[cw_onboard::sandbox::RequestRecord]| {
        log.iter().filter(|r| r.method == "POST").count()
    };
    let created = posts(&control.requests().await.expect("log"));
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
        posts(&log),
        created,
        "nothing (role or member) is created again"
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

#[path = "support/pty.rs"]
mod pty;

/// The full-screen wizard: `resume` of a corrupt setup says, on the terminal, that the last
/// good copy is used, then opens on it (it used to stop with exit 1).
#[test]
fn the_full_screen_wizard_resumes_from_the_last_good_copy_and_says_so() {
    use cw_onboard::app::setup::Setup;
    let dir = tempfile::tempdir().expect("tempdir");
    let state = dir.path().join("state");
    std::fs::create_dir(&state).expect("state");
    let store = cw_onboard::state::Store::open(&state).expect("store");
    let lock = store.lock("acme-cw-kanban").expect("lock");
    let setup = Setup {
        id: "acme-cw-kanban".into(),
        site: "http://127.0.0.1:9".into(),
        company: "acme".into(),
        templates: vec!["cw-kanban".into()],
        ..Setup::default()
    };
    store.save(&lock, &setup).expect("save");
    store.save(&lock, &setup).expect("save again");
    drop(lock);
    std::fs::write(state.join("acme-cw-kanban.json"), b"{ torn").expect("corrupt");
    let mut screen = pty::spawn(
        dir.path(),
        &["resume", "acme-cw-kanban"],
        &[("TERM", "xterm-256color")],
        (24, 80),
    );
    screen.wait_for("Step 0 of 5");
    let out = screen.output();
    assert!(
        out.contains("last good copy") && out.contains("acme-cw-kanban.json.bak"),
        "{out}"
    );
    assert!(screen.text().contains("127.0.0.1:9"), "{}", screen.text());
    screen.send("\x03");
    assert_eq!(screen.wait_exit().exit_code(), 130);
}
