//! The order a driven setup takes around the admin's hands, and what each tells the admin
//! when it waits: batch runs again, the line prompts ask their next question.

use super::quiet::say;
use std::collections::BTreeSet;
use std::sync::Mutex;

/// The progress lines (`✓ step N: …`) the line prompts have printed in this walk: the walk
/// drives the setup again after each answer, and a line already said is not said again.
static SAID: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// A new line-prompt walk: its progress lines are printed again, once each.
pub fn new_walk() {
    SAID.lock().unwrap_or_else(|e| e.into_inner()).clear();
}

/// The order of the steps around the admin's hands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Batch: everything the API can do in one run (the role shell and the member, after every
    /// answer was checked against the instance), then one checklist: levels, then the key.
    OneVisit,
    /// Line prompts: the admin is at hand, so the levels are waited for before the member.
    LevelsFirst,
}

impl Order {
    /// Batch's "run again" line; the line prompts ask their next question instead.
    pub(super) fn again(self, what: &str) {
        if self == Order::OneVisit {
            say!("{what}");
        }
    }

    /// A step's progress line: batch prints it (one run each invocation); the line prompts
    /// print it once per walk, not again each time an answer drives the setup again.
    pub(super) fn progress(self, line: String) {
        if self == Order::LevelsFirst {
            let mut said = SAID.lock().unwrap_or_else(|e| e.into_inner());
            if !said.insert(line.clone()) {
                return;
            }
        }
        say!("{line}");
    }

    /// Where batch takes a manual-step input (its answers-file key); the line prompts ask
    /// for it next, so they name nothing.
    pub(super) fn manual_key(self, key: &str) -> String {
        match self {
            Order::OneVisit => format!(" (answers file: manual.\"{key}\")"),
            Order::LevelsFirst => String::new(),
        }
    }
}
