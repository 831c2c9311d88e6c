//! Step 5: every check, the hand-off block per template, the template's manual steps (with their
//! validated inputs), reminders, and export to Markdown and JSON.

use crate::app::command::{Command, Rejected};
use crate::app::ctx::Ctx;
use crate::app::field::TextField;
use crate::app::flow::{Flow, Go};
use crate::app::keymap::{self, Binding, Intent};
use crate::app::load::Load;
use crate::app::msg::{Effect, Exit, Outcome, Seq};
use crate::app::report;
use crate::app::setup::{Setup, SetupStatus};
use crate::app::step::{Routed, Step};
use ratatui::crossterm::event::KeyEvent;

/// One input of a template's manual step, as a field.
#[derive(Debug, Clone)]
pub struct ManualField {
    /// "template/step/input".
    pub key: String,
    pub template: String,
    pub step: String,
    pub input: String,
    pub field: TextField,
}

fn any(_: &str) -> crate::app::validate::Valid {
    Ok(String::new())
}

#[derive(Debug, Clone, Default)]
pub struct SummaryStep {
    pub inputs: Vec<ManualField>,
    pub focus: usize,
    pub scroll: u16,
    pub exported: Load<Vec<String>>,
    built: bool,
}

impl SummaryStep {
    /// Runs each input through its template rule (the same one batch mode uses).
    fn validate_all(&mut self, ctx: &mut Ctx) {
        let Some(merged) = ctx.merged.as_ref() else {
            return;
        };
        for f in &mut self.inputs {
            let rule = merged
                .manual_steps
                .iter()
                .filter(|(t, s)| *t == f.template && s.id == f.step)
                .flat_map(|(_, s)| s.inputs.iter())
                .find(|i| i.id == f.input);
            let value = f.field.value().to_string();
            f.field.error = None;
            f.field.note = None;
            if value.trim().is_empty() {
                ctx.setup.manual_inputs.remove(&f.key);
                continue;
            }
            match rule.map(|r| r.validate(&value)) {
                Some(Ok(normalised)) => {
                    f.field.note = Some("ok".into());
                    ctx.setup.manual_inputs.insert(f.key.clone(), normalised);
                }
                Some(Err(message)) => {
                    f.field.error = Some(message);
                    ctx.setup.manual_inputs.remove(&f.key);
                }
                None => {}
            }
        }
    }

    /// The manual-step inputs without a valid answer: every front-end keeps the setup from
    /// done until they are given (batch: pending, exit 4, naming each answers-file key).
    pub fn unanswered(&self, setup: &crate::app::setup::Setup) -> Vec<&ManualField> {
        let given = &setup.manual_inputs;
        self.inputs
            .iter()
            .filter(|f| !given.contains_key(&f.key))
            .collect()
    }

    /// `Command::SetManualInput`: checked by the template's rule for that input.
    pub fn set_input(&mut self, key: &str, value: &str, ctx: &mut Ctx) -> Result<Flow, Rejected> {
        let field = format!("manual.\"{key}\"");
        let Some(i) = self.inputs.iter().position(|f| f.key == key) else {
            let known = self.inputs.iter().map(|f| f.key.clone()).collect();
            return Err(
                Rejected::new(field, "The chosen templates have no such input.")
                    .with_choices(known),
            );
        };
        self.inputs[i].field.set(value);
        self.validate_all(ctx);
        match self.inputs[i].field.error.clone() {
            Some(message) => Err(Rejected::new(field, message)),
            None => Ok(Flow::none()),
        }
    }

    /// The one rule for how a finished setup ends, in every front-end: done (exit 0), unless
    /// its summary export failed, which is an error (exit 1) after the state is saved: the
    /// message says the setup is done and what to fix. None when nothing failed.
    pub fn export_failed(&self, setup_id: &str) -> Option<String> {
        let f = self.exported.failure()?;
        Some(format!(
            "setup {setup_id} is done and saved, but its summary could not be written: {} {}",
            f.summary, f.advice
        ))
    }

    pub fn on_done(&mut self, seq: Seq, outcome: Outcome, _ctx: &mut Ctx) -> Flow {
        if let Outcome::Exported(result) = outcome {
            self.exported.settle(seq, result);
        }
        Flow::none()
    }
}

impl Step for SummaryStep {
    fn section(&self) -> &'static str {
        "manual"
    }

    /// Any key under `[manual]`: "template/step/input", checked against the chosen templates.
    fn answers() -> &'static [&'static str] {
        &["manual.*"]
    }

    /// `SetManualInput`, `Export`.
    fn apply(&mut self, command: Command, ctx: &mut Ctx) -> Routed {
        match command {
            Command::SetManualInput { key, value } => {
                Routed::Taken(self.set_input(&key, &value, ctx))
            }
            Command::Export => Routed::Taken(Ok(self.on_intent(Intent::Export, ctx))),
            other => Routed::NotMine(other),
        }
    }

    /// `^E` exports; Enter goes on (Finish).
    fn key_command(
        &self,
        intent: Intent,
        _: &Setup,
        _: Option<&crate::template::MergedTemplate>,
    ) -> Option<Command> {
        match intent {
            Intent::Export => Some(Command::Export),
            Intent::Submit => Some(Command::Next),
            _ => None,
        }
    }

    fn bindings(&self, _: &Setup, _: bool) -> Vec<Binding> {
        let mut t = Vec::new();
        if !self.inputs.is_empty() {
            t.extend([keymap::TAB, keymap::BACKTAB]);
        }
        t.extend([
            keymap::UP,
            keymap::DOWN,
            keymap::EXPORT,
            keymap::FINISH,
            keymap::PREV_STEP,
        ]);
        t
    }

    fn is_busy(&self) -> bool {
        self.exported.is_loading()
    }

    fn enter(&mut self, ctx: &mut Ctx) -> Flow {
        if self.built {
            return Flow::none();
        }
        self.built = true;
        let Some(merged) = ctx.merged.as_ref() else {
            return Flow::none();
        };
        for (template, step) in &merged.manual_steps {
            for input in &step.inputs {
                let key = format!("{template}/{}/{}", step.id, input.id);
                let mut field = TextField::new(input.label.clone(), any);
                if let Some(v) = ctx.setup.manual_inputs.get(&key) {
                    field.set(v);
                }
                self.inputs.push(ManualField {
                    key,
                    template: template.clone(),
                    step: step.id.clone(),
                    input: input.id.clone(),
                    field,
                });
            }
        }
        self.validate_all(ctx);
        Flow::none()
    }

    fn on_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Flow {
        if let Some(f) = self.inputs.get_mut(self.focus)
            && f.field.handle_key(key)
        {
            self.validate_all(ctx);
        }
        Flow::none()
    }

    fn on_paste(&mut self, text: &str, ctx: &mut Ctx) -> Flow {
        if let Some(f) = self.inputs.get_mut(self.focus) {
            f.field.paste(text.trim());
            self.validate_all(ctx);
        }
        Flow::none()
    }

    fn on_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        let n = self.inputs.len().max(1);
        match intent {
            Intent::NextField => self.focus = (self.focus + 1) % n,
            Intent::PrevField => self.focus = (self.focus + n - 1) % n,
            Intent::Up => self.scroll = self.scroll.saturating_sub(1),
            Intent::Down => self.scroll = self.scroll.saturating_add(1),
            Intent::Export => {
                let seq = ctx.seq();
                let Some(merged) = ctx.merged.as_ref() else {
                    return Flow::none();
                };
                self.exported = Load::Loading { seq };
                return Flow::effect(Effect::Export {
                    seq,
                    basename: format!("{}-summary", ctx.setup.id),
                    markdown: report::markdown(ctx.setup, merged),
                    json: report::json(ctx.setup, merged),
                });
            }
            Intent::NextStep | Intent::Submit => {
                if let Some(bad) = self.inputs.iter().find(|f| f.field.error.is_some()) {
                    return Flow::banner(format!(
                        "{}: {}",
                        bad.field.label,
                        bad.field.error.clone().unwrap_or_default()
                    ));
                }
                if let Some(first) = self.unanswered(ctx.setup).first() {
                    return Flow::banner(format!(
                        "{}: unanswered; a setup is done once its manual steps are (^C saves it at step 5).",
                        first.field.label
                    ));
                }
                ctx.setup.status = SetupStatus::Done;
                return Flow::effect(Effect::Quit(Exit::Finished));
            }
            Intent::PrevStep => return Flow::go(Go::Prev),
            _ => {}
        }
        Flow::none()
    }
}
