//! Exit codes, as PRODUCT.md fixes them.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done.
    Done,
    /// 1: an error (the message says what to do).
    Error,
    /// 2: the command line was wrong.
    Usage,
    /// 3: verification failed, or the instance drifted from the template.
    Drift,
    /// 4: waiting for a manual step in the ConnectWise UI; run again to continue.
    Pending,
    /// 130: cancelled by the user.
    Cancelled,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Done => 0,
            Exit::Error => 1,
            Exit::Usage => 2,
            Exit::Drift => 3,
            Exit::Pending => 4,
            Exit::Cancelled => 130,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

impl From<crate::session::Outcome> for Exit {
    fn from(outcome: crate::session::Outcome) -> Exit {
        use crate::session::Outcome;
        match outcome {
            Outcome::Done => Exit::Done,
            Outcome::Error => Exit::Error,
            Outcome::Usage => Exit::Usage,
            Outcome::Drift => Exit::Drift,
            Outcome::Pending => Exit::Pending,
            Outcome::Cancelled => Exit::Cancelled,
        }
    }
}
