//! Form fields of the core: a text field (on `tui-input`) validated as you type, and a pick
//! field that cycles through a live list. Pure state; the ui draws them.

use super::facts::Pick;
use super::validate::Valid;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

pub type Validator = fn(&str) -> Valid;

/// The largest paste a field takes (keys, sites, names and paths are far shorter).
pub const MAX_PASTE_BYTES: usize = 4096;

/// Its `Debug` (manual, below) shows a secret field's value as its length only.
#[derive(Clone)]
pub struct TextField {
    pub label: String,
    pub input: Input,
    /// Masked when drawn (keys). Secrets are moved out as soon as they are submitted.
    pub secret: bool,
    pub revealed: bool,
    /// The validator's message, shown next to the field.
    pub error: Option<String>,
    /// A neutral note shown next to the field (e.g. "available", "normalised to ...").
    pub note: Option<String>,
    pub placeholder: &'static str,
    validator: Validator,
    touched: bool,
}

/// A secret's value is never printed: a step's `Debug` (a test failure, a trace) holds only its
/// length, while any other field's value stays visible.
impl std::fmt::Debug for TextField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = f.debug_struct("TextField");
        out.field("label", &self.label);
        if self.secret {
            out.field(
                "value",
                &format_args!("<redacted, {} chars>", self.value().chars().count()),
            );
        } else {
            out.field("value", &self.value());
        }
        out.field("secret", &self.secret)
            .field("revealed", &self.revealed)
            .field("error", &self.error)
            .field("note", &self.note)
            .field("placeholder", &self.placeholder)
            .field("touched", &self.touched)
            .finish()
    }
}

impl TextField {
    pub fn new(label: impl Into<String>, validator: Validator) -> TextField {
        TextField {
            label: label.into(),
            input: Input::default(),
            secret: false,
            revealed: false,
            error: None,
            note: None,
            placeholder: "",
            validator,
            touched: false,
        }
    }

    pub fn secret(mut self) -> TextField {
        self.secret = true;
        self
    }

    pub fn placeholder(mut self, text: &'static str) -> TextField {
        self.placeholder = text;
        self
    }

    pub fn with_value(mut self, value: &str) -> TextField {
        self.set(value);
        self
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    pub fn set(&mut self, value: &str) {
        self.input = Input::new(value.to_string());
        self.refresh();
    }

    /// Empties the field (used to drop a secret once it has been taken).
    pub fn clear(&mut self) {
        self.input = Input::default();
        self.error = None;
        self.touched = false;
    }

    /// Feeds one key; returns true when the value changed.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let Some(request) = to_input_request(&Event::Key(key)) else {
            return false;
        };
        let changed = self.input.handle(request).is_some_and(|c| c.value);
        if changed {
            self.touched = true;
            self.refresh();
        }
        changed
    }

    /// Inserts pasted text at the cursor (bracketed paste), without line breaks, in one pass
    /// (inserting char by char was quadratic: 2 MB never finished). A paste over
    /// [`MAX_PASTE_BYTES`] is refused with a message and the value left as it was.
    pub fn paste(&mut self, text: &str) {
        if text.len() > MAX_PASTE_BYTES {
            self.error = Some(format!(
                "That paste is {} KB; a field takes at most {} KB, so nothing was pasted. Copy just the value.",
                text.len().div_ceil(1024),
                MAX_PASTE_BYTES / 1024
            ));
            return;
        }
        let clean: String = text.chars().filter(|c| !c.is_control()).collect();
        let value = self.input.value();
        let cursor = self.input.cursor();
        let at = value
            .char_indices()
            .nth(cursor)
            .map_or(value.len(), |(i, _)| i);
        let joined = format!("{}{clean}{}", &value[..at], &value[at..]);
        self.input = Input::new(joined).with_cursor(cursor + clean.chars().count());
        self.touched = true;
        self.refresh();
    }

    fn refresh(&mut self) {
        self.error = if self.value().is_empty() && !self.touched {
            None
        } else {
            (self.validator)(self.value()).err()
        };
    }

    /// Validates for submission: shows the message even on an untouched empty field.
    pub fn validate(&mut self) -> Valid {
        let result = (self.validator)(self.value());
        self.error = result.as_ref().err().cloned();
        self.touched = true;
        result
    }

    pub fn is_valid(&self) -> bool {
        (self.validator)(self.value()).is_ok()
    }

    /// What to draw: masked unless revealed.
    pub fn display(&self) -> String {
        if self.secret && !self.revealed && !self.value().is_empty() {
            crate::secrets::mask(self.value())
        } else {
            self.value().to_string()
        }
    }
}

/// A choice among a live list, cycled with ←/→ (or typed initial letters).
#[derive(Debug, Clone, Default)]
pub struct PickField {
    pub label: &'static str,
    pub options: Vec<Pick>,
    pub selected: Option<usize>,
    pub required: bool,
    pub error: Option<String>,
}

impl PickField {
    pub fn new(label: &'static str, required: bool) -> PickField {
        PickField {
            label,
            required,
            ..PickField::default()
        }
    }

    pub fn value(&self) -> Option<&Pick> {
        self.selected.and_then(|i| self.options.get(i))
    }

    /// Replaces the options, keeping the selection by id (or by name) when it is still there.
    pub fn set_options(&mut self, options: Vec<Pick>, keep: Option<&Pick>) {
        let keep = keep.cloned().or_else(|| self.value().cloned());
        self.options = options;
        self.selected = keep.and_then(|k| {
            self.options
                .iter()
                .position(|o| o.id == k.id && o.id != 0)
                .or_else(|| self.options.iter().position(|o| o.name == k.name))
        });
        self.error = None;
    }

    pub fn select_id(&mut self, id: u32) {
        self.selected = self.options.iter().position(|o| o.id == id);
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let n = self.options.len();
        if n == 0 {
            return false;
        }
        let before = self.selected;
        match key.code {
            KeyCode::Right => self.selected = Some(self.selected.map_or(0, |i| (i + 1) % n)),
            KeyCode::Left => self.selected = Some(self.selected.map_or(n - 1, |i| (i + n - 1) % n)),
            KeyCode::Backspace | KeyCode::Delete if !self.required => self.selected = None,
            KeyCode::Char(c) if key.modifiers.difference(KeyModifiers::SHIFT).is_empty() => {
                let c = c.to_ascii_lowercase();
                let start = self.selected.map_or(0, |i| i + 1);
                let found = (0..n).map(|k| (start + k) % n).find(|&i| {
                    self.options[i]
                        .name
                        .chars()
                        .next()
                        .is_some_and(|f| f.to_ascii_lowercase() == c)
                });
                if found.is_some() {
                    self.selected = found;
                }
            }
            _ => {}
        }
        if before != self.selected {
            self.error = None;
        }
        before != self.selected
    }

    pub fn validate(&mut self) -> Result<Option<Pick>, String> {
        match self.value() {
            Some(p) => Ok(Some(p.clone())),
            None if self.required => {
                let msg = if self.options.is_empty() {
                    format!("{}: no choices loaded yet", self.label)
                } else {
                    format!("Choose a {} with ←/→.", self.label.to_lowercase())
                };
                self.error = Some(msg.clone());
                Err(msg)
            }
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests;
