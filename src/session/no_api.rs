//! A setup whose templates need no API access (`app::skip`, e.g. ConnectBooster): batch and
//! the line prompts say why nothing is created, print the template's manual steps, and finish
//! with the allow-list and the summary (exit 0), creating no role, member or key.

use super::Outcome;
use super::drive::{Order, Stopped, finish};
use super::plan::Plan;
use crate::app::command::Command;
use crate::app::setup::StepId;
use crate::runtime::headless::Headless;

/// Steps 1-3 passed by: the reason, the manual steps, then steps 4 and 5. None when the
/// chosen templates need API access (the usual steps run).
pub async fn without_api_access(
    h: &mut Headless,
    plan: &Plan,
    order: Order,
) -> Option<Result<Outcome, Stopped>> {
    let why = h.wizard.skip_reason()?;
    println!("– steps 1-3 skipped: {why}");
    if let Err(stop) = h.apply(Command::Next).await {
        return Some(Err(Stopped::Failed(format!("step 1: {stop}"))));
    }
    if h.wizard.step != StepId::AllowList {
        return Some(Err(Stopped::Failed(
            "step 1: the wizard did not go on to the allow-list".into(),
        )));
    }
    print_manual_steps(h);
    Some(finish(h, plan, order).await)
}

fn print_manual_steps(h: &Headless) {
    let Some(merged) = &h.wizard.merged else {
        return;
    };
    if merged.manual_steps.is_empty() {
        return;
    }
    println!("Manual steps (outside ConnectWise's API; also in the summary):");
    for (n, (template, step)) in merged.manual_steps.iter().enumerate() {
        println!("  {}. {} ({template})", n + 1, step.title);
        println!("     {}", step.instructions);
    }
}
