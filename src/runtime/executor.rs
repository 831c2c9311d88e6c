//! Runs the core's effects: each network call a tokio task whose result comes back as a `Msg`;
//! timers; saves (in order, on the saver); exports and the key hand-off file. Esc and leaving a
//! step abort tasks by seq; answers that arrive anyway are dropped by the core as stale.

use super::api::Services;
use super::saver::Saver;
use crate::app::facts::Failure;
use crate::app::msg::{Effect, Msg, Outcome, Seq};
use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

pub struct Executor {
    tx: mpsc::UnboundedSender<Msg>,
    rx: mpsc::UnboundedReceiver<Msg>,
    tasks: HashMap<Seq, AbortHandle>,
    services: Arc<Services>,
    saver: Option<Saver>,
    /// The step of the last save (for the test-only crash points).
    last_step: Option<crate::app::setup::StepId>,
    /// The rotation's retire stage last saved (test crash points).
    last_retire: Option<super::crash_point::Rotation>,
    /// Where exports go (the current directory by default).
    pub export_dir: std::path::PathBuf,
}

impl Executor {
    pub fn new(services: Services, saver: Option<Saver>) -> Executor {
        let (tx, rx) = mpsc::unbounded_channel();
        Executor {
            tx,
            rx,
            tasks: HashMap::new(),
            services: Arc::new(services),
            saver,
            last_step: None,
            last_retire: None,
            export_dir: std::path::PathBuf::from("."),
        }
    }

    /// The services the effects run with.
    pub fn services(&self) -> &Services {
        &self.services
    }

    pub fn run_all(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            self.run(effect);
        }
    }

    fn spawn<F>(&mut self, seq: Seq, work: F)
    where
        F: std::future::Future<Output = Outcome> + Send + 'static,
    {
        let tx = self.tx.clone();
        let handle = tokio::spawn(async move {
            let outcome = work.await;
            let _ = tx.send(Msg::Done { seq, outcome });
        });
        self.tasks.insert(seq, handle.abort_handle());
    }

    pub fn run(&mut self, effect: Effect) {
        match effect {
            Effect::Timer { seq, after, kind } => {
                let tx = self.tx.clone();
                let handle = tokio::spawn(async move {
                    tokio::time::sleep(after).await;
                    let _ = tx.send(Msg::Timer { seq, kind });
                });
                self.tasks.insert(seq, handle.abort_handle());
            }
            Effect::Cancel { seq } => {
                if let Some(task) = self.tasks.remove(&seq) {
                    task.abort();
                }
            }
            Effect::Save(setup) => {
                if setup.step != self.last_step {
                    self.last_step = setup.step;
                    if let Some(step) = setup.step {
                        super::crash_point::entering(step);
                    }
                }
                let retire = super::crash_point::Rotation::of(&setup);
                if retire != self.last_retire {
                    self.last_retire = retire;
                    if let Some(retire) = retire {
                        super::crash_point::reached(retire.point());
                    }
                }
                if let Some(saver) = &self.saver {
                    saver.save(*setup);
                }
            }
            Effect::Export {
                seq,
                basename,
                markdown,
                json,
            } => {
                let dir = self.export_dir.clone();
                self.spawn(seq, async move {
                    let result = tokio::task::spawn_blocking(move || {
                        export(&dir, &basename, &markdown, &json)
                    })
                    .await;
                    Outcome::Exported(
                        result.unwrap_or_else(|e| Err(Failure::local(e.to_string(), "Try again."))),
                    )
                });
            }
            Effect::WriteKeyFile {
                seq,
                path,
                key,
                context,
            } => {
                self.spawn(seq, async move {
                    let result = tokio::task::spawn_blocking(move || {
                        super::api::write_key_file(&path, &key, &context)
                    })
                    .await;
                    Outcome::KeyFileWritten(
                        result.unwrap_or_else(|e| Err(Failure::local(e.to_string(), "Try again."))),
                    )
                });
            }
            Effect::CopyToClipboard { key } => {
                let inside_tmux = std::env::var_os("TMUX").is_some();
                let sequence =
                    crate::secrets::osc52_copy_sequence(key.expose_private(), inside_tmux);
                let mut out = std::io::stdout();
                let _ = out.write_all(sequence.as_bytes());
                let _ = out.flush();
            }
            Effect::Quit(_) => {}
            api => {
                let seq = api.seq().unwrap_or(0);
                let services = Arc::clone(&self.services);
                // A create waits until its intent record is on disk (the save before it).
                let creates = api.creates();
                let saver = self.saver.clone().filter(|_| creates.is_some());
                self.spawn(seq, async move {
                    if let (Some(saver), Some(what)) = (saver, creates) {
                        if let Some(err) = saver.flush().await {
                            return intent_not_saved(api, &err);
                        }
                        super::crash_point::reached(&format!("{what}-intent-saved"));
                    }
                    super::api::run(&services, api).await
                });
            }
        }
    }

    /// True while a task or timer is running.
    pub fn busy(&self) -> bool {
        !self.tasks.is_empty()
    }

    /// The next message from a task or timer.
    pub async fn next(&mut self) -> Option<Msg> {
        let msg = self.rx.recv().await;
        if let Some(Msg::Done { seq, .. } | Msg::Timer { seq, .. }) = &msg {
            self.tasks.remove(seq);
        }
        msg
    }

    /// Waits for pending saves; reports a save error on stderr once the terminal is restored.
    pub async fn flush(&mut self) -> Option<String> {
        for (_, task) in self.tasks.drain() {
            task.abort();
        }
        match &self.saver {
            Some(saver) => saver.flush().await,
            None => None,
        }
    }
}

fn export(
    dir: &std::path::Path,
    basename: &str,
    markdown: &str,
    json: &str,
) -> Result<Vec<String>, Failure> {
    let mut written = Vec::new();
    for (ext, text) in [("md", markdown), ("json", json)] {
        let path = dir.join(format!("{basename}.{ext}"));
        // Never through a link (or into anything but a regular file) planted in its place.
        crate::state::files::replace_file(&path, text.as_bytes(), 0o600).map_err(|e| {
            Failure::local(
                e.to_string(),
                "Run the wizard from a directory you can write to.",
            )
        })?;
        written.push(path.display().to_string());
    }
    Ok(written)
}

/// A create is not sent when its intent record could not be saved: after a crash nothing would
/// say to look for it.
fn intent_not_saved(effect: Effect, err: &str) -> Outcome {
    let failure = Failure::local(
        format!("the setup could not be saved, so nothing was created: {err}"),
        "Fix the state directory (or pick another with --state-dir), then try again.",
    );
    match effect {
        Effect::FindOrCreateRole { .. } => Outcome::Role(Err(failure)),
        _ => Outcome::MemberSaved(Err(failure)),
    }
}
