//! Where setups live: `--state-dir` / `CW_ONBOARD_STATE_DIR`, else `$XDG_STATE_HOME/cw-onboard`
//! (the data dir on systems without a state dir); created 0700.

use super::StateError;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

pub fn resolve_state_dir(explicit: Option<&Path>) -> Result<PathBuf, StateError> {
    let dir = match explicit {
        Some(dir) => dir.to_path_buf(),
        None => {
            let dirs = directories::ProjectDirs::from("", "", "cw-onboard").ok_or_else(|| {
                StateError::Dir {
                    path: PathBuf::from("~"),
                    detail: "no home directory".into(),
                }
            })?;
            dirs.state_dir()
                .unwrap_or_else(|| dirs.data_local_dir())
                .to_path_buf()
        }
    };
    std::fs::create_dir_all(&dir).map_err(|e| StateError::Dir {
        path: dir.clone(),
        detail: e.to_string(),
    })?;
    let meta = std::fs::metadata(&dir).map_err(|e| StateError::Dir {
        path: dir.clone(),
        detail: e.to_string(),
    })?;
    if meta.permissions().mode() & 0o077 != 0 {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).map_err(|e| {
            StateError::Dir {
                path: dir.clone(),
                detail: format!("cannot make it private (0700): {e}"),
            }
        })?;
    }
    Ok(dir)
}
