//! `--plain` line prompts driven through a PTY, against the sandbox: the same validators
//! refuse bad input, and the run waits for the admin's hands, then finishes.

use cw_onboard::sandbox::{ControlClient, RoleSettingRow, Sandbox, SandboxOptions};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
}

impl Screen {
    fn text(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Waits until the screen shows `needle` (or panics with the screen after 20 s).
    fn wait_for(&self, needle: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if self.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {needle:?}; screen:\n{}", self.text());
    }

    fn send(&mut self, text: &str) {
        let _ = self.writer.write_all(text.as_bytes());
        let _ = self.writer.flush();
        std::thread::sleep(Duration::from_millis(150));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_prompts_walk_the_setup_with_the_shared_validators() {
    let sandbox = Sandbox::start(SandboxOptions {
        deterministic: true,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox");
    let info = sandbox.info().clone();
    let control = ControlClient::new(&info.url).expect("control");
    let state = tempfile::tempdir().expect("state");
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cw-onboard"));
    cmd.args(["--plain", "new", "--template", "cw-kanban"]);
    cmd.cwd(state.path());
    cmd.env("TERM", "dumb");
    cmd.env("NO_COLOR", "1");
    cmd.env("CW_ONBOARD_STATE_DIR", state.path().join("state"));
    cmd.env("CW_ONBOARD_CONFIG_DIR", state.path().join("none"));
    cmd.env("CW_ADMIN_PUBLIC_KEY", &info.admin_public_key);
    cmd.env("CW_ADMIN_PRIVATE_KEY", &info.admin_private_key);
    let mut child = pty.slave.spawn_command(cmd).expect("spawn");
    drop(pty.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZero::new(30).expect("rows"),
        std::num::NonZero::new(100).expect("cols"),
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
    let mut s = Screen { parser, writer };

    tokio::task::block_in_place(|| {
        s.wait_for("ConnectWise site");
        s.send(&format!("{}\r", info.url));
        s.wait_for("Company ID");
        s.send("Demo MSP\r");
        s.wait_for("login company");
        s.send(&format!("{}demomsp\r", "\x7f".repeat(8)));
        s.wait_for("Client ID");
        s.send("nope\r");
        s.wait_for("GUID");
        s.send(&format!("{}{}\r", "\x7f".repeat(4), info.client_id));
        s.wait_for("Security role name");
        s.send("\r");
        s.wait_for("API member ID");
        s.send("\r");
        s.wait_for("Member name");
        s.send("\r");
        s.wait_for("Email");
        s.send("\r");
        s.wait_for("Check again");
    });
    // The admin sets the levels in ConnectWise, then answers "yes, check again".
    let lib = cw_onboard::template::Library::builtin().expect("templates");
    let rows: Vec<RoleSettingRow> = lib
        .get("cw-kanban")
        .expect("kanban")
        .permissions
        .iter()
        .map(RoleSettingRow::from)
        .collect();
    control
        .set_role_settings("CW Kanban", &rows)
        .await
        .expect("levels");
    tokio::task::block_in_place(|| {
        s.send("\r");
        s.wait_for("Choose the member's location");
        s.send("Remote\r");
    });
    tokio::task::block_in_place(|| s.wait_for("New API member public key"));
    let key = control
        .create_key("kanban", "CW Kanban")
        .await
        .expect("key");
    let status = tokio::task::block_in_place(|| {
        s.send(&format!("{}\r", key.public_key));
        s.wait_for("New API member private key");
        s.send(&format!("{}\r", key.private_key));
        s.wait_for("is done");
        assert!(
            !s.text().contains(&key.private_key),
            "the private key is masked"
        );
        child.wait().expect("wait")
    });
    assert!(status.success(), "{}", s.text());
    sandbox.shutdown().await;
}
