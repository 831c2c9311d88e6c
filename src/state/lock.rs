//! One lock per setup: an flock on `<id>.lock` (released by the kernel if the process dies),
//! with pid, host and start time written in it for the "already open" message. Opened with
//! `O_NOFOLLOW`, and only when it is a regular file.

use super::StateError;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

#[derive(Debug)]
pub struct SetupLock {
    id: String,
    _file: File,
    pub(super) read_only: bool,
}

impl SetupLock {
    pub fn id(&self) -> &str {
        &self.id
    }

    /// A lock this very process holds is let go of a moment later: a closed session's saver
    /// drops it after its last save, and a child being spawned by another thread holds a copy
    /// of the descriptor until it execs. Waits for that (1 s at most); another process's lock
    /// is refused at once.
    fn released_by_us(file: &mut File) -> bool {
        let mut text = String::new();
        let _ = file.read_to_string(&mut text);
        let ours = text.split_whitespace().next() == Some(&std::process::id().to_string());
        if !ours {
            return false;
        }
        for _ in 0..20 {
            std::thread::sleep(std::time::Duration::from_millis(50));
            if file.try_lock().is_ok() {
                return true;
            }
        }
        false
    }

    pub(super) fn take(dir: &Path, id: &str) -> Result<SetupLock, StateError> {
        let path = dir.join(format!("{id}.lock"));
        // Never through a link planted in its place: the pid line below would go to its target.
        let mut file = super::files::open_own(&path)?;
        if file.try_lock().is_err() && !Self::released_by_us(&mut file) {
            let mut text = String::new();
            let _ = file.seek(SeekFrom::Start(0));
            let _ = file.read_to_string(&mut text);
            let mut parts = text.split_whitespace();
            return Err(StateError::Locked {
                id: id.to_string(),
                pid: parts.next().unwrap_or("?").to_string(),
                host: parts.next().unwrap_or("?").to_string(),
                since: parts.next().unwrap_or("?").to_string(),
            });
        }
        let host = rustix::system::uname()
            .nodename()
            .to_string_lossy()
            .into_owned();
        let since = chrono::Local::now().format("%Y-%m-%dT%H:%M").to_string();
        let _ = file.set_len(0);
        let _ = file.seek(SeekFrom::Start(0));
        let _ = write!(file, "{} {host} {since}", std::process::id());
        Ok(SetupLock {
            id: id.to_string(),
            _file: file,
            read_only: false,
        })
    }
}
