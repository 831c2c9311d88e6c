//! Runs `cw-onboard retire`'s core: headless (batch and line prompts: one effect after the
//! other, each answer fed back) or on the full screen (keys, answers and signals in one loop).
//! Every stage's record is on disk before the next stage starts.

use super::net::{Services, retire::run as run_net};
use super::saver::Saver;
use super::terminal::TerminalGuard;
use crate::app::retire::{Retire, RetireAnswer, RetireEffect, RetireEnd};
use futures::StreamExt;
use ratatui::crossterm::event::{Event, EventStream, KeyEventKind};
use std::sync::Arc;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

pub struct RetireRunner {
    services: Arc<Services>,
    saver: Saver,
    /// The last save's error, if any (a stage not on disk stops the retire).
    pub save_error: Option<String>,
}

impl RetireRunner {
    pub fn new(services: Services, saver: Saver) -> RetireRunner {
        RetireRunner {
            services: Arc::new(services),
            saver,
            save_error: None,
        }
    }

    pub fn services(&self) -> &Services {
        &self.services
    }

    /// Saves and waits until it is written: the next stage starts only after.
    async fn save(&mut self, setup: crate::app::setup::Setup) -> bool {
        self.saver.save(setup);
        self.save_error = self.saver.flush().await;
        self.save_error.is_none()
    }

    /// Runs `effects` and the effects of their answers until none is left; how it ended, if
    /// it did (None: waiting for the admin).
    pub async fn settle(
        &mut self,
        core: &mut Retire,
        effects: Vec<RetireEffect>,
    ) -> Option<RetireEnd> {
        let mut queue: std::collections::VecDeque<RetireEffect> = effects.into();
        let mut end = None;
        while let Some(effect) = queue.pop_front() {
            match effect {
                RetireEffect::Save(setup) => {
                    if !self.save(*setup).await {
                        return Some(RetireEnd::Stopped);
                    }
                }
                RetireEffect::Quit(how) => end = Some(how),
                net => {
                    if let Some((seq, answer)) = run_net(&self.services, net).await {
                        queue.extend(core.on_answer(seq, answer));
                    }
                }
            }
        }
        end
    }

    /// Waits for the last save; its error, if any.
    pub async fn close(&self) -> Option<String> {
        self.saver.flush().await
    }

    /// The full-screen retire: draws with `draw`, runs calls as tasks, ends on a quit, a signal
    /// or a lost terminal (state saved in every case).
    pub async fn full_screen(
        &mut self,
        core: &mut Retire,
        guard: &mut TerminalGuard,
    ) -> std::io::Result<RetireEnd> {
        let theme = crate::ui::Theme::from_env();
        let mut events = EventStream::new();
        let (tx, mut rx) = mpsc::unbounded_channel::<(u64, RetireAnswer)>();
        let mut term = signal(SignalKind::terminate())?;
        let mut hup = signal(SignalKind::hangup())?;
        let mut int = signal(SignalKind::interrupt())?;
        let mut pending = core.start();
        loop {
            let mut quit = None;
            for effect in std::mem::take(&mut pending) {
                match effect {
                    RetireEffect::Save(setup) => {
                        if !self.save(*setup).await {
                            quit = Some(RetireEnd::Stopped);
                        }
                    }
                    RetireEffect::Quit(how) => quit = Some(how),
                    net => {
                        let (services, tx) = (Arc::clone(&self.services), tx.clone());
                        tokio::spawn(async move {
                            if let Some(answer) = run_net(&services, net).await {
                                let _ = tx.send(answer);
                            }
                        });
                    }
                }
            }
            if let Some(how) = quit {
                return Ok(how);
            }
            if guard.alive {
                guard
                    .terminal
                    .draw(|f| crate::ui::retire::draw(core, &theme, f.area(), f.buffer_mut()))?;
            }
            tokio::select! {
                ev = events.next() => match ev {
                    Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => {
                        pending = core.on_key(key);
                    }
                    Some(Ok(Event::Paste(text))) => core.on_paste(&text),
                    Some(Ok(_)) => {}
                    Some(Err(_)) | None => { guard.lost(); return Ok(RetireEnd::Stopped); }
                },
                Some((seq, answer)) = rx.recv() => pending = core.on_answer(seq, answer),
                _ = term.recv() => return Ok(RetireEnd::Stopped),
                _ = int.recv() => return Ok(RetireEnd::Stopped),
                _ = hup.recv() => { guard.lost(); return Ok(RetireEnd::Stopped); }
            }
        }
    }
}
