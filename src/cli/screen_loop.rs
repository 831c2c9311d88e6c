//! The loop of a one-screen full-screen view (the audit, the demo's start screen): draw, wait for
//! a key, a resize or a signal. Like the wizard's loop, SIGTERM and SIGINT restore the terminal
//! and end the screen; SIGHUP (the terminal is gone) ends it without drawing or restoring.

use crate::runtime::terminal::TerminalGuard;
use crate::ui::Theme;
use futures::StreamExt;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, EventStream, KeyEvent, KeyEventKind};
use ratatui::layout::Rect;
use std::time::Duration;
use tokio::signal::unix::{Signal, SignalKind, signal};

/// A screen the loop can show: drawn from its state, changed by keys.
pub trait Screen {
    type Out;
    fn draw(&self, theme: &Theme, area: Rect, buf: &mut Buffer);
    /// Handles a key; `Some` ends the screen.
    fn on_key(&mut self, key: KeyEvent) -> Option<Self::Out>;
}

/// How the screen ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenEnd<T> {
    Done(T),
    /// SIGTERM / SIGINT from outside: the terminal is restored.
    Terminated,
    /// SIGHUP, or the terminal stopped answering: nothing more is drawn.
    HungUp,
}

impl<T> ScreenEnd<T> {
    /// The exit of a screen a signal ended: cancelled, like the wizard's.
    pub fn signalled(&self) -> bool {
        !matches!(self, ScreenEnd::Done(_))
    }
}

/// Shows `screen` full screen until it is done or a signal ends it.
pub async fn run<S: Screen>(screen: &mut S) -> Result<ScreenEnd<S::Out>, String> {
    let mut term = signal(SignalKind::terminate()).map_err(|e| e.to_string())?;
    let mut hup = signal(SignalKind::hangup()).map_err(|e| e.to_string())?;
    let mut int = signal(SignalKind::interrupt()).map_err(|e| e.to_string())?;
    let mut guard = TerminalGuard::enter().map_err(|e| e.to_string())?;
    let mut events = EventStream::new();
    let end = show(
        screen,
        &mut guard,
        &mut events,
        [&mut term, &mut hup, &mut int],
    )
    .await;
    // Dropping the stream leaves crossterm's waker set. The next stream (the wizard after the
    // demo's start screen) would see it in the same poll as a key and lose the key (mio is
    // edge-triggered, and the wake is handled first): consume it here.
    drop(events);
    let _ = ratatui::crossterm::event::poll(Duration::ZERO);
    end
}

async fn show<S: Screen>(
    screen: &mut S,
    guard: &mut TerminalGuard,
    events: &mut EventStream,
    [term, hup, int]: [&mut Signal; 3],
) -> Result<ScreenEnd<S::Out>, String> {
    let theme = Theme::from_env();
    loop {
        if let Err(e) = guard
            .terminal
            .draw(|f| screen.draw(&theme, f.area(), f.buffer_mut()))
        {
            guard.lost();
            return Err(e.to_string());
        }
        tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => {
                    if let Some(out) = screen.on_key(key) {
                        return Ok(ScreenEnd::Done(out));
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => {
                    guard.lost();
                    return Ok(ScreenEnd::HungUp);
                }
            },
            _ = term.recv() => return Ok(ScreenEnd::Terminated),
            _ = int.recv() => return Ok(ScreenEnd::Terminated),
            _ = hup.recv() => {
                guard.lost();
                return Ok(ScreenEnd::HungUp);
            }
        }
    }
}

impl Screen for crate::ui::audit::AuditScreen {
    type Out = ();
    fn draw(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        crate::ui::audit::draw(self, theme, area, buf);
    }
    fn on_key(&mut self, key: KeyEvent) -> Option<()> {
        crate::ui::audit::AuditScreen::on_key(self, key).then_some(())
    }
}

impl Screen for crate::ui::demo_start::DemoStart {
    type Out = crate::ui::demo_start::StartEnd;
    fn draw(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        crate::ui::demo_start::draw(self, theme, area, buf);
    }
    fn on_key(&mut self, key: KeyEvent) -> Option<Self::Out> {
        crate::ui::demo_start::DemoStart::on_key(self, key)
    }
}
