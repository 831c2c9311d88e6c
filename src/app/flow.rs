//! What a step's update hands back to the wizard: effects to run, and where to go.

use super::msg::Effect;

#[derive(Debug, Default)]
pub struct Flow {
    pub effects: Vec<Effect>,
    pub go: Option<Go>,
    /// A message for the banner (an error that is not tied to one field).
    pub banner: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Go {
    Next,
    Prev,
    /// Straight to a step, without marking the one left as completed (batch defers the role's
    /// levels and goes on to the member).
    To(super::setup::StepId),
}

impl Flow {
    pub fn none() -> Flow {
        Flow::default()
    }

    pub fn effect(effect: Effect) -> Flow {
        Flow {
            effects: vec![effect],
            ..Flow::default()
        }
    }

    pub fn go(go: Go) -> Flow {
        Flow {
            go: Some(go),
            ..Flow::default()
        }
    }

    pub fn banner(text: impl Into<String>) -> Flow {
        Flow {
            banner: Some(text.into()),
            ..Flow::default()
        }
    }

    pub fn with(mut self, effect: Effect) -> Flow {
        self.effects.push(effect);
        self
    }

    pub fn and(mut self, other: Flow) -> Flow {
        self.effects.extend(other.effects);
        self.go = self.go.or(other.go);
        self.banner = self.banner.or(other.banner);
        self
    }
}
