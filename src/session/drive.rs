//! One setup driven through the core's typed commands, without a terminal: batch mode runs it
//! once per invocation, the line prompts again after the admin has acted. Where ConnectWise
//! needs the admin's hands it prints the checklist and reports `Pending`.

use super::Outcome;
pub use super::order::Order;
use super::plan::Plan;
use super::quiet::say;
use super::ui_steps::{print_allow_list, print_hands, print_key_step, print_levels};
use crate::app::Wizard;
use crate::app::command::{Command, MemberDraft, Rejected};
use crate::app::setup::{CheckStatus, Mode, StepId};
use crate::app::steps::keys::done_earlier;
use crate::runtime::headless::{Headless, Stop};
use crate::secrets::KeyPair;

/// Why a run stopped before an outcome.
#[derive(Debug, Clone)]
pub enum Stopped {
    /// An answer the wizard did not take (a usage error: fix the answers file).
    Invalid(Rejected),
    /// The instance or a step failed; the message says what to do.
    Failed(String),
}

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stopped::Invalid(r) => r.fmt(f),
            Stopped::Failed(m) => f.write_str(m),
        }
    }
}

impl From<String> for Stopped {
    fn from(why: String) -> Stopped {
        Stopped::Failed(why)
    }
}

fn invalid(stop: Stop) -> Stopped {
    match stop {
        Stop::Rejected(r) => Stopped::Invalid(r),
        Stop::Stalled(m) => Stopped::Failed(m),
    }
}

/// A step that could not be completed: `step N: why`.
fn failed(step: StepId, h: &Headless) -> impl Fn(Stop) -> Stopped {
    let banner = h.wizard.banner.clone();
    move |stop| match stop {
        Stop::Rejected(r) => Stopped::Failed(format!("step {}: {}", step.number(), r.message)),
        Stop::Stalled(m) => Stopped::Failed(format!(
            "step {}: {}",
            step.number(),
            banner.clone().unwrap_or(m)
        )),
    }
}

fn why_not(h: &Headless, step: StepId) -> Stopped {
    let why = h
        .wizard
        .banner
        .clone()
        .or_else(|| {
            h.wizard
                .role
                .role
                .failure()
                .map(|f| format!("{} {}", f.summary, f.advice))
        })
        .or_else(|| {
            h.wizard
                .member
                .save
                .failure()
                .map(|f| format!("{} {}", f.summary, f.advice))
        })
        .unwrap_or_else(|| "the step could not be completed".into());
    Stopped::Failed(format!("step {}: {why}", step.number()))
}

/// A failed read of the role's levels stops the run (exit 1): the levels are unknown, not low.
fn unread(h: &Headless) -> Result<(), Stopped> {
    match h.wizard.role.unread() {
        Some(why) => Err(Stopped::Failed(format!("step 1: {why}"))),
        None => Ok(()),
    }
}

/// A role or member found that is not ours (`app::ownership`) stops the run before anything is
/// changed: a usage error naming the answers-file key (`role_name`, `adopt_role`,
/// `member.identifier`, `member.adopt`) with who holds it or what adopting it would change.
fn not_ours(h: &Headless) -> Result<(), Stopped> {
    role_not_ours(h)?;
    match h.wizard.member.held(&wanted(h)) {
        Some(r) => Err(Stopped::Invalid(r)),
        None => Ok(()),
    }
}

/// The role half of [`not_ours`]; levels first (`--plain`) judges the member at step 2.
fn role_not_ours(h: &Headless) -> Result<(), Stopped> {
    match h.wizard.role.held() {
        Some(r) => Err(Stopped::Invalid(r)),
        None => Ok(()),
    }
}

/// The setup with the role name wanted, for the member's differences before the role is
/// looked up (batch judges the member first).
fn wanted(h: &Headless) -> crate::app::setup::Setup {
    let mut setup = h.wizard.setup.clone();
    if setup.role.name.is_empty() {
        setup.role.name = h.wizard.role.role_name.value().trim().to_string();
    }
    setup
}

/// The differences adopting the member makes, printed before they are made.
fn print_adoption(h: &Headless) {
    use crate::app::ownership::MemberClaim;
    let setup = wanted(h);
    if h.wizard.member.claim(&setup) != Some(MemberClaim::Adoptable) {
        return;
    }
    let diffs = h.wizard.member.differences(&setup);
    say!(
        "… adopting API member {}{}",
        h.wizard.member.texts[crate::app::steps::member::IDENTIFIER].value(),
        if diffs.is_empty() {
            " (it already matches)"
        } else {
            ":"
        }
    );
    for d in diffs {
        say!("    {}: {} -> {}", d.field, d.existing, d.wanted);
    }
}

fn texts_only(draft: &MemberDraft) -> MemberDraft {
    MemberDraft {
        picks: Vec::new(),
        ..draft.clone()
    }
}

/// How a verified private key was handed off, for the record (`Command::HandedOff`), or the
/// outcome that ends the run instead (the admin quit the hand-off).
pub type HandOff<'a> = &'a mut dyn FnMut(&Headless, &KeyPair) -> Result<String, Outcome>;

/// Batch mode's record: the key came from its key source (a file or the environment).
fn from_key_source(_: &Headless, _: &KeyPair) -> Result<String, Outcome> {
    Ok("supplied by the batch run's key source".into())
}

/// Runs the setup as far as it goes without the admin's hands.
pub async fn drive(
    h: &mut Headless,
    plan: &Plan,
    admin: Option<&KeyPair>,
    key: Option<KeyPair>,
    order: Order,
) -> Result<Outcome, Stopped> {
    drive_handing_off(h, plan, admin, key, order, &mut from_key_source).await
}

/// [`drive`], with the verified key handed off by `handoff` (the line prompts ask the admin).
pub async fn drive_handing_off(
    h: &mut Headless,
    plan: &Plan,
    admin: Option<&KeyPair>,
    key: Option<KeyPair>,
    order: Order,
    handoff: HandOff<'_>,
) -> Result<Outcome, Stopped> {
    if order == Order::OneVisit
        && let Some(admin) = admin
        && let Some(outcome) = second_run(h, plan, admin, key.clone(), handoff).await?
    {
        return Ok(outcome);
    }
    // Step 0: the instance (and the admin keys, for assisted mode); `Connect` starts the
    // checks, so the wizard's own start (a check of the recorded answers) would be a repeat.
    let connect = Command::Connect {
        site: plan.site.clone(),
        company: plan.company.clone(),
        client_id: plan.client_id.clone(),
        admin: admin.cloned(),
    };
    h.apply(connect).await.map_err(invalid)?;
    h.apply(Command::Next)
        .await
        .map_err(failed(StepId::Instance, h))?;
    let assisted = h.wizard.setup.mode == Mode::Assisted;
    order.progress(format!(
        "✓ step 0: {} ({})",
        h.wizard.setup.site,
        if assisted { "assisted" } else { "guided" }
    ));
    // Step 1: the role.
    // The optional features are part of the setup record; the checklist merges them in.
    let chosen: Vec<_> = plan
        .templates
        .iter()
        .filter_map(|id| h.wizard.library.get(id))
        .collect();
    h.wizard
        .setup
        .choose_features(&chosen, &plan.features)
        .map_err(|e| format!("features: {e}"))?;
    h.apply(Command::ChooseTemplates(plan.templates.clone()))
        .await
        .map_err(invalid)?;
    if let Some(name) = &plan.role_name {
        let before = h.wizard.setup.role.left_behind.len();
        h.apply(Command::NameRole(name.clone()))
            .await
            .map_err(invalid)?;
        if h.wizard.setup.role.left_behind.len() > before {
            super::ui_steps::print_left_behind(&h.wizard.setup);
        }
    }
    if let Some(outcome) = super::no_api::without_api_access(h, plan, order).await {
        return outcome;
    }
    if assisted && plan.adopt_role {
        h.apply(Command::AdoptRole).await.map_err(invalid)?;
    }
    match (assisted, order) {
        (true, Order::OneVisit) => {
            // Every answer is checked against the instance before anything is created.
            h.apply(Command::SetMember(texts_only(&plan.member)))
                .await
                .map_err(invalid)?;
            h.apply(Command::LoadMemberLists).await.map_err(invalid)?;
            if let Some(f) = h.wizard.member.lists.failure() {
                return Err(Stopped::Failed(format!(
                    "step 2: {} {}",
                    f.summary, f.advice
                )));
            }
            h.apply(Command::SetMember(plan.member.clone()))
                .await
                .map_err(invalid)?;
            if plan.adopt_member {
                h.apply(Command::AdoptMember).await.map_err(invalid)?;
            }
            // The member is judged before the role shell is created: nothing is made for a
            // setup that cannot go on.
            not_ours(h)?;
            h.apply(Command::DeferLevels)
                .await
                .map_err(failed(StepId::Role, h))?;
            not_ours(h)?;
            unread(h)?;
        }
        (true, Order::LevelsFirst) => {
            h.apply(Command::CreateRole)
                .await
                .map_err(failed(StepId::Role, h))?;
            role_not_ours(h)?;
            unread(h)?;
            if h.wizard.role.role.ready().is_some() && !h.wizard.setup.role.all_match {
                say!("… step 1 needs your hands in ConnectWise:");
                print_levels(&h.wizard);
                order.again("Then run the same command again.");
                return Ok(Outcome::Pending);
            }
            h.apply(Command::Next)
                .await
                .map_err(failed(StepId::Role, h))?;
        }
        (false, _) => {
            h.apply(Command::ConfirmLevelsSet).await.map_err(invalid)?;
            h.apply(Command::Next)
                .await
                .map_err(failed(StepId::Role, h))?;
        }
    }
    if h.wizard.step != StepId::Member {
        return Err(why_not(h, StepId::Role));
    }
    order.progress(format!("✓ step 1: role {}", h.wizard.setup.role.name));
    // A Partial template's rows are not the whole list: say what the vendor's page leaves out.
    for (name, gap) in h.wizard.merged.iter().flat_map(|m| &m.gaps) {
        order.progress(format!("  Not covered ({name}): {gap}"));
    }
    // Step 2: the member. The ID first, so the member found under it is known (and its
    // values fill the blank pick lists) before the rest is set.
    // A pick list still open is asked about by the full set below, once the member is known.
    match h.apply(Command::SetMember(texts_only(&plan.member))).await {
        Ok(_) | Err(Stop::Rejected(_)) => {}
        Err(stop) => return Err(invalid(stop)),
    }
    h.apply(Command::SetMember(plan.member.clone()))
        .await
        .map_err(invalid)?;
    if assisted {
        if plan.adopt_member {
            h.apply(Command::AdoptMember).await.map_err(invalid)?;
        }
        not_ours(h)?;
        print_adoption(h);
    }
    h.apply(Command::Next)
        .await
        .map_err(failed(StepId::Member, h))?;
    if h.wizard.step != StepId::Keys {
        return Err(why_not(h, StepId::Member));
    }
    order.progress(format!(
        "✓ step 2: member {}",
        h.wizard.setup.member.identifier
    ));
    key_step(h, plan, key, order, handoff).await
}

/// A second run of batch mode: the role shell and the member exist, so only the levels and
/// the key are checked, at once (one round trip). None when the record does not allow it.
async fn second_run(
    h: &mut Headless,
    plan: &Plan,
    admin: &KeyPair,
    key: Option<KeyPair>,
    handoff: HandOff<'_>,
) -> Result<Option<Outcome>, Stopped> {
    let setup = h.wizard.setup.clone();
    // A changed answer (a renamed role too: the walk records the role left behind) takes the
    // whole walk, not the recorded shortcut.
    let renamed = plan
        .role_name
        .as_ref()
        .is_some_and(|name| name.as_str() != setup.role.name);
    if setup.templates != plan.templates
        || setup.site != plan.site.as_str()
        || setup.client_id != plan.client_id.as_str()
        || renamed
    {
        return Ok(None);
    }
    if crate::runtime::net::services::recorded_target(&setup).is_none() {
        return Ok(None);
    }
    let Some(wizard) = Wizard::at_keys(h.wizard.library.clone(), setup.clone(), admin) else {
        return Ok(None);
    };
    let today = std::mem::take(&mut h.wizard.today);
    h.wizard = wizard;
    h.wizard.today = today;
    // Each step's line once, in order: step 1 only after its levels are read.
    say!("✓ step 0: {} (recorded)", setup.site);
    let member_line = || say!("✓ step 2: member {} (recorded)", setup.member.identifier);
    if key.is_none() && done_earlier(&h.wizard.setup) {
        say!("✓ step 1: role {} (recorded)", setup.role.name);
        member_line();
        return key_step(h, plan, None, Order::OneVisit, handoff)
            .await
            .map(Some);
    }
    let mut commands = vec![Command::ReadLevels];
    // The key waits for the role only when ConnectWise lags behind a change it already shows.
    h.retry_lag = false;
    if let Some(pair) = &key {
        commands.push(Command::SubmitKey(pair.clone()));
    }
    h.apply_together(commands).await.map_err(invalid)?;
    h.retry_lag = true;
    unread(h)?;
    if !h.wizard.setup.role.all_match {
        say!("… step 1: the role's levels are not all set yet:");
        print_levels(&h.wizard);
        if key.is_none() {
            print_key_step(&h.wizard, 2);
        }
        say!("Then run the same command again.");
        return Ok(Some(Outcome::Pending));
    }
    say!("✓ step 1: role {} matches the template", setup.role.name);
    member_line();
    let Some(pair) = key else {
        print_key_step(&h.wizard, 1);
        say!("Then run again with --key-file FILE (or CW_PUBLIC_KEY / CW_PRIVATE_KEY).");
        return Ok(Some(Outcome::Pending));
    };
    if h.wizard.keys.pending().is_none() {
        // Checked before the levels were read: again, now that the role is known to match
        // (this time waiting out ConnectWise's lag).
        h.apply(Command::SubmitKey(pair.clone()))
            .await
            .map_err(invalid)?;
    }
    hand_off(h, plan, &pair, Order::OneVisit, handoff)
        .await
        .map(Some)
}

/// Step 3 with the key given (or verified in an earlier run), then the rest.
async fn key_step(
    h: &mut Headless,
    plan: &Plan,
    key: Option<KeyPair>,
    order: Order,
    handoff: HandOff<'_>,
) -> Result<Outcome, Stopped> {
    if key.is_none() && done_earlier(&h.wizard.setup) {
        h.apply(Command::Next)
            .await
            .map_err(failed(StepId::Keys, h))?;
        say!(
            "✓ step 3: key {} verified earlier",
            h.wizard.setup.key.public_key.as_deref().unwrap_or_default()
        );
        return finish(h, plan, order).await;
    }
    let Some(pair) = key else {
        print_hands(&h.wizard, plan);
        order.again("Then run again with --key-file FILE (or CW_PUBLIC_KEY / CW_PRIVATE_KEY).");
        return Ok(Outcome::Pending);
    };
    h.apply(Command::SubmitKey(pair.clone()))
        .await
        .map_err(invalid)?;
    hand_off(h, plan, &pair, order, handoff).await
}

/// The key's checks printed; a verified key is handed off by `handoff`, as it records.
async fn hand_off(
    h: &mut Headless,
    plan: &Plan,
    pair: &KeyPair,
    order: Order,
    handoff: HandOff<'_>,
) -> Result<Outcome, Stopped> {
    for c in &h.wizard.keys.checks {
        say!("  {} {}: {}", c.status.mark(), c.label, c.detail);
        if let (Some(a), false) = (&c.advice, c.status == CheckStatus::Pass) {
            say!("      {a}");
        }
    }
    if h.wizard.keys.pending().is_none() {
        return Ok(Outcome::Drift);
    }
    let how = match handoff(h, pair) {
        Ok(how) => how,
        Err(outcome) => return Ok(outcome),
    };
    h.apply(Command::HandedOff(how)).await.map_err(invalid)?;
    say!("✓ step 3: key {} verified", pair.public);
    finish(h, plan, order).await
}

/// Steps 4 and 5: allow-list notes, manual inputs, export.
pub(super) async fn finish(
    h: &mut Headless,
    plan: &Plan,
    order: Order,
) -> Result<Outcome, Stopped> {
    if h.wizard.step == StepId::AllowList {
        print_allow_list(&h.wizard);
        h.apply(Command::Next)
            .await
            .map_err(failed(StepId::AllowList, h))?;
    }
    for (key, value) in &plan.manual {
        h.apply(Command::SetManualInput {
            key: key.clone(),
            value: value.clone(),
        })
        .await
        .map_err(invalid)?;
    }
    let unanswered = h.wizard.summary.unanswered(&h.wizard.setup);
    if !unanswered.is_empty() {
        // Like the admin's work in ConnectWise: pending (exit 4), never "done" without them.
        say!("… step 5 waits for the answers of its manual steps:");
        for f in unanswered {
            say!("  {}{}", f.field.label, order.manual_key(&f.key));
        }
        return Ok(Outcome::Pending);
    }
    h.apply(Command::Export).await.map_err(invalid)?;
    if let Some(paths) = h.wizard.summary.exported.ready() {
        say!("✓ summary: {}", paths.join(", "));
    }
    h.apply(Command::Next)
        .await
        .map_err(failed(StepId::Summary, h))?;
    match h.exit {
        Some(crate::app::Exit::Finished) => {
            if let Some(why) = h.wizard.summary.export_failed(&h.wizard.setup.id) {
                // The setup is done and saved; only its summary is missing: not "done", exit 1.
                return Err(Stopped::Failed(format!("step 5: {why}")));
            }
            say!("Setup {} is done.", h.wizard.setup.id);
            Ok(Outcome::Done)
        }
        _ => Err(why_not(h, StepId::Summary)),
    }
}
