//! The command line: clap definitions and dispatch. Secrets never come from argv (PRODUCT.md).

pub mod exit;
pub mod sandbox_cmd;
pub mod templates_cmd;
pub mod verify_cmd;
mod verify_drift;
pub mod wizard_cmd;

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
    /// A private CA (PEM) to trust for an on-premise instance.
    #[arg(long, global = true, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new setup.
    New(NewArgs),
    /// Resume an unfinished setup.
    Resume { setup: Option<String> },
    /// Re-run step 3 of a finished setup to rotate its key.
    Rotate { setup: Option<String> },
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
    Demo,
    /// Run the simulated ConnectWise instance alone.
    Sandbox(sandbox_cmd::SandboxArgs),
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
    let global = cli.global;
    let admin = match admin_keys(&global, env_keys.admin) {
        Ok(admin) => admin,
        Err(exit) => return exit,
    };
    let starts_a_setup = matches!(
        cli.command,
        None | Some(Command::New(_)) | Some(Command::Resume { .. })
    );
    if starts_a_setup && !global.no_input && (global.plain || wizard_cmd::wants_plain()) {
        let preset = match cli.command {
            Some(Command::New(args)) => args,
            _ => NewArgs::default(),
        };
        return runtime.block_on(crate::prompt::run(&global, preset, admin, env_keys.member));
    }
    let batch = global.no_input && starts_a_setup;
    if batch {
        let member = match &global.key_file {
            Some(path) => match crate::secrets::read_key_file(path) {
                Ok((pair, warnings)) => {
                    for w in warnings {
                        eprintln!("warning: {w}");
                    }
                    Some(pair)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    return Exit::Usage;
                }
            },
            None => env_keys.member,
        };
        return runtime.block_on(crate::batch::run(&global, admin, member));
    }
    match cli.command {
        None => runtime.block_on(wizard_cmd::default(&global, admin)),
        Some(Command::New(args)) => runtime.block_on(wizard_cmd::new(&global, args, admin)),
        Some(Command::Resume { setup }) => {
            runtime.block_on(wizard_cmd::resume(&global, setup, admin))
        }
        Some(Command::Demo) => runtime.block_on(wizard_cmd::demo(&global)),
        Some(Command::List { json }) => wizard_cmd::list(&global, json),
        Some(Command::Templates(args)) => templates_cmd::run(&global, args),
        Some(Command::Sandbox(args)) => runtime.block_on(sandbox_cmd::run(args)),
        Some(Command::Verify(args)) => {
            runtime.block_on(verify_cmd::run(&global, args, env_keys.member))
        }
        Some(Command::Rotate { setup }) => runtime.block_on(wizard_cmd::rotate(&global, setup)),
    }
}

/// Admin keys for assisted mode: `--admin-key-file`, else the environment, else none.
fn admin_keys(
    global: &GlobalArgs,
    from_env: Option<crate::secrets::KeyPair>,
) -> Result<Option<crate::secrets::KeyPair>, Exit> {
    match &global.admin_key_file {
        Some(path) => match crate::secrets::read_key_file(path) {
            Ok((pair, warnings)) => {
                for w in warnings {
                    eprintln!("warning: {w}");
                }
                Ok(Some(pair))
            }
            Err(e) => {
                eprintln!("error: {e}");
                Err(Exit::Usage)
            }
        },
        None => Ok(from_env),
    }
}
