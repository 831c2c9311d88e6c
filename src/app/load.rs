//! The state of one background load, as a step keeps it.

use super::facts::Failure;
use super::msg::Seq;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Load<T> {
    #[default]
    Idle,
    Loading {
        seq: Seq,
    },
    Ready(T),
    Failed(Failure),
}

impl<T> Load<T> {
    pub fn is_loading(&self) -> bool {
        matches!(self, Load::Loading { .. })
    }

    pub fn ready(&self) -> Option<&T> {
        match self {
            Load::Ready(value) => Some(value),
            _ => None,
        }
    }

    pub fn failure(&self) -> Option<&Failure> {
        match self {
            Load::Failed(failure) => Some(failure),
            _ => None,
        }
    }

    /// The seq of the running load, if any.
    pub fn seq(&self) -> Option<Seq> {
        match self {
            Load::Loading { seq } => Some(*seq),
            _ => None,
        }
    }

    /// True when `seq` is the answer this load waits for.
    pub fn awaits(&self, seq: Seq) -> bool {
        self.seq() == Some(seq)
    }

    /// Stores the answer to the load started with `seq`; a stale answer is dropped.
    pub fn settle(&mut self, seq: Seq, result: Result<T, Failure>) -> bool {
        if !self.awaits(seq) {
            return false;
        }
        *self = match result {
            Ok(value) => Load::Ready(value),
            Err(failure) => Load::Failed(failure),
        };
        true
    }
}
