//! `cw-onboard verify [SETUP | --all] [--json]`: a non-interactive live re-check; any failure or
//! drift exits 3.

use super::{Exit, GlobalArgs, VerifyArgs};
use crate::app::drift::{drift_kind, separate_template_drift};
use crate::app::setup::{Check, CheckStatus, Setup, SetupSummary};
use crate::runtime::api::Services;
use crate::runtime::checks::verify_setup;
use crate::runtime::saver::migrations;
use crate::secrets::KeyPair;
use crate::state::{Store, resolve_state_dir};
use crate::template::revision::{RevisionPair, then_and_now};
use crate::template::{merge, template_drift};
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
    let runs = ids.iter().map(|id| {
        let (store, library, keys, services) = (&store, &library, &keys, &services);
        async move {
            let mut revisions = Vec::new();
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
                        let (then, now, pairs, notes) = then_and_now(&chosen, |id| {
                            setup
                                .template_versions
                                .get(id)
                                .map(|v| (v.revision, v.features.iter().cloned().collect()))
                        });
                        let (then, now): (Vec<_>, Vec<_>) =
                            (then.iter().collect(), now.iter().collect());
                        let (then, now) = (merge(&then), merge(&now));
                        let checks = verify_setup(
                            &services.fresh(),
                            &setup,
                            &now,
                            keys.for_setup(&setup).as_ref(),
                        )
                        .await;
                        let drift = template_drift(&then, &now);
                        let mut checks =
                            separate_template_drift(checks, &drift, &revisions_text(&pairs));
                        checks.extend(notes.into_iter().map(|n| {
                            let mut c = failed("template-revision", n);
                            c.status = CheckStatus::Warn;
                            c
                        }));
                        checks.extend(unrecorded_changes(&chosen, &pairs));
                        revisions.extend(pairs);
                        checks
                    }
                }
                Err(e) => vec![failed("setup", e)],
            };
            (id.clone(), checks, revisions)
        }
    });
    let results = futures::future::join_all(runs).await;
    let ok = |checks: &[Check]| {
        checks
            .iter()
            .all(|c| matches!(c.status, CheckStatus::Pass | CheckStatus::Skip))
    };
    if args.json {
        let rows: Vec<_> = results
            .iter()
            .map(|(id, checks, revisions)| {
                json!({"setup": id, "ok": ok(checks),
                       "checks": checks.iter().map(check_json).collect::<Vec<_>>(),
                       "template_revisions": revisions.iter().map(|r| json!({"template": r.id,
                           "recorded": r.recorded.map(|d| d.to_string()), "current": r.current.to_string()})).collect::<Vec<_>>()})
            })
            .collect();
        let out = if args.all {
            json!(rows)
        } else {
            rows.into_iter().next().unwrap_or(json!(null))
        };
        println!("{out}");
    } else {
        for (id, checks, revisions) in &results {
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
            print!("{}", drift_summary(checks, revisions));
        }
    }
    if results.iter().all(|(_, c, _)| ok(c)) {
        Exit::Done
    } else {
        Exit::Drift
    }
}

/// A check as `--json` prints it; `drift` says "template" or "instance" for drift checks.
fn check_json(c: &Check) -> serde_json::Value {
    let mut v = json!({"id": c.id, "status": c.status, "detail": c.detail});
    if let Some(kind) = drift_kind(c) {
        v["drift"] = json!(kind);
    }
    v
}

/// "cw-kanban 2026-11-22 -> 2026-12-10" for the templates whose revision moved.
fn revisions_text(pairs: &[RevisionPair]) -> String {
    pairs
        .iter()
        .filter_map(|p| {
            p.recorded
                .filter(|r| *r != p.current)
                .map(|r| format!("{} {r} -> {}", p.id, p.current))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A template whose revision moved since the setup was made while its changelog records no
/// change: whatever it changed shows as instance drift. Said (as a skip), not failed.
fn unrecorded_changes(chosen: &[&crate::template::Template], pairs: &[RevisionPair]) -> Vec<Check> {
    pairs
        .iter()
        .filter_map(|p| {
            let recorded = p.recorded.filter(|r| *r < p.current)?;
            let t = chosen.iter().find(|t| t.id == p.id)?;
            t.changes_since(recorded).is_empty().then(|| Check {
                id: format!("template-changelog:{}", p.id),
                label: format!("{} changelog", p.id),
                status: CheckStatus::Skip,
                detail: format!(
                    "revision moved from {recorded} to {} but the changelog records no change since {recorded}: rows it changed show as instance drift",
                    p.current
                ),
                advice: Some("Add a [[changelog]] entry for the new revision (templates/README.md).".into()),
            })
        })
        .collect()
}

/// The two kinds of drift, counted, with where to see the template's difference.
fn drift_summary(checks: &[Check], revisions: &[RevisionPair]) -> String {
    let count = |kind| {
        checks
            .iter()
            .filter(|c| drift_kind(c) == Some(kind))
            .count()
    };
    let (template, instance) = (count("template"), count("instance"));
    let mut out = String::new();
    if template > 0 {
        out.push_str(&format!(
            "  template drift: {template} (the vendor's list changed since the setup was made)\n"
        ));
        for p in revisions {
            if let Some(r) = p.recorded.filter(|r| *r != p.current) {
                out.push_str(&format!(
                    "      `cw-onboard templates diff {} --since {r}` prints the checklist\n",
                    p.id
                ));
            }
        }
    }
    if instance > 0 {
        out.push_str(&format!(
            "  instance drift: {instance} (the role differs from the template: someone changed it)\n"
        ));
    }
    out
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
