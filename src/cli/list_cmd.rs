//! `cw-onboard list [--json]`: this machine's setups, newest first, with where each one is: a
//! step, done, retired, or a key rotation under way (and its stage), and the key's age.

use super::{Exit, GlobalArgs};
use crate::app::setup::{SetupStatus, SetupSummary};
use crate::state::Listed;
use crate::template::Library;

pub fn list(global: &GlobalArgs, json: bool) -> Exit {
    let store = match crate::session::open_store(&global.session_config()) {
        Ok(s) => s,
        Err(e) => return e.into(),
    };
    let listed: Vec<Listed<SetupSummary>> = store.list();
    let today = chrono::Local::now().date_naive();
    let age = |s: &SetupSummary| crate::app::key_age::age_days(s.key.handed_off_on, today);
    // A rotation under way on a setup that is not retired: its stage (id, words).
    let rotating = |s: &SetupSummary| {
        s.key
            .rotating
            .as_ref()
            .filter(|_| s.status != SetupStatus::Retired)
            .map(|r| r.stage())
    };
    if json {
        // A setup whose file cannot be read is listed with status "unreadable" and why.
        let rows: Vec<_> = listed
            .iter()
            .map(|l| match &l.summary {
                Some(s) => serde_json::json!({
                    "id": s.id, "site": s.site, "company": s.company, "templates": s.templates,
                    "status": match s.status { SetupStatus::Done => "done", SetupStatus::InProgress => "in_progress", SetupStatus::Retired => "retired" },
                    "rotating": rotating(s).map(|(id, _)| id),
                    "key_age_days": age(s),
                    "retired_on": s.retirement.retired_on.map(|d| d.to_string()),
                }),
                None => serde_json::json!({
                    "id": l.id, "status": "unreadable", "problem": l.problem,
                }),
            })
            .collect();
        println!("{}", serde_json::Value::Array(rows));
        return Exit::Done;
    }
    // Only to tell setups without API access apart; a template that does not load hides nothing.
    let library = Library::load(global.session_config().config_dir.as_deref())
        .ok()
        .map(|(library, _)| library);
    if listed.is_empty() {
        println!("No setups yet. `cw-onboard new` starts one, `cw-onboard demo` shows how.");
    }
    for l in &listed {
        match &l.summary {
            Some(s) => {
                let status = match (s.status, s.step, rotating(s)) {
                    (SetupStatus::Done, _, Some((_, stage))) => format!(
                        "rotating the key: {stage} (`cw-onboard rotate {}` continues)",
                        s.id
                    ),
                    (SetupStatus::Done, _, None) => "done".to_string(),
                    (SetupStatus::Retired, _, _) => match s.retirement.retired_on {
                        Some(on) => format!("retired {on}"),
                        None => "retired".to_string(),
                    },
                    (_, Some(step), _) => format!("at step {} ({})", step.number(), step.title()),
                    _ => "started".to_string(),
                };
                let no_api = library
                    .as_ref()
                    .and_then(|lib| crate::app::skip::setup_needs_api_access(lib, &s.templates))
                    == Some(false);
                // Retired, or rotating (the status says how it continues): no key-age advice.
                let note = if s.status == SetupStatus::Retired || rotating(s).is_some() {
                    String::new()
                } else if no_api {
                    // Nothing was created: no key whose age could matter.
                    " · no API key (the template publishes no API permissions)".to_string()
                } else {
                    crate::app::key_age::list_note(age(s))
                        .map(|n| format!(" · {n}"))
                        .unwrap_or_default()
                };
                println!("{:<40} {:<28} {status}{note}", s.id, s.site);
            }
            None => println!("{:<40} {}", l.id, l.problem.clone().unwrap_or_default()),
        }
    }
    Exit::Done
}
