use super::*;

fn git_available() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn git_init(dir: &Path) {
    let ok = Command::new("git")
        .args(["init", "-q"])
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "git init");
}

struct Dirs {
    _tmp: tempfile::TempDir,
    work: PathBuf,
    home: PathBuf,
    state: PathBuf,
}

fn dirs() -> Dirs {
    let tmp = tempfile::tempdir().expect("tempdir");
    let work = tmp.path().join("work");
    let home = tmp.path().join("home");
    let state = tmp.path().join("state");
    for d in [&work, &home, &state] {
        std::fs::create_dir_all(d).expect("mkdir");
    }
    Dirs {
        _tmp: tmp,
        work,
        home,
        state,
    }
}

#[test]
fn outside_a_work_tree_the_current_directory_is_kept() {
    let d = dirs();
    let got = default_handoff_dir(&d.work, Some(&d.home), &d.state);
    assert_eq!(got.dir, d.work);
    assert_eq!(got.why, None);
}

#[test]
fn in_a_work_tree_that_would_track_the_file_the_home_is_proposed_and_why_is_said() {
    if !git_available() {
        return;
    }
    let d = dirs();
    git_init(&d.work);
    let sub = d.work.join("src");
    std::fs::create_dir_all(&sub).expect("mkdir");
    let got = default_handoff_dir(&sub, Some(&d.home), &d.state);
    assert_eq!(got.dir, d.home);
    let why = got.why.expect("a reason");
    assert!(why.contains("your home"), "{why}");
    assert!(why.contains("git work tree"), "{why}");
    // Without a home, the state directory.
    let got = default_handoff_dir(&sub, None, &d.state);
    assert_eq!(got.dir, d.state);
    // A home that is itself an unignoring work tree (dotfiles) is passed over too.
    git_init(&d.home);
    let got = default_handoff_dir(&sub, Some(&d.home), &d.state);
    assert_eq!(got.dir, d.state);
}

#[test]
fn a_work_tree_that_ignores_key_files_keeps_the_current_directory() {
    if !git_available() {
        return;
    }
    let d = dirs();
    git_init(&d.work);
    std::fs::write(d.work.join(".gitignore"), "*-api-key.toml\n").expect("write");
    let got = default_handoff_dir(&d.work, Some(&d.home), &d.state);
    assert_eq!(got.dir, d.work);
    assert_eq!(got.why, None);
}

#[test]
fn without_git_a_dot_git_entry_marks_the_work_tree() {
    let d = dirs();
    std::fs::create_dir_all(d.work.join(".git")).expect("mkdir");
    let no_git = "/nonexistent/cw-onboard-test/git";
    let got = default_handoff_dir_with(no_git, &d.work.join("."), Some(&d.home), &d.state);
    assert_eq!(got.dir, d.home);
    assert!(got.why.is_some());
    let got = default_handoff_dir_with(no_git, &d.home, Some(&d.home), &d.state);
    assert_eq!(got.dir, d.home);
    assert_eq!(got.why, None);
}

#[test]
fn clean_paths_drop_dot_components() {
    assert_eq!(
        clean_path(Path::new("/dir/./kanban-api-key.toml")),
        Path::new("/dir/kanban-api-key.toml")
    );
    assert_eq!(clean_path(Path::new("./a/../b")), Path::new("a/../b"));
}
