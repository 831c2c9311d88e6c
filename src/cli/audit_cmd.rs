//! `cw-onboard audit`: the least-privilege posture of a whole instance, read-only. Full screen,
//! `--plain` lines, `--json`, `--md FILE`. Exit 0 clean (or only medium/low findings), 3 with a
//! high finding, 1 on error, 2 when the command line lacks what it needs.

use super::{Exit, GlobalArgs};
use crate::audit::{Report, Severity, audit, render};
use crate::runtime::audit::{Target, local_setups, read_inventory};
use crate::secrets::KeyPair;
use crate::state::{Store, resolve_state_dir};
use clap::Args;
use std::io::{IsTerminal, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Args)]
pub struct AuditArgs {
    /// The ConnectWise site (default: the latest setup's).
    #[arg(long, value_name = "HOST")]
    pub site: Option<String>,
    /// The company ID you log in with (default: the latest setup's).
    #[arg(long, value_name = "ID")]
    pub company: Option<String>,
    /// Your clientId from developer.connectwise.com (default: the latest setup's).
    #[arg(long, value_name = "GUID")]
    pub client_id: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Write a Markdown report for your security lead to FILE (a new file).
    #[arg(long, value_name = "FILE")]
    pub md: Option<PathBuf>,
}

/// The exit code a report earns: 3 with any high finding.
pub fn exit_for(report: &Report) -> Exit {
    if report.worst() == Some(Severity::High) {
        Exit::Drift
    } else {
        Exit::Done
    }
}

/// Admin keys from `--admin-key-file` or the environment (already read), else asked for on a
/// terminal, the private key masked.
pub(super) fn admin_key(admin: Option<KeyPair>, no_input: bool) -> Result<KeyPair, Exit> {
    if let Some(pair) = admin {
        return Ok(pair);
    }
    if no_input || !std::io::stdin().is_terminal() {
        eprintln!(
            "error: the audit needs admin API keys: --admin-key-file FILE, or CW_ADMIN_PUBLIC_KEY and CW_ADMIN_PRIVATE_KEY."
        );
        return Err(Exit::Usage);
    }
    let asked = inquire::Text::new("Admin public key")
        .prompt()
        .and_then(|public| {
            inquire::Password::new("Admin private key")
                .without_confirmation()
                .with_display_mode(inquire::PasswordDisplayMode::Masked)
                .prompt()
                .map(|private| KeyPair::new(public.trim(), private.trim()))
        });
    asked.map_err(|e| match e {
        inquire::InquireError::OperationCanceled | inquire::InquireError::OperationInterrupted => {
            Exit::Cancelled
        }
        other => {
            eprintln!("error: {other}");
            Exit::Error
        }
    })
}

/// Writes `text` to a new file (never over one, never through a symlink), mode 0600; says so
/// when the file lands inside a git work tree.
pub fn write_new_file(path: &Path, text: &str) -> Result<Option<PathBuf>, String> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => format!("{} exists already: the report is never written over a file or through a link; choose a new name", path.display()),
            _ => format!("cannot write {}: {e}", path.display()),
        })?;
    file.write_all(text.as_bytes())
        .and_then(|_| file.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    Ok(absolute
        .ancestors()
        .skip(1)
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf))
}

/// The report full screen; a signal ends it like the wizard (terminal restored, exit 130).
async fn run_tui(report: Report) -> Result<Option<Exit>, String> {
    let mut screen = crate::ui::audit::AuditScreen::new(report);
    let end = super::screen_loop::run(&mut screen).await?;
    Ok(end.signalled().then_some(Exit::Cancelled))
}

pub async fn run(global: &GlobalArgs, args: AuditArgs, admin: Option<KeyPair>) -> Exit {
    let library = match super::wizard_cmd::load_library(global) {
        Ok(l) => l,
        Err(e) => return e,
    };
    let store = resolve_state_dir(global.state_dir.as_deref()).and_then(|d| Store::open(&d));
    let latest = store.as_ref().ok().and_then(|s| {
        s.list::<crate::app::setup::Setup>()
            .into_iter()
            .find_map(|l| l.summary)
    });
    let pick = |given: &Option<String>, from: fn(&crate::app::setup::Setup) -> &String| {
        given
            .clone()
            .or_else(|| latest.as_ref().map(from).filter(|v| !v.is_empty()).cloned())
    };
    let (Some(site), Some(company), Some(client_id)) = (
        pick(&args.site, |s| &s.site),
        pick(&args.company, |s| &s.company),
        pick(&args.client_id, |s| &s.client_id),
    ) else {
        eprintln!(
            "error: the audit needs --site HOST, --company ID and --client-id GUID (no setup on this machine to take them from)."
        );
        return Exit::Usage;
    };
    if let Err(e) = crate::app::validate::client_id(&client_id) {
        eprintln!("error: --client-id: {e}");
        return Exit::Usage;
    }
    let key = match admin_key(admin, global.no_input) {
        Ok(k) => k,
        Err(e) => return e,
    };
    let setups = match &store {
        Ok(s) => local_setups(s, &company),
        Err(e) => {
            eprintln!("warning: {e}; setups on this machine are not compared");
            Vec::new()
        }
    };
    let services = global.session_config().services();
    let target = Target {
        site: &site,
        company: &company,
        client_id: &client_id,
        key: &key,
    };
    let inventory = match read_inventory(&services.http, &target, setups).await {
        Ok(i) => i,
        Err(f) => {
            eprintln!("error: {}\n  {}", f.summary, f.advice);
            return Exit::Error;
        }
    };
    drop(key);
    let report = audit(&inventory, library.all());
    let exit = exit_for(&report);
    if let Some(path) = &args.md {
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        match write_new_file(path, &render::markdown(&report, &today)) {
            Ok(repo) => {
                eprintln!("Wrote the audit report to {}.", path.display());
                if let Some(repo) = repo {
                    eprintln!(
                        "note: {} is inside the git work tree {}: do not commit it (it lists the instance's weak spots).",
                        path.display(),
                        repo.display()
                    );
                }
            }
            Err(e) => {
                eprintln!("error: --md: {e}");
                return Exit::Error;
            }
        }
    }
    if args.json {
        println!("{}", render::json(&report));
    } else if global.plain
        || global.no_input
        || args.md.is_some()
        || !std::io::stdout().is_terminal()
        || super::wizard_cmd::plain_reason().is_some()
    {
        print!("{}", render::plain(&report));
    } else {
        match run_tui(report).await {
            Ok(Some(signalled)) => return signalled,
            Ok(None) => {}
            Err(e) => {
                eprintln!(
                    "error: the full screen failed ({e}); `--plain` prints the report as lines."
                );
                return Exit::Error;
            }
        }
    }
    exit
}

/// `cw-onboard demo --audit`: the audit of the sandbox's messy instance, in whichever front end
/// the terminal gets; this machine's real setups stay out of it (a temporary state dir).
pub async fn demo(global: &GlobalArgs) -> Exit {
    use crate::sandbox::{Sandbox, SandboxOptions, Seed};
    let sandbox = match Sandbox::start(SandboxOptions {
        seed: Seed::Messy,
        ..SandboxOptions::default()
    })
    .await
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot start the sandbox: {e}");
            return Exit::Error;
        }
    };
    let info = sandbox.info().clone();
    let state = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: no temporary directory for the demo: {e}");
            return Exit::Error;
        }
    };
    let global = GlobalArgs {
        state_dir: Some(state.path().to_path_buf()),
        ..global.clone()
    };
    let args = AuditArgs {
        site: Some(info.url.clone()),
        company: Some(info.company.clone()),
        client_id: Some(info.client_id.clone()),
        ..AuditArgs::default()
    };
    let admin = KeyPair::new(
        info.admin_public_key.clone(),
        info.admin_private_key.clone(),
    );
    let exit = run(&global, args, Some(admin)).await;
    sandbox.shutdown().await;
    exit
}
