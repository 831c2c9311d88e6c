//! Leaving step 2 in assisted mode: create the member, or take the one found under the ID when
//! `app::ownership` allows it (this setup's own, or adopted with ^Y / `AdoptMember` on its
//! differences), patching only what differs.

use super::MemberStep;
use crate::app::ctx::Ctx;
use crate::app::facts::IdentifierFacts;
use crate::app::flow::{Flow, Go};
use crate::app::load::Load;
use crate::app::msg::{Effect, MemberPlan};
use crate::app::ownership::MemberClaim;
use crate::app::setup::{MEMBER_INTENT, Mode};

impl MemberStep {
    pub fn leave(&mut self, ctx: &mut Ctx) -> Flow {
        let texts_ok = self
            .texts
            .iter_mut()
            .map(|t| t.validate().is_err())
            .filter(|failed| *failed)
            .count()
            == 0;
        if !texts_ok {
            return Flow::banner("Fix the fields marked in red first.");
        }
        if ctx.setup.mode == Mode::Guided {
            ctx.setup.member = self.answers(ctx.setup);
            return Flow::go(Go::Next);
        }
        let picks_ok = self
            .picks
            .iter_mut()
            .map(|p| p.validate().is_err())
            .filter(|failed| *failed)
            .count()
            == 0;
        if !picks_ok {
            return Flow::banner(
                "Choose the pick lists marked in red (←/→), or ^L to load them again.",
            );
        }
        let answers = self.answers(ctx.setup);
        let role_id = ctx.setup.role.id;
        let mut adopted = false;
        let plan = match self.identifier.ready() {
            Some(IdentifierFacts::Free) => MemberPlan::Create {
                answers: answers.clone(),
                role_id,
                default: self.lists.ready().and_then(|l| l.member_default.clone()),
            },
            Some(IdentifierFacts::ApiMember(existing)) => {
                let claim = self.claim(ctx.setup).unwrap_or(MemberClaim::Adoptable);
                let confirmed = self.adopt_agreed || self.adopt_confirmed == Some(existing.id);
                match &claim {
                    MemberClaim::Refused(why) => return Flow::banner(why.clone()),
                    MemberClaim::Adoptable if !confirmed => {
                        return Flow::banner(format!(
                            "{} is an existing API member this setup did not make: check the differences shown, then ^Y adopts it (or choose another member ID).",
                            existing.identifier
                        ));
                    }
                    _ => {}
                }
                // Adopted now, or earlier (recorded); a member this setup created is its own.
                adopted = claim == MemberClaim::Adoptable
                    || (ctx.setup.member.id == Some(existing.id) && ctx.setup.member.adopted);
                let fields: Vec<String> = self
                    .differences(ctx.setup)
                    .into_iter()
                    .map(|d| d.field.to_string())
                    .collect();
                if fields.is_empty() {
                    // Already as wanted (a re-run): take it without another round trip.
                    let existing = (**existing).clone();
                    ctx.setup.member = answers;
                    ctx.setup.member.adopted = adopted;
                    ctx.setup.member.id = Some(existing.id);
                    ctx.setup.close_intent(MEMBER_INTENT);
                    self.save = Load::Ready(existing);
                    return Flow::go(Go::Next);
                }
                MemberPlan::Patch {
                    id: existing.id,
                    answers: answers.clone(),
                    role_id,
                    fields,
                }
            }
            Some(IdentifierFacts::OtherMember { .. }) => {
                let why = match self.claim(ctx.setup) {
                    Some(MemberClaim::Refused(why)) => why,
                    _ => "That member ID belongs to a person: choose another.".into(),
                };
                return Flow::banner(why);
            }
            None => {
                return Flow::banner(
                    "Still checking whether the member ID is free (^L to check again).",
                );
            }
        };
        let Some(auth) = ctx.admin_auth() else {
            return Flow::none();
        };
        ctx.setup.member = answers;
        if let MemberPlan::Create { answers, .. } = &plan {
            ctx.setup.open_intent(MEMBER_INTENT, &answers.identifier);
        }
        ctx.setup.member.adopted = adopted;
        let seq = ctx.seq();
        self.save = Load::Loading { seq };
        Flow::effect(Effect::SaveMember { seq, auth, plan })
    }
}
