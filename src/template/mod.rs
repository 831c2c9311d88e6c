//! Integration templates: the permission data of each integration, checked against the catalog.

pub mod catalog;
pub mod library;
pub mod matching;
pub mod merge;
pub mod model;
pub mod parse;
pub mod revision;

pub use library::{Library, TemplateError};
pub use merge::{MergedPermission, MergedTemplate, merge};
pub use model::*;
pub use parse::{Problem, parse_template};
pub use revision::{
    ChangelogEntry, CustomizeEdit, Diff, EditKind, RowEdit, diff_templates, template_drift,
};
