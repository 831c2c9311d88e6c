//! Step 1's first phase: the template picker. A search narrows the library, Space ticks one or
//! more templates (they merge), Enter goes on to the role checklist; the chosen templates'
//! optional features are listed below it (`features`).

use super::features::FeatureList;
use super::{Phase, RoleStep};
use crate::app::ctx::Ctx;
use crate::app::field::TextField;
use crate::app::flow::{Flow, Go};
use crate::app::keymap::Intent;
use crate::app::step::Step;
use crate::app::validate;
use crate::template::{Library, Template};

/// What only the picker has: its search, its highlighted line and its feature list.
#[derive(Debug, Clone)]
pub struct Picker {
    /// Search text.
    pub query: TextField,
    /// Highlighted line among the templates the search matches.
    pub cursor: usize,
    /// The chosen templates' optional features.
    pub features: FeatureList,
}

fn search(_: &str) -> validate::Valid {
    Ok(String::new())
}

impl Default for Picker {
    fn default() -> Picker {
        Picker {
            query: TextField::new("Search", search).placeholder("type to filter"),
            cursor: 0,
            features: FeatureList::default(),
        }
    }
}

impl Picker {
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

    /// Ticks the highlighted template into `chosen`, or unticks it.
    fn toggle_highlighted(&self, chosen: &mut Vec<String>, library: &Library) {
        let Some(id) = self
            .matches(library.all())
            .get(self.cursor)
            .map(|t| t.id.clone())
        else {
            return;
        };
        if let Some(pos) = chosen.iter().position(|c| *c == id) {
            chosen.remove(pos);
        } else {
            chosen.push(id);
        }
    }
}

impl RoleStep {
    /// An intent in the picker (the feature list took none of it).
    pub(super) fn on_pick_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        let Phase::Pick(picker) = &mut self.phase else {
            return Flow::none();
        };
        match intent {
            Intent::Up => picker.cursor = picker.cursor.saturating_sub(1),
            Intent::Down => {
                let n = picker.matches(ctx.library.all()).len();
                picker.cursor = (picker.cursor + 1).min(n.saturating_sub(1));
            }
            Intent::Toggle => picker.toggle_highlighted(&mut self.chosen, ctx.library),
            Intent::Submit | Intent::NextStep => {
                if self.chosen.is_empty() {
                    picker.toggle_highlighted(&mut self.chosen, ctx.library);
                }
                if self.chosen.is_empty() {
                    return Flow::banner(
                        "No template matches: clear the search, then pick one with Space.",
                    );
                }
                self.role_name.clear();
                self.remerge(ctx);
                self.open_checklist();
                return self.enter(ctx);
            }
            Intent::PrevStep => return Flow::go(Go::Prev),
            _ => {}
        }
        Flow::none()
    }
}
