//! The command line: clap definitions and dispatch. Secrets never come from argv (PRODUCT.md).

pub mod adopt_cmd;
pub mod audit_cmd;
mod broken_pipe;
pub mod demo_cmd;
pub mod exit;
pub mod list_cmd;
pub mod progress;
pub mod retire_cmd;
pub mod sandbox_cmd;
mod screen_loop;
pub mod shell_cmd;
pub mod templates_cmd;
pub mod verify_accept;
pub mod verify_cmd;
mod verify_drift;
pub mod wizard_cmd;
mod wizard_end;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

pub use exit::Exit;

#[derive(Debug, Parser)]
#[command(
    name = "cw-onboard",
    version,
    about = "Give a third-party integration least-privilege API access to ConnectWise PSA, checked live."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Default, Args)]
pub struct GlobalArgs {
    /// Where setups are kept (default: $XDG_STATE_HOME/cw-onboard).
    #[arg(long, global = true, env = "CW_ONBOARD_STATE_DIR", value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// cw-onboard's config directory: your templates are read from DIR/templates/*.toml
    /// (default DIR: $XDG_CONFIG_HOME/cw-onboard).
    #[arg(long, global = true, env = "CW_ONBOARD_CONFIG_DIR", value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// Line prompts instead of the full-screen wizard.
    #[arg(long, global = true)]
    pub plain: bool,
    /// Never prompt (batch mode); needs --answers.
    #[arg(long, global = true)]
    pub no_input: bool,
    /// Answers for batch mode (TOML, the wizard's field names).
    #[arg(long, global = true, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Key pair for the API member (TOML with public_key and private_key).
    #[arg(long, global = true, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// Admin key pair for assisted mode (TOML with public_key and private_key).
    #[arg(long, global = true, value_name = "FILE")]
    pub admin_key_file: Option<PathBuf>,
    /// `rotate --no-input`: the old key pair, to prove each retire stage (refused once inactive
    /// and once deleted; working again after --undo). Never stored.
    #[arg(long, global = true, value_name = "FILE")]
    pub old_key_file: Option<PathBuf>,
    /// A private CA (PEM) to trust for an on-premise instance.
    #[arg(long, global = true, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// Set for `cw-onboard demo` (never a flag): its setup is temporary.
    #[arg(skip)]
    pub demo: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new setup.
    New(NewArgs),
    /// Resume an unfinished setup.
    Resume { setup: Option<String> },
    /// Re-run step 3 of a finished setup to rotate its key.
    Rotate {
        setup: Option<String>,
        /// With --no-input: re-activate the old key, inactive and refused (the vendor broke).
        /// The wizard and --plain offer it on screen.
        #[arg(long)]
        undo: bool,
    },
    /// Re-check a setup live against the instance; drift exits 3.
    Verify(VerifyArgs),
    /// List setups and their status.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Integration templates.
    Templates(templates_cmd::TemplatesArgs),
    /// The wizard against the built-in sandbox: no instance needed.
    Demo {
        /// Audit the sandbox's messy instance straight away (the start screen offers both).
        #[arg(long)]
        audit: bool,
    },
    /// Run the simulated ConnectWise instance alone.
    Sandbox(sandbox_cmd::SandboxArgs),
    /// Print a shell completion script (e.g. `source <(cw-onboard completions bash)`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `cw-onboard man | man -l -`.
    Man,
    /// Audit every API member, role and integrator login of an instance (read-only); a high
    /// finding exits 3.
    Audit(audit_cmd::AuditArgs),
    /// Offboard an integration: its API member deactivated, its role deleted when no other
    /// member uses it, its key proven refused; the setup is kept, marked retired.
    Retire(retire_cmd::RetireArgs),
}

#[derive(Debug, Clone, Default, Args)]
pub struct NewArgs {
    /// Template id (repeat to merge several).
    #[arg(long = "template", value_name = "ID")]
    pub templates: Vec<String>,
    /// The ConnectWise site, as you would type it in a browser.
    #[arg(long, value_name = "HOST")]
    pub site: Option<String>,
    /// The company ID you log in with.
    #[arg(long, value_name = "ID")]
    pub company: Option<String>,
    /// Switch on an optional template feature (`templates show ID` lists them), as FEATURE
    /// or TEMPLATE:FEATURE; repeat for several.
    #[arg(long = "feature", value_name = "FEATURE")]
    pub features: Vec<String>,
    /// Your clientId (a GUID from developer.connectwise.com).
    #[arg(long, value_name = "GUID")]
    pub client_id: Option<String>,
    /// Start from an existing API member (as `audit` lists them): its role and the
    /// best-matching template (or --template), checked step by step. In --no-input the flag
    /// is the yes to adopting MEMBER (and its role, when nobody else holds it).
    #[arg(long, value_name = "MEMBER")]
    pub adopt: Option<String>,
}

#[derive(Debug, Clone, Default, Args)]
pub struct VerifyArgs {
    pub setup: Option<String>,
    /// Check every setup, concurrently.
    #[arg(long, conflicts_with = "setup")]
    pub all: bool,
    #[arg(long)]
    pub json: bool,
    /// Check without the member's key (instance only); the output says what was skipped.
    #[arg(long)]
    pub no_key: bool,
    /// Fail (drift, exit 3) when a setup's key was handed off more than DAYS ago.
    #[arg(long, value_name = "DAYS")]
    pub max_key_age: Option<u32>,
}

/// Entry point of the binary.
pub fn main() -> std::process::ExitCode {
    // Before any thread exists: harden the process and take keys out of the environment.
    for warning in crate::secrets::harden_process() {
        eprintln!("warning: {warning}");
    }
    let env_keys = crate::secrets::EnvKeys::take();
    // Panic and error reports; the terminal guard chains its restoring hook after this one.
    if let Err(err) = color_eyre::install() {
        eprintln!("warning: no panic reports: {err}");
    }
    broken_pipe::quiet_on_broken_pipe();
    for problem in &env_keys.problems {
        eprintln!("warning: {problem}");
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let usage = err.use_stderr();
            let _ = err.print();
            return if usage { Exit::Usage } else { Exit::Done }.into();
        }
    };
    run(cli, env_keys).into()
}

fn run(cli: Cli, env_keys: crate::secrets::EnvKeys) -> Exit {
    // Generated text only: no runtime, no keys.
    match cli.command {
        Some(Command::Completions { shell }) => return shell_cmd::completions(shell),
        Some(Command::Man) => return shell_cmd::man(),
        _ => {}
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return Exit::Error;
        }
    };
    // Kept until the run ends: the demo's state dir, when it gets a temporary one.
    let (global, _demo_state) = match demo_state(cli.global, &cli.command) {
        Ok(g) => g,
        Err(exit) => return exit,
    };
    let admin = match admin_keys(&global, env_keys.admin) {
        Ok(admin) => admin,
        Err(exit) => return exit,
    };
    let starts_a_setup = matches!(
        cli.command,
        None | Some(Command::New(_)) | Some(Command::Resume { .. })
    );
    if let Some(Command::Demo { audit: true }) = &cli.command {
        return runtime.block_on(audit_cmd::demo(&global));
    }
    let config = global.session_config();
    let interactive = starts_a_setup
        || matches!(
            cli.command,
            Some(Command::Demo { .. } | Command::Rotate { .. })
        );
    let plain = interactive
        && !global.no_input
        && (global.plain || {
            let reason = wizard_cmd::plain_reason();
            if let Some(why) = &reason {
                eprintln!("{why}: using line prompts (--plain).");
            }
            reason.is_some()
        });
    if plain && matches!(cli.command, Some(Command::Demo { .. })) {
        return runtime.block_on(demo_cmd::plain(&global, &config));
    }
    if let Some(Command::Rotate { undo: true, .. }) = &cli.command
        && !global.no_input
    {
        eprintln!(
            "error: --undo is for --no-input; the wizard (^Z) and --plain offer undo on screen."
        );
        return Exit::Usage;
    }
    if let (true, Some(Command::Rotate { setup, .. })) = (plain, &cli.command) {
        return runtime
            .block_on(crate::prompt::rotate::run(&config, setup.as_deref()))
            .into();
    }
    if let (true, Some(Command::Demo { .. })) = (global.no_input, &cli.command) {
        return runtime
            .block_on(crate::batch::demo(&config, global.answers.as_deref()))
            .into();
    }
    if let (true, Some(Command::Rotate { setup, undo })) = (global.no_input, &cli.command) {
        let keys = crate::session::key_source(global.key_file.as_deref(), env_keys.member)
            .and_then(|new| {
                crate::session::key_source(global.old_key_file.as_deref(), None)
                    .map(|old| (new, old))
            });
        let (new, old) = match keys {
            Ok(k) => k,
            Err(outcome) => return outcome.into(),
        };
        return runtime
            .block_on(crate::batch::rotate(
                &config,
                setup.as_deref(),
                new,
                old,
                *undo,
            ))
            .into();
    }
    if let (true, Some(Command::Resume { setup })) = (plain, &cli.command) {
        return runtime
            .block_on(crate::prompt::resume(
                &config,
                setup.as_deref(),
                admin,
                env_keys.member,
            ))
            .into();
    }
    if let (true, Some(Command::New(args))) = (plain || global.no_input, &cli.command)
        && args.adopt.is_some()
    {
        let args = args.clone();
        return runtime.block_on(async {
            let key = match crate::session::key_source(global.key_file.as_deref(), env_keys.member)
            {
                Ok(key) => key,
                Err(outcome) => return outcome.into(),
            };
            if plain {
                adopt_cmd::plain(&global, args, admin, key).await
            } else {
                adopt_cmd::batch(&global, args, admin, key).await
            }
        });
    }
    if plain {
        let preset = match cli.command {
            Some(Command::New(args)) => args.preset(),
            _ => crate::prompt::Preset::default(),
        };
        return runtime
            .block_on(crate::prompt::run(&config, preset, admin, env_keys.member))
            .into();
    }
    if global.no_input && starts_a_setup {
        // A named setup is read first: a retired or unknown one is said as such (exit 2),
        // not as a missing answers file.
        if let Some(Command::Resume { setup: Some(id) }) = &cli.command
            && let Err(outcome) = crate::session::recorded(&config, Some(id))
        {
            return outcome.into();
        }
        let member = match crate::session::key_source(global.key_file.as_deref(), env_keys.member) {
            Ok(member) => member,
            Err(outcome) => return outcome.into(),
        };
        return runtime
            .block_on(crate::batch::run(
                &config,
                global.answers.as_deref(),
                admin,
                member,
            ))
            .into();
    }
    match cli.command {
        None => runtime.block_on(wizard_cmd::default(&global, admin)),
        Some(Command::New(args)) => runtime.block_on(wizard_cmd::new(&global, args, admin)),
        Some(Command::Resume { setup }) => {
            runtime.block_on(wizard_cmd::resume(&global, setup, admin))
        }
        Some(Command::Demo { audit: false }) => runtime.block_on(demo_cmd::full_screen(&global)),
        Some(Command::Demo { audit: true }) => runtime.block_on(audit_cmd::demo(&global)),
        Some(Command::List { json }) => list_cmd::list(&global, json),
        Some(Command::Templates(args)) => templates_cmd::run(&global, args),
        Some(Command::Sandbox(args)) => runtime.block_on(sandbox_cmd::run(args)),
        Some(Command::Verify(args)) => {
            runtime.block_on(verify_cmd::run(&global, args, env_keys.member))
        }
        Some(Command::Rotate { setup, .. }) => runtime.block_on(wizard_cmd::rotate(&global, setup)),
        Some(Command::Completions { .. } | Command::Man) => Exit::Done,
        Some(Command::Audit(args)) => runtime.block_on(audit_cmd::run(&global, args, admin)),
        Some(Command::Retire(args)) => {
            let member =
                match crate::session::key_source(global.key_file.as_deref(), env_keys.member) {
                    Ok(m) => m,
                    Err(outcome) => return outcome.into(),
                };
            runtime.block_on(retire_cmd::run(&global, args, admin, member))
        }
    }
}

/// Admin keys for assisted mode: `--admin-key-file`, else the environment, else none.
/// The demo's setup belongs to its sandbox and ends with it: unless a state dir was given
/// (`--state-dir`, `CW_ONBOARD_STATE_DIR`), it is kept in a temporary one, so this machine's
/// setups (`list`, `verify --all`, a bare `cw-onboard` resuming the latest) never meet a
/// setup whose instance is gone.
fn demo_state(
    global: GlobalArgs,
    command: &Option<Command>,
) -> Result<(GlobalArgs, Option<tempfile::TempDir>), Exit> {
    if !matches!(command, Some(Command::Demo { .. })) {
        return Ok((global, None));
    }
    let global = GlobalArgs {
        demo: true,
        ..global
    };
    if global.state_dir.is_some() {
        return Ok((global, None));
    }
    let dir = tempfile::tempdir().map_err(|e| {
        eprintln!("error: no temporary directory for the demo: {e}");
        Exit::Error
    })?;
    let global = GlobalArgs {
        state_dir: Some(dir.path().to_path_buf()),
        ..global
    };
    Ok((global, Some(dir)))
}

fn admin_keys(
    global: &GlobalArgs,
    from_env: Option<crate::secrets::KeyPair>,
) -> Result<Option<crate::secrets::KeyPair>, Exit> {
    crate::session::key_source(global.admin_key_file.as_deref(), from_env).map_err(Exit::from)
}

impl GlobalArgs {
    /// The plain settings below `cli`.
    pub fn session_config(&self) -> crate::session::SessionConfig {
        crate::session::SessionConfig {
            state_dir: self.state_dir.clone(),
            config_dir: self.config_dir.clone(),
            ca_file: self.ca_file.clone(),
            demo: self.demo,
        }
    }
}

impl NewArgs {
    pub fn preset(self) -> crate::prompt::Preset {
        crate::prompt::Preset {
            templates: self.templates,
            site: self.site,
            company: self.company,
            client_id: self.client_id,
            features: self.features,
            ..crate::prompt::Preset::default()
        }
    }
}
