//! Step 1: pick the template(s), name the role, and get its levels right. Assisted mode finds or
//! creates the role shell and reads its settings back every few seconds while the admin clicks
//! in ConnectWise; guided mode lets the admin tick the rows by hand.

use crate::app::ctx::Ctx;
use crate::app::facts::{FailureKind, LiveRow, RoleFacts};
use crate::app::field::TextField;
use crate::app::flow::{Flow, Go};
use crate::app::keymap::Intent;
use crate::app::load::Load;
use crate::app::msg::{Effect, Outcome, SandboxAction, SandboxDone, Seq, TimerKind};
use crate::app::ownership::{self, RoleClaim};
use crate::app::setup::{Mode, ROLE_INTENT};
use crate::app::validate;
use crate::app::verify::{self, ChecklistRow, RowState};

mod bindings;
mod claim;
mod commands;
pub mod features;
use crate::template::{MergedTemplate, Template, merge};
pub use claim::{held_banner, held_sentence};
pub use commands::levels_to_set;
use ratatui::crossterm::event::KeyEvent;
use std::time::Duration;

pub const POLL_EVERY: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Pick,
    Checklist,
}

#[derive(Debug, Clone)]
pub struct RoleStep {
    pub phase: Phase,
    /// Search text of the template picker.
    pub query: TextField,
    /// Highlighted line of the picker, or of the checklist.
    pub cursor: usize,
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
    /// The picker's list of the chosen templates' optional features.
    pub features: features::FeatureList,
    poll: Seq,
}

fn search(_: &str) -> validate::Valid {
    Ok(String::new())
}

impl RoleStep {
    pub fn new(chosen: &[String], role_name: &str) -> RoleStep {
        RoleStep {
            phase: if chosen.is_empty() {
                Phase::Pick
            } else {
                Phase::Checklist
            },
            query: TextField::new("Search", search).placeholder("type to filter"),
            cursor: 0,
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
            features: Default::default(),
            poll: 0,
        }
    }

    pub fn is_busy(&self) -> bool {
        self.role.is_loading() || self.live.is_loading() || self.sandbox.is_loading()
    }

    /// Called when the step becomes current: resumes polling in assisted mode.
    pub fn enter(&mut self, ctx: &mut Ctx) -> Flow {
        // Templates given up front (`new --template`, a resume) skip the pick: merge them and
        // default the role name here.
        if self.phase == Phase::Checklist
            && (ctx.merged.is_none() || self.role_name.value().is_empty())
        {
            self.remerge(ctx);
        }
        // A role known from an earlier run is looked up again at once; a new one waits for the
        // admin to confirm its name with Enter.
        let known = ctx.setup.role.id.is_some();
        if self.phase == Phase::Checklist
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

    pub fn on_key(&mut self, key: KeyEvent, _ctx: &mut Ctx) -> Flow {
        match self.phase {
            Phase::Pick => {
                if self.query.handle_key(key) {
                    self.cursor = 0;
                    self.features.focused = false;
                }
            }
            Phase::Checklist => {
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

    pub fn on_paste(&mut self, text: &str, _ctx: &mut Ctx) -> Flow {
        match self.phase {
            Phase::Pick => self.query.paste(text),
            Phase::Checklist => self.role_name.paste(text),
        }
        Flow::none()
    }

    pub fn on_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        let flow = match self.feature_intent(intent, ctx) {
            Some(flow) => flow,
            None => self.on_step_intent(intent, ctx),
        };
        self.refresh_features(ctx);
        flow
    }

    fn on_step_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        match (self.phase, intent) {
            (Phase::Pick, Intent::Up) => self.cursor = self.cursor.saturating_sub(1),
            (Phase::Pick, Intent::Down) => {
                let n = self.matches(ctx.library.all()).len();
                self.cursor = (self.cursor + 1).min(n.saturating_sub(1));
            }
            (Phase::Pick, Intent::Toggle) => self.toggle_highlighted(ctx),
            (Phase::Pick, Intent::Submit | Intent::NextStep) => {
                if self.chosen.is_empty() {
                    self.toggle_highlighted(ctx);
                }
                if self.chosen.is_empty() {
                    return Flow::banner(
                        "No template matches: clear the search, then pick one with Space.",
                    );
                }
                self.role_name.clear();
                self.remerge(ctx);
                self.phase = Phase::Checklist;
                self.cursor = 0;
                return self.enter(ctx);
            }
            (Phase::Checklist, Intent::Up) => self.cursor = self.cursor.saturating_sub(1),
            (Phase::Checklist, Intent::Down) => {
                let n = self.rows(ctx.merged.as_ref()).len();
                self.cursor = (self.cursor + 1).min(n.saturating_sub(1));
            }
            (Phase::Checklist, Intent::Toggle) if ctx.setup.mode == Mode::Guided => {
                if let Some(row) = self.rows(ctx.merged.as_ref()).get(self.cursor) {
                    let key = format!("{} / {}", row.function.module, row.function.function);
                    if !ctx.setup.role.ticked.remove(&key) {
                        ctx.setup.role.ticked.insert(key);
                    }
                }
            }
            (Phase::Checklist, Intent::Submit) if ctx.setup.mode == Mode::Assisted => {
                return self.find_or_create(ctx);
            }
            (Phase::Checklist, Intent::Recheck) => {
                if let Some(id) = self.role.ready().map(|r| r.id) {
                    return self.read_settings(id, ctx);
                }
            }
            (Phase::Checklist, Intent::Demo) if ctx.demo => return self.demo_set_levels(ctx),
            (Phase::Checklist, Intent::Adopt) => return self.adopt_found(ctx),
            (Phase::Checklist, Intent::NextStep) => return self.leave(ctx),
            (Phase::Checklist, Intent::PrevStep) => {
                self.phase = Phase::Pick;
                self.cursor = 0;
            }
            (Phase::Pick, Intent::PrevStep) => return Flow::go(Go::Prev),
            _ => {}
        }
        Flow::none()
    }

    fn toggle_highlighted(&mut self, ctx: &mut Ctx) {
        let Some(id) = self
            .matches(ctx.library.all())
            .get(self.cursor)
            .map(|t| t.id.clone())
        else {
            return;
        };
        if let Some(pos) = self.chosen.iter().position(|c| *c == id) {
            self.chosen.remove(pos);
        } else {
            self.chosen.push(id);
        }
    }

    fn find_or_create(&mut self, ctx: &mut Ctx) -> Flow {
        let Ok(name) = self.role_name.validate() else {
            return Flow::none();
        };
        let Some(auth) = ctx.admin_auth() else {
            return Flow::none();
        };
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

    fn read_settings(&mut self, role_id: u32, ctx: &mut Ctx) -> Flow {
        let Some(auth) = ctx.admin_auth() else {
            return Flow::none();
        };
        let seq = ctx.seq();
        self.live = Load::Loading { seq };
        Flow::effect(Effect::ReadRoleSettings { seq, auth, role_id })
    }

    fn demo_set_levels(&mut self, ctx: &mut Ctx) -> Flow {
        let (Some(merged), Some(role)) = (ctx.merged.as_ref(), self.role.ready()) else {
            return Flow::none();
        };
        let (rows, customize) = levels_to_set(merged);
        let action = SandboxAction::SetRole {
            role: role.name.clone(),
            rows,
            customize,
        };
        let seq = ctx.seq();
        self.sandbox = Load::Loading { seq };
        Flow::effect(Effect::Sandbox { seq, action })
    }

    pub fn on_timer(&mut self, seq: Seq, kind: TimerKind, ctx: &mut Ctx) -> Flow {
        if kind == TimerKind::PollRole
            && seq == self.poll
            && !self.live.is_loading()
            && let Some(id) = self.role.ready().map(|r| r.id)
        {
            return self.read_settings(id, ctx);
        }
        Flow::none()
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

    /// A read of the role's settings came back: compare, and poll again until all match.
    fn settings_read(
        &mut self,
        seq: Seq,
        result: Result<Vec<LiveRow>, crate::app::facts::Failure>,
        ctx: &mut Ctx,
    ) -> Flow {
        if !self.live.settle(seq, result) {
            return Flow::none();
        }
        if let Some(live) = self.live.ready() {
            self.last_live = Some(live.clone());
        }
        let rows = self.rows(ctx.merged.as_ref());
        let (_, low, high) = verify::tally(&rows);
        // A failed read leaves every row unknown: that is no match (nor rows "too low").
        let read = self.live.ready().is_some();
        ctx.setup.role.all_match = read && low == 0 && high == 0 && !rows.is_empty();
        // A failed read stops the polling: reading again every 3 s would only add to what the
        // instance refuses (429/5xx). The admin asks again with Recheck, which resumes it.
        if !read {
            self.poll = 0; // a timer still out finds no poll to continue
            return Flow::none();
        }
        if ctx.setup.role.all_match {
            return Flow::none();
        }
        self.poll = ctx.seq();
        Flow::effect(Effect::Timer {
            seq: self.poll,
            after: POLL_EVERY,
            kind: TimerKind::PollRole,
        })
    }

    /// Why the role's levels are unknown: the last read failed (the instance rate-limits or
    /// fails). Unread levels are a failure to try again, never rows "still too low".
    pub fn unread(&self) -> Option<String> {
        let f = self.live.failure()?;
        let lead = match f.kind {
            FailureKind::RateLimited => "the instance is rate-limiting",
            FailureKind::Server => "the instance is failing",
            _ => "the instance did not answer",
        };
        Some(format!(
            "{lead}: the role's levels could not be read ({}). {}",
            f.summary, f.advice
        ))
    }

    /// Leaves when the levels are right: all rows match (assisted) or are ticked (guided).
    pub fn leave(&mut self, ctx: &mut Ctx) -> Flow {
        let Ok(name) = self.role_name.validate() else {
            return Flow::banner("Give the role a name (30 characters at most).");
        };
        ctx.setup.role.name = name;
        let rows = self.rows(ctx.merged.as_ref());
        match ctx.setup.mode {
            Mode::Assisted => {
                if let Some((role, claim)) = &self.found {
                    return Flow::banner(held_banner(role, claim));
                }
                if self.role.ready().is_none() {
                    return Flow::banner("Press Enter to find or create the role first.");
                }
                if let Some(why) = self.unread() {
                    return Flow::banner(why);
                }
                let low = rows
                    .iter()
                    .filter(|r| {
                        matches!(
                            r.state,
                            RowState::TooLow(_) | RowState::Missing | RowState::Unknown
                        )
                    })
                    .count();
                if low > 0 {
                    return Flow::banner(format!(
                        "{low} row(s) are still too low or unread: set them in ConnectWise (System > Security Roles > {}), then wait for the next read.",
                        ctx.setup.role.name
                    ));
                }
            }
            Mode::Guided => {
                let missing = rows
                    .iter()
                    .filter(|r| {
                        !ctx.setup
                            .role
                            .ticked
                            .contains(&format!("{} / {}", r.function.module, r.function.function))
                    })
                    .count();
                if missing > 0 {
                    return Flow::banner(format!(
                        "Tick every row once it is set in ConnectWise ({missing} left)."
                    ));
                }
            }
        }
        ctx.setup.role.all_match = true;
        Flow::go(Go::Next)
    }

    pub fn cancel(&mut self) -> Vec<Effect> {
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
}
