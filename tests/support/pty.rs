//! The binary in a PTY, its screen parsed with vt100 (shared by the line-prompt and the
//! full-screen resume tests).

#![allow(dead_code)]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Keeps the PTY open for the child's lifetime.
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

/// Starts `cw-onboard args` in `dir` on a `rows`x`cols` PTY with `env` added.
pub fn spawn(
    dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
    size: (u16, u16),
) -> Screen {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: size.0,
            cols: size.1,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cw-onboard"));
    cmd.args(args);
    cmd.cwd(dir);
    cmd.env("CW_ONBOARD_STATE_DIR", dir.join("state"));
    cmd.env("CW_ONBOARD_CONFIG_DIR", dir.join("none"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = pty.slave.spawn_command(cmd).expect("spawn");
    drop(pty.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZero::new(size.0).expect("rows"),
        std::num::NonZero::new(size.1).expect("cols"),
        0,
    )));
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let sink = Arc::clone(&parser);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut p) = sink.lock() {
                p.process(&buf[..n]);
            }
        }
    });
    let writer = pty.master.take_writer().expect("writer");
    Screen {
        parser,
        writer,
        child,
        _master: pty.master,
    }
}

impl Screen {
    pub fn text(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Waits until the screen shows `needle` (or panics with the screen after 20 s).
    pub fn wait_for(&self, needle: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if self.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {needle:?}; screen:\n{}", self.text());
    }

    pub fn send(&mut self, text: &str) {
        let _ = self.writer.write_all(text.as_bytes());
        let _ = self.writer.flush();
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Waits for the process to end (20 s at most).
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "did not exit; screen:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
