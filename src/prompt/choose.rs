//! `--plain`'s yes/no questions and pick lists. On a capable terminal they are inquire's; on a
//! dumb one (`TERM=dumb` or unset), whose terminal cannot move the cursor, inquire's redraws
//! come out as escape codes and each pasted character is a key press, so the questions are
//! asked as plain lines instead: read whole (a paste is one answer) by [`super::read`], a
//! list numbered, Enter taking the default.

use super::{line, read};
use inquire::list_option::ListOption;
use inquire::validator::Validation;
use inquire::{Confirm, InquireError, MultiSelect, Select};

/// The terminal cannot draw inquire's prompts: `TERM` is `dumb` or unset.
pub(crate) fn dumb() -> bool {
    std::env::var("TERM").map_or(true, |t| t == "dumb")
}

/// A yes/no question; Enter takes `default`.
pub(crate) fn confirm(question: &str, default: bool) -> Result<bool, InquireError> {
    if !dumb() {
        return Confirm::new(question).with_default(default).prompt();
    }
    let hint = if default { "Y/n" } else { "y/N" };
    loop {
        let typed = read(&format!("? {question} ({hint}) › "), line::Echo::Plain)?;
        match yes_no(&typed, default) {
            Some(answer) => return Ok(answer),
            None => eprintln!("✗ Answer y or n (Enter: {hint})."),
        }
    }
}

/// `typed` as a yes/no answer (empty: `default`); None when it is neither.
pub(crate) fn yes_no(typed: &str, default: bool) -> Option<bool> {
    match typed.trim().to_ascii_lowercase().as_str() {
        "" => Some(default),
        "y" | "yes" => Some(true),
        "n" | "no" => Some(false),
        _ => None,
    }
}

/// One of `options`; the cursor (or, on a dumb terminal, the default) starts at `start`.
pub(crate) fn select(
    question: &str,
    options: Vec<String>,
    start: usize,
) -> Result<String, InquireError> {
    if !dumb() {
        return Select::new(question, options)
            .with_starting_cursor(start)
            .prompt();
    }
    // The list first, then the question beside the answer (a long list scrolls it away).
    for (n, option) in options.iter().enumerate() {
        let default = if n == start { "  (default)" } else { "" };
        println!("  {}. {option}{default}", n + 1);
    }
    let prompt = format!("? {question} number or name (Enter: {}) › ", start + 1);
    loop {
        let typed = read(&prompt, line::Echo::Plain)?;
        match pick(&options, &typed, start) {
            Some(n) => return Ok(options[n].clone()),
            None => eprintln!(
                "✗ Type a number from 1 to {}, or a name from the list.",
                options.len()
            ),
        }
    }
}

/// Where a pick list's cursor starts: on the answer `resume` recorded, when the instance
/// still lists it; else on the first.
pub(crate) fn recorded_pick(
    recorded: &[(crate::app::command::MemberField, String)],
    field: crate::app::command::MemberField,
    choices: &[String],
) -> usize {
    recorded
        .iter()
        .find(|(f, _)| *f == field)
        .and_then(|(_, name)| choices.iter().position(|c| c == name))
        .unwrap_or(0)
}

/// The option `typed` names: Enter the default, a number, a name (any case), or the start of
/// only one name. None when it names none, or several.
pub(crate) fn pick(options: &[String], typed: &str, default: usize) -> Option<usize> {
    let typed = typed.trim();
    if typed.is_empty() {
        return (default < options.len()).then_some(default);
    }
    if let Ok(n) = typed.parse::<usize>() {
        return (1..=options.len()).contains(&n).then(|| n - 1);
    }
    let lower = typed.to_lowercase();
    if let Some(n) = options.iter().position(|o| o.to_lowercase() == lower) {
        return Some(n);
    }
    // The start of only one name, else a part of only one (`kanban` for `cw-kanban · …`).
    let only = |found: &mut dyn Iterator<Item = usize>| match (found.next(), found.next()) {
        (Some(n), None) => Some(n),
        _ => None,
    };
    let named = |test: &dyn Fn(&str) -> bool| {
        let mut found = (0..options.len()).filter(|&n| test(&options[n].to_lowercase()));
        only(&mut found)
    };
    let starts = options.iter().any(|o| o.to_lowercase().starts_with(&lower));
    match starts {
        true => named(&|o| o.starts_with(&lower)),
        false => named(&|o| o.contains(&lower)),
    }
}

/// Several of `options` (`ticked` to start with); `at_least_one` refuses none.
pub(crate) fn multi(
    question: &str,
    options: Vec<String>,
    ticked: &[usize],
    at_least_one: bool,
) -> Result<Vec<String>, InquireError> {
    if !dumb() {
        let mut asked = MultiSelect::new(question, options).with_default(ticked);
        if at_least_one {
            asked = asked.with_validator(|chosen: &[ListOption<&String>]| {
                Ok(match chosen.is_empty() {
                    true => Validation::Invalid("Pick at least one with Space.".into()),
                    false => Validation::Valid,
                })
            });
        }
        return asked.prompt();
    }
    for (n, option) in options.iter().enumerate() {
        let mark = if ticked.contains(&n) { "[x]" } else { "[ ]" };
        println!("  {mark} {}. {option}", n + 1);
    }
    let keep = match (ticked.is_empty(), at_least_one) {
        (false, _) => "Enter: as ticked",
        (true, false) => "Enter: none",
        (true, true) => "at least one",
    };
    let prompt = format!("? {question} numbers or names, commas between ({keep}) › ");
    loop {
        let typed = read(&prompt, line::Echo::Plain)?;
        let chosen: Result<Vec<usize>, String> = match typed.trim() {
            "" => Ok(ticked.to_vec()),
            all => all
                .split(',')
                .filter(|item| !item.trim().is_empty())
                .map(|item| pick(&options, item, usize::MAX).ok_or(item.trim().to_string()))
                .collect(),
        };
        match chosen {
            Ok(chosen) if chosen.is_empty() && at_least_one => eprintln!("✗ Pick at least one."),
            Ok(mut chosen) => {
                chosen.sort_unstable();
                chosen.dedup();
                return Ok(chosen.into_iter().map(|n| options[n].clone()).collect());
            }
            Err(item) => eprintln!(
                "✗ \"{item}\" is not one of the list: type its number or more of its name."
            ),
        }
    }
}

#[cfg(test)]
mod tests;
