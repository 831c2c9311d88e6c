//! The loop: draw when something changed, then wait for a key, a task's answer, a spinner tick
//! (only while busy) or a signal. The UI never awaits a network call.

use super::executor::Executor;
use super::terminal::TerminalGuard;
use crate::app::{Effect, Exit, Msg, Wizard};
use crate::ui::{self, Theme};
use futures::StreamExt;
use ratatui::crossterm::event::{Event, EventStream};
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};

/// How the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopEnd {
    Wizard(Exit),
    /// SIGTERM / SIGINT from outside: state saved, terminal restored.
    Terminated,
    /// SIGHUP: the terminal is gone; state saved, nothing drawn.
    HungUp,
}

pub async fn run(
    wizard: &mut Wizard,
    exec: &mut Executor,
    guard: &mut TerminalGuard,
) -> std::io::Result<LoopEnd> {
    let theme = Theme::from_env();
    let mut events = EventStream::new();
    let mut term = signal(SignalKind::terminate())?;
    let mut hup = signal(SignalKind::hangup())?;
    let mut int = signal(SignalKind::interrupt())?;
    let mut tick = tokio::time::interval(Duration::from_millis(120));
    if let Ok(size) = guard.terminal.size() {
        wizard.update(Msg::Resize {
            width: size.width,
            height: size.height,
        });
    }
    let start = wizard.start();
    exec.run_all(start);
    let mut dirty = true;
    loop {
        if dirty && guard.alive {
            if let Err(err) = guard
                .terminal
                .draw(|frame| ui::render(wizard, &theme, frame))
            {
                // A terminal that cannot be drawn on is a terminal that is gone.
                guard.lost();
                exec.flush().await;
                return Err(err);
            }
            dirty = false;
        }
        let busy = wizard.is_busy();
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(key))) => Msg::Key(key),
                Some(Ok(Event::Paste(text))) => Msg::Paste(text),
                Some(Ok(Event::Resize(width, height))) => Msg::Resize { width, height },
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => {
                    guard.lost();
                    exec.flush().await;
                    return Ok(LoopEnd::HungUp);
                }
            },
            Some(msg) = exec.next() => msg,
            _ = tick.tick(), if busy => Msg::Tick,
            _ = term.recv() => { exec.flush().await; return Ok(LoopEnd::Terminated); }
            _ = int.recv() => { exec.flush().await; return Ok(LoopEnd::Terminated); }
            _ = hup.recv() => { guard.lost(); exec.flush().await; return Ok(LoopEnd::HungUp); }
        };
        let mut quit = None;
        for effect in wizard.update(msg) {
            match effect {
                Effect::Quit(exit) => quit = Some(exit),
                effect => exec.run(effect),
            }
        }
        if let Some(exit) = quit {
            exec.flush().await;
            return Ok(LoopEnd::Wizard(exit));
        }
        dirty = true;
    }
}
