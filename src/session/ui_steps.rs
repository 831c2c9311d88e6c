//! What batch and `--plain` print for the admin's hands in ConnectWise: the role's rows still to
//! set (in the instance's own names) and where to create the key.

use super::quiet::say;
use crate::app::Wizard;
use crate::app::verify::{RowState, describe_levels};

/// The rows still to set in ConnectWise, and the customize items.
pub(super) fn print_levels(w: &Wizard) {
    let name = &w.setup.role.name;
    say!("  1. System > Security Roles > {name}, set:");
    // An older instance's own names for renamed functions ("Product Entry" before 2017.5).
    let version = w.setup.instance.as_ref().map_or("", |i| i.version.as_str());
    for row in w.role.rows(w.merged.as_ref()) {
        let what = match row.state {
            RowState::Matches => continue,
            RowState::TooHigh(_) => "lower to",
            _ => "set to",
        };
        say!(
            "     {} / {}: {what} {}",
            row.function.module,
            crate::template::catalog::label_in_version(row.function, version),
            describe_levels(&row.wanted)
        );
    }
    if let Some(merged) = &w.merged {
        // What the vendor's page does not show: the rows above are not the whole list.
        for (name, gap) in &merged.gaps {
            say!("     Not covered ({name}): {gap}");
        }
        for c in &merged.customize {
            say!(
                "     {} / {} customize: {}",
                c.function.module,
                c.function.function,
                c.instruction()
            );
        }
    }
}

pub(super) fn print_key_step(w: &Wizard, n: usize) {
    say!(
        "  {n}. System > Members > API Members > {} > API Keys > +",
        w.setup.member.identifier
    );
    say!(
        "     Description: {}; press Save (not Save & Close: the private key is shown once).",
        w.keys
            .field(crate::app::steps::keys::KeyField::Description)
            .value()
    );
}
