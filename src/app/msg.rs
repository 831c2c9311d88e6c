//! Messages into the core, and effects out of it. The runtime turns effects into tokio tasks
//! (or disk writes) and every result comes back as a `Msg` carrying the `seq` it was started
//! with; the core drops answers whose `seq` is stale.

use super::facts::{
    AdminFacts, CertFacts, Failure, IdentifierFacts, InstanceFacts, KeyFacts, LiveRow,
    MemberDefault, MemberFacts, PickLists, RoleFacts,
};
use super::setup::{MemberAnswers, Setup};
use crate::level::Levels;
use crate::secrets::KeyPair;
use ratatui::crossterm::event::KeyEvent;
use std::time::Duration;

pub type Seq = u64;

/// Messages move once per event; boxing the large answers would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// A spinner tick while something is loading.
    Tick,
    /// A timer set by `Effect::Timer` fired.
    Timer {
        seq: Seq,
        kind: TimerKind,
    },
    /// A background task finished.
    Done {
        seq: Seq,
        outcome: Outcome,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerKind {
    /// Typing paused: run the instance check of step 0.
    Discover,
    /// Typing paused: check the member identifier.
    Identifier,
    /// Read the role's settings again.
    PollRole,
    /// Verify the key again (ConnectWise lags behind role changes).
    RetryVerify,
}

#[derive(Debug, Clone)]
pub enum Outcome {
    Discovered(Result<InstanceFacts, Failure>),
    Certificate(Result<CertFacts, Failure>),
    Admin(Result<AdminFacts, Failure>),
    Role(Result<RoleFacts, Failure>),
    RoleSettings(Result<Vec<LiveRow>, Failure>),
    PickLists(Result<PickLists, Failure>),
    Identifier(Result<IdentifierFacts, Failure>),
    MemberSaved(Result<MemberFacts, Failure>),
    Key(Result<KeyFacts, Failure>),
    KeyFileWritten(Result<String, Failure>),
    Exported(Result<Vec<String>, Failure>),
    /// A demo action in the sandbox (the ConnectWise-UI stand-in).
    Sandbox(Result<SandboxDone, Failure>),
    Saved(Result<(), Failure>),
    /// Whether ConnectWise refuses the old key (rotation).
    OldKeyRefused(Result<bool, Failure>),
}

#[derive(Debug, Clone)]
pub enum SandboxDone {
    LevelsSet,
    KeyCreated(KeyPair),
    KeyDeleted,
    /// The key's Inactive checkbox was ticked (true) or cleared (false).
    KeyInactive(bool),
}

/// Where a network effect goes, as step 0 discovered it (the core owns it in
/// `Setup.instance`): the instance's API address, the company that signs in, and whether it is
/// cloud (where ConnectWise answers a bad key with 404). Empty until the instance is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    pub api_base: String,
    pub company: String,
    pub is_cloud: bool,
}

impl Target {
    /// `company` on the instance `facts` describe; empty (refused by the runtime as "not
    /// checked yet") without facts.
    pub fn of(company: &str, facts: Option<&InstanceFacts>) -> Target {
        Target {
            api_base: facts.map(|f| f.api_url.clone()).unwrap_or_default(),
            company: company.to_string(),
            is_cloud: facts.is_some_and(|f| f.is_cloud),
        }
    }
}

/// Everything one call needs: where it goes, the clientId and a key pair (admin or the new
/// member's). Effects carry it, so the runner keeps no state between them.
#[derive(Debug, Clone)]
pub struct Auth {
    pub target: Target,
    pub client_id: String,
    pub key: KeyPair,
}

/// How the member step changes the instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberPlan {
    /// `POST /system/apiMembers` from `/default`, overlaid with the answers. `default` is the
    /// one prefetched with the pick lists; without it the runtime asks for it first.
    Create {
        answers: MemberAnswers,
        role_id: Option<u32>,
        default: Option<MemberDefault>,
    },
    /// Adopt the existing member, patching the fields that differ.
    Patch {
        id: u32,
        answers: MemberAnswers,
        role_id: Option<u32>,
        fields: Vec<String>,
    },
}

/// What the demo's "do it in ConnectWise for me" key does in the sandbox.
#[derive(Debug, Clone)]
pub enum SandboxAction {
    SetRole {
        role: String,
        rows: Vec<(String, String, Levels)>,
        customize: Vec<(String, String)>,
    },
    CreateKey {
        member: String,
        description: String,
    },
    DeleteKey {
        member: String,
        public_key: String,
    },
    /// Ticks (true) or clears (false) the key's Inactive checkbox.
    SetKeyInactive {
        member: String,
        public_key: String,
        inactive: bool,
    },
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Effect {
    Discover {
        seq: Seq,
        site: String,
        company: String,
    },
    InspectCertificate {
        seq: Seq,
        site: String,
    },
    CheckAdmin {
        seq: Seq,
        auth: Auth,
    },
    FindOrCreateRole {
        seq: Seq,
        auth: Auth,
        name: String,
    },
    ReadRoleSettings {
        seq: Seq,
        auth: Auth,
        role_id: u32,
    },
    LoadPickLists {
        seq: Seq,
        auth: Auth,
    },
    CheckIdentifier {
        seq: Seq,
        auth: Auth,
        identifier: String,
    },
    SaveMember {
        seq: Seq,
        auth: Auth,
        plan: MemberPlan,
    },
    /// Read what the new key sees: info, myMembers, mySecurity + customizeItems, `/count` probes.
    VerifyKey {
        seq: Seq,
        auth: Auth,
        probes: Vec<String>,
    },
    /// Try a key: `Outcome::OldKeyRefused(Ok(true))` when ConnectWise refuses it (401),
    /// `Ok(false)` when it still works (rotation proves both: retired, and undone).
    ProveRefused {
        seq: Seq,
        auth: Auth,
    },
    WriteKeyFile {
        seq: Seq,
        path: String,
        key: KeyPair,
        context: String,
    },
    CopyToClipboard {
        key: KeyPair,
    },
    Timer {
        seq: Seq,
        after: Duration,
        kind: TimerKind,
    },
    Sandbox {
        seq: Seq,
        action: SandboxAction,
    },
    Export {
        seq: Seq,
        basename: String,
        markdown: String,
        json: String,
    },
    Save(Box<Setup>),
    /// Abort the task started with this seq (Esc, or leaving the step).
    Cancel {
        seq: Seq,
    },
    Quit(Exit),
}

impl Effect {
    /// The seq a background effect reports back with; None for the ones that report nothing.
    pub fn seq(&self) -> Option<Seq> {
        match self {
            Effect::Discover { seq, .. }
            | Effect::InspectCertificate { seq, .. }
            | Effect::CheckAdmin { seq, .. }
            | Effect::FindOrCreateRole { seq, .. }
            | Effect::ReadRoleSettings { seq, .. }
            | Effect::LoadPickLists { seq, .. }
            | Effect::CheckIdentifier { seq, .. }
            | Effect::SaveMember { seq, .. }
            | Effect::VerifyKey { seq, .. }
            | Effect::ProveRefused { seq, .. }
            | Effect::WriteKeyFile { seq, .. }
            | Effect::Sandbox { seq, .. }
            | Effect::Export { seq, .. }
            | Effect::Timer { seq, .. }
            | Effect::Cancel { seq } => Some(*seq),
            Effect::Save(_) | Effect::CopyToClipboard { .. } | Effect::Quit(_) => None,
        }
    }

    /// What this effect may create in ConnectWise ("role", "member"): such an effect is run
    /// only once the intent record saved before it is on disk.
    pub fn creates(&self) -> Option<&'static str> {
        match self {
            Effect::FindOrCreateRole { .. } => Some("role"),
            Effect::SaveMember {
                plan: MemberPlan::Create { .. },
                ..
            } => Some("member"),
            _ => None,
        }
    }
}

/// How the wizard ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Finished,
    SavedForLater,
    Cancelled,
}
