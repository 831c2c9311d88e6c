//! What every step's update can reach besides its own state.

use super::msg::{Auth, Seq, Target};
use super::setup::Setup;
use crate::secrets::KeyPair;
use crate::template::{Library, MergedTemplate};

pub struct Ctx<'a> {
    pub setup: &'a mut Setup,
    pub next_seq: &'a mut Seq,
    pub admin: &'a mut Option<KeyPair>,
    pub merged: &'a mut Option<MergedTemplate>,
    pub library: &'a Library,
    /// Running against the built-in sandbox: the demo keys are offered.
    pub demo: bool,
    /// Today's date (YYYY-MM-DD) for defaults such as the key description; empty in tests.
    pub today: &'a str,
    /// Said before an OSC 52 copy when the terminal keeps copies (tmux, screen).
    pub clipboard_warning: Option<&'a str>,
}

impl Ctx<'_> {
    pub fn seq(&mut self) -> Seq {
        *self.next_seq += 1;
        *self.next_seq
    }

    /// Admin credentials, in assisted mode.
    pub fn admin_auth(&self) -> Option<Auth> {
        self.admin.as_ref().map(|key| self.auth(key.clone()))
    }

    /// `key` on the setup's instance, with its clientId.
    pub fn auth(&self, key: KeyPair) -> Auth {
        Auth {
            target: Target::of(&self.setup.company, self.setup.instance.as_ref()),
            client_id: self.setup.client_id.clone(),
            key,
        }
    }
}
