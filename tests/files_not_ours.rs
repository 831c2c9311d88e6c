//! Nothing that is not a regular file cw-onboard created is written through: a symbolic link
//! planted in place of an export, the state file's `.bak`, or the lock is refused with an error
//! naming it, and what it points to is left untouched. (The hand-off file: `handoff_file`.)

use cw_onboard::app::msg::{Effect, Msg, Outcome};
use cw_onboard::app::setup::Setup;
use cw_onboard::runtime::{api::Services, executor::Executor};
use cw_onboard::state::{StateError, Store};
use std::path::Path;

fn plant_link(at: &Path, target: &Path) {
    std::fs::write(target, "someone else's file").expect("target");
    std::os::unix::fs::symlink(target, at).expect("symlink");
}

fn untouched(target: &Path) {
    assert_eq!(
        std::fs::read_to_string(target).expect("target"),
        "someone else's file",
        "the link's target is never written"
    );
}

fn setup(id: &str) -> Setup {
    Setup {
        id: id.into(),
        site: "https://cw.example.com".into(),
        company: "acme".into(),
        ..Setup::default()
    }
}

#[tokio::test]
async fn an_export_is_never_written_through_a_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("elsewhere.txt");
    plant_link(&dir.path().join("acme-summary.md"), &target);
    let mut exec = Executor::new(Services::for_tests(), None);
    exec.export_dir = dir.path().to_path_buf();
    exec.run(Effect::Export {
        seq: 1,
        basename: "acme-summary".into(),
        markdown: "# summary".into(),
        json: "{}".into(),
    });
    let Some(Msg::Done {
        outcome: Outcome::Exported(result),
        ..
    }) = exec.next().await
    else {
        panic!("no export outcome")
    };
    let failure = result.expect_err("a link in place of the export is refused");
    assert!(
        failure.summary.contains("acme-summary.md") && failure.summary.contains("symbolic link"),
        "{}",
        failure.summary
    );
    untouched(&target);

    // A regular file from an earlier export is replaced (atomically, by rename).
    std::fs::remove_file(dir.path().join("acme-summary.md")).expect("rm");
    std::fs::write(dir.path().join("acme-summary.md"), "old").expect("old");
    exec.run(Effect::Export {
        seq: 2,
        basename: "acme-summary".into(),
        markdown: "# summary".into(),
        json: "{}".into(),
    });
    let Some(Msg::Done {
        outcome: Outcome::Exported(result),
        ..
    }) = exec.next().await
    else {
        panic!("no export outcome")
    };
    assert_eq!(result.expect("written").len(), 2);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("acme-summary.md")).expect("md"),
        "# summary"
    );
}

#[test]
fn the_backup_is_never_written_through_a_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let lock = store.lock("acme-x").expect("lock");
    store.save(&lock, &setup("acme-x")).expect("first save");
    let target = dir.path().join("elsewhere.txt");
    plant_link(&dir.path().join("acme-x.json.bak"), &target);
    let err = store
        .save(&lock, &setup("acme-x"))
        .expect_err("a link in place of the .bak is refused");
    assert!(matches!(err, StateError::NotOurs { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("acme-x.json.bak") && text.contains("symbolic link"),
        "{text}"
    );
    untouched(&target);
}

#[test]
fn the_lock_is_never_opened_through_a_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let target = dir.path().join("elsewhere.txt");
    plant_link(&dir.path().join("acme-y.lock"), &target);
    let err = store
        .lock("acme-y")
        .expect_err("a link in place of the lock");
    let text = err.to_string();
    assert!(
        text.contains("acme-y.lock") && text.contains("symbolic link"),
        "{text}"
    );
    untouched(&target);
}

#[test]
fn the_setup_file_is_never_replaced_when_a_link_stands_in_its_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let lock = store.lock("acme-z").expect("lock");
    let target = dir.path().join("elsewhere.txt");
    plant_link(&dir.path().join("acme-z.json"), &target);
    let err = store
        .save(&lock, &setup("acme-z"))
        .expect_err("a link in place of the setup file");
    assert!(err.to_string().contains("symbolic link"), "{err}");
    untouched(&target);
}
