//! Step 2: the API member. Assisted mode loads pick lists live, checks the identifier as you
//! type, and creates the member (or adopts an existing one after showing what would change).
//! Guided mode shows the values to type in ConnectWise.

pub use super::member_diff::Difference;
use crate::app::command::{Command, MemberField};
use crate::app::ctx::Ctx;

mod commands;
mod save;
use crate::app::facts::{IdentifierFacts, LocationPick, MemberFacts, Pick, PickLists};
use crate::app::field::{PickField, TextField};
use crate::app::flow::{Flow, Go};
use crate::app::keymap::{self, Binding, Intent};
use crate::app::load::Load;
use crate::app::msg::{Effect, Outcome, Seq, TimerKind};
use crate::app::ownership::{Claimed, MemberClaim};
use crate::app::setup::{MEMBER_INTENT, MemberAnswers, Mode, Setup};
use crate::app::step::{Routed, Step};
use crate::app::validate;
use ratatui::crossterm::event::KeyEvent;
use std::time::Duration;

const DEBOUNCE: Duration = Duration::from_millis(500);

/// Focusable items, in order: three text fields then six pick fields.
pub const IDENTIFIER: usize = 0;
pub const NAME: usize = 1;
pub const EMAIL: usize = 2;
pub const LEVEL: usize = 3;
pub const OWNER: usize = 4;
pub const LOCATION: usize = 5;
pub const BUSINESS_UNIT: usize = 6;
pub const TIME_ZONE: usize = 7;
pub const TERRITORY: usize = 8;

#[derive(Debug, Clone)]
pub struct MemberStep {
    pub texts: [TextField; 3],
    pub picks: [PickField; 6],
    /// The field the keys go to.
    pub focus: MemberField,
    pub lists: Load<PickLists>,
    pub identifier: Load<IdentifierFacts>,
    pub save: Load<MemberFacts>,
    /// Members other setups on this machine hold: never adopted here.
    pub elsewhere: Vec<Claimed>,
    /// The admin agreed up front to adopt the API member of this ID (batch `adopt = true`,
    /// `new --adopt`, a `--plain` yes).
    pub adopt_agreed: bool,
    /// The member the admin adopted (^Y) with the differences in front of them.
    pub adopt_confirmed: Option<u32>,
    debounce: Seq,
}

impl MemberStep {
    pub fn new(answers: &MemberAnswers) -> MemberStep {
        let mut step = MemberStep {
            texts: [
                TextField::new("Member ID", validate::member_identifier)
                    .with_value(&answers.identifier),
                TextField::new("Member name", validate::member_name).with_value(&answers.name),
                TextField::new("Email", validate::email).with_value(&answers.email),
            ],
            picks: [
                PickField::new("Level", true),
                PickField::new("Name", true),
                PickField::new("Location", true),
                PickField::new("Business unit", true),
                PickField::new("Time zone", true),
                PickField::new("Default territory", false),
            ],
            focus: MemberField::Identifier,
            lists: Load::Idle,
            identifier: Load::Idle,
            save: Load::Idle,
            elsewhere: Vec::new(),
            adopt_agreed: false,
            adopt_confirmed: None,
            debounce: 0,
        };
        let saved = [
            &answers.level,
            &answers.owner,
            &answers.location,
            &answers.business_unit,
            &answers.time_zone,
            &answers.territory,
        ];
        for (pick, value) in step.picks.iter_mut().zip(saved) {
            if let Some(v) = value {
                pick.set_options(vec![v.clone()], Some(v));
            }
        }
        step
    }

    /// Fills empty fields from the template's member defaults.
    pub fn apply_defaults(&mut self, ctx: &Ctx) {
        let Some(merged) = ctx.merged.as_ref() else {
            return;
        };
        let m = &merged.member;
        if self.texts[IDENTIFIER].value().is_empty() {
            self.texts[IDENTIFIER].set(&m.identifier);
        }
        if self.texts[NAME].value().is_empty() {
            let name = format!("{} {}", m.first_name, m.last_name);
            self.texts[NAME].set(name.trim());
        }
        if self.texts[EMAIL].value().is_empty()
            && let Some(email) = &m.email
        {
            self.texts[EMAIL].set(email);
        }
    }

    fn count(&self, ctx: &Ctx) -> usize {
        if ctx.setup.mode == Mode::Assisted {
            9
        } else {
            3
        }
    }

    fn load_lists(&mut self, ctx: &mut Ctx) -> Flow {
        let Some(auth) = ctx.admin_auth() else {
            return Flow::none();
        };
        let seq = ctx.seq();
        self.lists = Load::Loading { seq };
        Flow::effect(Effect::LoadPickLists { seq, auth })
    }

    fn check_identifier(&mut self, ctx: &mut Ctx) -> Flow {
        let (Some(auth), Ok(identifier)) = (
            ctx.admin_auth(),
            validate::member_identifier(self.texts[IDENTIFIER].value()),
        ) else {
            return Flow::none();
        };
        let seq = ctx.seq();
        self.identifier = Load::Loading { seq };
        Flow::effect(Effect::CheckIdentifier {
            seq,
            auth,
            identifier,
        })
    }

    fn identifier_changed(&mut self, ctx: &mut Ctx) -> Flow {
        self.identifier = Load::Idle;
        self.adopt_agreed = false;
        self.adopt_confirmed = None;
        if ctx.setup.mode != Mode::Assisted || !self.texts[IDENTIFIER].is_valid() {
            return Flow::none();
        }
        self.debounce = ctx.seq();
        Flow::effect(Effect::Timer {
            seq: self.debounce,
            after: DEBOUNCE,
            kind: TimerKind::Identifier,
        })
    }

    /// Keeps dependent pick lists in step: Name follows Level, Business unit follows Location.
    fn cascade(&mut self, changed: usize) {
        let Some(lists) = self.lists.ready().cloned() else {
            return;
        };
        if changed == LEVEL || changed == usize::MAX {
            let level = self.picks[LEVEL - 3].value().map(|p| p.id);
            let owners: Vec<Pick> = lists
                .locations
                .iter()
                .filter(|l| level.is_none() || l.level_id == level)
                .map(|l| Pick {
                    id: l.id,
                    name: l.name.clone(),
                })
                .collect();
            self.picks[OWNER - 3].set_options(owners, None);
            if self.picks[OWNER - 3].value().is_none() && self.picks[OWNER - 3].options.len() == 1 {
                self.picks[OWNER - 3].selected = Some(0);
            }
        }
        if changed == LOCATION || changed == usize::MAX {
            let location = self.picks[LOCATION - 3].value().map(|p| p.id);
            let units = units_for(&lists, location);
            self.picks[BUSINESS_UNIT - 3].set_options(units, None);
            if self.picks[BUSINESS_UNIT - 3].options.len() == 1 {
                self.picks[BUSINESS_UNIT - 3].selected = Some(0);
            }
        }
    }

    fn fill_lists(&mut self, lists: &PickLists) {
        let locations: Vec<Pick> = lists
            .locations
            .iter()
            .map(|l| Pick {
                id: l.id,
                name: l.name.clone(),
            })
            .collect();
        self.picks[LEVEL - 3].set_options(lists.levels.clone(), None);
        if self.picks[LEVEL - 3].value().is_none() {
            self.picks[LEVEL - 3].select_id(1);
        }
        self.picks[LOCATION - 3].set_options(locations.clone(), None);
        if self.picks[LOCATION - 3].value().is_none() && locations.len() == 1 {
            self.picks[LOCATION - 3].selected = Some(0);
        }
        self.picks[TIME_ZONE - 3].set_options(lists.time_zones.clone(), None);
        if self.picks[TIME_ZONE - 3].value().is_none()
            && let Some(id) = lists.default_time_zone
        {
            self.picks[TIME_ZONE - 3].select_id(id);
        }
        self.picks[TERRITORY - 3].set_options(locations, None);
        self.cascade(usize::MAX);
    }

    pub fn on_done(&mut self, seq: Seq, outcome: Outcome, ctx: &mut Ctx) -> Flow {
        match outcome {
            Outcome::PickLists(result) => {
                if self.lists.settle(seq, result)
                    && let Some(lists) = self.lists.ready().cloned()
                {
                    self.fill_lists(&lists);
                    if let Some(IdentifierFacts::ApiMember(existing)) =
                        self.identifier.ready().cloned()
                    {
                        self.prefill_from(&existing);
                    }
                }
            }
            Outcome::Identifier(result) => {
                self.identifier.settle(seq, result);
                if let Some(IdentifierFacts::ApiMember(existing)) = self.identifier.ready().cloned()
                {
                    self.prefill_from(&existing);
                }
                self.texts[IDENTIFIER].note = match self.identifier.ready() {
                    Some(IdentifierFacts::Free) => Some("available".into()),
                    Some(IdentifierFacts::ApiMember(_)) => match self.claim(ctx.setup) {
                        Some(MemberClaim::Ours) => Some("exists: made by this setup".into()),
                        // Why it is refused is the form's red line, not a ✓ note.
                        Some(MemberClaim::Refused(_)) => None,
                        _ => Some("exists: ^Y adopts it (see the differences)".into()),
                    },
                    Some(IdentifierFacts::OtherMember { .. }) => None,
                    None => None,
                };
            }
            Outcome::MemberSaved(result) => {
                if self.save.settle(seq, result)
                    && let Some(saved) = self.save.ready()
                {
                    ctx.setup.member.id = Some(saved.id);
                    ctx.setup.close_intent(MEMBER_INTENT);
                    return Flow::go(Go::Next);
                }
                // A refused create was answered: no intent stays open. The form shows why.
                if self.save.failure().is_some() {
                    ctx.setup.close_intent(MEMBER_INTENT);
                }
            }
            _ => {}
        }
        Flow::none()
    }

    /// Chooses `name` in pick list `item` (LEVEL..TERRITORY), as batch mode does; the dependent
    /// lists follow. On failure, the choices there are.
    pub fn choose(&mut self, item: usize, name: &str) -> Result<(), Vec<String>> {
        let pick = &mut self.picks[item - 3];
        match pick
            .options
            .iter()
            .position(|o| o.name.eq_ignore_ascii_case(name.trim()))
        {
            Some(i) => {
                pick.selected = Some(i);
                self.cascade(item);
                Ok(())
            }
            None => Err(pick.options.iter().map(|o| o.name.clone()).collect()),
        }
    }

    /// Adopting: pick lists left blank take the existing member's values, so the differences
    /// shown are what the template or the admin asks to change.
    fn prefill_from(&mut self, existing: &MemberFacts) {
        let values = [
            &existing.level,
            &existing.owner,
            &existing.location,
            &existing.business_unit,
            &existing.time_zone,
            &existing.territory,
        ];
        for (pick, value) in self.picks.iter_mut().zip(values) {
            if pick.value().is_none()
                && let Some(v) = value
            {
                pick.select_id(v.id);
            }
        }
    }

    /// Records the pick lists as they stand in the setup, as each is chosen (a key on the
    /// full screen, `SetMember` from `--plain` and batch), not only once the member is saved:
    /// a quit before the save and a `resume` start each list on the answer given. Only in
    /// assisted mode, the one that shows the lists.
    pub(crate) fn record_picks(&self, setup: &mut Setup) {
        if setup.mode != Mode::Assisted {
            return;
        }
        let given = self.answers(setup);
        let m = &mut setup.member;
        (m.level, m.owner, m.location) = (given.level, given.owner, given.location);
        (m.business_unit, m.time_zone) = (given.business_unit, given.time_zone);
        m.territory = given.territory;
    }

    /// The answers as they stand (unvalidated picks stay None).
    pub fn answers(&self, setup: &Setup) -> MemberAnswers {
        let mut a = setup.member.clone();
        a.identifier = self.texts[IDENTIFIER].value().trim().to_string();
        a.name = self.texts[NAME].value().trim().to_string();
        a.email = self.texts[EMAIL].value().trim().to_string();
        if setup.mode == Mode::Assisted {
            let v = |i: usize| self.picks[i - 3].value().cloned();
            a.level = v(LEVEL);
            a.owner = v(OWNER);
            a.location = v(LOCATION);
            a.business_unit = v(BUSINESS_UNIT);
            a.time_zone = v(TIME_ZONE);
            a.territory = v(TERRITORY);
        }
        a
    }
}

impl Step for MemberStep {
    fn section(&self) -> &'static str {
        "member"
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
        _: Option<&crate::template::MergedTemplate>,
    ) -> Option<Command> {
        self.key_command_for(intent, setup)
    }

    fn bindings(&self, setup: &Setup, _: bool) -> Vec<Binding> {
        let mode = setup.mode;
        let mut t = vec![keymap::TAB, keymap::BACKTAB];
        t.push(if mode == Mode::Assisted {
            keymap::ENTER_CREATE
        } else {
            keymap::ENTER_NEXT
        });
        if mode == Mode::Assisted {
            t.push(keymap::RECHECK);
        }
        // ^Y only where it can adopt (never a person's member or another setup's), first so
        // the footer shows it even at 80 columns.
        if mode == Mode::Assisted && self.claim(setup) == Some(MemberClaim::Adoptable) {
            t.insert(0, keymap::ADOPT);
        }
        t.extend([keymap::NEXT_STEP, keymap::PREV_STEP]);
        t
    }

    fn is_busy(&self) -> bool {
        self.lists.is_loading() || self.identifier.is_loading() || self.save.is_loading()
    }

    fn enter(&mut self, ctx: &mut Ctx) -> Flow {
        self.apply_defaults(ctx);
        if ctx.setup.mode != Mode::Assisted
            || self.lists.ready().is_some()
            || self.lists.is_loading()
        {
            return Flow::none();
        }
        self.load_lists(ctx).and(self.check_identifier(ctx))
    }

    fn on_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Flow {
        let Some(pick) = self.focus.pick_index() else {
            let text = self.focus.index();
            if self.texts[text].handle_key(key) && self.focus == MemberField::Identifier {
                return self.identifier_changed(ctx);
            }
            return Flow::none();
        };
        if self.picks[pick].handle_key(key) {
            self.cascade(self.focus.index());
            self.record_picks(ctx.setup);
        }
        Flow::none()
    }

    fn on_paste(&mut self, text: &str, ctx: &mut Ctx) -> Flow {
        if self.focus.pick_index().is_none() {
            self.texts[self.focus.index()].paste(text);
            if self.focus == MemberField::Identifier {
                return self.identifier_changed(ctx);
            }
        }
        Flow::none()
    }

    fn on_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        let n = self.count(ctx);
        match intent {
            Intent::NextField => self.focus = self.focus.after(n),
            Intent::PrevField => self.focus = self.focus.before(n),
            Intent::Submit if self.focus.index() + 1 < n => {
                if self.focus.pick_index().is_none()
                    && self.texts[self.focus.index()].validate().is_err()
                {
                    return Flow::none();
                }
                self.focus = self.focus.after(n);
            }
            Intent::Submit | Intent::NextStep => return self.leave(ctx),
            Intent::Adopt => {
                if let Some(IdentifierFacts::ApiMember(m)) = self.identifier.ready() {
                    self.adopt_confirmed = Some(m.id);
                    return self.leave(ctx);
                }
            }
            Intent::PrevStep => return Flow::go(Go::Prev),
            _ => {}
        }
        Flow::none()
    }

    fn on_timer(&mut self, seq: Seq, kind: TimerKind, ctx: &mut Ctx) -> Flow {
        if kind == TimerKind::Identifier && seq == self.debounce {
            return self.check_identifier(ctx);
        }
        Flow::none()
    }

    fn cancel(&mut self) -> Vec<Effect> {
        let mut out = Vec::new();
        for seq in [self.lists.seq(), self.identifier.seq(), self.save.seq()]
            .into_iter()
            .flatten()
        {
            out.push(Effect::Cancel { seq });
        }
        if self.lists.is_loading() {
            self.lists = Load::Idle;
        }
        if self.identifier.is_loading() {
            self.identifier = Load::Idle;
        }
        out
    }
}

fn units_for(lists: &PickLists, location: Option<u32>) -> Vec<Pick> {
    let tied: Option<&LocationPick> =
        location.and_then(|id| lists.locations.iter().find(|l| l.id == id));
    match tied {
        Some(l) if !l.departments.is_empty() => l.departments.clone(),
        _ => lists.departments.clone(),
    }
}
