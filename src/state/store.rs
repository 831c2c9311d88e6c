//! The store: load (with migration), atomic save, list.

use super::{SetupLock, StateError};
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

    /// Reads the setup under `lock`. Missing: None. Older: migrated (the original kept as
    /// `<id>.v<N>.json.bak`) and saved. Newer: refused, the lock becomes read-only. Unreadable:
    /// moved aside to `<id>.json.corrupt-<UTC>` and reported.
    pub fn load<T: DeserializeOwned + Serialize>(
        &self,
        lock: &mut SetupLock,
        migrations: &Migrations,
    ) -> Result<Option<Loaded<T>>, StateError> {
        let path = self.path(lock.id());
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(StateError::Write {
                    path,
                    detail: e.to_string(),
                });
            }
        };
        let parsed: Result<Value, String> =
            serde_json::from_slice(&bytes).map_err(|e| e.to_string());
        let (mut doc, version) = match parsed {
            Ok(doc) => match doc.get("schema_version").and_then(Value::as_u64) {
                Some(v) => {
                    let v = u32::try_from(v).unwrap_or(u32::MAX);
                    (doc, v)
                }
                None => return Err(self.corrupt(&path, "no schema_version")),
            },
            Err(e) => return Err(self.corrupt(&path, &e)),
        };
        if version > migrations.current {
            lock.read_only = true;
            return Err(StateError::NewerVersion {
                path,
                found: version,
                supported: migrations.current,
            });
        }
        if version == 0 {
            return Err(self.corrupt(&path, "schema_version 0"));
        }
        let mut setup = doc.get_mut("setup").map(Value::take).unwrap_or(Value::Null);
        for v in version..migrations.current {
            let step = migrations
                .steps
                .get((v - 1) as usize)
                .ok_or_else(|| self.corrupt(&path, &format!("no migration from version {v}")))?;
            setup = step(setup).map_err(|e| self.corrupt(&path, &e))?;
        }
        let value: T =
            serde_json::from_value(setup).map_err(|e| self.corrupt(&path, &e.to_string()))?;
        if version < migrations.current {
            let keep = self.dir.join(format!("{}.v{version}.json.bak", lock.id()));
            fs::copy(&path, &keep).map_err(|e| StateError::Write {
                path: keep.clone(),
                detail: e.to_string(),
            })?;
            self.write(lock, &value, migrations.current)?;
        }
        Ok(Some(Loaded {
            value,
            found_version: version,
        }))
    }

    fn corrupt(&self, path: &Path, detail: &str) -> StateError {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let kept_at = PathBuf::from(format!("{}.corrupt-{stamp}", path.display()));
        let _ = fs::rename(path, &kept_at);
        StateError::Corrupt {
            path: path.to_path_buf(),
            kept_at,
            detail: detail.to_string(),
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
        if path.exists() {
            let bak = self.dir.join(format!("{}.json.bak", lock.id()));
            fs::copy(&path, &bak).map_err(|e| werr(&e))?;
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
            if path.exists() {
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
                let read = fs::read(&p)
                    .ok()
                    .and_then(|b| serde_json::from_slice::<Value>(&b).ok());
                let Some(doc) = read else {
                    return Some(Listed {
                        id,
                        summary: None,
                        problem: Some("unreadable (kept as is)".into()),
                        saved_at: String::new(),
                    });
                };
                let saved_at = doc
                    .get("saved_at")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                let summary = doc
                    .get("setup")
                    .cloned()
                    .and_then(|s| serde_json::from_value::<S>(s).ok());
                let problem = summary
                    .is_none()
                    .then(|| "unreadable setup (kept as is)".to_string());
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
