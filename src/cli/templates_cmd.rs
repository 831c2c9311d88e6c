//! `cw-onboard templates list | show ID [--json] | check FILE`.

use super::{Exit, GlobalArgs};
use clap::Args;

#[derive(Debug, Clone, Default, Args)]
pub struct TemplatesArgs {}

pub fn run(_global: &GlobalArgs, _args: TemplatesArgs) -> Exit {
    eprintln!("error: templates are not built yet");
    Exit::Error
}
