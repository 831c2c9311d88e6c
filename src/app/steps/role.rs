//! Step 1: pick the template(s), name the role, and get its levels right. Assisted mode finds or
//! creates the role shell and reads its settings back every few seconds while the admin clicks
//! in ConnectWise; guided mode lets the admin tick the rows by hand.
//!
//! The step is in one of two phases, each carrying what only it means ([`Phase`]): the
//! template picker ([`picker`]) and the role checklist ([`checklist`]). What outlives a phase
//! stays on [`RoleStep`]: the templates chosen, the role's name, the role found on the
//! instance and the reads of its levels (a read or a poll in flight when the admin goes back to
//! the picker still lands, and the checklist shows the last read at once on return).

use crate::app::command::Command;
use crate::app::ctx::Ctx;
use crate::app::facts::{LiveRow, RoleFacts};
use crate::app::field::TextField;
use crate::app::flow::Flow;
use crate::app::keymap::{self, Binding, Intent};
use crate::app::load::Load;
use crate::app::msg::{Effect, Outcome, SandboxDone, Seq, TimerKind};
use crate::app::ownership::{self, RoleClaim};
use crate::app::setup::{Mode, ROLE_INTENT, Setup};
use crate::app::step::{Routed, Step};
use crate::app::validate;
use crate::app::verify::{self, ChecklistRow};

pub mod checklist;
mod claim;
mod commands;
pub mod features;
mod levels;
pub mod picker;
mod rename;
use crate::template::{MergedTemplate, Template, merge};
pub use checklist::Checklist;
pub use claim::{held_banner, held_sentence};
pub use commands::levels_to_set;
pub use levels::POLL_EVERY;
pub use picker::Picker;
use ratatui::crossterm::event::KeyEvent;

/// Where step 1 stands, with the data only that phase has.
#[derive(Debug, Clone)]
pub enum Phase {
    /// Choosing the template(s).
    Pick(Picker),
    /// The merged templates' rows against the role's levels.
    Checklist(Checklist),
}

/// Which phase, for comparing ([`Phase`] carries data, so it is not compared itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseKind {
    Pick,
    Checklist,
}

impl Phase {
    pub fn kind(&self) -> PhaseKind {
        match self {
            Phase::Pick(_) => PhaseKind::Pick,
            Phase::Checklist(_) => PhaseKind::Checklist,
        }
    }

    /// The picker: the one showing, or the one the checklist goes back to.
    fn picker_kept(&mut self) -> &mut Picker {
        match self {
            Phase::Pick(picker) => picker,
            Phase::Checklist(list) => &mut list.back,
        }
    }
}

#[derive(Debug, Clone)]
pub struct RoleStep {
    pub phase: Phase,
    /// Chosen template ids, in the order they were chosen.
    pub chosen: Vec<String>,
    pub role_name: TextField,
    pub role: Load<RoleFacts>,
    pub live: Load<Vec<LiveRow>>,
    /// The last settings read, kept while a new read is running.
    pub last_live: Option<Vec<LiveRow>>,
    pub sandbox: Load<()>,
    /// Batch: go on to the member once the role shell exists; its levels come later.
    pub deferred: bool,
    /// A role found under the name that is not ours (`app::ownership`): the verdict, and the
    /// role, until the admin adopts it (^Y) or types another name.
    pub found: Option<(RoleFacts, RoleClaim)>,
    /// The admin agreed up front to adopt an adoptable role of this name (batch `adopt_role`,
    /// a `--plain` yes).
    pub adopt_agreed: bool,
    /// The create of this name was recorded but unanswered in an earlier run.
    resumed: bool,
    /// This run recorded a create intent already.
    opened: bool,
    poll: Seq,
}

impl RoleStep {
    pub fn new(chosen: &[String], role_name: &str) -> RoleStep {
        RoleStep {
            phase: if chosen.is_empty() {
                Phase::Pick(Picker::default())
            } else {
                Phase::Checklist(Checklist::default())
            },
            chosen: chosen.to_vec(),
            role_name: TextField::new("Role name", validate::role_name).with_value(role_name),
            role: Load::Idle,
            live: Load::Idle,
            last_live: None,
            sandbox: Load::Idle,
            deferred: false,
            found: None,
            adopt_agreed: false,
            resumed: false,
            opened: false,
            poll: 0,
        }
    }

    /// The template picker, while it shows.
    pub fn picker(&self) -> Option<&Picker> {
        match &self.phase {
            Phase::Pick(picker) => Some(picker),
            Phase::Checklist(_) => None,
        }
    }

    /// The role checklist, while it shows.
    pub fn checklist(&self) -> Option<&Checklist> {
        match &self.phase {
            Phase::Checklist(list) => Some(list),
            Phase::Pick(_) => None,
        }
    }

    pub fn checklist_mut(&mut self) -> Option<&mut Checklist> {
        match &mut self.phase {
            Phase::Checklist(list) => Some(list),
            Phase::Pick(_) => None,
        }
    }

    /// On to the checklist, its first row highlighted; the picker is kept for ^P.
    fn open_checklist(&mut self) {
        let back = std::mem::take(self.phase.picker_kept());
        self.phase = Phase::Checklist(Checklist {
            cursor: 0,
            back,
            name_focused: false,
        });
    }

    fn remerge(&mut self, ctx: &mut Ctx) {
        let chosen: Vec<&Template> = self
            .chosen
            .iter()
            .filter_map(|id| ctx.library.get(id))
            .collect();
        if chosen.is_empty() {
            *ctx.merged = None;
            return;
        }
        ctx.setup.record_template_versions(&chosen);
        let featured: Vec<Template> = chosen
            .iter()
            .map(|t| ctx.setup.with_recorded_features(t))
            .collect();
        let merged = merge(&featured.iter().collect::<Vec<_>>());
        if self.role_name.value().is_empty() {
            self.role_name.set(&merged.role_name);
            if merged.role_name_needs_confirmation {
                self.role_name.note =
                    Some("several templates: confirm or change the merged role name".into());
            }
        }
        ctx.setup.templates = merged.ids.clone();
        ctx.setup.id = crate::app::setup::setup_id(&ctx.setup.company, &merged.ids);
        *ctx.merged = Some(merged);
    }

    pub fn rows(&self, merged: Option<&MergedTemplate>) -> Vec<ChecklistRow> {
        match merged {
            Some(merged) => verify::checklist(merged, self.last_live.as_deref()),
            None => Vec::new(),
        }
    }

    fn find_or_create(&mut self, ctx: &mut Ctx) -> Flow {
        let Ok(name) = self.role_name.validate() else {
            return Flow::none();
        };
        let Some(auth) = ctx.admin_auth() else {
            return Flow::none();
        };
        leave_behind(&mut ctx.setup.role, &name);
        ctx.setup.role.name = name.clone();
        self.found = None;
        // A create of this name left unanswered by an earlier run (a crash) may have landed;
        // one this run recorded proves nothing (a second Enter, a failed lookup).
        self.resumed = !self.opened && ownership::role_create_pending(ctx.setup, &name);
        self.opened = true;
        // Saved before the role may be created: a resume after a crash looks it up by name.
        ctx.setup.open_intent(ROLE_INTENT, &name);
        let seq = ctx.seq();
        self.role = Load::Loading { seq };
        Flow::effect(Effect::FindOrCreateRole { seq, auth, name })
    }

    pub fn on_done(&mut self, seq: Seq, outcome: Outcome, ctx: &mut Ctx) -> Flow {
        match outcome {
            Outcome::Role(result) => {
                if self.role.settle(seq, result)
                    && let Some(role) = self.role.ready().cloned()
                {
                    ctx.setup.close_intent(ROLE_INTENT);
                    let claim = ownership::claim_role(
                        &ctx.setup.role,
                        role.id,
                        &role.name,
                        role.created,
                        self.resumed,
                        &role.used,
                    );
                    return match claim {
                        RoleClaim::Ours => self.take(role, ctx),
                        RoleClaim::Adoptable { .. } if self.adopt_agreed => self.take(role, ctx),
                        claim => self.hold(role, claim, ctx),
                    };
                }
            }
            Outcome::RoleSettings(result) => return self.settings_read(seq, result, ctx),
            Outcome::Sandbox(result) => {
                let done = result.map(|_: SandboxDone| ());
                if self.sandbox.settle(seq, done)
                    && let Some(id) = self.role.ready().map(|r| r.id)
                {
                    return self.read_settings(id, ctx);
                }
            }
            _ => {}
        }
        Flow::none()
    }
}

/// Another name than the role this setup created: that role stays on the instance, recorded
/// as left behind (`ownership::role_left_behind` warns of it), not forgotten.
pub(super) fn leave_behind(record: &mut crate::app::setup::RoleAnswers, name: &str) {
    if ownership::role_left_behind(record, name).is_some()
        && let Some(id) = record.id.take()
    {
        let left = crate::app::setup::LeftRole {
            name: record.name.clone(),
            id,
        };
        record.left_behind.push(left);
        record.ours = false;
    }
}

impl Step for RoleStep {
    fn section(&self) -> &'static str {
        "role"
    }

    fn answers() -> &'static [&'static str] {
        commands::ANSWERS
    }

    fn apply(&mut self, command: Command, ctx: &mut Ctx) -> Routed {
        self.take_command(command, ctx)
    }

    fn key_command(
        &self,
        intent: Intent,
        setup: &Setup,
        merged: Option<&MergedTemplate>,
    ) -> Option<Command> {
        self.key_command_for(intent, setup, merged)
    }

    /// Called when the step becomes current: resumes polling in assisted mode.
    fn enter(&mut self, ctx: &mut Ctx) -> Flow {
        let checklist = self.phase.kind() == PhaseKind::Checklist;
        // Templates given up front (`new --template`, a resume) skip the pick: merge them and
        // default the role name here.
        if checklist && (ctx.merged.is_none() || self.role_name.value().is_empty()) {
            self.remerge(ctx);
        }
        // A role known from an earlier run is looked up again at once; a new one waits for the
        // admin to confirm its name with Enter.
        let known = ctx.setup.role.id.is_some();
        if checklist
            && ctx.setup.mode == Mode::Assisted
            && known
            && self.role.ready().is_none()
            && !self.role.is_loading()
        {
            return self.find_or_create(ctx);
        }
        if let Some(role) = self.role.ready() {
            let id = role.id;
            return self.read_settings(id, ctx);
        }
        Flow::none()
    }

    /// The footer's keys for the phase showing.
    fn bindings(&self, setup: &Setup, demo: bool) -> Vec<Binding> {
        match &self.phase {
            Phase::Pick(picker) => {
                let mut t = vec![
                    keymap::UP,
                    keymap::DOWN,
                    keymap::SPACE_TOGGLE,
                    keymap::ENTER_CONFIRM,
                ];
                picker.feature_bindings(&mut t);
                t.push(keymap::PREV_STEP);
                t
            }
            Phase::Checklist(list) => {
                let mut t = vec![keymap::UP, keymap::DOWN];
                match setup.mode {
                    Mode::Guided if list.name_focused => t.push(keymap::TAB_ROWS),
                    Mode::Guided => t.extend([keymap::SPACE_TOGGLE, keymap::TAB_NAME]),
                    Mode::Assisted => {
                        t.push(if self.role.ready().is_some() {
                            keymap::RECHECK
                        } else {
                            keymap::ENTER_CREATE
                        });
                        if matches!(self.found, Some((_, RoleClaim::Adoptable { .. }))) {
                            t.push(keymap::ADOPT);
                        }
                        if self.left_behind(setup).is_some() {
                            t.push(keymap::KEEP_NAME);
                        }
                        if demo && self.role.ready().is_some() {
                            t.push(keymap::DEMO);
                        }
                    }
                }
                t.extend([keymap::NEXT_STEP, keymap::PREV_STEP]);
                t
            }
        }
    }

    fn on_key(&mut self, key: KeyEvent, _ctx: &mut Ctx) -> Flow {
        match &mut self.phase {
            Phase::Pick(picker) => {
                if picker.query.handle_key(key) {
                    picker.cursor = 0;
                    picker.features.focused = false;
                }
            }
            Phase::Checklist(_) => {
                if self.role_name.handle_key(key) {
                    self.found = None;
                    self.adopt_agreed = false;
                    self.role = Load::Idle;
                    self.live = Load::Idle;
                    self.last_live = None;
                    // The recorded role stays recorded (typing its name back finds it as this
                    // setup's own); a lookup under another name replaces or drops it.
                }
            }
        }
        Flow::none()
    }

    fn on_paste(&mut self, text: &str, _ctx: &mut Ctx) -> Flow {
        match &mut self.phase {
            Phase::Pick(picker) => picker.query.paste(text),
            Phase::Checklist(_) => self.role_name.paste(text),
        }
        Flow::none()
    }

    fn on_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        let flow = match self.feature_intent(intent, ctx) {
            Some(flow) => flow,
            None => match self.phase.kind() {
                PhaseKind::Pick => self.on_pick_intent(intent, ctx),
                PhaseKind::Checklist => self.on_checklist_intent(intent, ctx),
            },
        };
        self.refresh_features(ctx);
        flow
    }

    fn on_timer(&mut self, seq: Seq, kind: TimerKind, ctx: &mut Ctx) -> Flow {
        if kind == TimerKind::PollRole
            && seq == self.poll
            && !self.live.is_loading()
            && let Some(id) = self.role.ready().map(|r| r.id)
        {
            return self.read_settings(id, ctx);
        }
        Flow::none()
    }

    fn cancel(&mut self) -> Vec<Effect> {
        let mut out = Vec::new();
        for load in [self.role.seq(), self.live.seq(), self.sandbox.seq()]
            .into_iter()
            .flatten()
        {
            out.push(Effect::Cancel { seq: load });
        }
        if self.role.is_loading() {
            self.role = Load::Idle;
        }
        if self.live.is_loading() {
            self.live = Load::Idle;
        }
        if self.sandbox.is_loading() {
            self.sandbox = Load::Idle;
        }
        self.poll = 0;
        out
    }

    fn is_busy(&self) -> bool {
        self.role.is_loading() || self.live.is_loading() || self.sandbox.is_loading()
    }
}
