//! The state store: atomic saves with a backup, locks, schema versions, corrupt and newer
//! files kept aside and never overwritten, private modes.

use cw_onboard::app::setup::{SCHEMA_VERSION, Setup, SetupSummary};
use cw_onboard::state::{Migrations, StateError, Store, resolve_state_dir};
use serde_json::{Value, json};
use std::os::unix::fs::PermissionsExt;

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let state = resolve_state_dir(Some(&dir.path().join("state"))).expect("state dir");
    let store = Store::open(&state).expect("store");
    (dir, store)
}

fn setup(id: &str) -> Setup {
    Setup {
        id: id.into(),
        site: "https://cw.example.com".into(),
        company: "acme".into(),
        ..Setup::default()
    }
}

fn current() -> Migrations {
    Migrations::new(SCHEMA_VERSION, Vec::new())
}

#[test]
fn saves_round_trip_with_a_backup_and_private_modes() {
    let (_d, store) = store();
    let mut lock = store.lock("acme-cw-kanban").expect("lock");
    store.save(&lock, &setup("acme-cw-kanban")).expect("save");
    let mut second = setup("acme-cw-kanban");
    second.client_id = "changed".into();
    store.save(&lock, &second).expect("save again");
    let loaded: Setup = store
        .load(&mut lock, &current())
        .expect("load")
        .expect("present")
        .value;
    assert_eq!(loaded.client_id, "changed");
    let bak: Value = serde_json::from_slice(
        &std::fs::read(store.dir().join("acme-cw-kanban.json.bak")).expect("bak"),
    )
    .expect("json");
    assert_eq!(
        bak["setup"]["client_id"], "",
        "the backup is the previous good copy"
    );
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(store.dir()), 0o700);
    assert_eq!(mode(&store.dir().join("acme-cw-kanban.json")), 0o600);
}

#[test]
fn a_second_lock_is_refused_with_who_holds_it() {
    let (_d, store) = store();
    let _held = store.lock("acme-x").expect("lock");
    let err = store.lock("acme-x").expect_err("locked");
    assert!(matches!(err, StateError::Locked { .. }));
    let text = err.to_string();
    assert!(
        text.contains(&format!("pid {}", std::process::id())),
        "{text}"
    );
    assert!(text.contains("already open in another cw-onboard"));
}

#[test]
fn a_newer_file_is_refused_and_left_untouched() {
    let (_d, store) = store();
    let path = store.dir().join("acme-new.json");
    let text = serde_json::to_vec(
        &json!({"schema_version": SCHEMA_VERSION + 1, "setup": {"id": "acme-new"}}),
    )
    .expect("json");
    std::fs::write(&path, &text).expect("write");
    let mut lock = store.lock("acme-new").expect("lock");
    let err = store
        .load::<Setup>(&mut lock, &current())
        .err()
        .expect("newer");
    assert!(matches!(err, StateError::NewerVersion { .. }), "{err}");
    assert!(
        store.save(&lock, &setup("acme-new")).is_err(),
        "a newer file is never overwritten"
    );
    assert_eq!(std::fs::read(&path).expect("read"), text);
}

#[test]
fn a_corrupt_file_is_kept_aside_and_reported() {
    let (_d, store) = store();
    std::fs::write(store.dir().join("acme-bad.json"), b"{ not json").expect("write");
    let mut lock = store.lock("acme-bad").expect("lock");
    let err = store
        .load::<Setup>(&mut lock, &current())
        .err()
        .expect("corrupt");
    let StateError::Corrupt { kept_at, .. } = &err else {
        panic!("{err}")
    };
    assert!(kept_at.exists());
    assert!(!store.dir().join("acme-bad.json").exists());
    assert_eq!(std::fs::read(kept_at).expect("kept"), b"{ not json");
}

#[test]
fn a_corrupt_file_continues_from_the_last_good_copy_which_the_next_save_keeps() {
    let (_d, store) = store();
    let mut lock = store.lock("acme-bak").expect("lock");
    let mut good = setup("acme-bak");
    good.client_id = "good".into();
    store.save(&lock, &good).expect("save");
    store
        .save(&lock, &good)
        .expect("save again: the .bak is the good copy");
    let bak_path = store.dir().join("acme-bak.json.bak");
    let bak = std::fs::read(&bak_path).expect("bak");
    std::fs::write(store.dir().join("acme-bak.json"), b"{ half a fi").expect("corrupt");

    let loaded = store
        .load::<Setup>(&mut lock, &current())
        .expect("the .bak is used")
        .expect("present");
    assert_eq!(loaded.value.client_id, "good");
    let note = loaded.recovered.expect("the recovery is reported");
    assert!(
        note.contains("could not be read")
            && note.contains("acme-bak.json.bak")
            && note.contains("last good copy"),
        "{note}"
    );
    // The unreadable file is kept aside, never deleted.
    let kept: Vec<_> = std::fs::read_dir(store.dir())
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("acme-bak.json.corrupt-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(note.contains(&kept[0]), "{note}");
    assert_eq!(
        std::fs::read(store.dir().join(&kept[0])).expect("kept"),
        b"{ half a fi"
    );

    // The next save does not replace the last good copy.
    let mut next = loaded.value;
    next.client_id = "after".into();
    store.save(&lock, &next).expect("save");
    assert_eq!(std::fs::read(&bak_path).expect("bak"), bak);

    // A second corruption is kept beside the first, never over it.
    std::fs::write(store.dir().join("acme-bak.json"), b"garbage").expect("corrupt");
    let again = store
        .load::<Setup>(&mut lock, &current())
        .expect("load")
        .expect("present");
    assert!(again.recovered.is_some());
    let kept = std::fs::read_dir(store.dir())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("acme-bak.json.corrupt-")
        })
        .count();
    assert_eq!(kept, 2);
}

#[test]
fn a_corrupt_file_without_a_usable_copy_says_so_and_keeps_both() {
    let (_d, store) = store();
    std::fs::write(store.dir().join("acme-two.json"), b"{ nope").expect("write");
    std::fs::write(store.dir().join("acme-two.json.bak"), b"also broken").expect("write");
    let mut lock = store.lock("acme-two").expect("lock");
    let err = store
        .load::<Setup>(&mut lock, &current())
        .err()
        .expect("corrupt");
    let text = err.to_string();
    assert!(
        text.contains("acme-two.json.bak could not be read either"),
        "{text}"
    );
    // The fresh setup's saves never replace either copy.
    store.save(&lock, &setup("acme-two")).expect("save");
    store.save(&lock, &setup("acme-two")).expect("save");
    let names: Vec<String> = std::fs::read_dir(store.dir())
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("acme-two.json.corrupt-")),
        "{names:?}"
    );
    let unused = names
        .iter()
        .find(|n| n.starts_with("acme-two.json.bak.unused-"))
        .expect("the broken .bak kept aside");
    assert_eq!(
        std::fs::read(store.dir().join(unused)).expect("read"),
        b"also broken"
    );

    let (_d1, other) = self::store();
    std::fs::write(other.dir().join("acme-one.json"), b"{ nope").expect("write");
    let mut lock = other.lock("acme-one").expect("lock");
    let err = other
        .load::<Setup>(&mut lock, &current())
        .err()
        .expect("corrupt");
    assert!(err.to_string().contains("no earlier copy"), "{err}");
}

fn v1_to_v2(mut v: Value) -> Result<Value, String> {
    let setup = v.as_object_mut().ok_or("the setup is not an object")?;
    setup.insert("client_id".into(), json!("migrated"));
    Ok(v)
}

#[test]
fn an_older_file_is_migrated_and_the_original_kept() {
    let (_d, store) = store();
    let v1 = json!({"schema_version": 1, "setup": serde_json::to_value(setup("acme-old")).expect("value")});
    std::fs::write(
        store.dir().join("acme-old.json"),
        serde_json::to_vec(&v1).expect("json"),
    )
    .expect("write");
    let mut lock = store.lock("acme-old").expect("lock");
    let migrations = Migrations::new(2, vec![v1_to_v2]);
    let loaded = store
        .load::<Setup>(&mut lock, &migrations)
        .expect("load")
        .expect("present");
    assert_eq!(loaded.found_version, 1);
    assert_eq!(loaded.value.client_id, "migrated");
    assert!(store.dir().join("acme-old.v1.json.bak").exists());
}

#[test]
fn list_reads_summaries_and_reports_unreadable_files() {
    let (_d, store) = store();
    let lock = store.lock("acme-a").expect("lock");
    store.save(&lock, &setup("acme-a")).expect("save");
    std::fs::write(store.dir().join("acme-b.json"), b"garbage").expect("write");
    let listed = store.list::<SetupSummary>();
    assert_eq!(listed.len(), 2);
    assert!(
        listed
            .iter()
            .any(|l| l.summary.as_ref().is_some_and(|s| s.company == "acme"))
    );
    assert!(listed.iter().any(|l| l.problem.is_some()));
}

#[test]
fn bad_setup_ids_are_refused() {
    let (_d, store) = store();
    for id in ["", "../etc", "a/b", "UPPER", ".hidden"] {
        assert!(store.lock(id).is_err(), "{id}");
    }
}

proptest::proptest! {
    #[test]
    fn arbitrary_bytes_never_panic_on_load(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
        let (_d, store) = store();
        std::fs::write(store.dir().join("acme-fuzz.json"), &bytes).expect("write");
        let mut lock = store.lock("acme-fuzz").expect("lock");
        let _ = store.load::<Setup>(&mut lock, &current());
    }

    /// Envelopes of any schema version around any JSON, through a migration: an error or a
    /// setup, never a panic; a file that is not loaded is never overwritten.
    #[test]
    fn arbitrary_envelopes_never_panic_through_migration(
        version in 0u32..5,
        setup in arbitrary_json(),
    ) {
        let (_d, store) = store();
        let path = store.dir().join("acme-fuzz.json");
        let text = serde_json::to_vec(&json!({"schema_version": version, "setup": setup})).expect("json");
        std::fs::write(&path, &text).expect("write");
        let mut lock = store.lock("acme-fuzz").expect("lock");
        let migrations = Migrations::new(2, vec![v1_to_v2]);
        if store.load::<Setup>(&mut lock, &migrations).is_err() && path.exists() {
            proptest::prop_assert_eq!(std::fs::read(&path).expect("read"), text);
        }
    }
}

fn arbitrary_json() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
    use proptest::prelude::*;
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        ".{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("id".to_string()),
                    Just("site".to_string()),
                    Just("step".to_string()),
                    Just("key".to_string()),
                    "[a-z_]{1,8}".prop_map(String::from)
                ],
                inner,
                0..5
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}
