//! What the full-screen wizard says as it ends: a finished setup (`verify` re-checks it) or
//! a stopped one (`resume` or `rotate` continues it); the demo's end with its sandbox.

/// The full screen's last line for a finished setup: `verify` re-checks it, except in the
/// demo, whose sandbox is gone with it.
pub(super) fn done_note(id: &str, demo: bool) -> String {
    if demo {
        format!(
            "Setup {id} is done in the demo's sandbox, which ends with it; `cw-onboard new` sets up a real instance."
        )
    } else {
        format!("Setup {id} is done. `cw-onboard verify {id}` re-checks it any time.")
    }
}

/// The full screen's last line for a finished rotation (`note`: what became of the old key);
/// the demo's setup is gone with its sandbox, so nothing can verify it.
pub(super) fn rotated_note(id: &str, note: &str, demo: bool) -> String {
    if demo {
        format!("Key of {id} rotated in the demo's sandbox; {note}")
    } else {
        format!("Key of {id} rotated; {note} `cw-onboard verify {id}` checks the new one.")
    }
}

/// What continues a full-screen run the admin quit: `resume`, or `rotate` for a rotation. The
/// demo's sandbox (and its rotation's setup) end with it: nothing can continue there.
pub(super) fn stopped_note(id: &str, demo: bool, rotating: bool) -> String {
    match (demo, rotating) {
        (true, true) => "The demo's rotation stops here: its setup and sandbox were temporary and are gone. `cw-onboard demo` starts again.".into(),
        (true, false) => "The demo stops here: its sandbox is gone with it. `cw-onboard demo` starts again.".into(),
        (false, true) => format!("Saved. `cw-onboard rotate {id}` continues the rotation at this stage."),
        (false, false) => format!("Saved. `cw-onboard resume {id}` continues where you left off."),
    }
}
