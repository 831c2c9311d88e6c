//! Saves the setup after every change, in order, on its own task; `flush` waits until the last
//! save is on disk. A setup gets its file (and its lock) once its id is known, i.e. once the
//! company and templates are chosen; if the id changes (other templates), the file of this
//! run moves with it.

use crate::app::setup::{SCHEMA_VERSION, Setup};
use crate::state::{Document, Migrations, SetupLock, Store};
use tokio::sync::{mpsc, oneshot};

enum Cmd {
    Save(Box<Setup>),
    Flush(oneshot::Sender<Option<String>>),
}

#[derive(Clone)]
pub struct Saver {
    tx: mpsc::UnboundedSender<Cmd>,
}

/// The setup is the document the store keeps for us (the store knows no shapes).
impl Document for Setup {
    const SCHEMA_VERSION: u32 = SCHEMA_VERSION;
}

/// The migrations of the setup document (none yet: version 1 is the first).
pub fn migrations() -> Migrations {
    Migrations::new(SCHEMA_VERSION, Vec::new())
}

struct Current {
    id: String,
    lock: SetupLock,
    /// This run created the file (so it may remove it when the id moves on).
    created: bool,
}

fn save_one(
    store: &Store,
    current: &mut Option<Current>,
    held: Option<SetupLock>,
    setup: &Setup,
) -> Result<(), String> {
    if setup.id.is_empty() {
        return Ok(());
    }
    let same = current.as_ref().is_some_and(|c| c.id == setup.id);
    if !same {
        let lock = match held {
            Some(lock) => lock,
            None => store.lock(&setup.id).map_err(|e| e.to_string())?,
        };
        let existed = store.exists(&setup.id);
        if let Some(old) = current.take()
            && old.created
        {
            let _ = store.remove(&old.lock);
        }
        *current = Some(Current {
            id: setup.id.clone(),
            lock,
            created: !existed,
        });
    }
    match current {
        Some(c) => store.save(&c.lock, setup).map_err(|e| e.to_string()),
        None => Ok(()),
    }
}

impl Saver {
    /// Starts the saving task. `held` is the lock of a resumed setup, already taken. The last
    /// save's error is reported by every `flush` until a save succeeds again.
    pub fn start(store: Store, held: Option<SetupLock>) -> Saver {
        let (tx, mut rx) = mpsc::unbounded_channel::<Cmd>();
        tokio::task::spawn_blocking(move || {
            let mut last_error: Option<String> = None;
            let mut current: Option<Current> = None;
            let mut held = held;
            while let Some(cmd) = rx.blocking_recv() {
                match cmd {
                    Cmd::Save(setup) => {
                        let lock = if held.as_ref().is_some_and(|l| l.id() == setup.id) {
                            held.take()
                        } else {
                            None
                        };
                        // The error stands until a later save succeeds.
                        last_error = save_one(&store, &mut current, lock, &setup).err();
                    }
                    Cmd::Flush(done) => {
                        let _ = done.send(last_error.clone());
                    }
                }
            }
        });
        Saver { tx }
    }

    pub fn save(&self, setup: Setup) {
        let _ = self.tx.send(Cmd::Save(Box::new(setup)));
    }

    /// Waits until every save sent so far is written; returns the error of the last, if any.
    pub async fn flush(&self) -> Option<String> {
        let (done, wait) = oneshot::channel();
        if self.tx.send(Cmd::Flush(done)).is_err() {
            return Some("the saving task stopped".into());
        }
        wait.await
            .unwrap_or_else(|_| Some("the saving task stopped".into()))
    }
}
