//! Drives the wizard core without a terminal: batch mode (and tests) send messages and let
//! the executor run the effects until nothing is running. Debounce timers fire at once,
//! back-off timers sleep as asked, role polling is left to the caller.

use super::executor::Executor;
use crate::app::Wizard;
use crate::app::msg::{Effect, Exit, Msg, TimerKind};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;

pub struct Headless {
    pub wizard: Wizard,
    pub exec: Executor,
    pub exit: Option<Exit>,
    /// Waiting longer than this for one task is an error (a hung instance).
    pub patience: Duration,
}

impl Headless {
    pub fn new(wizard: Wizard, exec: Executor) -> Headless {
        Headless {
            wizard,
            exec,
            exit: None,
            patience: Duration::from_secs(120),
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

    pub async fn type_text(&mut self, text: &str) -> Result<(), String> {
        for c in text.chars() {
            self.key(KeyCode::Char(c)).await?;
        }
        Ok(())
    }
}
