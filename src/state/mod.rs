//! Setup persistence: one JSON file per setup in the state dir, written atomically (temp file,
//! fsync, rename, fsync of the directory) with the last good copy kept as `.bak`; a lock per
//! setup; a schema version with migrations; corrupt or newer files kept aside, never overwritten.

mod lock;
mod paths;
mod store;

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
        "{path} could not be read ({detail}); it was kept as {kept_at} and the setup starts fresh."
    )]
    Corrupt {
        path: PathBuf,
        kept_at: PathBuf,
        detail: String,
    },
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
