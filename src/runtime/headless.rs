//! Drives the wizard core without a terminal: batch mode (and tests) send messages and let
//! the executor run the effects until nothing is running. Debounce timers fire at once,
//! back-off timers sleep as asked, role polling is left to the caller.

use super::executor::Executor;
use crate::app::Wizard;
use crate::app::command::{Command, Rejected};
use crate::app::msg::{Effect, Exit, Msg, TimerKind};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;

pub struct Headless {
    pub wizard: Wizard,
    pub exec: Executor,
    pub exit: Option<Exit>,
    /// Waiting longer than this for one task is an error (a hung instance).
    pub patience: Duration,
    /// Wait out ConnectWise's lag behind a role change (retry the key check); batch's second
    /// run does not, when the role itself is still being set.
    pub retry_lag: bool,
}

/// Why a command sent headlessly stopped short.
#[derive(Debug, Clone)]
pub enum Stop {
    /// The wizard did not take the command.
    Rejected(Rejected),
    /// The instance did not answer in time.
    Stalled(String),
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::Rejected(r) => r.fmt(f),
            Stop::Stalled(why) => f.write_str(why),
        }
    }
}

impl From<String> for Stop {
    fn from(why: String) -> Stop {
        Stop::Stalled(why)
    }
}

impl Headless {
    pub fn new(wizard: Wizard, exec: Executor) -> Headless {
        Headless {
            wizard,
            exec,
            exit: None,
            patience: Duration::from_secs(120),
            retry_lag: true,
        }
    }

    /// Runs effects, and the effects of their answers, until nothing is running.
    pub async fn run(&mut self, effects: Vec<Effect>) -> Result<(), String> {
        let mut queue = effects;
        loop {
            for effect in std::mem::take(&mut queue) {
                match effect {
                    Effect::Timer {
                        kind: TimerKind::PollRole,
                        ..
                    }
                    | Effect::CopyToClipboard { .. } => {}
                    Effect::Timer {
                        kind: TimerKind::RetryVerify,
                        ..
                    } if !self.retry_lag => {}
                    Effect::Timer {
                        seq,
                        kind: TimerKind::RetryVerify,
                        after,
                    } => {
                        tokio::time::sleep(after).await;
                        queue.extend(self.wizard.update(Msg::Timer {
                            seq,
                            kind: TimerKind::RetryVerify,
                        }));
                    }
                    Effect::Timer { seq, kind, .. } => {
                        queue.extend(self.wizard.update(Msg::Timer { seq, kind }))
                    }
                    Effect::Quit(exit) => self.exit = Some(exit),
                    other => self.exec.run(other),
                }
            }
            if !queue.is_empty() {
                continue;
            }
            if !self.exec.busy() {
                return Ok(());
            }
            match tokio::time::timeout(self.patience, self.exec.next()).await {
                Ok(Some(msg)) => queue.extend(self.wizard.update(msg)),
                Ok(None) => return Ok(()),
                Err(_) => return Err("the instance did not answer in time".into()),
            }
        }
    }

    pub async fn start(&mut self) -> Result<(), String> {
        let effects = self.wizard.start();
        self.run(effects).await
    }

    /// Applies a command and runs what it started until nothing is running.
    pub async fn apply(&mut self, command: Command) -> Result<(), Stop> {
        let effects = self.wizard.apply(command).map_err(Stop::Rejected)?;
        Ok(self.run(effects).await?)
    }

    /// Applies commands one after the other, then runs what they started at once (one round
    /// trip for independent reads).
    pub async fn apply_together(&mut self, commands: Vec<Command>) -> Result<(), Stop> {
        let mut effects = Vec::new();
        for command in commands {
            effects.extend(self.wizard.apply(command).map_err(Stop::Rejected)?);
        }
        Ok(self.run(effects).await?)
    }

    pub async fn send(&mut self, msg: Msg) -> Result<(), String> {
        let effects = self.wizard.update(msg);
        self.run(effects).await
    }

    pub async fn key(&mut self, code: KeyCode) -> Result<(), String> {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
            .await
    }

    pub async fn ctrl(&mut self, c: char) -> Result<(), String> {
        self.send(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )))
        .await
    }

    /// Presses the keys of a key script (`"<c-n>kanban<enter>"`, `app::keymap::script`), as
    /// the gallery's driver does.
    pub async fn script(&mut self, script: &str) -> Result<(), String> {
        for key in crate::app::keymap::script(script)? {
            self.send(Msg::Key(key)).await?;
        }
        Ok(())
    }

    pub async fn type_text(&mut self, text: &str) -> Result<(), String> {
        for c in text.chars() {
            self.key(KeyCode::Char(c)).await?;
        }
        Ok(())
    }
}
