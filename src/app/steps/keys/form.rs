//! The key form: its fields, named ([`KeyField`]), and pasting into it.

use super::KeysStep;
use crate::app::field::{MAX_PASTE_BYTES, TextField};
use crate::app::validate;

/// The key form's fields, in focus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum KeyField {
    Description,
    Public,
    Private,
}

impl KeyField {
    pub const ALL: [KeyField; 3] = [KeyField::Description, KeyField::Public, KeyField::Private];

    /// The field's name in errors (`key.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            KeyField::Description => "key.description",
            KeyField::Public => "key.public_key",
            KeyField::Private => "key.private_key",
        }
    }

    /// Position in the form (focus order).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The next field (wrapping to the first).
    pub fn after(self) -> KeyField {
        KeyField::ALL[(self.index() + 1) % KeyField::ALL.len()]
    }

    /// The previous field (wrapping to the last).
    pub fn before(self) -> KeyField {
        KeyField::ALL[(self.index() + KeyField::ALL.len() - 1) % KeyField::ALL.len()]
    }
}

/// The form's fields, in [`KeyField`] order.
pub(super) fn fields(description: &str) -> [TextField; 3] {
    [
        TextField::new("Description", validate::key_description).with_value(description),
        TextField::new("Public key", |s| validate::api_key(s, "public")),
        TextField::new("Private key", |s| validate::api_key(s, "private")).secret(),
    ]
}

impl KeysStep {
    /// Pasting "public private" or two lines into the public field fills both.
    pub(super) fn paste_into_form(&mut self, text: &str) {
        let parts: Vec<&str> = text.split_whitespace().collect();
        let fits = text.len() <= MAX_PASTE_BYTES;
        if self.focus == KeyField::Public && parts.len() == 2 && fits {
            self.field_mut(KeyField::Public).set(parts[0]);
            self.field_mut(KeyField::Private).set(parts[1]);
            self.focus = KeyField::Private;
        } else {
            let focus = self.focus;
            self.field_mut(focus).paste(text.trim());
        }
        self.checks.clear();
    }
}
