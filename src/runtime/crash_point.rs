//! Test-only crash points: with `CW_ONBOARD_TEST_ABORT_AT=<point>` a debug build aborts the
//! process when it reaches that point, as a power cut or `kill -9` would, so tests can prove that
//! a resume converges (no duplicate role or member, the same end state). With
//! `CW_ONBOARD_TEST_PANIC_AT=<point>` it panics there instead, so tests can read the panic
//! report for secrets. Release builds compile the checks away.
//!
//! The points: `enter-<step>` (role, member, keys, allowlist, summary) just before the first
//! save of a step, and `<what>-intent-saved` / `<what>-created` (`role`, `member`) around each
//! create: after its intent record is on disk, and after ConnectWise answered it but before the
//! wizard recorded the answer. A rotation's `rotate-<stage>` (`mark_inactive`, `inactive`,
//! `reactivate`: the old key's stages) and `rotate-done` are just before the first save that
//! records that stage (or the finished rotation): a resume lands on the stage before.
//! `cw-onboard retire`'s `retire-member-deactivated` and `retire-role-deleted`: after
//! ConnectWise answered a retire stage, before the stage was recorded.

/// The environment variable naming the point to abort at.
pub const ABORT_AT: &str = "CW_ONBOARD_TEST_ABORT_AT";

/// The environment variable naming the point to panic at.
pub const PANIC_AT: &str = "CW_ONBOARD_TEST_PANIC_AT";

/// Aborts (or panics) if this is the armed point (debug builds only).
pub fn reached(point: &str) {
    #[cfg(debug_assertions)]
    {
        if std::env::var(ABORT_AT).is_ok_and(|armed| armed == point) {
            eprintln!("test crash point: aborting at {point}");
            std::process::abort();
        }
        if std::env::var(PANIC_AT).is_ok_and(|armed| armed == point) {
            panic!("test crash point: panicking at {point}");
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = point;
}

/// The point just before the first save that records `step`.
pub fn entering(step: crate::app::setup::StepId) {
    use crate::app::setup::StepId;
    let name = match step {
        StepId::Instance => "enter-instance",
        StepId::Role => "enter-role",
        StepId::Member => "enter-member",
        StepId::Keys => "enter-keys",
        StepId::AllowList => "enter-allowlist",
        StepId::Summary => "enter-summary",
    };
    reached(name);
}

/// Where a rotation is in retiring its old key, as its crash points (`rotate-*`) name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rotation {
    Stage(crate::app::setup::RetireStage),
    /// The rotation is recorded (the setup's key is the new one).
    Done,
}

impl Rotation {
    /// Where `setup`'s rotation is: None before the new key is handed off, or with no rotation
    /// ever made.
    pub fn of(setup: &crate::app::setup::Setup) -> Option<Rotation> {
        match &setup.key.rotating {
            Some(r) if r.new_handed_off => Some(Rotation::Stage(r.retire)),
            Some(_) => None,
            None => (!setup.key.rotations.is_empty()).then_some(Rotation::Done),
        }
    }

    pub fn point(self) -> &'static str {
        use crate::app::setup::RetireStage;
        match self {
            Rotation::Stage(RetireStage::MarkInactive) => "rotate-mark_inactive",
            Rotation::Stage(RetireStage::Inactive) => "rotate-inactive",
            Rotation::Stage(RetireStage::Reactivate) => "rotate-reactivate",
            Rotation::Done => "rotate-done",
        }
    }
}
