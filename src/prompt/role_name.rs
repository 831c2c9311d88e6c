//! The security role's name in `--plain`. On `resume`, another name than the role this setup
//! created would leave that role on the instance, unrecorded (`app::ownership` says so): the
//! admin is warned and chooses to keep the recorded name or go on (the summary then names
//! the role left behind).

use super::{Preset, ask};
use crate::app::ownership::role_left_behind;
use crate::app::validate;
use inquire::InquireError;

/// Asks for the role's name (`default` offered); a rename of the recorded role is confirmed.
pub(super) fn ask_role_name(preset: &Preset, default: &str) -> Result<String, InquireError> {
    let name = ask("Security role name", default, validate::role_name)?;
    let Some(record) = &preset.role else {
        return Ok(name);
    };
    let Some(warning) = role_left_behind(record, &name) else {
        return Ok(name);
    };
    eprintln!("warning: {warning}");
    let keep = super::choose::confirm(&format!("Keep the recorded name {}?", record.name), true)?;
    if keep {
        return Ok(record.name.clone());
    }
    println!(
        "… going on with {name}; {} is left behind (the summary names it).",
        record.name
    );
    Ok(name)
}
