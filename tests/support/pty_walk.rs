//! Walking `--plain` line prompts through a PTY: start a run, answer prompts in order, choose
//! the member's location once the levels are set, hand in the new key. Shared by the tests
//! that walk a setup as line prompts (member IDs, plain prompts, the front ends); a test that
//! includes it also includes `support/pty.rs` as `mod pty`.

#![allow(dead_code)]

use crate::pty::{Screen, spawn};
use cw_onboard::sandbox::SandboxInfo;
use std::path::Path;

/// `--plain new --template cw-kanban` on a dumb 30x100 terminal, with the sandbox's admin keys
/// in the environment.
pub fn plain_new_kanban(dir: &Path, info: &SandboxInfo) -> Screen {
    spawn(
        dir,
        &["--plain", "new", "--template", "cw-kanban"],
        &[
            ("TERM", "dumb"),
            ("NO_COLOR", "1"),
            ("CW_ADMIN_PUBLIC_KEY", &info.admin_public_key),
            ("CW_ADMIN_PRIVATE_KEY", &info.admin_private_key),
        ],
        (30, 100),
    )
}

/// For each `(prompt, keys)` in order: waits until the screen shows the prompt, then sends the
/// keys (`"\r"` takes the default).
pub fn answer(s: &mut Screen, steps: &[(&str, &str)]) {
    for (prompt, keys) in steps {
        s.wait_for(prompt);
        s.send(keys);
    }
}

/// The levels were set in ConnectWise: "check again", then the member's location.
pub fn levels_set_then_location(s: &mut Screen, location: &str) {
    s.send("\r");
    s.wait_for("Choose the member's location");
    s.send(&format!("{location}\r"));
}

/// At "New API member public key": types the new key pair and waits for the end of the setup
/// (the process may still be exiting).
pub fn hand_in_key(s: &mut Screen, public: &str, private: &str) {
    s.wait_for("New API member public key");
    s.send(&format!("{public}\r"));
    s.wait_for("New API member private key");
    s.send(&format!("{private}\r"));
    s.wait_for("is done");
}

/// `demo` as line prompts, every default taken, up to the template question (typed: kanban).
pub const DEMO_TO_TEMPLATES: &[(&str, &str)] = &[
    ("What shall the demo show?", "\r"),
    ("ConnectWise site", "\r"),
    ("Company ID", "\r"),
    ("Client ID", "\r"),
    ("Integration", "kanban"),
];

/// `demo` as line prompts from the role name to the end, every default taken, the sandbox
/// playing the admin.
pub const DEMO_FROM_ROLE: &[(&str, &str)] = &[
    ("Security role name", "\r"),
    ("API member ID", "\r"),
    ("Member name", "\r"),
    ("Email", "\r"),
    // The template's placeholder email: a warning, and Enter keeps it.
    ("Keep it anyway", "\r"),
    ("levels in the sandbox", "\r"),
    ("member's location", "\r"),
    ("member's business unit", "\r"),
    ("API key in the sandbox", "\r"),
];

/// Ticks the highlighted choice of a multi-select and confirms it.
pub fn tick_and_confirm(s: &mut Screen) {
    s.send(" ");
    s.send("\r");
}
