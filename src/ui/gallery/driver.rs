//! The one driver of the wizard core for fixtures and tests: key scripts, messages and typed
//! commands in, the effects kept and answered from canned facts. The gallery builds its named
//! states with it, and the pure update tests walk to each step with it
//! (`tests/support/wizard.rs`), so both press the same keys through the same API.

use crate::app::Wizard;
use crate::app::command::{Command, Rejected};
use crate::app::keymap;
use crate::app::msg::{Effect, Msg, Outcome, TimerKind};
use crate::app::setup::Setup;
use crate::template::Library;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Drives a wizard with messages and commands and answers its effects from canned facts.
pub struct Driver {
    pub wizard: Wizard,
    /// Effects not answered yet, oldest first.
    pending: Vec<Effect>,
    /// Every effect in the order the wizard asked for it (answered or not).
    log: Vec<Effect>,
}

impl Driver {
    pub fn new(library: Library) -> Driver {
        Driver::over(Wizard::new(library, Setup::default(), false))
    }

    /// Drives `wizard` as it stands.
    pub fn over(wizard: Wizard) -> Driver {
        Driver {
            wizard,
            pending: Vec::new(),
            log: Vec::new(),
        }
    }

    /// Drives the wizard behind `w` with `walk`, leaving it there; returns the effects the
    /// walk started, in order (a test's way to find the seqs it answers itself).
    pub fn walk(w: &mut Wizard, walk: impl FnOnce(&mut Driver)) -> Vec<Effect> {
        let stand_in = Wizard::new(w.library.clone(), Setup::default(), false);
        let mut d = Driver::over(std::mem::replace(w, stand_in));
        walk(&mut d);
        *w = d.wizard;
        d.log
    }

    fn keep(&mut self, effects: Vec<Effect>) {
        self.log.extend(effects.iter().cloned());
        self.pending.extend(effects);
    }

    pub fn send(&mut self, msg: Msg) -> &mut Driver {
        let effects = self.wizard.update(msg);
        self.keep(effects);
        self
    }

    /// Runs a typed command, as `--plain` and batch do.
    pub fn apply(&mut self, command: Command) -> Result<&mut Driver, Rejected> {
        let effects = self.wizard.apply(command)?;
        self.keep(effects);
        Ok(self)
    }

    /// Presses the keys of a key script (`"<c-n>kanban<enter>"`, see `keymap::script`).
    /// A script that does not parse is a bug in the fixture: it presses nothing and says so.
    pub fn script(&mut self, script: &str) -> &mut Driver {
        match keymap::script(script) {
            Ok(keys) => {
                for k in keys {
                    self.send(Msg::Key(k));
                }
            }
            Err(why) => self.wizard.banner = Some(why),
        }
        self
    }

    pub fn keys(&mut self, code: KeyCode) -> &mut Driver {
        self.send(key(code))
    }

    pub fn ctrl(&mut self, c: char) -> &mut Driver {
        self.send(ctrl(c))
    }

    pub fn type_text(&mut self, text: &str) -> &mut Driver {
        for c in text.chars() {
            self.send(key(KeyCode::Char(c)));
        }
        self
    }

    pub fn paste(&mut self, text: &str) -> &mut Driver {
        self.send(Msg::Paste(text.to_string()))
    }

    /// Every effect the wizard asked for so far, in order (answered or not).
    pub fn log(&self) -> &[Effect] {
        &self.log
    }

    /// The seq of the newest pending effect matching `pred`, left pending.
    pub fn seq_of(&self, pred: impl Fn(&Effect) -> bool) -> Option<u64> {
        self.pending
            .iter()
            .rev()
            .find(|e| pred(e) && e.seq().is_some() && !matches!(e, Effect::Cancel { .. }))
            .and_then(Effect::seq)
    }

    /// Takes the newest pending effect matching `pred`; returns its seq.
    fn take(&mut self, pred: impl Fn(&Effect) -> bool) -> Option<u64> {
        let pos = self
            .pending
            .iter()
            .rposition(|e| pred(e) && e.seq().is_some() && !matches!(e, Effect::Cancel { .. }))?;
        self.pending.remove(pos).seq()
    }

    /// Answers the newest pending effect matching `pred` with `outcome`.
    pub fn answer(&mut self, pred: impl Fn(&Effect) -> bool, outcome: Outcome) -> &mut Driver {
        if let Some(seq) = self.take(pred) {
            self.send(Msg::Done { seq, outcome });
        }
        self
    }

    /// Fires the newest pending timer of `kind` (the debounced one).
    pub fn fire_timer(&mut self, kind: TimerKind) -> &mut Driver {
        if let Some(seq) = self.take(|e| matches!(e, Effect::Timer { kind: k, .. } if *k == kind)) {
            self.send(Msg::Timer { seq, kind });
        }
        self
    }
}

#[cfg(test)]
mod tests;
