//! The pure core: the wizard's model and `update(msg) -> effects`. No I/O, no tokio: every
//! network call, timer and disk write leaves as an [`Effect`] and comes back as a [`Msg`].

pub mod command;
pub mod ctx;
pub mod drift;
pub mod facts;
pub mod field;
pub mod flow;
pub mod key_age;
mod key_commands;
pub mod keymap;
pub mod load;
pub mod msg;
pub mod ownership;
pub mod report;
pub mod retire;
pub mod setup;
pub mod skip;
pub mod step;
pub mod steps;
pub mod validate;
pub mod values;
pub mod verify;

use ctx::Ctx;
use flow::{Flow, Go};
use keymap::{Binding, Intent};
pub use msg::{Effect, Exit, Msg, Outcome};
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};
use setup::{Setup, StepId};
use step::Step;
use steps::{
    allowlist::AllowListStep, instance::InstanceStep, keys::KeysStep, member::MemberStep,
    role::RoleStep, summary::SummaryStep,
};

use crate::secrets::KeyPair;
use crate::template::{Library, MergedTemplate};
use facts::RoleFacts;

/// The smallest terminal the wizard draws in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub struct Wizard {
    pub setup: Setup,
    pub step: StepId,
    pub library: Library,
    pub merged: Option<MergedTemplate>,
    /// Admin keys (assisted mode): memory only.
    pub admin: Option<KeyPair>,
    pub demo: bool,
    /// Today's date for defaults (set by the runtime; the core reads no clock).
    pub today: String,
    /// Set by the runtime when the terminal keeps clipboard copies (tmux, screen).
    pub clipboard_warning: Option<String>,
    pub size: (u16, u16),
    pub banner: Option<String>,
    pub spinner: usize,
    pub instance: InstanceStep,
    pub role: RoleStep,
    pub member: MemberStep,
    pub keys: KeysStep,
    pub allow: AllowListStep,
    pub summary: SummaryStep,
    next_seq: msg::Seq,
    saved: Setup,
}

/// Borrows the parts of the wizard a step needs besides its own state.
macro_rules! ctx {
    ($w:expr) => {
        Ctx {
            setup: &mut $w.setup,
            next_seq: &mut $w.next_seq,
            admin: &mut $w.admin,
            merged: &mut $w.merged,
            library: &$w.library,
            demo: $w.demo,
            today: &$w.today,
            clipboard_warning: $w.clipboard_warning.as_deref(),
        }
    };
}

/// The registry of steps, the one place that lists them: each `StepId` variant, the
/// wizard's field holding its step, and its type. `step!(mut w, id)` is step `id` of wizard
/// `w` as a `&mut dyn Step` (a macro, so it borrows only that field and the step's `ctx!` can
/// borrow the rest); `step!(w, id)` is the same as a `&dyn Step`; `step!(answers id)` is the
/// answers-file keys step `id` takes (no wizard needed).
macro_rules! step {
    (@table $how:tt, $w:expr, $id:expr) => {
        step!(@map $how, $w, $id,
            Instance => instance: InstanceStep,
            Role => role: RoleStep,
            Member => member: MemberStep,
            Keys => keys: KeysStep,
            AllowList => allow: AllowListStep,
            Summary => summary: SummaryStep,
        )
    };
    (@map mut, $w:expr, $id:expr, $($variant:ident => $field:ident: $ty:ty,)*) => {
        match $id {
            $(StepId::$variant => &mut $w.$field as &mut dyn Step,)*
        }
    };
    (@map ref, $w:expr, $id:expr, $($variant:ident => $field:ident: $ty:ty,)*) => {
        match $id {
            $(StepId::$variant => &$w.$field as &dyn Step,)*
        }
    };
    (@map answers, $w:expr, $id:expr, $($variant:ident => $field:ident: $ty:ty,)*) => {
        match $id {
            $(StepId::$variant => <$ty as Step>::answers(),)*
        }
    };
    (answers $id:expr) => {
        step!(@table answers, (), $id)
    };
    (mut $w:expr, $id:expr) => {
        step!(@table mut, $w, $id)
    };
    ($w:expr, $id:expr) => {
        step!(@table ref, $w, $id)
    };
}

/// Every answers-file key the steps take (`Step::answers`), in step order: the one list batch
/// checks an answers file against.
pub fn answer_keys() -> Vec<&'static str> {
    StepId::ALL
        .iter()
        .flat_map(|&id| step!(answers id).iter().copied())
        .collect()
}

mod apply;

impl Wizard {
    /// A wizard over `setup` (new or resumed: every previous answer is the default). Resumed
    /// setups start at step 0, because admin keys are never stored and must be given again.
    pub fn new(library: Library, setup: Setup, demo: bool) -> Wizard {
        let instance = InstanceStep::new(&setup.site, &setup.company, &setup.client_id);
        let role = RoleStep::new(&setup.templates, &setup.role.name);
        let member = MemberStep::new(&setup.member);
        let keys = KeysStep::new(&setup.key.description);
        let saved = setup.clone();
        let mut wizard = Wizard {
            setup,
            step: StepId::Instance,
            library,
            merged: None,
            admin: None,
            demo,
            today: String::new(),
            clipboard_warning: None,
            size: (MIN_WIDTH, MIN_HEIGHT),
            banner: None,
            spinner: 0,
            instance,
            role,
            member,
            keys,
            allow: AllowListStep::default(),
            summary: SummaryStep::default(),
            next_seq: 0,
            saved,
        };
        wizard.remerge();
        wizard
    }

    /// `cw-onboard rotate`: step 3 alone for a finished setup, resuming at the sub-step reached.
    pub fn rotation(library: Library, mut setup: Setup, demo: bool) -> Wizard {
        let old = setup.key.public_key.clone().unwrap_or_default();
        let progress = setup
            .key
            .rotating
            .get_or_insert_with(|| setup::RotationProgress {
                old_public_key: old,
                ..Default::default()
            });
        let retiring = progress.new_handed_off;
        setup.step = Some(StepId::Keys);
        let mut wizard = Wizard::new(library, setup, demo);
        wizard.step = StepId::Keys;
        if retiring {
            wizard.keys.start_retiring();
        }
        wizard
            .keys
            .field_mut(steps::keys::KeyField::Description)
            .clear();
        wizard.saved = Setup::default();
        wizard
    }

    /// Batch's second run: a setup whose instance, role shell and member were recorded by an
    /// earlier run (assisted) goes straight to step 3 with `admin`'s keys, re-checking nothing
    /// the key's own checks prove. None when the record does not allow it.
    pub fn at_keys(library: Library, setup: Setup, admin: &KeyPair) -> Option<Wizard> {
        let recorded = setup.mode == setup::Mode::Assisted
            && setup.instance.is_some()
            && setup.member.id.is_some()
            && setup.key.rotating.is_none()
            && !setup.templates.is_empty();
        let role = RoleFacts {
            id: setup.role.id.filter(|_| recorded)?,
            name: setup.role.name.clone(),
            created: false,
            used: Default::default(),
        };
        let mut wizard = Wizard::new(library, setup, false);
        wizard.merged.as_ref()?;
        wizard.admin = Some(admin.clone());
        wizard.role.role = load::Load::Ready(role);
        wizard.step = StepId::Keys;
        wizard.setup.step = Some(StepId::Keys);
        let _ = wizard.keys.enter(&mut ctx!(wizard));
        Some(wizard)
    }

    fn remerge(&mut self) {
        let chosen: Vec<_> = self
            .setup
            .templates
            .iter()
            .filter_map(|id| self.library.get(id))
            .map(|t| self.setup.with_recorded_features(t))
            .collect();
        let chosen: Vec<_> = chosen.iter().collect();
        self.merged = (!chosen.is_empty()).then(|| crate::template::merge(&chosen));
    }

    /// Effects to run at start: check the instance again when the answers are there.
    pub fn start(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        if self.instance.ready_to_check() {
            effects.extend(self.instance.check(&mut ctx!(self)).effects);
        }
        if self.step == StepId::Keys {
            // A rotation starts at step 3: fill its defaults.
            effects.extend(self.keys.enter(&mut ctx!(self)).effects);
        }
        effects
    }

    /// A headless rotation: step 3's defaults (the new key's description, dated `today`),
    /// without the instance check `start` runs.
    pub fn start_rotation(&mut self) {
        if self.step == StepId::Keys {
            let _ = self.keys.enter(&mut ctx!(self));
        }
    }

    /// Fills in admin keys (demo: the sandbox's; or from `--admin-key-file` / env).
    pub fn prefill_admin(&mut self, pair: &KeyPair) {
        self.instance.fill_admin(pair);
    }

    pub fn is_busy(&self) -> bool {
        self.current().is_busy()
    }

    /// The step showing, as a `Step`.
    fn current(&self) -> &dyn Step {
        step!(self, self.step)
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// The keys of the current screen: handled by `update`, drawn by the footer.
    pub fn bindings(&self) -> Vec<Binding> {
        let mut table = self
            .role_without_rows_bindings()
            .unwrap_or_else(|| self.current().bindings(&self.setup, self.demo));
        if self.is_busy() {
            table.push(keymap::ESC);
        }
        table.push(keymap::QUIT);
        table
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let flow = match msg {
            Msg::Key(key)
                if key.kind == KeyEventKind::Press || key.kind == KeyEventKind::Repeat =>
            {
                self.on_key(key)
            }
            Msg::Key(_) => Flow::none(),
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Resize { width, height } => {
                self.size = (width, height);
                Flow::none()
            }
            Msg::Tick => {
                self.spinner = self.spinner.wrapping_add(1);
                Flow::none()
            }
            Msg::Timer { seq, kind } => {
                step!(mut self, self.step).on_timer(seq, kind, &mut ctx!(self))
            }
            Msg::Done { seq, outcome } => self.on_done(seq, outcome),
        };
        self.settle(flow)
    }

    /// Where a step's flow goes next: the step change, the banner, and the save that must
    /// precede the effects.
    fn settle(&mut self, mut flow: Flow) -> Vec<Effect> {
        if let Some(go) = flow.go.take() {
            flow = flow.and(self.go(go));
        }
        if let Some(text) = flow.banner.take() {
            self.banner = Some(text);
        }
        let mut effects = flow.effects;
        if self.setup != self.saved {
            self.saved = self.setup.clone();
            // First: what the next effects do (a create) must follow its intent to disk.
            effects.insert(0, Effect::Save(Box::new(self.setup.clone())));
        }
        effects
    }

    fn on_key(&mut self, key: KeyEvent) -> Flow {
        let intent = keymap::lookup(&self.bindings(), &key);
        if intent.is_some() {
            self.banner = None;
        }
        if self.too_small() {
            return match intent {
                Some(Intent::Quit) => self.quit(),
                _ => Flow::none(),
            };
        }
        match intent {
            Some(Intent::Quit) => self.quit(),
            Some(Intent::Cancel) => Flow {
                effects: self.cancel(),
                ..Flow::none()
            },
            // One path with `apply`: a key that stands for a command runs that command.
            Some(intent) => match self.key_command(intent) {
                Some(command) => self
                    .route(command)
                    .unwrap_or_else(|refused| Flow::banner(refused.message)),
                None => self.on_intent(intent),
            },
            None => step!(mut self, self.step).on_key(key, &mut ctx!(self)),
        }
    }

    fn on_intent(&mut self, intent: Intent) -> Flow {
        if let Some(flow) = self.pass_role_without_rows(intent) {
            return flow;
        }
        let was = self.role.phase.kind();
        let flow = step!(mut self, self.step).on_intent(intent, &mut ctx!(self));
        self.after_pick(intent, was, flow)
    }

    fn on_paste(&mut self, text: &str) -> Flow {
        step!(mut self, self.step).on_paste(text, &mut ctx!(self))
    }

    /// Results go to the step that started them, whichever step is showing: a member created
    /// while the user went back still lands. Stale answers are dropped by each `Load`.
    fn on_done(&mut self, seq: msg::Seq, outcome: Outcome) -> Flow {
        let ctx = &mut ctx!(self);
        match &outcome {
            Outcome::Discovered(_) | Outcome::Certificate(_) | Outcome::Admin(_) => {
                self.instance.on_done(seq, outcome, ctx)
            }
            Outcome::Role(_) => {
                let flow = self.role.on_done(seq, outcome, ctx);
                // The role is known: step 2's pick lists and identifier check can load now,
                // while the admin sets the levels (one round trip less later).
                if self.role.role.ready().is_some() {
                    flow.and(self.member.enter(ctx))
                } else {
                    flow
                }
            }
            Outcome::RoleSettings(_) => self.role.on_done(seq, outcome, ctx),
            Outcome::PickLists(_) | Outcome::Identifier(_) | Outcome::MemberSaved(_) => {
                self.member.on_done(seq, outcome, ctx)
            }
            Outcome::Key(_) | Outcome::KeyFileWritten(_) | Outcome::OldKeyRefused(_) => {
                self.keys.on_done(seq, outcome, ctx)
            }
            Outcome::Sandbox(_) => match self.step {
                StepId::Role => self.role.on_done(seq, outcome, ctx),
                _ => self.keys.on_done(seq, outcome, ctx),
            },
            Outcome::Exported(_) => self.summary.on_done(seq, outcome, ctx),
            Outcome::Saved(Err(f)) => Flow::banner(format!(
                "Could not save the setup: {} {}",
                f.summary, f.advice
            )),
            Outcome::Saved(Ok(())) => Flow::none(),
        }
    }

    fn cancel(&mut self) -> Vec<Effect> {
        step!(mut self, self.step).cancel()
    }

    fn quit(&mut self) -> Flow {
        if self.step == StepId::Keys
            && let Some(ask) = self.keys.ask_before_leaving(steps::keys::Leave::Quit)
        {
            return ask;
        }
        let mut effects = self.cancel();
        effects.push(Effect::Quit(Exit::SavedForLater));
        Flow {
            effects,
            ..Flow::none()
        }
    }

    /// Moves between steps; the step left keeps what was typed.
    fn go(&mut self, go: Go) -> Flow {
        let target = match go {
            Go::Next => {
                self.setup.completed.insert(self.step);
                self.neighbour(self.step, true)
            }
            Go::Prev => self.neighbour(self.step, false),
            Go::To(step) => Some(step),
        };
        let Some(target) = target else {
            return Flow::none();
        };
        self.step = target;
        self.setup.step = Some(target);
        self.banner = None;
        step!(mut self, target).enter(&mut ctx!(self))
    }
}
