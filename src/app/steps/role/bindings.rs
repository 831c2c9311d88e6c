//! What the role step offers: the templates the picker's search matches, and the footer's keys
//! for the phase showing.

use super::{Phase, RoleStep};
use crate::app::keymap::{self, Binding};
use crate::app::ownership::RoleClaim;
use crate::app::setup::Mode;
use crate::template::Template;

impl RoleStep {
    /// Templates matching the search, in library order.
    pub fn matches<'a>(&self, ctx_templates: &'a [Template]) -> Vec<&'a Template> {
        let q = self.query.value().trim().to_lowercase();
        ctx_templates
            .iter()
            .filter(|t| {
                q.is_empty()
                    || t.id.to_lowercase().contains(&q)
                    || t.name.to_lowercase().contains(&q)
            })
            .collect()
    }

    pub fn bindings(&self, mode: Mode, demo: bool) -> Vec<Binding> {
        match self.phase {
            Phase::Pick => {
                let mut t = vec![
                    keymap::UP,
                    keymap::DOWN,
                    keymap::SPACE_TOGGLE,
                    keymap::ENTER_CONFIRM,
                ];
                self.feature_bindings(&mut t);
                t.push(keymap::PREV_STEP);
                t
            }
            Phase::Checklist => {
                let mut t = vec![keymap::UP, keymap::DOWN];
                match mode {
                    Mode::Guided => t.push(keymap::SPACE_TOGGLE),
                    Mode::Assisted => {
                        t.push(if self.role.ready().is_some() {
                            keymap::RECHECK
                        } else {
                            keymap::ENTER_CREATE
                        });
                        if matches!(self.found, Some((_, RoleClaim::Adoptable { .. }))) {
                            t.push(keymap::ADOPT);
                        }
                        if demo && self.role.ready().is_some() {
                            t.push(keymap::DEMO);
                        }
                    }
                }
                t.extend([keymap::NEXT_STEP, keymap::PREV_STEP]);
                t
            }
        }
    }
}
