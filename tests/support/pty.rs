//! The binary in a PTY: its raw output (escape sequences and all) and the screen that output
//! draws (vt100), shared by the line-prompt, terminal-safety and full-screen resume tests.

#![allow(dead_code)]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Screen {
    raw: Arc<Mutex<Vec<u8>>>,
    /// Set when the PTY reports the end of the child's output.
    eof: Arc<AtomicBool>,
    size: (u16, u16),
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Keeps the PTY open for the child's lifetime.
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

/// Starts `cw-onboard args` in `dir` (state in `dir/state`) on a `rows`x`cols` PTY with `env`
/// added.
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
    let raw = Arc::new(Mutex::new(Vec::new()));
    let eof = Arc::new(AtomicBool::new(false));
    let (sink, done) = (Arc::clone(&raw), Arc::clone(&eof));
    let mut reader = pty.master.try_clone_reader().expect("reader");
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut r) = sink.lock() {
                r.extend_from_slice(&buf[..n]);
            }
        }
        done.store(true, Ordering::SeqCst);
    });
    let writer = pty.master.take_writer().expect("writer");
    Screen {
        raw,
        eof,
        size,
        writer,
        child,
        _master: pty.master,
    }
}

impl Screen {
    /// Everything the child wrote so far, escape sequences included.
    pub fn output(&self) -> String {
        self.raw
            .lock()
            .map(|r| String::from_utf8_lossy(&r).into_owned())
            .unwrap_or_default()
    }

    /// The screen that output draws (a full-screen app redraws only changed cells, so text on
    /// screen need not appear whole in the raw output).
    pub fn text(&self) -> String {
        let (Some(rows), Some(cols)) = (
            std::num::NonZero::new(self.size.0),
            std::num::NonZero::new(self.size.1),
        ) else {
            return String::new();
        };
        let mut parser = vt100::Parser::new(rows, cols, 0);
        if let Ok(raw) = self.raw.lock() {
            parser.process(&raw);
        }
        parser.screen().contents()
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

    /// Waits until the program has written nothing for `quiet` (10 s at most): a frame being
    /// drawn is finished before the test measures what comes after.
    pub fn wait_quiet(&self, quiet: Duration) {
        let start = Instant::now();
        let mut seen = self.output().len();
        let mut since = Instant::now();
        while start.elapsed() < Duration::from_secs(10) && since.elapsed() < quiet {
            std::thread::sleep(Duration::from_millis(25));
            let now = self.output().len();
            if now != seen {
                (seen, since) = (now, Instant::now());
            }
        }
    }

    pub fn send(&mut self, text: &str) {
        let _ = self.writer.write_all(text.as_bytes());
        let _ = self.writer.flush();
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Waits for the process to end (20 s at most), then for the last of its output.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                // What the child wrote last (e.g. the terminal restore) may still be in flight.
                let drained = Instant::now();
                while !self.eof.load(Ordering::SeqCst) && drained.elapsed() < Duration::from_secs(5)
                {
                    std::thread::sleep(Duration::from_millis(20));
                }
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

    pub fn signal(&self, sig: rustix::process::Signal) {
        if let Some(pid) = self
            .child
            .process_id()
            .and_then(|p| rustix::process::Pid::from_raw(p as i32))
        {
            let _ = rustix::process::kill_process(pid, sig);
        }
    }
}
