//! Where the hand-off key file goes by default. The current directory is the natural place,
//! except inside a git work tree that would not ignore the file: one `git add .` and the private
//! key is in the repository's history. Then the default is the home directory (or the state
//! directory when there is no home), and the screen says why.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The directory the hand-off file is proposed in, and why it is not the current one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoffDir {
    pub dir: PathBuf,
    /// Set when the current directory was passed over: one line for the screen.
    pub why: Option<String>,
}

/// A name that stands for any hand-off file when asking git whether it would ignore it
/// (`.gitignore` patterns such as `*-api-key.toml` or `*.toml` match it as they match the real
/// one; a pattern naming one member's file exactly does not, and the home directory is chosen:
/// the safe side).
const PROBE_NAME: &str = "cw-onboard-api-key.toml";

/// The default directory for the hand-off file: `cwd`, unless it is in a git work tree that would
/// not ignore the file; then `home`, or `state_dir` when there is no home (or it is in such a work
/// tree too). Asks the `git` on PATH; without git, a `.git` entry in `cwd` or above counts as a work
/// tree whose ignore rules are unknown.
pub fn default_handoff_dir(cwd: &Path, home: Option<&Path>, state_dir: &Path) -> HandoffDir {
    default_handoff_dir_with("git", cwd, home, state_dir)
}

/// [`default_handoff_dir`] for this process: its current directory and the user's home. None
/// when the current directory cannot be read (the step then proposes a relative name).
pub fn default_handoff_dir_here(state_dir: &Path) -> Option<HandoffDir> {
    let cwd = std::env::current_dir().ok()?;
    let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
    Some(default_handoff_dir(&cwd, home.as_deref(), state_dir))
}

/// [`default_handoff_dir`] with the git program named, so tests can take git away.
pub fn default_handoff_dir_with(
    git: &str,
    cwd: &Path,
    home: Option<&Path>,
    state_dir: &Path,
) -> HandoffDir {
    let Some(tree) = tracked_work_tree(git, cwd) else {
        return HandoffDir {
            dir: cwd.to_path_buf(),
            why: None,
        };
    };
    let (dir, place) = match home {
        Some(home) if tracked_work_tree(git, home).is_none() => (home.to_path_buf(), "your home"),
        _ => (state_dir.to_path_buf(), "the state directory"),
    };
    HandoffDir {
        why: Some(format!(
            "Proposed in {place}, not the current directory: {} is a git work tree that would not ignore the key file.",
            tree.display()
        )),
        dir,
    }
}

/// The root of the git work tree `dir` is in, when a key file written there would not be
/// ignored; None outside a work tree or when git ignores the file.
fn tracked_work_tree(git: &str, dir: &Path) -> Option<PathBuf> {
    let run = |args: &[&str]| {
        Command::new(git)
            .arg("-C")
            .arg(dir)
            .args(args)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
    };
    match run(&["rev-parse", "--show-toplevel"]) {
        // Not a work tree (or a bare repository, or git refuses the directory).
        Ok(out) if !out.status.success() => None,
        Ok(out) => {
            let root = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            // `check-ignore -q` exits 0 when ignored, 1 when not.
            match run(&["check-ignore", "-q", "--", PROBE_NAME]) {
                Ok(out) if out.status.success() => None,
                _ => Some(root),
            }
        }
        // No git to ask: a `.git` entry here or above marks a work tree.
        Err(_) => dir
            .ancestors()
            .find(|d| d.join(".git").exists())
            .map(Path::to_path_buf),
    }
}

/// `path` without `.` components (`/dir/./file` reads `/dir/file`), keeping `..` as written.
pub fn clean_path(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

#[cfg(test)]
mod tests;
