//! The key stage of a retire, and the full screen's keys: ConnectWise has no API to delete a
//! key, so the admin deletes it in the UI (the wizard says where) and gives its private half to
//! prove ConnectWise refuses it (the wizard's own `ProveRefused`); in the demo the sandbox
//! deletes it (^D).

use super::{Phase, Retire, RetireEffect, Stage};
use crate::app::command::Rejected;
use crate::app::load::Load;
use crate::app::msg::{Auth, Effect, Outcome, SandboxAction, SandboxDone, Seq};
use crate::secrets::KeyPair;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl Retire {
    /// Where the admin deletes the key, one line.
    pub fn key_step(&self) -> String {
        format!(
            "In ConnectWise: System > Members > API Members > {} (inactive now: include inactive members in the list) > API Keys: delete key {}.",
            self.setup.member.identifier,
            self.setup.key.public_key.as_deref().unwrap_or("-")
        )
    }

    /// The setup's key (its private half given again), to prove ConnectWise refuses it.
    pub fn prove_key(&mut self, key: KeyPair) -> Result<Vec<RetireEffect>, Rejected> {
        if self.phase != Phase::Key {
            return Err(Rejected::new(
                "key",
                "The key is proven refused after the member and the role: not yet.",
            ));
        }
        let recorded = self.setup.key.public_key.clone().unwrap_or_default();
        if key.public != recorded {
            return Err(Rejected::new(
                "key.public_key",
                format!("That is not this setup's key ({recorded})."),
            ));
        }
        self.private_key.set(key.expose_private());
        if let Err(message) = self.private_key.validate() {
            return Err(Rejected::new("key.private_key", message));
        }
        Ok(self.send_proof())
    }

    fn send_proof(&mut self) -> Vec<RetireEffect> {
        let Ok(private) = self.private_key.validate() else {
            return Vec::new();
        };
        let auth = Auth {
            target: crate::app::msg::Target::of(&self.setup.company, self.setup.instance.as_ref()),
            client_id: self.setup.client_id.clone(),
            key: KeyPair::new(
                self.setup.key.public_key.clone().unwrap_or_default(),
                private,
            ),
        };
        let seq = self.next_seq();
        self.proof = Load::Loading { seq };
        self.note = None;
        vec![RetireEffect::Core(Effect::ProveRefused { seq, auth })]
    }

    /// Demo: the sandbox deletes the key, as the admin would in the UI.
    pub fn demo_delete_key(&mut self) -> Vec<RetireEffect> {
        if !self.demo || self.phase != Phase::Key {
            return Vec::new();
        }
        let seq = self.next_seq();
        self.sandbox = Load::Loading { seq };
        vec![RetireEffect::Core(Effect::Sandbox {
            seq,
            action: SandboxAction::DeleteKey {
                member: self.setup.member.identifier.clone(),
                public_key: self.setup.key.public_key.clone().unwrap_or_default(),
            },
        })]
    }

    pub(super) fn on_core(&mut self, seq: Seq, outcome: Outcome) -> Vec<RetireEffect> {
        match outcome {
            Outcome::OldKeyRefused(result) => {
                if !self.proof.settle(seq, result) {
                    return Vec::new();
                }
                match self.proof.ready() {
                    Some(true) => {
                        self.private_key.clear();
                        self.stage_done(|r| r.key = Some("refused (401)".into()))
                    }
                    Some(false) => {
                        self.note = Some(format!(
                            "ConnectWise still accepts the key: {}",
                            self.key_step()
                        ));
                        Vec::new()
                    }
                    None => Vec::new(),
                }
            }
            Outcome::Sandbox(result) => {
                let done = result.map(|_: SandboxDone| ());
                self.sandbox.settle(seq, done);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// True while a call runs.
    pub fn is_busy(&self) -> bool {
        matches!(self.phase, Phase::Surveying | Phase::Acting(_))
            || self.proof.is_loading()
            || self.sandbox.is_loading()
    }

    /// The full screen's keys, as the footer shows them.
    pub fn footer(&self) -> Vec<(&'static str, &'static str)> {
        let mut keys = match &self.phase {
            Phase::Confirm => vec![("y", "retire"), ("n/Esc", "cancel")],
            Phase::Key => {
                let mut k = vec![("Enter", "prove refused"), ("^R", "reveal")];
                if self.demo {
                    k.push(("^D", "delete it (sandbox)"));
                }
                k
            }
            Phase::Failed(_) => vec![("Enter", "read again and retry")],
            Phase::Retired => vec![("Enter", "quit")],
            Phase::Surveying | Phase::Acting(_) => Vec::new(),
        };
        keys.push(("^C", "quit (resume later)"));
        keys
    }

    /// A key press on the full screen.
    pub fn on_key(&mut self, key: KeyEvent) -> Vec<RetireEffect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            return self.stop();
        }
        match (&self.phase, key.code) {
            (Phase::Confirm, KeyCode::Char('y' | 'Y')) => self.confirm().unwrap_or_default(),
            (Phase::Confirm, KeyCode::Char('n' | 'N') | KeyCode::Esc) => self.stop(),
            (Phase::Key, KeyCode::Enter) => self.send_proof(),
            (Phase::Key, KeyCode::Char('d')) if ctrl => self.demo_delete_key(),
            (Phase::Key, KeyCode::Char('r')) if ctrl => {
                self.private_key.revealed = !self.private_key.revealed;
                Vec::new()
            }
            (Phase::Key, _) => {
                if self.private_key.handle_key(key) {
                    self.proof = Load::Idle;
                }
                Vec::new()
            }
            (Phase::Failed(_), KeyCode::Enter) => self.retry(),
            (Phase::Retired, KeyCode::Enter | KeyCode::Esc | KeyCode::Char('q')) => {
                vec![RetireEffect::Quit(super::RetireEnd::Retired)]
            }
            _ => Vec::new(),
        }
    }

    /// A paste on the full screen (the private key).
    pub fn on_paste(&mut self, text: &str) {
        if self.phase == Phase::Key {
            self.private_key.paste(text.trim());
            self.proof = Load::Idle;
        }
    }

    /// The stage running or waiting, for the screen.
    pub fn current(&self) -> Option<Stage> {
        match self.phase {
            Phase::Acting(s) => Some(s),
            Phase::Key => Some(Stage::Key),
            _ => None,
        }
    }
}
