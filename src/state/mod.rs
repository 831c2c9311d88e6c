//! Setup persistence: one JSON file per setup in the state dir, written atomically (temp file,
//! fsync, rename, fsync of the directory) with the last good copy kept as `.bak`; a lock per
//! setup; a schema version with migrations; corrupt or newer files kept aside, never overwritten.

pub mod files;
mod lock;
mod paths;
mod store;

pub use files::FileError;
pub use lock::SetupLock;
pub use paths::resolve_state_dir;
pub use store::{Document, Listed, Loaded, Migrations, Store, validate_setup_id};

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error(
        "cannot use the state directory {path}: {detail}. Pick another with --state-dir DIR (or CW_ONBOARD_STATE_DIR)."
    )]
    Dir { path: PathBuf, detail: String },
    #[error(
        "setup {id} is already open in another cw-onboard (pid {pid} on {host}, since {since}). Close it there first."
    )]
    Locked {
        id: String,
        pid: String,
        host: String,
        since: String,
    },
    #[error(
        "{path} was written by a newer cw-onboard (schema {found}, this one reads up to {supported}): upgrade cw-onboard. The file was left untouched."
    )]
    NewerVersion {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error(
        "{path} could not be read ({detail}); it was kept as {kept_at}. {backup} Run the command again to start the setup fresh."
    )]
    Corrupt {
        path: PathBuf,
        kept_at: PathBuf,
        detail: String,
        /// What became of the last good copy (`.bak`): none, or why it could not be used.
        backup: String,
    },
    #[error(
        "{path} is {what}, not a file cw-onboard wrote: it was left untouched. Remove it (and find out who put it there), then try again."
    )]
    NotOurs { path: PathBuf, what: &'static str },
    #[error(
        "cannot write {path}: {detail}. Check the disk and the directory's permissions, or use --state-dir DIR."
    )]
    Write { path: PathBuf, detail: String },
    #[error(
        "\"{0}\" is not a setup id (lower-case letters, digits, + . _ -; `cw-onboard list` shows them)"
    )]
    BadId(String),
    #[error("this setup was opened read-only (written by a newer cw-onboard) and cannot be saved")]
    ReadOnly,
}

impl From<FileError> for StateError {
    fn from(e: FileError) -> StateError {
        match e {
            FileError::NotOurs { path, what } => StateError::NotOurs { path, what },
            FileError::Io { path, detail } => StateError::Write { path, detail },
        }
    }
}
