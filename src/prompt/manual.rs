//! Step 5's manual-step inputs (e.g. ConnectBooster's portal URL), asked when the run stops
//! for them: each checked by its template's rule, as the full screen and batch check it. A
//! setup is done only once they are answered, in every front-end.

use super::{line, read};
use crate::session::plan::{RawAnswers, manual_inputs};
use crate::template::Library;
use inquire::InquireError;
use std::collections::BTreeMap;

/// Asks each input neither `raw` nor the setup (`given`) has an answer for; the answers go
/// into `raw.manual`, for the next attempt.
pub(super) fn ask(
    library: &Library,
    raw: &mut RawAnswers,
    given: &BTreeMap<String, String>,
) -> Result<bool, InquireError> {
    let chosen: Vec<_> = raw
        .templates
        .iter()
        .filter_map(|t| library.get(t))
        .collect();
    let merged = crate::template::merge(&chosen);
    for (key, input) in manual_inputs(&merged) {
        if raw.manual.contains_key(&key) || given.contains_key(&key) {
            continue;
        }
        let prompt = match &input.example {
            Some(e) => format!("? {} (e.g. {e}) › ", input.label),
            None => format!("? {} › ", input.label),
        };
        loop {
            let typed = read(&prompt, line::Echo::Plain)?;
            match input.validate(&typed) {
                Ok(value) => {
                    raw.manual.insert(key, value);
                    break;
                }
                Err(message) => eprintln!("✗ {message}"),
            }
        }
    }
    Ok(true)
}
