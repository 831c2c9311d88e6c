//! `cw-onboard verify [SETUP | --all] [--json]`: a non-interactive live re-check; any failure or
//! drift exits 3.

use super::{Exit, GlobalArgs, VerifyArgs};
use crate::app::setup::{Check, CheckStatus, Setup, SetupSummary};
use crate::runtime::api::Services;
use crate::runtime::checks::verify_setup;
use crate::runtime::saver::migrations;
use crate::secrets::KeyPair;
use crate::state::{Store, resolve_state_dir};
use crate::template::merge;
use serde_json::json;
use std::io::{IsTerminal, Read};

/// The member key: `--key-file` (a file, or a directory of `<setup>.toml`), the environment, or stdin.
pub enum KeySource {
    One(KeyPair),
    Dir(std::path::PathBuf),
    None,
}

impl KeySource {
    pub fn resolve(global: &GlobalArgs, from_env: Option<KeyPair>) -> Result<KeySource, String> {
        if let Some(path) = &global.key_file {
            if path.is_dir() {
                return Ok(KeySource::Dir(path.clone()));
            }
            let (pair, warnings) =
                crate::secrets::read_key_file(path).map_err(|e| e.to_string())?;
            for w in warnings {
                eprintln!("warning: {w}");
            }
            return Ok(KeySource::One(pair));
        }
        if let Some(pair) = from_env {
            return Ok(KeySource::One(pair));
        }
        if !std::io::stdin().is_terminal() {
            let mut text = String::new();
            if std::io::stdin().read_to_string(&mut text).is_ok() && !text.trim().is_empty() {
                return crate::secrets::parse_key_text(&text)
                    .map(KeySource::One)
                    .map_err(|e| e.to_string());
            }
        }
        Ok(KeySource::None)
    }

    fn for_setup(&self, setup: &Setup) -> Option<KeyPair> {
        match self {
            KeySource::One(pair) => Some(pair.clone()),
            KeySource::Dir(dir) => {
                crate::secrets::read_key_file(&dir.join(format!("{}.toml", setup.id)))
                    .ok()
                    .map(|(p, _)| p)
            }
            KeySource::None => None,
        }
    }
}

fn load(store: &Store, id: &str) -> Result<Setup, String> {
    let mut lock = store.lock(id).map_err(|e| e.to_string())?;
    match store.load::<Setup>(&mut lock, &migrations()) {
        Ok(Some(l)) => Ok(l.value),
        Ok(None) => Err(format!("no setup {id}; `cw-onboard list` shows them")),
        Err(e) => Err(e.to_string()),
    }
}

pub async fn run(global: &GlobalArgs, args: VerifyArgs, from_env: Option<KeyPair>) -> Exit {
    let library = match super::wizard_cmd::load_library(global) {
        Ok(l) => l,
        Err(e) => return e,
    };
    let store = match resolve_state_dir(global.state_dir.as_deref()).and_then(|d| Store::open(&d)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Error;
        }
    };
    let keys = match KeySource::resolve(global, from_env) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Usage;
        }
    };
    let ids: Vec<String> = if args.all {
        store
            .list::<SetupSummary>()
            .into_iter()
            .filter_map(|l| l.summary.map(|s| s.id))
            .collect()
    } else {
        match args.setup.clone() {
            Some(id) => vec![id],
            None => match store
                .list::<SetupSummary>()
                .into_iter()
                .filter_map(|l| l.summary)
                .next()
            {
                Some(s) => vec![s.id],
                None => {
                    eprintln!("error: no setups yet; `cw-onboard new` starts one.");
                    return Exit::Usage;
                }
            },
        }
    };
    let services = Services::new(global);
    let progress = super::progress::Progress::new(ids.len(), "verifying", args.json);
    let runs = ids.iter().map(|id| {
        let (store, library, keys, services) = (&store, &library, &keys, &services);
        let progress = &progress;
        async move {
            let checks = match load(store, id) {
                Ok(setup) => {
                    let chosen: Vec<_> = setup
                        .templates
                        .iter()
                        .filter_map(|t| library.get(t))
                        .collect();
                    if chosen.is_empty() {
                        vec![failed(
                            "templates",
                            format!("none of {:?} is a known template", setup.templates),
                        )]
                    } else {
                        verify_setup(
                            &services.fresh(),
                            &setup,
                            &merge(&chosen),
                            keys.for_setup(&setup).as_ref(),
                        )
                        .await
                    }
                }
                Err(e) => vec![failed("setup", e)],
            };
            progress.done(id);
            (id.clone(), checks)
        }
    });
    let results = futures::future::join_all(runs).await;
    progress.finish();
    let ok = |checks: &[Check]| {
        checks
            .iter()
            .all(|c| matches!(c.status, CheckStatus::Pass | CheckStatus::Skip))
    };
    if args.json {
        let rows: Vec<_> = results
            .iter()
            .map(|(id, checks)| {
                json!({"setup": id, "ok": ok(checks), "checks": checks.iter().map(|c| json!({"id": c.id, "status": c.status, "detail": c.detail})).collect::<Vec<_>>()})
            })
            .collect();
        let out = if args.all {
            json!(rows)
        } else {
            rows.into_iter().next().unwrap_or(json!(null))
        };
        println!("{out}");
    } else {
        for (id, checks) in &results {
            println!(
                "{id}: {}",
                if ok(checks) {
                    "ok"
                } else {
                    "FAILED or drifted"
                }
            );
            for c in checks {
                let mark = c.status.mark();
                println!("  {mark} {}: {}", c.label, c.detail);
                if let (Some(a), false) = (&c.advice, c.status == CheckStatus::Pass) {
                    println!("      {a}");
                }
            }
        }
    }
    if results.iter().all(|(_, c)| ok(c)) {
        Exit::Done
    } else {
        Exit::Drift
    }
}

fn failed(id: &str, detail: String) -> Check {
    Check {
        id: id.into(),
        label: id.into(),
        status: CheckStatus::Fail,
        detail,
        advice: None,
    }
}
