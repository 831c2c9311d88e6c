//! Templates without permission rows: ConnectBooster's guides (seeds 000/001) define no API role
//! at all. A setup whose chosen templates ask for no row and no customize item needs no security
//! role, no API member and no key: the wizard says so and goes on to the template's manual
//! steps (allow-list, summary) instead of creating an empty role and a member for nothing. One
//! template that needs rows brings the steps back for the whole setup.

use super::Wizard;
use super::flow::{Flow, Go};
use super::keymap::{self, Binding, Intent};
use super::setup::StepId;
use super::steps::role::PhaseKind;
use crate::template::MergedTemplate;

/// Whether the merged templates ask for any API access: a permission row or a customize item,
/// counting optional features' rows even when they are off (a vendor that publishes rows needs
/// an API member; TimeZest's base rows live in its own app, its published rows are a feature).
pub fn api_access_needed(merged: &MergedTemplate) -> bool {
    merged.publishes_rows || !merged.permissions.is_empty() || !merged.customize.is_empty()
}

/// Whether templates `ids` (as a setup records them) need API access; None when one of them
/// is not in `library` (then nothing is assumed). `list` and `verify` ask this of a setup.
pub fn setup_needs_api_access(library: &crate::template::Library, ids: &[String]) -> Option<bool> {
    let chosen: Option<Vec<_>> = ids.iter().map(|id| library.get(id)).collect();
    let chosen = chosen.filter(|c| !c.is_empty())?;
    Some(api_access_needed(&crate::template::merge(&chosen)))
}

/// Why a recorded setup over `ids` has no role, member or key, when it has none.
pub fn setup_skip_reason(library: &crate::template::Library, ids: &[String]) -> Option<String> {
    let chosen: Option<Vec<_>> = ids.iter().map(|id| library.get(id)).collect();
    let merged = crate::template::merge(&chosen.filter(|c| !c.is_empty())?);
    (!api_access_needed(&merged)).then(|| why(&merged))
}

/// Why `rotate` has nothing to do for `setup`: its templates need no API access, so it has no
/// key (`resume` would not give it one).
pub fn nothing_to_rotate(
    library: &crate::template::Library,
    setup: &super::setup::Setup,
) -> Option<String> {
    let why = setup_skip_reason(library, &setup.templates)?;
    Some(format!(
        "setup {} has no API key to rotate: {why}",
        setup.id
    ))
}

/// `rotate` without a setup named takes the latest finished setup with a verified key.
pub fn rotatable(summary: &super::setup::SetupSummary) -> bool {
    summary.status == super::setup::SetupStatus::Done && summary.key.public_key.is_some()
}

/// What `rotate` without a setup named says when no setup qualifies.
pub const NOTHING_ROTATABLE: &str =
    "no finished setup with an API key to rotate; `cw-onboard list` shows them.";

/// The steps a setup over `merged` passes by: the role's create, the member and the key (the
/// role step itself stays: the templates are chosen there).
pub fn skipped(step: StepId, merged: Option<&MergedTemplate>) -> bool {
    matches!(step, StepId::Role | StepId::Member | StepId::Keys)
        && merged.is_some_and(|m| !api_access_needed(m))
}

/// What every front-end says when the steps are skipped.
pub fn why(merged: &MergedTemplate) -> String {
    let names = merged.names.join(" + ");
    let verb = if merged.names.len() == 1 {
        "publishes"
    } else {
        "publish"
    };
    format!(
        "{names} {verb} no API permissions: no security role, API member or key is needed, so \
         steps 1-3 are skipped. If the integration does need API access, ask the vendor for \
         its permission list."
    )
}

impl Wizard {
    /// Whether `step` is skipped for the chosen templates (drawn as skipped, passed by).
    pub fn skips(&self, step: StepId) -> bool {
        skipped(step, self.merged.as_ref())
    }

    /// Why steps 1-3 are skipped, when they are.
    pub fn skip_reason(&self) -> Option<String> {
        self.merged
            .as_ref()
            .filter(|m| !api_access_needed(m))
            .map(why)
    }

    /// The role step's keys when nothing is created there: Enter and ^N go on, ^P picks again.
    pub(super) fn role_without_rows_bindings(&self) -> Option<Vec<Binding>> {
        (self.step == StepId::Role
            && self.role.phase.kind() == PhaseKind::Checklist
            && self.skips(StepId::Role))
        .then(|| vec![keymap::ENTER_NEXT, keymap::NEXT_STEP, keymap::PREV_STEP])
    }

    /// The step after `from` going forward (`forward`) or back, past the skipped member and
    /// key steps. The role step is never passed by: its template picker is where the templates
    /// are changed.
    pub(super) fn neighbour(&self, from: StepId, forward: bool) -> Option<StepId> {
        let mut at = from;
        loop {
            at = if forward { at.next() } else { at.prev() }?;
            if at == StepId::Role || !self.skips(at) {
                return Some(at);
            }
        }
    }

    /// The role step with templates that need no API access: Enter or Next goes on to the
    /// allow-list at once (nothing is created). None when the role step handles the intent.
    pub(super) fn pass_role_without_rows(&mut self, intent: Intent) -> Option<Flow> {
        let passing = self.step == StepId::Role
            && self.role.phase.kind() == PhaseKind::Checklist
            && self.skips(StepId::Role)
            && matches!(intent, Intent::Submit | Intent::NextStep);
        passing.then(|| self.skip_on())
    }

    /// After the role step took an intent: a pick of templates that need no API access goes
    /// straight on, saying why.
    pub(super) fn after_pick(&mut self, intent: Intent, was: PhaseKind, flow: Flow) -> Flow {
        let picked = self.step == StepId::Role
            && was == PhaseKind::Pick
            && self.role.phase.kind() == PhaseKind::Checklist
            && matches!(intent, Intent::Submit | Intent::NextStep);
        if picked && self.skips(StepId::Role) {
            return flow.and(self.skip_on());
        }
        flow
    }

    /// On to the allow-list; its screen (and the stepper) says why steps 1-3 were passed by.
    fn skip_on(&self) -> Flow {
        Flow::go(Go::Next)
    }
}
