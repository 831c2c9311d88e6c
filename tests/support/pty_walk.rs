//! Walking `--plain` line prompts in a PTY: start the usual runs, answer prompts in order, hand
//! in a key. Shared by the member-ID, line-prompt and front-end tests so each says only what
//! it answers. Needs `mod pty` (support/pty.rs) beside it in the test crate.

#![allow(dead_code)]

use super::pty::{self, Screen};
use cw_onboard::sandbox::SandboxInfo;

/// Waits for each prompt in turn and answers it (the answer, then Enter; "" takes the
/// default).
pub fn answer(s: &mut Screen, walk: &[(&str, &str)]) {
    for (prompt, reply) in walk {
        s.wait_for(prompt);
        s.send(&format!("{reply}\r"));
    }
}

/// A line-prompt run's environment: a dumb terminal, no colour, and the sandbox's admin keys
/// (assisted mode).
pub fn dumb_env(info: &SandboxInfo) -> Vec<(&'static str, &str)> {
    vec![
        ("TERM", "dumb"),
        ("NO_COLOR", "1"),
        ("CW_ADMIN_PUBLIC_KEY", &info.admin_public_key),
        ("CW_ADMIN_PRIVATE_KEY", &info.admin_private_key),
    ]
}

/// `cw-onboard --plain new --template TEMPLATE` on a dumb 100x30 terminal, state in `dir`,
/// with the sandbox's admin keys in the environment (assisted mode).
pub fn plain_new(dir: &std::path::Path, info: &SandboxInfo, template: &str) -> Screen {
    pty::spawn(
        dir,
        &["--plain", "new", "--template", template],
        &dumb_env(info),
        (30, 100),
    )
}

/// `cw-onboard --plain ARGS --site URL --company ID` (and `--client-id ID` with `client_id`)
/// for the sandbox, on a dumb 140x60 terminal, state in `dir`, with its admin keys.
pub fn plain_at(
    dir: &std::path::Path,
    info: &SandboxInfo,
    args: &[&str],
    client_id: bool,
) -> Screen {
    let mut all = vec!["--plain"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--site", &info.url, "--company", &info.company]);
    if client_id {
        all.extend_from_slice(&["--client-id", &info.client_id]);
    }
    pty::spawn(dir, &all, &dumb_env(info), (60, 140))
}

/// Step 0 as line prompts: the sandbox's site, `company`, and its clientId.
pub fn instance(s: &mut Screen, info: &SandboxInfo, company: &str) {
    answer(
        s,
        &[
            ("ConnectWise site", &info.url),
            ("Company ID", company),
            ("Client ID", &info.client_id),
        ],
    );
}

/// Answers the key prompts (shown already): the public key, then the private one.
pub fn hand_in_key(s: &mut Screen, public: &str, private: &str) {
    s.send(&format!("{public}\r"));
    answer(s, &[("New API member private key", private)]);
}

/// For each `(prompt, keys)` in order: waits until the screen shows the prompt, then sends the
/// keys as given (no Enter added: `"\r"` takes the default).
pub fn send_keys(s: &mut Screen, steps: &[(&str, &str)]) {
    for (prompt, keys) in steps {
        s.wait_for(prompt);
        s.send(keys);
    }
}

/// `demo` as line prompts (for `send_keys`), every default taken, up to the template question
/// (typed: kanban, not yet ticked).
pub const DEMO_TO_TEMPLATES: &[(&str, &str)] = &[
    ("What shall the demo show?", "\r"),
    ("ConnectWise site", "\r"),
    ("Company ID", "\r"),
    ("Client ID", "\r"),
    ("Integration", "kanban"),
];

/// `demo` as line prompts (for `send_keys`) from the role name to the end, every default
/// taken, the sandbox playing the admin, the key handed off as a new key file.
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
    // The hand-off: a new key file, at the proposed path.
    ("The private key:", "\r"),
    ("Key file", "\r"),
];

/// Ticks the highlighted choice of a multi-select and confirms it.
pub fn tick_and_confirm(s: &mut Screen) {
    s.send(" ");
    s.send("\r");
}
