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
    /// The keys this retire deletes and proves refused: the setup's, and during a rotation
    /// the new one it verified ([`super::plan::setup_keys`]).
    pub fn keys(&self) -> Vec<String> {
        super::plan::setup_keys(&self.setup)
    }

    /// The keys not proven refused yet, in order.
    pub fn keys_left(&self) -> Vec<String> {
        let refused = self.record().refused;
        self.keys()
            .into_iter()
            .filter(|k| !refused.contains(k))
            .collect()
    }

    /// While a rotation's two keys are proven one by one: what is proven so far.
    pub fn refused_so_far(&self) -> Option<String> {
        let refused = self.record().refused;
        (!refused.is_empty() && !self.keys_left().is_empty())
            .then(|| format!("ConnectWise refuses key {} (401).", refused.join(", ")))
    }

    /// The key the full screen and the prompts prove next.
    pub fn key_to_prove(&self) -> Option<String> {
        self.keys_left().into_iter().next()
    }

    /// Where the admin deletes the key (every key not proven refused yet), one line.
    pub fn key_step(&self) -> String {
        let left = self.keys_left();
        let keys = match left.as_slice() {
            [] => "-".to_string(),
            [one] => format!("key {one}"),
            [old, new] => format!("key {old} (the old one) and key {new} (the rotation's new one)"),
            more => format!("keys {}", more.join(", ")),
        };
        format!(
            "In ConnectWise: System > Members > API Members > {} (inactive now: include inactive members in the list) > API Keys: delete {keys}.",
            self.setup.member.identifier,
        )
    }

    /// One of the setup's keys (its private half given again), to prove ConnectWise refuses it.
    pub fn prove_key(&mut self, key: KeyPair) -> Result<Vec<RetireEffect>, Rejected> {
        if self.phase != Phase::Key {
            return Err(Rejected::new(
                "key",
                "The key is proven refused after the member and the role: not yet.",
            ));
        }
        let left = self.keys_left();
        if !left.contains(&key.public) {
            let which = match left.as_slice() {
                [one] => format!("this setup's key ({one})"),
                _ => format!(
                    "one of this setup's keys still to prove ({})",
                    left.join(", ")
                ),
            };
            return Err(Rejected::new(
                "key.public_key",
                format!("That is not {which}."),
            ));
        }
        self.private_key.set(key.expose_private());
        if let Err(message) = self.private_key.validate() {
            return Err(Rejected::new("key.private_key", message));
        }
        self.proving = Some(key.public);
        Ok(self.send_proof())
    }

    fn send_proof(&mut self) -> Vec<RetireEffect> {
        let Ok(private) = self.private_key.validate() else {
            return Vec::new();
        };
        let public = match self.proving.clone().or_else(|| self.key_to_prove()) {
            Some(public) => public,
            None => return Vec::new(),
        };
        self.proving = Some(public.clone());
        let auth = Auth {
            target: crate::app::msg::Target::of(&self.setup.company, self.setup.instance.as_ref()),
            client_id: self.setup.client_id.clone(),
            key: KeyPair::new(public, private),
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
        let Some(public_key) = self.key_to_prove() else {
            return Vec::new();
        };
        let seq = self.next_seq();
        self.sandbox = Load::Loading { seq };
        vec![RetireEffect::Core(Effect::Sandbox {
            seq,
            action: SandboxAction::DeleteKey {
                member: self.setup.member.identifier.clone(),
                public_key,
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
                        let proven = self.proving.take().or_else(|| self.key_to_prove());
                        self.update_record(|r| r.refused.extend(proven));
                        let refused = self.record().refused;
                        if self.key_to_prove().is_some() {
                            // Another key to go (a rotation's): saved, and the next one asked.
                            self.proof = Load::Idle;
                            self.sandbox = Load::Idle;
                            return vec![self.save()];
                        }
                        let done = match refused.len() {
                            0 | 1 => "refused (401)".to_string(),
                            _ => format!("refused (401): {}", refused.join(", ")),
                        };
                        self.stage_done(|r| r.key = Some(done))
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
