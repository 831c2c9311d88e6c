//! The store: load (with migration), atomic save, list.

use super::{SetupLock, StateError, files};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

pub type Migration = fn(Value) -> Result<Value, String>;

/// A document the store keeps: the schema version it is written in (the store itself knows
/// no document's shape).
pub trait Document {
    const SCHEMA_VERSION: u32;
}

/// The current schema version and the steps from each older version to the next.
pub struct Migrations {
    pub current: u32,
    /// `steps[n - 1]` turns version n into version n + 1.
    pub steps: Vec<Migration>,
}

impl Migrations {
    pub fn new(current: u32, steps: Vec<Migration>) -> Migrations {
        Migrations { current, steps }
    }
}

pub struct Loaded<T> {
    pub value: T,
    /// The version the file had (before migration).
    pub found_version: u32,
    /// Set when the setup file could not be used and its last good copy (`.bak`) was: what
    /// happened, in a sentence to show the user.
    pub recovered: Option<String>,
}

/// Why a stored document cannot be used.
enum Bad {
    Newer(u32),
    Corrupt(String),
}

/// Whether anything (even a dangling link) is at `path`.
fn present(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// A stored document to a setup: its version checked, migrated step by step; with `saved_at`.
fn decode<T: DeserializeOwned>(
    bytes: &[u8],
    migrations: &Migrations,
) -> Result<(T, u32, String), Bad> {
    let mut doc: Value = serde_json::from_slice(bytes).map_err(|e| Bad::Corrupt(e.to_string()))?;
    let version = doc
        .get("schema_version")
        .and_then(Value::as_u64)
        .map(|v| u32::try_from(v).unwrap_or(u32::MAX))
        .ok_or_else(|| Bad::Corrupt("no schema_version".into()))?;
    if version > migrations.current {
        return Err(Bad::Newer(version));
    }
    if version == 0 {
        return Err(Bad::Corrupt("schema_version 0".into()));
    }
    let saved_at = doc
        .get("saved_at")
        .and_then(Value::as_str)
        .unwrap_or("at an unknown time")
        .to_string();
    let mut setup = doc.get_mut("setup").map(Value::take).unwrap_or(Value::Null);
    for v in version..migrations.current {
        let step = migrations
            .steps
            .get((v - 1) as usize)
            .ok_or_else(|| Bad::Corrupt(format!("no migration from version {v}")))?;
        setup = step(setup).map_err(Bad::Corrupt)?;
    }
    let value = serde_json::from_value(setup).map_err(|e| Bad::Corrupt(e.to_string()))?;
    Ok((value, version, saved_at))
}

/// One entry of `list`: a summary, or the problem that kept it from being read.
pub struct Listed<S> {
    pub id: String,
    pub summary: Option<S>,
    pub problem: Option<String>,
    pub saved_at: String,
}

pub fn validate_setup_id(id: &str) -> Result<(), StateError> {
    let ok = !id.is_empty()
        && id.len() <= 120
        && !id.starts_with('.')
        && id.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '+' | '.' | '_' | '-')
        });
    if ok {
        Ok(())
    } else {
        Err(StateError::BadId(id.to_string()))
    }
}

#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    pub fn open(dir: &Path) -> Result<Store, StateError> {
        if !dir.is_dir() {
            return Err(StateError::Dir {
                path: dir.to_path_buf(),
                detail: "not a directory".into(),
            });
        }
        Ok(Store {
            dir: dir.to_path_buf(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    pub fn exists(&self, id: &str) -> bool {
        self.path(id).exists()
    }

    pub fn lock(&self, id: &str) -> Result<SetupLock, StateError> {
        validate_setup_id(id)?;
        SetupLock::take(&self.dir, id)
    }

    fn bak_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json.bak"))
    }

    /// Reads the setup under `lock`. Missing: None. Older: migrated (the original kept as
    /// `<id>.v<N>.json.bak`) and saved. Newer: refused, the lock becomes read-only. Unreadable:
    /// moved aside to `<id>.json.corrupt-<UTC>` (never over an earlier one) and the last good
    /// copy (`<id>.json.bak`) used, with [`Loaded::recovered`] saying so; without a usable copy
    /// the error says what became of it. A missing file with a `.bak` beside it (a recovery not
    /// saved yet) continues from the `.bak` too.
    pub fn load<T: DeserializeOwned + Serialize>(
        &self,
        lock: &mut SetupLock,
        migrations: &Migrations,
    ) -> Result<Option<Loaded<T>>, StateError> {
        let path = self.path(lock.id());
        let bak = self.bak_path(lock.id());
        if !present(&path) {
            if !present(&bak) {
                return Ok(None);
            }
            return match self.last_good_copy::<T>(&bak, migrations) {
                Ok((value, version, saved_at)) => Ok(Some(Loaded {
                    value,
                    found_version: version,
                    recovered: Some(format!(
                        "{} is missing; continuing from its last good copy, {} (saved {saved_at}).",
                        path.display(),
                        bak.display()
                    )),
                })),
                Err(_) => Ok(None),
            };
        }
        let bytes = files::read_regular(&path)?;
        match decode::<T>(&bytes, migrations) {
            Ok((value, version, _)) => {
                if version < migrations.current {
                    let keep = self.dir.join(format!("{}.v{version}.json.bak", lock.id()));
                    files::copy_file(&path, &keep)?;
                    self.write(lock, &value, migrations.current)?;
                }
                Ok(Some(Loaded {
                    value,
                    found_version: version,
                    recovered: None,
                }))
            }
            Err(Bad::Newer(found)) => {
                lock.read_only = true;
                Err(StateError::NewerVersion {
                    path,
                    found,
                    supported: migrations.current,
                })
            }
            Err(Bad::Corrupt(detail)) => {
                let kept_at = files::keep_aside(&path, "corrupt")?;
                match self.last_good_copy::<T>(&bak, migrations) {
                    Ok((value, version, saved_at)) => Ok(Some(Loaded {
                        value,
                        found_version: version,
                        recovered: Some(format!(
                            "{} could not be read ({detail}); it was kept as {}. Continuing from the last good copy, {} (saved {saved_at}); anything entered after that is only in the kept file.",
                            path.display(),
                            kept_at.display(),
                            bak.display()
                        )),
                    })),
                    Err(backup) => Err(StateError::Corrupt {
                        path,
                        kept_at,
                        detail,
                        backup,
                    }),
                }
            }
        }
    }

    /// The last good copy, if it can be used; else a sentence saying why not (an unusable copy
    /// is kept aside, so that saves of a fresh setup never replace it).
    fn last_good_copy<T: DeserializeOwned>(
        &self,
        bak: &Path,
        migrations: &Migrations,
    ) -> Result<(T, u32, String), String> {
        if !present(bak) {
            return Err("There is no earlier copy (.bak) to continue from.".into());
        }
        let bytes = files::read_regular(bak).map_err(|e| e.to_string())?;
        let why = match decode::<T>(&bytes, migrations) {
            Ok(found) => return Ok(found),
            Err(Bad::Newer(found)) => format!("was written by a newer cw-onboard (schema {found})"),
            Err(Bad::Corrupt(detail)) => format!("could not be read either ({detail})"),
        };
        match files::keep_aside(bak, "unused") {
            Ok(kept) => Err(format!(
                "The last good copy {} {why}; it was kept as {}.",
                bak.display(),
                kept.display()
            )),
            Err(e) => Err(format!("The last good copy {} {why} ({e}).", bak.display())),
        }
    }

    /// Saves atomically: temp file in the same directory, fsync, the old file to `.bak`,
    /// rename over, fsync the directory. Mode 0600.
    pub fn save<T: Serialize + Document>(
        &self,
        lock: &SetupLock,
        value: &T,
    ) -> Result<(), StateError> {
        self.write(lock, value, T::SCHEMA_VERSION)
    }

    fn write<T: Serialize>(
        &self,
        lock: &SetupLock,
        value: &T,
        version: u32,
    ) -> Result<(), StateError> {
        if lock.read_only {
            return Err(StateError::ReadOnly);
        }
        let path = self.path(lock.id());
        let werr = |e: &dyn std::fmt::Display| StateError::Write {
            path: path.clone(),
            detail: e.to_string(),
        };
        let doc = json!({
            "schema_version": version,
            "app_version": env!("CARGO_PKG_VERSION"),
            "saved_at": chrono::Utc::now().to_rfc3339(),
            "setup": value,
        });
        let text = serde_json::to_vec_pretty(&doc).map_err(|e| werr(&e))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(&self.dir)
            .map_err(|e| werr(&e))?;
        tmp.write_all(&text).map_err(|e| werr(&e))?;
        tmp.as_file().sync_all().map_err(|e| werr(&e))?;
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o600)).map_err(|e| werr(&e))?;
        // The state file and its `.bak` are ours: a link or anything else in their place is
        // refused (never followed), and the copy goes through a new file renamed into place.
        files::ensure_regular_or_absent(&path)?;
        if present(&path) {
            files::copy_file(&path, &self.bak_path(lock.id()))?;
        }
        tmp.persist(&path).map_err(|e| werr(&e.error))?;
        File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| werr(&e))?;
        Ok(())
    }

    /// Removes a setup's file (and its backup), e.g. when its id moved on.
    pub fn remove(&self, lock: &SetupLock) -> Result<(), StateError> {
        for path in [
            self.path(lock.id()),
            self.dir.join(format!("{}.json.bak", lock.id())),
        ] {
            if present(&path) {
                fs::remove_file(&path).map_err(|e| StateError::Write {
                    path,
                    detail: e.to_string(),
                })?;
            }
        }
        Ok(())
    }

    /// Every setup, newest first; files that cannot be read are listed with their problem.
    pub fn list<S: DeserializeOwned>(&self) -> Vec<Listed<S>> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut out: Vec<Listed<S>> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "json")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .filter_map(|p| {
                let id = p.file_stem()?.to_string_lossy().into_owned();
                let read = files::read_regular(&p)
                    .map_err(|e| e.to_string())
                    .and_then(|b| serde_json::from_slice::<Value>(&b).map_err(|e| e.to_string()));
                let doc = match read {
                    Ok(doc) => doc,
                    Err(why) => {
                        return Some(Listed {
                            id,
                            summary: None,
                            problem: Some(format!("unreadable: {why} (left as is)")),
                            saved_at: String::new(),
                        });
                    }
                };
                let saved_at = doc
                    .get("saved_at")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                let summary = doc
                    .get("setup")
                    .cloned()
                    .ok_or_else(|| "no setup in it".to_string())
                    .and_then(|s| serde_json::from_value::<S>(s).map_err(|e| e.to_string()));
                let (summary, problem) = match summary {
                    Ok(s) => (Some(s), None),
                    Err(why) => (None, Some(format!("unreadable setup: {why} (left as is)"))),
                };
                Some(Listed {
                    id,
                    summary,
                    problem,
                    saved_at,
                })
            })
            .collect();
        out.sort_by(|a, b| b.saved_at.cmp(&a.saved_at));
        out
    }
}
