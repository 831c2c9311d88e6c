//! The one driver of the wizard core for fixtures and tests: key scripts, messages and typed
//! commands in, the effects kept and answered from canned facts. The gallery builds its named
//! states with it, and the pure update tests walk to each step with it
//! (`tests/support/wizard.rs`), so both press the same keys through the same API.
//!
//! A test holds a `Driver`, never a bare `Wizard`: it reads the wizard's state through `Deref`
//! (there is no `DerefMut`), presses keys as key scripts, decides with typed commands, and
//! answers effects with canned outcomes. A raw message (a resize, a timer, an answer by seq)
//! goes through [`Driver::send`], the one way in.

use crate::app::Wizard;
use crate::app::command::{Command, MemberField, Rejected};
use crate::app::keymap;
use crate::app::msg::{Effect, Msg, Outcome, TimerKind};
use crate::app::ownership::Claimed;
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
    /// Read through `Deref`; written only by messages, commands and the named set-ups below.
    wizard: Wizard,
    /// Effects not answered yet, oldest first.
    pending: Vec<Effect>,
    /// Every effect in the order the wizard asked for it (answered or not).
    log: Vec<Effect>,
}

impl std::ops::Deref for Driver {
    type Target = Wizard;
    fn deref(&self) -> &Wizard {
        &self.wizard
    }
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

    /// The wizard as the walk left it.
    pub fn into_wizard(self) -> Wizard {
        self.wizard
    }

    fn keep(&mut self, effects: Vec<Effect>) {
        self.log.extend(effects.iter().cloned());
        self.pending.extend(effects);
    }

    /// Delivers one message; an answer or a timer delivered by seq is no longer pending.
    fn deliver(&mut self, msg: Msg) -> &mut Driver {
        if let Msg::Done { seq, .. } | Msg::Timer { seq, .. } = &msg {
            let seq = *seq;
            self.pending.retain(|e| e.seq() != Some(seq));
        }
        let effects = self.wizard.update(msg);
        self.keep(effects);
        self
    }

    /// Sends one raw message (a resize, a timer or an answer by seq); returns the effects it
    /// started.
    pub fn send(&mut self, msg: Msg) -> Vec<Effect> {
        self.effects_of(|d| {
            d.deliver(msg);
        })
    }

    /// Runs `steps` on this driver; returns the effects they started, in order.
    pub fn effects_of(&mut self, steps: impl FnOnce(&mut Driver)) -> Vec<Effect> {
        let from = self.log.len();
        steps(self);
        self.log[from..].to_vec()
    }

    /// Presses the keys of a key script; returns the effects they started.
    pub fn press(&mut self, script: &str) -> Vec<Effect> {
        self.effects_of(|d| {
            d.script(script);
        })
    }

    /// Runs a typed command; returns the effects it started.
    pub fn command(&mut self, command: Command) -> Result<Vec<Effect>, Rejected> {
        let effects = self.wizard.apply(command)?;
        self.keep(effects.clone());
        Ok(effects)
    }

    /// The day the front-end gives the wizard (the runtime reads the clock): a test's later day.
    pub fn set_today(&mut self, day: &str) -> &mut Driver {
        self.wizard.today = day.to_string();
        self
    }

    /// What the front-end warns before a clipboard copy (tmux, a remote terminal).
    pub fn set_clipboard_warning(&mut self, warning: &str) -> &mut Driver {
        self.wizard.clipboard_warning = Some(warning.to_string());
        self
    }

    /// Where the session proposes the hand-off file (it looks at the directory the wizard runs
    /// in: a git work tree that would not ignore the key file sends it elsewhere).
    pub fn set_handoff_dir(&mut self, dir: crate::secrets::HandoffDir) -> &mut Driver {
        self.wizard.keys.handoff_dir = Some(dir);
        self
    }

    /// The members other setups on this machine hold, as the session reads them from the
    /// store before the wizard starts.
    pub fn set_claimed_elsewhere(&mut self, claimed: Vec<Claimed>) -> &mut Driver {
        self.wizard.member.elsewhere = claimed;
        self
    }

    /// The setup as an earlier run left it in the state file (a resume), not a step's fields.
    pub fn edit_setup(&mut self, edit: impl FnOnce(&mut Setup)) -> &mut Driver {
        edit(&mut self.wizard.setup);
        self
    }

    /// Moves the member form's focus to `field` with Tab, as the admin would (at most once
    /// round the form; a field the form does not show is never reached).
    pub fn focus_member(&mut self, field: MemberField) -> &mut Driver {
        for _ in 0..MemberField::ALL.len() {
            if self.wizard.member.focus == field {
                break;
            }
            self.deliver(key(KeyCode::Tab));
        }
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
                    self.deliver(Msg::Key(k));
                }
            }
            Err(why) => self.wizard.banner = Some(why),
        }
        self
    }

    pub fn keys(&mut self, code: KeyCode) -> &mut Driver {
        self.deliver(key(code))
    }

    pub fn ctrl(&mut self, c: char) -> &mut Driver {
        self.deliver(ctrl(c))
    }

    pub fn type_text(&mut self, text: &str) -> &mut Driver {
        for c in text.chars() {
            self.deliver(key(KeyCode::Char(c)));
        }
        self
    }

    pub fn paste(&mut self, text: &str) -> &mut Driver {
        self.deliver(Msg::Paste(text.to_string()))
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
            self.deliver(Msg::Done { seq, outcome });
        }
        self
    }

    /// Answers the effect numbered `seq` with `outcome` (a stale or unknown seq is delivered
    /// too: the wizard must ignore it); returns the effects the answer started.
    pub fn answer_seq(&mut self, seq: u64, outcome: Outcome) -> Vec<Effect> {
        self.send(Msg::Done { seq, outcome })
    }

    /// Fires the newest pending timer of `kind` (the debounced one).
    pub fn fire_timer(&mut self, kind: TimerKind) -> &mut Driver {
        if let Some(seq) = self.take(|e| matches!(e, Effect::Timer { kind: k, .. } if *k == kind)) {
            self.deliver(Msg::Timer { seq, kind });
        }
        self
    }
}

#[cfg(test)]
mod tests;
