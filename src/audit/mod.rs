//! `cw-onboard audit`: the least-privilege posture of a whole instance (issue 13). Pure: a typed
//! [`Inventory`] in, a [`Report`] out (members matched to templates, rows missing and extra,
//! findings with severity); the renderers turn the report into JSON, Markdown and plain text.
//! The runtime (`runtime::audit`) reads the inventory; nothing here does I/O.

pub mod analysis;
pub mod findings;
pub mod inventory;
pub mod matching;
pub mod render;
mod rules;

pub use analysis::{MemberReport, Report, RoleReport, Row, audit};
pub use findings::{Code, Finding, Severity};
pub use inventory::{
    ApiMemberFacts, InstanceSummary, IntegratorLoginFacts, Inventory, LocalSetup, RoleInventory,
};

#[cfg(test)]
mod tests;
