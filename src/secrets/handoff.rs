//! Handing the one-time private key off: a new 0600 file (never over an existing file or
//! through a symlink), or an OSC 52 clipboard sequence for the user's own terminal.

use super::KeyPair;
use base64::Engine;
use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct HandoffContext {
    /// One line saying what the key is for (site, company, member, description).
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct WrittenFile {
    pub absolute_path: PathBuf,
    pub mode: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum HandoffError {
    #[error(
        "{0} exists already: the key is never written over a file or through a link. Choose a new name."
    )]
    Exists(PathBuf),
    #[error(
        "{path} is in {dir}, which others can write to or is shared ({why}): choose a directory only you can write to, e.g. your home."
    )]
    UnsafeDir {
        path: PathBuf,
        dir: PathBuf,
        why: String,
    },
    #[error("cannot write {path}: {detail}")]
    Io { path: PathBuf, detail: String },
}

fn check_dir(path: &Path, dir: &Path) -> Result<(), HandoffError> {
    let unsafe_dir = |why: &str| HandoffError::UnsafeDir {
        path: path.to_path_buf(),
        dir: dir.to_path_buf(),
        why: why.into(),
    };
    let canonical = dir.canonicalize().map_err(|e| HandoffError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    // The shared roots themselves; a private directory inside one (0700, the user's) is as
    // safe as any other, which the mode and owner checks below decide.
    for shared in ["/tmp", "/var/tmp", "/dev/shm"] {
        if canonical == Path::new(shared) {
            return Err(unsafe_dir("a shared temporary directory"));
        }
    }
    let meta = std::fs::metadata(&canonical).map_err(|e| HandoffError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    let mode = meta.mode();
    if mode & 0o022 != 0 && mode & 0o1000 == 0 {
        return Err(unsafe_dir("group- or world-writable"));
    }
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me && me != 0 {
        return Err(unsafe_dir("owned by another user"));
    }
    Ok(())
}

/// Writes the key pair to a new file, mode 0600, refusing existing files and symlinks.
pub fn write_key_handoff(
    path: &Path,
    pair: &KeyPair,
    context: &HandoffContext,
) -> Result<WrittenFile, HandoffError> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| HandoffError::Io {
                path: path.to_path_buf(),
                detail: e.to_string(),
            })?
            .join(path)
    };
    let absolute = super::clean_path(&absolute);
    let dir = absolute.parent().unwrap_or(Path::new("/")).to_path_buf();
    check_dir(&absolute, &dir)?;
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(&absolute)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => HandoffError::Exists(absolute.clone()),
            _ if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => {
                HandoffError::Exists(absolute.clone())
            }
            _ => HandoffError::Io {
                path: absolute.clone(),
                detail: e.to_string(),
            },
        })?;
    let note = context.note.replace('\n', " ");
    let text = format!(
        "# ConnectWise API key pair written by cw-onboard. Delete this file once the key is stored.\n# {note}\npublic_key = \"{}\"\nprivate_key = \"{}\"\n",
        pair.public,
        pair.expose_private()
    );
    let io = |e: std::io::Error| HandoffError::Io {
        path: absolute.clone(),
        detail: e.to_string(),
    };
    file.write_all(text.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)?;
    std::fs::File::open(&dir)
        .and_then(|d| d.sync_all())
        .map_err(io)?;
    Ok(WrittenFile {
        absolute_path: absolute,
        mode: 0o600,
    })
}

/// `ESC ] 52 ; c ; <base64> BEL`, wrapped for tmux's passthrough when inside tmux.
pub fn osc52_copy_sequence(text: &str, inside_tmux: bool) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let osc = format!("\x1b]52;c;{encoded}\x07");
    if inside_tmux {
        format!("\x1bPtmux;{}\x1b\\", osc.replace('\x1b', "\x1b\x1b"))
    } else {
        osc
    }
}

/// What to tell the user before an OSC 52 copy, if anything.
pub fn clipboard_warning(inside_tmux: bool, inside_screen: bool) -> Option<String> {
    if inside_tmux {
        Some("tmux may keep a copy in its paste buffer on this host (check `tmux show -g set-clipboard`; `external` avoids it).".into())
    } else if inside_screen {
        Some("GNU screen may not pass OSC 52 through; check that the key arrived.".into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
