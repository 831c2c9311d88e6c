//! What batch and `--plain` print for the admin's hands in ConnectWise: the role's rows still to
//! set (in the instance's own names) and where to create the key.

use super::quiet::say;
use crate::app::Wizard;
use crate::app::command::MemberField;
use crate::app::setup::Mode;
use crate::app::verify::{RowState, describe_levels};

/// The rows still to set in ConnectWise, and the customize items.
pub(super) fn print_levels(w: &Wizard) {
    let name = &w.setup.role.name;
    // Guided (no admin keys): the role may not exist yet, and only the admin can create it.
    let create = if w.setup.mode == Mode::Guided {
        " (+ creates it)"
    } else {
        ""
    };
    say!("  1. System > Security Roles > {name}{create}, set:");
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

/// What the admin does in ConnectWise before a run with the key: the key, after the role's
/// levels when they lag (assisted), and after the role and the member in guided mode.
pub(super) fn print_hands(w: &Wizard, plan: &super::plan::Plan) {
    match w.setup.mode {
        Mode::Assisted if !w.setup.role.all_match => {
            say!("… ConnectWise needs your hands, once, for two things:");
            print_levels(w);
            print_key_step(w, 2);
        }
        Mode::Guided => {
            say!("… ConnectWise needs your hands, once, for three things:");
            print_levels(w);
            print_guided(w, plan);
            print_key_step(w, 3);
        }
        _ => {
            say!("… step 3 needs your hands in ConnectWise:");
            print_key_step(w, 1);
        }
    }
}

/// Guided mode (no admin keys): the role and the API member are the admin's to create, as the
/// full screen's guided steps say; `plan`'s answers where it gives them.
fn print_guided(w: &Wizard, plan: &super::plan::Plan) {
    let role = &w.setup.role.name;
    say!("  2. System > Members > API Members > +, then Save:");
    let m = &w.setup.member;
    let pick = |f: MemberField, or: &str| {
        let given = plan.member.picks.iter().find(|(k, _)| *k == f);
        given.map_or(or.to_string(), |(_, v)| v.clone())
    };
    for (label, value) in [
        ("Member ID", m.identifier.clone()),
        ("Member Name", m.name.clone()),
        ("Email", m.email.clone()),
        ("Role ID", role.clone()),
        ("Level", pick(MemberField::Level, "Corporate (Level 1)")),
        (
            "Location",
            pick(MemberField::Location, "your main location (not blank)"),
        ),
        (
            "Business Unit",
            pick(MemberField::BusinessUnit, "e.g. Administration (not blank)"),
        ),
        ("Time Zone", pick(MemberField::TimeZone, "your own")),
    ] {
        if value.is_empty() {
            continue;
        }
        say!("     {label:<14} {value}");
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

/// Step 4 on premise, as the full screen shows it: each template's addresses to allow (or
/// "ask the vendor"); `templates show ID` has the sources and ready-to-paste rules. Nothing
/// on cloud.
pub(super) fn print_allow_list(w: &Wizard) {
    let cloud = w.setup.instance.as_ref().is_some_and(|i| i.is_cloud);
    let Some(merged) = w.merged.as_ref().filter(|_| !cloud) else {
        return;
    };
    if merged.allow_lists.is_empty() {
        return;
    }
    say!("… step 4, on premise: if a firewall filters ConnectWise by source IP, allow:");
    for (template, list) in &merged.allow_lists {
        if list.entries.is_empty() {
            let ask = "The vendor publishes no addresses: ask the vendor.";
            say!("  {template}: {}", list.note.as_deref().unwrap_or(ask));
            continue;
        }
        let addresses: Vec<String> = list
            .entries
            .iter()
            .map(|e| match &e.region {
                Some(r) => format!("{} ({r})", e.address),
                None => e.address.clone(),
            })
            .collect();
        say!("  {template}: {}", addresses.join(", "));
        if let Some(note) = &list.note {
            say!("    note: {note}");
        }
    }
}

/// The roles this setup left behind (a renamed role: `app::ownership::role_left_behind`), to
/// remove by hand; batch says it when the rename happens, `--plain` after its run.
pub fn print_left_behind(setup: &crate::app::setup::Setup) {
    for left in &setup.role.left_behind {
        println!(
            "Left behind: security role {} (id {}), created by this setup and no longer its role: remove it by hand in System > Security Roles.",
            left.name, left.id
        );
    }
}
