//! Step 1's second phase: the merged templates' rows against the role's levels. Assisted mode
//! finds or creates the role (Enter) and reads its levels back; guided mode ticks each row
//! (Space). ^N leaves once every row is right; ^P goes back to the picker as it was left.

use super::picker::Picker;
use super::{Phase, RoleStep, held_banner};
use crate::app::ctx::Ctx;
use crate::app::flow::{Flow, Go};
use crate::app::keymap::Intent;
use crate::app::setup::Mode;
use crate::app::verify::RowState;

/// What only the checklist has: its highlighted row, and the picker ^P goes back to (its
/// search and feature list as they were left).
#[derive(Debug, Clone, Default)]
pub struct Checklist {
    /// Highlighted row.
    pub cursor: usize,
    pub(super) back: Picker,
    /// Guided: Tab gave the name field the keys, so Space types a space instead of ticking.
    pub name_focused: bool,
}

/// How the guided checklist records a ticked row.
fn row_key(module: &str, function: &str) -> String {
    format!("{module} / {function}")
}

impl RoleStep {
    /// An intent on the checklist.
    pub(super) fn on_checklist_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        let Phase::Checklist(list) = &self.phase else {
            return Flow::none();
        };
        let cursor = list.cursor;
        if matches!(intent, Intent::Up | Intent::Down)
            && let Phase::Checklist(list) = &mut self.phase
        {
            list.name_focused = false; // back on the rows: Space ticks again
        }
        match intent {
            Intent::Up => self.set_cursor(cursor.saturating_sub(1)),
            Intent::Down => {
                let n = self.rows(ctx.merged.as_ref()).len();
                self.set_cursor((cursor + 1).min(n.saturating_sub(1)));
            }
            Intent::NextField if ctx.setup.mode == Mode::Guided => {
                if let Phase::Checklist(list) = &mut self.phase {
                    list.name_focused = !list.name_focused;
                }
            }
            Intent::Toggle if ctx.setup.mode == Mode::Guided => {
                if let Some(row) = self.rows(ctx.merged.as_ref()).get(cursor) {
                    let key = row_key(row.function.module, row.function.function);
                    if !ctx.setup.role.ticked.remove(&key) {
                        ctx.setup.role.ticked.insert(key);
                    }
                }
            }
            Intent::Submit if ctx.setup.mode == Mode::Assisted => return self.find_or_create(ctx),
            Intent::Recheck => {
                if let Some(id) = self.role.ready().map(|r| r.id) {
                    return self.read_settings(id, ctx);
                }
            }
            Intent::Demo if ctx.demo => return self.demo_set_levels(ctx),
            Intent::Adopt => return self.adopt_found(ctx),
            Intent::NextStep => return self.leave(ctx),
            Intent::PrevStep => {
                if let Phase::Checklist(list) = &mut self.phase {
                    let back = std::mem::take(&mut list.back);
                    self.phase = Phase::Pick(Picker { cursor: 0, ..back });
                }
            }
            _ => {}
        }
        Flow::none()
    }

    fn set_cursor(&mut self, cursor: usize) {
        if let Some(list) = self.checklist_mut() {
            list.cursor = cursor;
        }
    }

    /// Leaves when the levels are right: all rows match (assisted) or are ticked (guided).
    pub fn leave(&mut self, ctx: &mut Ctx) -> Flow {
        let Ok(name) = self.role_name.validate() else {
            return Flow::banner("Give the role a name (30 characters at most).");
        };
        if ctx.setup.mode == Mode::Guided {
            // Guided looks nothing up: a role this setup created under another name (an
            // earlier assisted run) is left behind here, as assisted's lookup records it.
            super::leave_behind(&mut ctx.setup.role, &name);
        }
        ctx.setup.role.name = name;
        let rows = self.rows(ctx.merged.as_ref());
        match ctx.setup.mode {
            Mode::Assisted => {
                if let Some((role, claim)) = &self.found {
                    return Flow::banner(held_banner(role, claim));
                }
                if self.role.ready().is_none() {
                    return Flow::banner("Press Enter to find or create the role first.");
                }
                if let Some(why) = self.unread() {
                    return Flow::banner(why);
                }
                let low = rows
                    .iter()
                    .filter(|r| {
                        matches!(
                            r.state,
                            RowState::TooLow(_) | RowState::Missing | RowState::Unknown
                        )
                    })
                    .count();
                if low > 0 {
                    return Flow::banner(format!(
                        "{low} row(s) are still too low or unread: set them in ConnectWise (System > Security Roles > {}), then wait for the next read.",
                        ctx.setup.role.name
                    ));
                }
            }
            Mode::Guided => {
                let missing = rows
                    .iter()
                    .filter(|r| {
                        !ctx.setup
                            .role
                            .ticked
                            .contains(&row_key(r.function.module, r.function.function))
                    })
                    .count();
                if missing > 0 {
                    return Flow::banner(format!(
                        "Tick every row once it is set in ConnectWise ({missing} left)."
                    ));
                }
            }
        }
        ctx.setup.role.all_match = true;
        Flow::go(Go::Next)
    }
}
