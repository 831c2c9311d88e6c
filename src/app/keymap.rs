//! Key bindings: one table per screen state, used both to handle keys and to draw the footer
//! hints, so the hints never lie. A key's intent that names a typed command (`^N` → `Next`,
//! `^E` → `Export`...) runs as that command (`app/key_commands.rs`); the rest stay with the step.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    NextField,
    PrevField,
    /// Enter: act on the focused thing (next field, check, confirm).
    Submit,
    NextStep,
    PrevStep,
    /// Esc: cancel what is running.
    Cancel,
    /// Ctrl-C: save and leave.
    Quit,
    Up,
    Down,
    Toggle,
    Reveal,
    /// Demo only: perform the ConnectWise-UI action in the sandbox.
    Demo,
    Recheck,
    WriteFile,
    Copy,
    Stored,
    Export,
    /// Take back the last reversible change (rotation: re-activate the old key).
    Undo,
    /// Take over an existing role or member, having seen who holds it or what would change.
    Adopt,
    /// Put the recorded name back (a rename would leave the role this setup created behind).
    KeepName,
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
    /// How the footer writes the key.
    pub key_label: &'static str,
    pub label: &'static str,
    pub intent: Intent,
}

const fn b(
    code: KeyCode,
    modifiers: KeyModifiers,
    key_label: &'static str,
    label: &'static str,
    intent: Intent,
) -> Binding {
    Binding {
        code,
        modifiers,
        key_label,
        label,
        intent,
    }
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

pub const TAB: Binding = b(KeyCode::Tab, NONE, "Tab", "next field", Intent::NextField);
/// The guided checklist: Space ticks a row, so typing a space in the role's name needs the
/// name focused first.
pub const TAB_NAME: Binding = b(KeyCode::Tab, NONE, "Tab", "edit name", Intent::NextField);
pub const TAB_ROWS: Binding = b(KeyCode::Tab, NONE, "Tab", "tick rows", Intent::NextField);
pub const BACKTAB: Binding = b(
    KeyCode::BackTab,
    KeyModifiers::SHIFT,
    "S-Tab",
    "back",
    Intent::PrevField,
);
pub const ENTER_NEXT: Binding = b(KeyCode::Enter, NONE, "Enter", "next", Intent::Submit);
pub const ENTER_CHECK: Binding = b(KeyCode::Enter, NONE, "Enter", "check", Intent::Submit);
pub const ENTER_CONFIRM: Binding = b(KeyCode::Enter, NONE, "Enter", "confirm", Intent::Submit);
pub const ENTER_CREATE: Binding = b(KeyCode::Enter, NONE, "Enter", "create", Intent::Submit);
pub const NEXT_STEP: Binding = b(
    KeyCode::Char('n'),
    CTRL,
    "^N",
    "next step",
    Intent::NextStep,
);
/// ^N on the last step: the same intent, named for what it does there.
pub const FINISH: Binding = b(KeyCode::Char('n'), CTRL, "^N", "finish", Intent::NextStep);
pub const PREV_STEP: Binding = b(KeyCode::Char('p'), CTRL, "^P", "back", Intent::PrevStep);
pub const ESC: Binding = b(KeyCode::Esc, NONE, "Esc", "cancel", Intent::Cancel);
pub const QUIT: Binding = b(KeyCode::Char('c'), CTRL, "^C", "save & quit", Intent::Quit);
pub const UP: Binding = b(KeyCode::Up, NONE, "↑↓", "move", Intent::Up);
pub const DOWN: Binding = b(KeyCode::Down, NONE, "", "", Intent::Down);
pub const SPACE_TOGGLE: Binding = b(KeyCode::Char(' '), NONE, "Space", "tick", Intent::Toggle);
pub const REVEAL: Binding = b(KeyCode::Char('r'), CTRL, "^R", "reveal", Intent::Reveal);
pub const DEMO: Binding = b(
    KeyCode::Char('d'),
    CTRL,
    "^D",
    "do it (sandbox)",
    Intent::Demo,
);
pub const RECHECK: Binding = b(KeyCode::Char('l'), CTRL, "^L", "recheck", Intent::Recheck);
pub const WRITE_FILE: Binding = b(
    KeyCode::Enter,
    NONE,
    "Enter",
    "write file",
    Intent::WriteFile,
);
pub const COPY: Binding = b(
    KeyCode::Char('o'),
    CTRL,
    "^O",
    "copy (OSC 52)",
    Intent::Copy,
);
pub const STORED: Binding = b(
    KeyCode::Char('s'),
    CTRL,
    "^S",
    "I stored it",
    Intent::Stored,
);
pub const UNDO: Binding = b(KeyCode::Char('z'), CTRL, "^Z", "undo", Intent::Undo);
/// ^Z while an undo is under way: the same intent, named for what it does there.
pub const KEEP_INACTIVE: Binding = b(
    KeyCode::Char('z'),
    CTRL,
    "^Z",
    "keep inactive",
    Intent::Undo,
);
/// ^Y ("yes"): adopt the existing role or member shown (never ^A: screen's prefix).
pub const ADOPT: Binding = b(KeyCode::Char('y'), CTRL, "^Y", "adopt", Intent::Adopt);
/// ^K ("keep"): the role's recorded name back in the field.
pub const KEEP_NAME: Binding = b(
    KeyCode::Char('k'),
    CTRL,
    "^K",
    "keep name",
    Intent::KeepName,
);
pub const EXPORT: Binding = b(KeyCode::Char('e'), CTRL, "^E", "export", Intent::Export);

/// The intent bound to `key` in `bindings`, if any.
pub fn lookup(bindings: &[Binding], key: &KeyEvent) -> Option<Intent> {
    bindings
        .iter()
        .find(|binding| {
            binding.code == key.code
                && (binding.modifiers == key.modifiers
                    || (binding.code == KeyCode::BackTab)
                    || (matches!(binding.code, KeyCode::Char(_))
                        && binding.modifiers == CTRL
                        && key.modifiers == CTRL))
        })
        .map(|binding| binding.intent)
}

/// The key presses a key script stands for (as tests and fixtures write them, after gitu):
/// characters type themselves; `<enter>`, `<tab>`, `<s-tab>`, `<esc>`, `<up>`, `<down>`,
/// `<left>`, `<right>`, `<space>`, `<bs>` and `<c-X>` (Ctrl+X) name keys; `<lt>` is `<`.
pub fn script(text: &str) -> Result<Vec<KeyEvent>, String> {
    let mut keys = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c != '<' {
            keys.push(KeyEvent::new(KeyCode::Char(c), NONE));
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let Some(end) = rest.find('>') else {
            return Err(format!("unclosed <...> in key script {text:?}"));
        };
        let name = &rest[1..end];
        rest = &rest[end + 1..];
        let key = match name {
            "enter" => KeyEvent::new(KeyCode::Enter, NONE),
            "tab" => KeyEvent::new(KeyCode::Tab, NONE),
            "s-tab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            "esc" => KeyEvent::new(KeyCode::Esc, NONE),
            "up" => KeyEvent::new(KeyCode::Up, NONE),
            "down" => KeyEvent::new(KeyCode::Down, NONE),
            "left" => KeyEvent::new(KeyCode::Left, NONE),
            "right" => KeyEvent::new(KeyCode::Right, NONE),
            "space" => KeyEvent::new(KeyCode::Char(' '), NONE),
            "bs" => KeyEvent::new(KeyCode::Backspace, NONE),
            "lt" => KeyEvent::new(KeyCode::Char('<'), NONE),
            ctrl if ctrl.starts_with("c-") && ctrl.chars().count() == 3 => {
                let c = ctrl.chars().last().unwrap_or(' ');
                KeyEvent::new(KeyCode::Char(c), CTRL)
            }
            other => return Err(format!("unknown key <{other}> in key script {text:?}")),
        };
        keys.push(key);
    }
    Ok(keys)
}

/// The footer's hints: the bindings that have a label, in order.
pub fn hints(bindings: &[Binding]) -> Vec<(&'static str, &'static str)> {
    bindings
        .iter()
        .filter(|b| !b.key_label.is_empty())
        .map(|b| (b.key_label, b.label))
        .collect()
}

#[cfg(test)]
mod tests;
