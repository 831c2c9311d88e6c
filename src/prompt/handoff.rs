//! `--plain`'s hand-off of the verified private key. The admin pasted the key, so it is never
//! shown here; ConnectWise shows it only once, though, and cw-onboard keeps no copy. The
//! admin writes it to a new key file (the full screen's rules: `secrets::write_key_handoff`,
//! mode 0600, never over a file or through a link, proposed outside a git work tree) or says
//! it is stored; quitting first asks, naming the consequence. The setup records what happened.

use super::{ask, exit_for};
use crate::runtime::headless::Headless;
use crate::secrets::{HandoffContext, KeyPair, write_key_handoff};
use crate::session::Outcome;
use inquire::InquireError;
use std::path::Path;

const WRITE: &str = "Write it to a new key file (mode 0600)";
const STORED: &str = "I have stored it myself (password manager, vault): go on";

/// Where the key came from when the admin pasted it (the hand-off records it).
pub const PASTED: &str = "pasted by the admin at the prompt";

/// The question asked before quitting with the key not handed off.
pub const QUIT_QUESTION: &str = "ConnectWise shows the private key only once; if you quit now without storing it you must create a new key. Quit anyway?";

fn path_given(s: &str) -> crate::app::validate::Valid {
    let v = s.trim();
    if v.is_empty() {
        return Err("Enter a path for a new file (it must not exist yet).".into());
    }
    Ok(v.to_string())
}

/// The key file proposed: `<member>-api-key.toml` here, or where `HandoffDir` says (not in a
/// git work tree that would not ignore it), with why.
fn proposed(h: &Headless, state_dir: Option<&Path>) -> (String, Option<String>) {
    let member = &h.wizard.setup.member.identifier;
    let name = format!(
        "{}-api-key.toml",
        if member.is_empty() {
            "integration"
        } else {
            member
        }
    );
    let dir = state_dir.and_then(crate::secrets::default_handoff_dir_here);
    match dir {
        Some(d) if d.why.is_some() => (d.dir.join(&name).display().to_string(), d.why),
        _ => (format!("./{name}"), None),
    }
}

/// Asks how the admin keeps the private key (which came from `source`, e.g. [`PASTED`]); what
/// to record, or the outcome when they quit.
pub fn hand_off(
    h: &Headless,
    pair: &KeyPair,
    source: &str,
    state_dir: Option<&Path>,
) -> Result<String, Outcome> {
    println!(
        "ConnectWise shows the private key only once and cw-onboard keeps no copy: store it now."
    );
    let (path, why) = proposed(h, state_dir);
    loop {
        let options = vec![WRITE.to_string(), STORED.to_string()];
        let asked = match super::choose::select("The private key:", options, 0) {
            Ok(choice) if choice == WRITE => {
                if let Some(why) = &why {
                    println!("{why}");
                }
                ask("Key file (a new file)", &path, path_given)
            }
            Ok(_) => return Ok(format!("{source}; stored by the admin")),
            Err(e) => Err(e),
        };
        match asked {
            Ok(path) => match write(h, pair, &path) {
                Ok(written) => return Ok(written),
                Err(message) => eprintln!("✗ {message}"),
            },
            Err(InquireError::OperationInterrupted | InquireError::OperationCanceled) => {
                match super::choose::confirm(QUIT_QUESTION, false) {
                    Ok(true) => return Err(Outcome::Cancelled),
                    Ok(false) => {}
                    Err(e) => return Err(exit_for(&e)),
                }
            }
            Err(e) => return Err(exit_for(&e)),
        }
    }
}

/// Writes the key file; "file PATH" for the record (as the full screen records it).
fn write(h: &Headless, pair: &KeyPair, path: &str) -> Result<String, String> {
    let setup = &h.wizard.setup;
    let context = HandoffContext {
        note: format!(
            "site {} · company {} · member {} · {}",
            setup.site, setup.company, setup.member.identifier, setup.key.description
        ),
    };
    let written = write_key_handoff(Path::new(path), pair, &context).map_err(|e| e.to_string())?;
    let shown = written.absolute_path.display();
    println!(
        "✓ The key pair is in {shown} (mode 0600). Delete that file once the key is stored where the integration reads it."
    );
    Ok(format!("file {shown}"))
}
