//! The typed command API over the core: what a front-end (a key press, a line prompt, an
//! answers file) asks the wizard to do. Values arrive parsed ([`super::values`]); a command the
//! wizard cannot take comes back as [`Rejected`], naming the field and what to do.

use super::values::{ClientId, CompanyId, Email, MemberId, MemberName, RoleName, Site};
use crate::secrets::KeyPair;

#[derive(Debug, Clone)]
pub enum Command {
    /// Step 0: the instance and, for assisted mode, the admin keys; starts the live checks.
    Connect {
        site: Site,
        company: CompanyId,
        client_id: ClientId,
        admin: Option<KeyPair>,
    },
    /// Step 1: the template ids (several merge; the highest level wins).
    ChooseTemplates(Vec<String>),
    NameRole(RoleName),
    /// Assisted: find the role by name, or create its shell.
    CreateRole,
    /// Assisted, batch: find or create the role shell and go on to the member at once; the
    /// levels are set in ConnectWise later (one visit for levels and key).
    DeferLevels,
    /// Assisted: adopt the existing role found under the name, having seen who holds it (or,
    /// before the lookup, agree to). Built-in and people-held roles are refused.
    AdoptRole,
    /// Assisted: adopt the existing API member, having seen the differences (or, before the
    /// check, agree to). People's members and other setups' members are refused.
    AdoptMember,
    /// Assisted: read the role's settings again.
    ReadLevels,
    /// Guided: the admin says every row is set in ConnectWise.
    ConfirmLevelsSet,
    /// Assisted: load step 2's pick lists and check the member ID (reads only), unless they
    /// are loaded or loading already.
    LoadMemberLists,
    /// Assisted: read step 2's pick lists and check the member ID again (`^L`; reads only).
    ReloadMemberLists,
    /// Step 2: the member's answers; the pick lists are matched by name.
    SetMember(MemberDraft),
    /// Step 3: the key pair the admin created; starts its verification.
    SubmitKey(KeyPair),
    /// Step 3: the front-end handed the verified private key off itself (`how`, for the
    /// record: it wrote or showed it); the wizard drops it.
    HandedOff(String),
    /// Step 3: the admin says the private key is stored (`^S`), with no hand-off the wizard saw
    /// necessarily. While it was neither revealed, copied nor written, ConnectWise's only copy
    /// would be lost: refused with that consequence unless `confirmed` (asked once already).
    KeyStored {
        confirmed: bool,
    },
    /// Rotation: the old key (its private half typed again), to prove ConnectWise refuses it;
    /// once refused, the rotation is recorded and the wizard finishes.
    /// Proves the stage reached: marked Inactive (first), then deleted (again).
    ProveOldKeyRefused(KeyPair),
    /// Rotation, old key inactive and refused: undo (the admin re-activates it in ConnectWise).
    UndoRetire,
    /// Rotation, undoing: the old key (private half typed again), to prove it works again.
    ProveOldKeyWorks(KeyPair),
    /// Step 5: an input of a template's manual step, by "template/step/input".
    SetManualInput {
        key: String,
        value: String,
    },
    /// Step 5: write the summary (Markdown and JSON).
    Export,
    Next,
    Back,
}

/// The member's fields, in form order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MemberField {
    Identifier,
    Name,
    Email,
    Level,
    Owner,
    Location,
    BusinessUnit,
    TimeZone,
    Territory,
}

impl MemberField {
    pub const ALL: [MemberField; 9] = [
        MemberField::Identifier,
        MemberField::Name,
        MemberField::Email,
        MemberField::Level,
        MemberField::Owner,
        MemberField::Location,
        MemberField::BusinessUnit,
        MemberField::TimeZone,
        MemberField::Territory,
    ];
    /// The pick lists, in form order.
    pub const PICKS: [MemberField; 6] = [
        MemberField::Level,
        MemberField::Owner,
        MemberField::Location,
        MemberField::BusinessUnit,
        MemberField::TimeZone,
        MemberField::Territory,
    ];

    /// The field's name in the answers file and in errors (`member.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            MemberField::Identifier => "identifier",
            MemberField::Name => "name",
            MemberField::Email => "email",
            MemberField::Level => "level",
            MemberField::Owner => "owner",
            MemberField::Location => "location",
            MemberField::BusinessUnit => "business_unit",
            MemberField::TimeZone => "time_zone",
            MemberField::Territory => "territory",
        }
    }

    /// Position in the form (focus order).
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(i: usize) -> Option<MemberField> {
        MemberField::ALL.get(i).copied()
    }

    /// The next field of a form showing the first `shown` fields (wrapping to the first).
    pub fn after(self, shown: usize) -> MemberField {
        MemberField::from_index((self.index() + 1) % shown.max(1)).unwrap_or(self)
    }

    /// The previous field of a form showing the first `shown` fields (wrapping to the last).
    pub fn before(self, shown: usize) -> MemberField {
        let shown = shown.max(1);
        MemberField::from_index((self.index() + shown - 1) % shown).unwrap_or(self)
    }

    /// Index among the pick lists, for the six pick fields.
    pub fn pick_index(self) -> Option<usize> {
        self.index().checked_sub(3)
    }
}

/// What a front-end sets on the member; `None` keeps what is there (defaults, a resume).
#[derive(Debug, Clone, Default)]
pub struct MemberDraft {
    pub identifier: Option<MemberId>,
    pub name: Option<MemberName>,
    pub email: Option<Email>,
    /// Pick-list answers by the names the instance shows ("Chicago HQ").
    pub picks: Vec<(MemberField, String)>,
}

/// A command the wizard did not take: which field, why, and (for a pick list) the choices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The answers-file key or the step: `member.email`, `templates`, `role`.
    pub field: String,
    pub message: String,
    /// For a pick list: the names the instance offers.
    pub choices: Vec<String>,
    /// Further answers refused by the same command (batch reports them all at once); the
    /// full screen and `Display` show this one.
    pub more: Vec<Rejected>,
}

impl Rejected {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Rejected {
        Rejected {
            field: field.into(),
            message: message.into(),
            choices: Vec::new(),
            more: Vec::new(),
        }
    }

    /// The first of `all` carrying the rest (None when empty).
    pub fn many(all: Vec<Rejected>) -> Option<Rejected> {
        let mut flat = all.into_iter().flat_map(|mut r| {
            let more = std::mem::take(&mut r.more);
            std::iter::once(r).chain(more)
        });
        let mut first = flat.next()?;
        first.more = flat.collect();
        Some(first)
    }

    /// This refusal and the ones it carries.
    pub fn all(&self) -> impl Iterator<Item = &Rejected> {
        std::iter::once(self).chain(self.more.iter())
    }

    pub fn with_choices(mut self, choices: Vec<String>) -> Rejected {
        self.choices = choices;
        self
    }
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)?;
        if !self.choices.is_empty() {
            write!(f, " Choices: {}.", self.choices.join(", "))?;
        }
        Ok(())
    }
}

impl std::error::Error for Rejected {}

#[cfg(test)]
mod tests;
