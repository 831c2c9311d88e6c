//! Writing only regular files of our own: never through a symbolic link, never into a device,
//! a pipe or a directory someone put where one of our files goes, never over a kept copy.
//!
//! Replacing goes through a new temp file (tempfile: `O_CREAT|O_EXCL`, 0600) renamed over the
//! target: rename(2) replaces a link planted after the check instead of following it, so
//! whatever a link points to is never written. Files kept open (the lock) are opened with
//! `O_NOFOLLOW`.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error(
        "{path} is {what}, not a file cw-onboard wrote: it was left untouched. Remove it (and find out who put it there), then try again."
    )]
    NotOurs { path: PathBuf, what: &'static str },
    #[error("cannot write {path}: {detail}")]
    Io { path: PathBuf, detail: String },
}

impl FileError {
    pub fn path(&self) -> &Path {
        match self {
            FileError::NotOurs { path, .. } | FileError::Io { path, .. } => path,
        }
    }

    fn io(path: &Path, e: impl std::fmt::Display) -> FileError {
        FileError::Io {
            path: path.to_path_buf(),
            detail: e.to_string(),
        }
    }
}

/// What is at `path` if it is not a regular file (without following links); None when it is a
/// regular file or nothing is there.
fn foreign(path: &Path) -> Result<Option<&'static str>, FileError> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(FileError::io(path, e)),
    };
    let kind = meta.file_type();
    Ok(if kind.is_file() {
        None
    } else if kind.is_symlink() {
        Some("a symbolic link")
    } else if kind.is_dir() {
        Some("a directory")
    } else if kind.is_fifo() {
        Some("a named pipe")
    } else if kind.is_socket() {
        Some("a socket")
    } else {
        Some("a device or other special file")
    })
}

/// Refuses `path` when something other than a regular file is there.
pub fn ensure_regular_or_absent(path: &Path) -> Result<(), FileError> {
    match foreign(path)? {
        Some(what) => Err(FileError::NotOurs {
            path: path.to_path_buf(),
            what,
        }),
        None => Ok(()),
    }
}

/// Writes `bytes` to `path` atomically, mode `mode`: a new temp file in the same directory,
/// fsync, rename over `path`, fsync of the directory. Refuses when `path` is a link or any
/// other non-regular file (it is left as it is).
pub fn replace_file(path: &Path, bytes: &[u8], mode: u32) -> Result<(), FileError> {
    ensure_regular_or_absent(path)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(&dir)
        .map_err(|e| FileError::io(path, e))?;
    tmp.write_all(bytes).map_err(|e| FileError::io(path, e))?;
    tmp.as_file()
        .set_permissions(fs::Permissions::from_mode(mode))
        .map_err(|e| FileError::io(path, e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| FileError::io(path, e))?;
    tmp.persist(path)
        .map_err(|e| FileError::io(path, e.error))?;
    File::open(&dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| FileError::io(path, e))?;
    Ok(())
}

/// Copies `from` to `to` the same way (`to` replaced atomically, never written through).
pub fn copy_file(from: &Path, to: &Path) -> Result<(), FileError> {
    let bytes = read_regular(from)?;
    replace_file(to, &bytes, 0o600)
}

/// Reads `path` only if it is a regular file (a link in its place is refused, not followed).
pub fn read_regular(path: &Path) -> Result<Vec<u8>, FileError> {
    ensure_regular_or_absent(path)?;
    fs::read(path).map_err(|e| FileError::io(path, e))
}

/// Opens (creating it, 0600) a file we keep open, such as the lock: never through a link
/// (`O_NOFOLLOW`), and only if it is a regular file.
pub fn open_own(path: &Path) -> Result<File, FileError> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags((rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK).bits() as i32)
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
                FileError::NotOurs {
                    path: path.to_path_buf(),
                    what: "a symbolic link",
                }
            } else {
                match foreign(path) {
                    Ok(Some(what)) => FileError::NotOurs {
                        path: path.to_path_buf(),
                        what,
                    },
                    _ => FileError::io(path, e),
                }
            }
        })?;
    let meta = file.metadata().map_err(|e| FileError::io(path, e))?;
    if !meta.file_type().is_file() {
        return Err(FileError::NotOurs {
            path: path.to_path_buf(),
            what: "not a regular file",
        });
    }
    Ok(file)
}

/// Moves `path` aside to `<path>.<tag>-<UTC>` (a `-N` suffix when that name is taken): the
/// copy kept is never written over. Returns where it went.
pub fn keep_aside(path: &Path, tag: &str) -> Result<PathBuf, FileError> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let base = format!("{}.{tag}-{stamp}", path.display());
    for n in 1..1000u32 {
        let target = if n == 1 {
            PathBuf::from(&base)
        } else {
            PathBuf::from(format!("{base}-{n}"))
        };
        // link(2) never replaces an existing name (nor follows a link planted there).
        match fs::hard_link(path, &target) {
            Ok(()) => {
                fs::remove_file(path).map_err(|e| FileError::io(path, e))?;
                return Ok(target);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(FileError::io(path, e)),
        }
    }
    Err(FileError::io(path, "no free name to keep it aside"))
}

#[cfg(test)]
mod tests;
