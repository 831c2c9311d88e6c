//! The pure core: the wizard's model and `update(msg) -> effects`. No I/O, no tokio: every
//! network call, timer and disk write leaves as an [`Effect`] and comes back as a [`Msg`].

pub mod ctx;
pub mod drift;
pub mod facts;
pub mod field;
pub mod flow;
pub mod key_age;
pub mod keymap;
pub mod load;
pub mod msg;
pub mod report;
pub mod setup;
pub mod steps;
pub mod validate;
pub mod verify;

use ctx::Ctx;
use flow::{Flow, Go};
use keymap::{Binding, Intent};
pub use msg::{Effect, Exit, Msg, Outcome};
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};
use setup::{Setup, StepId};
use steps::{
    allowlist::AllowListStep, instance::InstanceStep, keys::KeysStep, member::MemberStep,
    role::RoleStep, summary::SummaryStep,
};

use crate::secrets::KeyPair;
use crate::template::{Library, MergedTemplate};

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
        wizard.keys.phase = if retiring {
            steps::keys::Phase::RetireOld
        } else {
            steps::keys::Phase::Paste
        };
        wizard.keys.fields[steps::keys::DESCRIPTION].clear();
        wizard.saved = Setup::default();
        wizard
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

    /// Fills in admin keys (demo: the sandbox's; or from `--admin-key-file` / env).
    pub fn prefill_admin(&mut self, pair: &KeyPair) {
        self.instance.fill_admin(pair);
    }

    pub fn is_busy(&self) -> bool {
        match self.step {
            StepId::Instance => self.instance.is_busy(),
            StepId::Role => self.role.is_busy(),
            StepId::Member => self.member.is_busy(),
            StepId::Keys => self.keys.is_busy(),
            StepId::AllowList => false,
            StepId::Summary => self.summary.is_busy(),
        }
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// The keys of the current screen: handled by `update`, drawn by the footer.
    pub fn bindings(&self) -> Vec<Binding> {
        let mut table = match self.step {
            StepId::Instance => self.instance.bindings(),
            StepId::Role => self.role.bindings(self.setup.mode, self.demo),
            StepId::Member => self.member.bindings(self.setup.mode),
            StepId::Keys => self.keys.bindings(self.demo, &self.setup),
            StepId::AllowList => self.allow.bindings(),
            StepId::Summary => self.summary.bindings(),
        };
        if self.is_busy() {
            table.push(keymap::ESC);
        }
        table.push(keymap::QUIT);
        table
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut flow = match msg {
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
                let ctx = &mut ctx!(self);
                match self.step {
                    StepId::Instance => self.instance.on_timer(seq, kind, ctx),
                    StepId::Role => self.role.on_timer(seq, kind, ctx),
                    StepId::Member => self.member.on_timer(seq, kind, ctx),
                    StepId::Keys => self.keys.on_timer(seq, kind, ctx),
                    _ => Flow::none(),
                }
            }
            Msg::Done { seq, outcome } => self.on_done(seq, outcome),
        };
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
            Some(intent) => self.on_intent(intent),
            None => {
                let ctx = &mut ctx!(self);
                match self.step {
                    StepId::Instance => self.instance.on_key(key, ctx),
                    StepId::Role => self.role.on_key(key, ctx),
                    StepId::Member => self.member.on_key(key, ctx),
                    StepId::Keys => self.keys.on_key(key, ctx),
                    StepId::AllowList => Flow::none(),
                    StepId::Summary => self.summary.on_key(key, ctx),
                }
            }
        }
    }

    fn on_intent(&mut self, intent: Intent) -> Flow {
        let ctx = &mut ctx!(self);
        match self.step {
            StepId::Instance => self.instance.on_intent(intent, ctx),
            StepId::Role => self.role.on_intent(intent, ctx),
            StepId::Member => self.member.on_intent(intent, ctx),
            StepId::Keys => self.keys.on_intent(intent, ctx),
            StepId::AllowList => self.allow.on_intent(intent, ctx),
            StepId::Summary => self.summary.on_intent(intent, ctx),
        }
    }

    fn on_paste(&mut self, text: &str) -> Flow {
        let ctx = &mut ctx!(self);
        match self.step {
            StepId::Instance => self.instance.on_paste(text, ctx),
            StepId::Role => self.role.on_paste(text, ctx),
            StepId::Member => self.member.on_paste(text, ctx),
            StepId::Keys => self.keys.on_paste(text, ctx),
            StepId::AllowList => Flow::none(),
            StepId::Summary => self.summary.on_paste(text, ctx),
        }
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
        match self.step {
            StepId::Instance => self.instance.cancel(),
            StepId::Role => self.role.cancel(),
            StepId::Member => self.member.cancel(),
            StepId::Keys => self.keys.cancel(),
            _ => Vec::new(),
        }
    }

    fn quit(&mut self) -> Flow {
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
                self.step.next()
            }
            Go::Prev => self.step.prev(),
        };
        let Some(target) = target else {
            return Flow::none();
        };
        self.step = target;
        self.setup.step = Some(target);
        self.banner = None;
        let ctx = &mut ctx!(self);
        match target {
            StepId::Role => self.role.enter(ctx),
            StepId::Member => self.member.enter(ctx),
            StepId::Keys => self.keys.enter(ctx),
            StepId::Summary => self.summary.enter(ctx),
            _ => Flow::none(),
        }
    }
}
