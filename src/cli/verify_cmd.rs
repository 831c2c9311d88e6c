//! `cw-onboard verify [SETUP | --all] [--json] [--no-key] [--max-key-age DAYS]`: a
//! non-interactive live re-check. Drift (template or instance), a failed check or a key over
//! `--max-key-age` exits 3 (a key-age warning alone does not); an unreadable setup 1; an unknown
//! setup or no key 2 (unless `--no-key`, which says what it skipped and never claims `ok`).

use super::verify_drift::{check_json, drift_summary, revisions_json, verify_with_drift};
use super::{Exit, GlobalArgs, VerifyArgs};
use crate::app::key_age;
use crate::app::setup::{Check, CheckStatus, Setup, SetupSummary};
use crate::runtime::saver::migrations;
use crate::secrets::KeyPair;
use crate::state::{Store, resolve_state_dir};
use crate::template::revision::RevisionPair;
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

    /// The key for `setup`; with a directory, a missing `<setup>.toml` is said, not skipped.
    fn for_setup(&self, setup: &Setup) -> Result<Option<KeyPair>, String> {
        match self {
            KeySource::One(pair) => Ok(Some(pair.clone())),
            KeySource::Dir(dir) => {
                let path = dir.join(format!("{}.toml", setup.id));
                crate::secrets::read_key_file(&path)
                    .map(|(p, _)| Some(p))
                    .map_err(|e| format!("{e} (or pass --no-key to check the rest without it)"))
            }
            KeySource::None => Ok(None),
        }
    }
}

/// What `verify` without a key cannot check.
const SKIPPED_WITHOUT_KEY: &str =
    "the key itself, the member it belongs to, its role's levels, customize items and probes";

/// How to give the key, for the error when none was given.
pub const HOW_TO_GIVE_A_KEY: &str = "verify needs the API member's key: --key-file FILE (a directory of <setup>.toml with --all), CW_PUBLIC_KEY and CW_PRIVATE_KEY in the environment, or the key on stdin (two lines, or public:private). --no-key checks the rest without it.";

/// Why a setup could not be checked at all, with the exit code it calls for.
enum NotChecked {
    /// No such setup: exit 2.
    Unknown(String),
    /// The file is there but cannot be read: exit 1.
    Unreadable(String),
    /// No key for it (a directory without its file): exit 2.
    NoKey(String),
}

impl NotChecked {
    fn message(&self) -> &str {
        match self {
            NotChecked::Unknown(m) | NotChecked::Unreadable(m) | NotChecked::NoKey(m) => m,
        }
    }

    fn status(&self) -> &'static str {
        match self {
            NotChecked::Unknown(_) => "unknown",
            NotChecked::Unreadable(_) => "unreadable",
            NotChecked::NoKey(_) => "no_key",
        }
    }
}

fn load(store: &Store, id: &str) -> Result<Setup, NotChecked> {
    let mut lock = store
        .lock(id)
        .map_err(|e| NotChecked::Unreadable(e.to_string()))?;
    match store.load::<Setup>(&mut lock, &migrations()) {
        Ok(Some(l)) => {
            if let Some(note) = &l.recovered {
                eprintln!("warning: {note}");
            }
            Ok(l.value)
        }
        Ok(None) => Err(NotChecked::Unknown(format!(
            "no setup named {id}; see `cw-onboard list`"
        ))),
        Err(e) => Err(NotChecked::Unreadable(e.to_string())),
    }
}

/// The outcome of one setup.
struct Verified {
    id: String,
    checks: Result<Vec<Check>, NotChecked>,
    /// Each template's recorded and current revision.
    revisions: Vec<RevisionPair>,
    /// Days since the key was handed off; `None` when not recorded.
    key_age_days: Option<i64>,
    /// Retired (`cw-onboard retire`): not checked, said, exit 0.
    retired_on: Option<Option<chrono::NaiveDate>>,
    /// Template revisions this run recorded, the role matching them (`verify_accept`).
    recorded: Vec<super::verify_accept::Recorded>,
}

impl Verified {
    fn failed(&self) -> bool {
        match &self.checks {
            Ok(checks) => checks.iter().any(|c| {
                !matches!(c.status, CheckStatus::Pass | CheckStatus::Skip) && !key_age::advisory(c)
            }),
            Err(_) => true,
        }
    }

    fn skipped(&self) -> Vec<&Check> {
        match &self.checks {
            Ok(checks) => checks
                .iter()
                .filter(|c| c.status == CheckStatus::Skip)
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// `true` only when every check ran and passed; `null` (not claimed) when some were skipped.
    fn ok(&self) -> serde_json::Value {
        if self.failed() {
            json!(false)
        } else if self.skipped().is_empty() {
            json!(true)
        } else {
            serde_json::Value::Null
        }
    }

    fn json(&self) -> serde_json::Value {
        if let Some(on) = self.retired_on {
            return json!({
                "setup": self.id, "ok": null, "status": "retired",
                "retired_on": on.map(|d| d.to_string()), "checks": [],
                "key_age_days": null,
            });
        }
        match &self.checks {
            Ok(checks) => json!({
                "setup": self.id,
                "ok": self.ok(),
                "skipped": self.skipped().iter().map(|c| &c.id).collect::<Vec<_>>(),
                "checks": checks.iter().map(check_json).collect::<Vec<_>>(),
                "template_revisions": revisions_json(&self.revisions),
                "revisions_recorded": self.recorded.iter().map(|(t, from, to)| json!({
                    "template": t, "from": from.map(|d| d.to_string()), "to": to.to_string(),
                })).collect::<Vec<_>>(),
                "key_age_days": self.key_age_days,
            }),
            Err(why) => json!({
                "setup": self.id,
                "ok": false,
                "status": why.status(),
                "error": why.message(),
                "checks": [],
                "key_age_days": self.key_age_days,
            }),
        }
    }

    fn print(&self) {
        if let Some(on) = self.retired_on {
            let on = on.map(|d| format!(" on {d}")).unwrap_or_default();
            println!(
                "{}: retired{on}, not checked (its member was deactivated and its key proven refused; `cw-onboard list` shows it)",
                self.id
            );
            return;
        }
        let checks = match &self.checks {
            Ok(checks) => checks,
            // Said once, on stderr, with the exit code (`run`): not repeated on stdout.
            Err(_) => return,
        };
        let verdict = if let Some(c) = checks.iter().find(|c| c.id == NOTHING_TO_VERIFY) {
            format!("nothing to verify: {}", c.detail)
        } else if self.failed() {
            "FAILED or drifted".to_string()
        } else if self.skipped().is_empty() {
            "ok".to_string()
        } else {
            format!(
                "not fully verified: without a key (--no-key), {SKIPPED_WITHOUT_KEY} were not checked"
            )
        };
        println!("{}: {verdict}", self.id);
        for c in checks.iter().filter(|c| c.id != NOTHING_TO_VERIFY) {
            let mark = c.status.mark();
            println!("  {mark} {}: {}", c.label, c.detail);
            if let (Some(a), false) = (&c.advice, c.status == CheckStatus::Pass) {
                println!("      {a}");
            }
        }
        print!("{}", drift_summary(checks, &self.revisions));
        if !self.recorded.is_empty() {
            println!(
                "  template revision recorded: {} (the role matches the vendor's current list; no more template drift for it)",
                super::verify_accept::text(&self.recorded)
            );
        }
    }
}

/// Exit codes, worst first: unreadable setup 1, unknown setup or missing key 2, drift 3.
fn exit_of(results: &[Verified]) -> Exit {
    let any = |f: fn(&NotChecked) -> bool| {
        results
            .iter()
            .any(|r| r.checks.as_ref().err().is_some_and(f))
    };
    if any(|e| matches!(e, NotChecked::Unreadable(_))) {
        Exit::Error
    } else if any(|e| matches!(e, NotChecked::Unknown(_) | NotChecked::NoKey(_))) {
        Exit::Usage
    } else if results.iter().any(Verified::failed) {
        Exit::Drift
    } else {
        Exit::Done
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
    let listed = store.list::<SetupSummary>();
    // Files `list` cannot read are reported as such (exit 1), never left out or moved.
    let unreadable = |id: &str| {
        listed
            .iter()
            .find(|l| l.id == id && l.summary.is_none())
            .map(|l| {
                format!(
                    "{} ({})",
                    store.dir().join(format!("{id}.json")).display(),
                    l.problem.clone().unwrap_or_else(|| "unreadable".into())
                )
            })
    };
    let ids: Vec<String> = if args.all {
        listed.iter().map(|l| l.id.clone()).collect()
    } else {
        match args.setup.clone() {
            Some(id) => vec![id],
            None => match listed.iter().filter_map(|l| l.summary.as_ref()).next() {
                Some(s) => vec![s.id.clone()],
                None => {
                    eprintln!("error: no setups yet; `cw-onboard new` starts one.");
                    return Exit::Usage;
                }
            },
        }
    };
    // A retired setup is not checked, and one whose templates publish no API permissions has
    // no key to give (`app::skip`): neither needs a key.
    // An unknown setup needs none either: it is said as unknown (exit 2), not as a missing key.
    let needs_no_key = |id: &String| match load(&store, id) {
        Ok(setup) => {
            setup.status == crate::app::setup::SetupStatus::Retired
                || crate::app::skip::setup_skip_reason(&library, &setup.templates).is_some()
        }
        Err(why) => matches!(why, NotChecked::Unknown(_)),
    };
    let keys = if args.no_key {
        KeySource::None
    } else {
        match KeySource::resolve(global, from_env) {
            Ok(KeySource::None) if ids.iter().all(needs_no_key) => KeySource::None,
            Ok(KeySource::None) => {
                eprintln!("error: {HOW_TO_GIVE_A_KEY}");
                return Exit::Usage;
            }
            Ok(k) => k,
            Err(e) => {
                eprintln!("error: {e}");
                return Exit::Usage;
            }
        }
    };
    let services = global.session_config().services();
    let progress = super::progress::Progress::new(ids.len(), "verifying", args.json);
    let runs = ids.iter().map(|id| {
        let (store, library, keys, services) = (&store, &library, &keys, &services);
        let unreadable = unreadable(id);
        let progress = &progress;
        async move {
            let mut revisions = Vec::new();
            let mut key_age_days = None;
            let mut retired_on = None;
            let checks = async {
                if let Some(why) = unreadable {
                    return Err(NotChecked::Unreadable(why));
                }
                let setup = load(store, id)?;
                if setup.status == crate::app::setup::SetupStatus::Retired {
                    retired_on = Some(setup.retirement.as_ref().and_then(|r| r.retired_on));
                    return Ok(Vec::new());
                }
                key_age_days =
                    key_age::age_days(setup.key.handed_off_on, chrono::Local::now().date_naive());
                if let Some(why) = crate::app::skip::setup_skip_reason(library, &setup.templates) {
                    // Nothing was created, so there is no key, member or role to check.
                    return Ok(vec![nothing_to_verify(why)]);
                }
                let key = keys.for_setup(&setup).map_err(NotChecked::NoKey)?;
                let chosen: Vec<_> = setup
                    .templates
                    .iter()
                    .filter_map(|t| library.get(t))
                    .collect();
                if chosen.is_empty() {
                    return Ok(vec![failed(
                        "templates",
                        format!("none of {:?} is a known template", setup.templates),
                    )]);
                }
                let (checks, pairs) =
                    verify_with_drift(services, &setup, &chosen, key.as_ref()).await;
                revisions = pairs;
                Ok(checks
                    .into_iter()
                    .chain(key_age::check(id, key_age_days, args.max_key_age))
                    .collect())
            }
            .await;
            progress.done(id);
            Verified {
                id: id.clone(),
                checks,
                revisions,
                key_age_days,
                retired_on,
                recorded: Vec::new(),
            }
        }
    });
    let mut results = futures::future::join_all(runs).await;
    progress.finish();
    // Fully verified (with the key) and every check passed: the role matches the current
    // revisions, which the setup records from now on.
    for r in results.iter_mut() {
        let moves = super::verify_accept::outdated(&r.revisions);
        let full = r.retired_on.is_none() && r.checks.is_ok() && r.skipped().is_empty();
        if moves.is_empty() || !full || r.failed() {
            continue;
        }
        match super::verify_accept::record(&store, &r.id, &moves) {
            Ok(()) => r.recorded = moves,
            Err(e) => eprintln!(
                "warning: {}: the role matches template revision {}, but it was not recorded: {e}",
                r.id,
                super::verify_accept::text(&moves)
            ),
        }
    }
    if args.json {
        let rows: Vec<_> = results.iter().map(Verified::json).collect();
        let out = if args.all {
            json!(rows)
        } else {
            rows.into_iter().next().unwrap_or(json!(null))
        };
        println!("{out}");
    } else {
        for r in &results {
            r.print();
        }
    }
    for r in &results {
        if let Err(why) = &r.checks {
            eprintln!("error: {}: {}", r.id, why.message());
        }
    }
    exit_of(&results)
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

/// The id of the one "check" of a setup without API access: skipped, so `ok` is not claimed.
const NOTHING_TO_VERIFY: &str = "api-access";

fn nothing_to_verify(why: String) -> Check {
    Check {
        id: NOTHING_TO_VERIFY.into(),
        label: "API access".into(),
        status: CheckStatus::Skip,
        detail: format!("{why} This setup has no role, member or key on the instance."),
        advice: None,
    }
}
