//! The member step's typed commands (`LoadMemberLists`, `ReloadMemberLists`, `SetMember`,
//! `AdoptMember`) and its verdict from `app::ownership`.

use super::{EMAIL, IDENTIFIER, MemberStep, NAME};
use crate::app::command::{Command, MemberDraft, MemberField, Rejected};
use crate::app::ctx::Ctx;
use crate::app::facts::IdentifierFacts;
use crate::app::flow::Flow;
use crate::app::keymap::Intent;
use crate::app::load::Load;
use crate::app::ownership::{self, MemberClaim};
use crate::app::setup::{Mode, Setup};
use crate::app::step::{Routed, Step};

/// The answers-file keys of the member step: each [`MemberField`]'s, and `adopt`.
pub(super) const ANSWERS: &[&str] = &[
    "member.identifier",
    "member.name",
    "member.email",
    "member.level",
    "member.owner",
    "member.location",
    "member.business_unit",
    "member.time_zone",
    "member.territory",
    "member.adopt",
];

impl MemberStep {
    /// `Step::key_command`: Enter on the form's last field leaves the step, as `^N` does;
    /// `^L` reads the lists again.
    pub(super) fn key_command_for(&self, intent: Intent, setup: &Setup) -> Option<Command> {
        // The texts, and in assisted mode the pick lists.
        let shown = if setup.mode == Mode::Assisted {
            MemberField::ALL.len()
        } else {
            MemberField::PICKS[0].index()
        };
        match intent {
            Intent::Submit if self.focus.index() + 1 >= shown => Some(Command::Next),
            Intent::Recheck => Some(Command::ReloadMemberLists),
            _ => None,
        }
    }

    /// `Step::apply`: `LoadMemberLists`, `ReloadMemberLists` (both only in assisted mode),
    /// `SetMember`, `AdoptMember`.
    pub(super) fn take_command(&mut self, command: Command, ctx: &mut Ctx) -> Routed {
        let assisted = ctx.setup.mode == Mode::Assisted;
        Routed::Taken(match command {
            Command::LoadMemberLists if !assisted => Ok(Flow::none()),
            Command::LoadMemberLists => self.load(ctx),
            Command::ReloadMemberLists if !assisted => Ok(Flow::none()),
            Command::ReloadMemberLists => Ok(self.reload(ctx)),
            Command::SetMember(draft) => self.set(&draft, ctx),
            Command::AdoptMember => self.adopt(ctx),
            other => return Routed::NotMine(other),
        })
    }

    /// `Command::ReloadMemberLists` (`^L`): the pick lists and the identifier check, read again.
    pub fn reload(&mut self, ctx: &mut Ctx) -> Flow {
        self.load_lists(ctx).and(self.check_identifier(ctx))
    }

    /// `Command::LoadMemberLists`: the pick lists and the identifier check (assisted mode).
    pub fn load(&mut self, ctx: &mut Ctx) -> Result<Flow, Rejected> {
        if ctx.merged.is_none() {
            return Err(Rejected::new("templates", "Choose the template(s) first."));
        }
        Ok(self.enter(ctx))
    }

    /// `Command::SetMember`: the texts as given; in assisted mode the pick lists must be loaded
    /// and every answer must name one of their entries. A required list with several choices
    /// and no answer is rejected with its choices; a list with one choice takes it.
    pub fn set(&mut self, draft: &MemberDraft, ctx: &mut Ctx) -> Result<Flow, Rejected> {
        let before = self.texts[IDENTIFIER].value().to_string();
        let texts = [
            (IDENTIFIER, draft.identifier.as_ref().map(|v| v.as_str())),
            (NAME, draft.name.as_ref().map(|v| v.as_str())),
            (EMAIL, draft.email.as_ref().map(|v| v.as_str())),
        ];
        for (i, value) in texts {
            if let Some(v) = value {
                self.texts[i].set(v);
                let _ = self.texts[i].validate();
            }
        }
        let mut flow = Flow::none();
        if ctx.setup.mode == Mode::Assisted
            && self.texts[IDENTIFIER].value() != before
            && (self.lists.ready().is_some() || self.lists.is_loading())
        {
            self.identifier = Load::Idle;
            flow = self.check_identifier(ctx);
        }
        if ctx.setup.mode != Mode::Assisted {
            return Ok(flow);
        }
        // The ID alone, while it is being checked: the member found under it fills the blank
        // pick lists first, so they are not asked for before it is known.
        if draft.picks.is_empty() && self.identifier.is_loading() {
            return Ok(flow);
        }
        if self.lists.ready().is_none() {
            return match draft.picks.first() {
                Some((field, _)) => Err(Rejected::new(
                    format!("member.{}", field.key()),
                    "The instance's lists are not loaded yet: load them first (^L).",
                )),
                None => Ok(flow),
            };
        }
        // Every answer is judged, and every refusal returned at once (batch names them all).
        let mut refused = Vec::new();
        for (field, name) in &draft.picks {
            let Some(item) = field.pick_index().map(|i| i + 3) else {
                continue;
            };
            if let Err(choices) = self.choose(item, name) {
                refused.push(
                    Rejected::new(
                        format!("member.{}", field.key()),
                        format!(
                            "\"{name}\" is not on the instance; use one of the names it shows."
                        ),
                    )
                    .with_choices(choices),
                );
            }
        }
        if !draft.picks.is_empty() {
            self.record_picks(ctx.setup);
        }
        for field in MemberField::PICKS {
            let Some(i) = field.pick_index() else {
                continue;
            };
            let pick = &mut self.picks[i];
            let key = format!("member.{}", field.key());
            if pick.value().is_some() || refused.iter().any(|r: &Rejected| r.field == key) {
                continue;
            }
            if pick.options.len() == 1 {
                pick.selected = Some(0);
                self.cascade(i + 3);
            } else if pick.required {
                let choices = pick.options.iter().map(|o| o.name.clone()).collect();
                refused.push(
                    Rejected::new(key, "The instance has several; add the one to use.")
                        .with_choices(choices),
                );
            }
        }
        match Rejected::many(refused) {
            Some(refused) => Err(refused),
            None => Ok(flow),
        }
    }
}

impl MemberStep {
    /// What `app::ownership` says of the member the identifier check found (None before it).
    pub fn claim(&self, setup: &Setup) -> Option<MemberClaim> {
        self.identifier
            .ready()
            .map(|found| ownership::claim_member(setup, found, &self.elsewhere))
    }

    /// `Command::AdoptMember`: the admin adopts the API member the check found, having seen
    /// the differences; before the check, agrees to adopt it if it may be adopted. A person's
    /// member, or one another setup holds, stays refused.
    pub fn adopt(&mut self, ctx: &mut Ctx) -> Result<Flow, Rejected> {
        match (self.claim(ctx.setup), self.identifier.ready()) {
            (Some(MemberClaim::Refused(why)), _) => Err(Rejected::new("member.identifier", why)),
            (Some(_), Some(IdentifierFacts::ApiMember(m))) => {
                self.adopt_confirmed = Some(m.id);
                Ok(Flow::none())
            }
            _ => {
                self.adopt_agreed = true;
                Ok(Flow::none())
            }
        }
    }

    /// Why the member found cannot be taken as it stands, naming the answers-file key:
    /// `member.identifier` (never adopted: another ID) or `member.adopt` (the admin's yes,
    /// with the differences adopting it makes). None when it is free, ours, or agreed to.
    pub fn held(&self, setup: &Setup) -> Option<Rejected> {
        let Some(IdentifierFacts::ApiMember(m)) = self.identifier.ready() else {
            return match self.claim(setup) {
                Some(MemberClaim::Refused(why)) => Some(Rejected::new("member.identifier", why)),
                _ => None,
            };
        };
        match self.claim(setup)? {
            MemberClaim::Refused(why) => Some(Rejected::new("member.identifier", why)),
            MemberClaim::Adoptable if !self.adopt_agreed && self.adopt_confirmed != Some(m.id) => {
                let diffs = self.differences(setup);
                let changes = if diffs.is_empty() {
                    "it already matches: adopting it changes nothing on it".to_string()
                } else {
                    let list: Vec<String> = diffs
                        .iter()
                        .map(|d| format!("{}: {} -> {}", d.field, d.existing, d.wanted))
                        .collect();
                    format!("adopting it changes {}", list.join("; "))
                };
                Some(Rejected::new(
                    "member.adopt",
                    format!(
                        "{} is an existing API member this setup did not make; {changes}.",
                        m.identifier
                    ),
                ))
            }
            _ => None,
        }
    }
}
