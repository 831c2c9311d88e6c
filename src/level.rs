//! Permission levels as ConnectWise names them (`None | My | All`), and the four columns of a
//! security-role row in the order the UI and the vendor guides use: Add, Edit, Delete, Inquire.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One permission level. Ordered: `None < My < All`, so "highest wins" is `max`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum Level {
    #[default]
    None,
    My,
    All,
}

impl Level {
    pub const ALL_LEVELS: [Level; 3] = [Level::None, Level::My, Level::All];

    /// Parses what people write in guides and templates: `None`, `-`, `—`, `My`, `Mine`, `All`
    /// (any case). Returns `None` for anything else.
    pub fn parse(text: &str) -> Option<Level> {
        match text.trim().to_ascii_lowercase().as_str() {
            "none" | "-" | "—" | "–" | "" => Some(Level::None),
            "my" | "mine" => Some(Level::My),
            "all" => Some(Level::All),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "None",
            Level::My => "My",
            Level::All => "All",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The four levels of one module function, in ConnectWise's column order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Levels {
    pub add: Level,
    pub edit: Level,
    pub delete: Level,
    pub inquire: Level,
}

/// Which of the four columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Column {
    Add,
    Edit,
    Delete,
    Inquire,
}

impl Column {
    pub const ALL: [Column; 4] = [Column::Add, Column::Edit, Column::Delete, Column::Inquire];

    pub fn label(self) -> &'static str {
        match self {
            Column::Add => "Add",
            Column::Edit => "Edit",
            Column::Delete => "Delete",
            Column::Inquire => "Inquire",
        }
    }
}

impl Levels {
    pub const NONE: Levels = Levels::uniform(Level::None);

    pub const fn new(add: Level, edit: Level, delete: Level, inquire: Level) -> Self {
        Levels {
            add,
            edit,
            delete,
            inquire,
        }
    }

    pub const fn uniform(level: Level) -> Self {
        Levels::new(level, level, level, level)
    }

    pub fn get(&self, column: Column) -> Level {
        match column {
            Column::Add => self.add,
            Column::Edit => self.edit,
            Column::Delete => self.delete,
            Column::Inquire => self.inquire,
        }
    }

    pub fn set(&mut self, column: Column, level: Level) {
        match column {
            Column::Add => self.add = level,
            Column::Edit => self.edit = level,
            Column::Delete => self.delete = level,
            Column::Inquire => self.inquire = level,
        }
    }

    pub fn is_none(&self) -> bool {
        *self == Levels::NONE
    }

    /// Cell-wise maximum: how several templates merge.
    pub fn max(self, other: Levels) -> Levels {
        Levels::new(
            self.add.max(other.add),
            self.edit.max(other.edit),
            self.delete.max(other.delete),
            self.inquire.max(other.inquire),
        )
    }

    /// How `actual` compares with `self` (the wanted levels), column by column.
    pub fn compare(&self, actual: &Levels) -> Comparison {
        let mut too_low = Vec::new();
        let mut too_high = Vec::new();
        for column in Column::ALL {
            let (want, have) = (self.get(column), actual.get(column));
            if have < want {
                too_low.push(column);
            } else if have > want {
                too_high.push(column);
            }
        }
        match (too_low.is_empty(), too_high.is_empty()) {
            (true, true) => Comparison::Matches,
            (false, _) => Comparison::TooLow(too_low),
            (true, false) => Comparison::TooHigh(too_high),
        }
    }
}

/// Result of comparing live levels with wanted levels. Too low wins over too high: a row that is
/// too low in one column breaks the integration, whatever else it grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Comparison {
    Matches,
    TooLow(Vec<Column>),
    TooHigh(Vec<Column>),
}

#[cfg(test)]
mod tests;
