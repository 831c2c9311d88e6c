//! Rotation's retire screens, one per stage: mark the old key Inactive (proven refused), then
//! delete it (proven refused again) or undo (re-activate it, proven working again).

use crate::app::Wizard;
use crate::app::load::Load;
use crate::app::setup::RetireStage;
use crate::app::steps::rotation::{self, RetireOld, key_path};
use crate::ui::theme::Theme;
use crate::ui::widgets::{load_lines, text_line};
use ratatui::text::{Line, Span};

/// The stages, the one reached marked: what is done, what is next.
fn stages_line(stage: RetireStage, theme: &Theme) -> Line<'static> {
    let reached = match stage {
        RetireStage::MarkInactive | RetireStage::Reactivate => 2,
        RetireStage::Inactive => 3,
    };
    let names = ["new key", "handed off", "inactive, 401", "deleted, 401"];
    let mut spans = vec![Span::styled("Rotation: ", theme.muted)];
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" → ", theme.muted));
        }
        let (mark, style) = match i.cmp(&reached) {
            std::cmp::Ordering::Less => ("✓ ", theme.ok),
            std::cmp::Ordering::Equal => ("▸ ", theme.heading),
            std::cmp::Ordering::Greater => ("· ", theme.muted),
        };
        spans.push(Span::styled(format!("{mark}{name}"), style));
    }
    Line::from(spans)
}

/// The retire screen of `step`, the form step 3 shows while retiring the old key.
pub fn lines(wizard: &Wizard, step: &RetireOld, theme: &Theme) -> Vec<Line<'static>> {
    let setup = &wizard.setup;
    let stage = rotation::stage(setup).unwrap_or_default();
    let progress = setup.key.rotating.as_ref();
    let old = progress
        .map(|r| r.old_public_key.clone())
        .unwrap_or_default();
    let path = key_path(&setup.member.identifier, &old);
    let mut lines = vec![stages_line(stage, theme)];
    match stage {
        RetireStage::MarkInactive => {
            lines.push(Line::from(Span::styled(
                "✓ The new key works and is handed off. Now retire the old one, reversibly:",
                theme.ok,
            )));
            lines.push(Line::raw("1. Switch the integration over to the new key."));
            lines.push(Line::raw("2. In ConnectWise, open the old key:"));
            lines.push(Line::from(Span::styled(
                format!("   {path}"),
                theme.heading,
            )));
            lines.push(Line::raw(
                "   tick the Inactive checkbox, then Save (do not delete it yet).",
            ));
            lines.push(Line::raw(
                "3. Paste the old private key: the wizard proves ConnectWise refuses it (401).",
            ));
        }
        RetireStage::Inactive => {
            let when = progress
                .and_then(|r| r.inactive_on)
                .map(|d| format!(" on {d}"))
                .unwrap_or_default();
            lines.push(Line::from(Span::styled(
                format!("✓ The old key is inactive: ConnectWise refused it (401){when}."),
                theme.ok,
            )));
            lines.push(Line::raw(
                "1. Check that the integration works with the new key.",
            ));
            lines.push(Line::from(Span::styled(
                "   If it broke: ^Z undoes (re-activate the old key; the wizard proves it).",
                theme.warn,
            )));
            lines.push(Line::raw("2. Otherwise, in ConnectWise, open the old key:"));
            lines.push(Line::from(Span::styled(
                format!("   {path}"),
                theme.heading,
            )));
            lines.push(Line::raw("   and delete it."));
            lines.push(Line::raw(
                "3. Enter: the wizard proves ConnectWise refuses it again (401).",
            ));
        }
        RetireStage::Reactivate => {
            lines.push(Line::from(Span::styled(
                "Undo: the old key goes back into service.",
                theme.warn,
            )));
            lines.push(Line::raw("1. In ConnectWise, open the old key:"));
            lines.push(Line::from(Span::styled(
                format!("   {path}"),
                theme.heading,
            )));
            lines.push(Line::raw("   clear the Inactive checkbox, then Save."));
            lines.push(Line::raw(
                "2. Enter: the wizard proves ConnectWise accepts the old key again.",
            ));
        }
    }
    lines.extend(text_line(&step.old_private, true, theme));
    lines.push(Line::from(Span::styled(
        "  (typed only for the proof: never stored)",
        theme.muted,
    )));
    lines.extend(load_lines(
        &step.proof,
        "trying the old key",
        wizard.spinner,
        theme,
    ));
    lines.extend(load_lines(
        &step.sandbox,
        "doing it in the sandbox",
        wizard.spinner,
        theme,
    ));
    if step.sandbox.ready().is_some() && matches!(step.proof, Load::Idle) {
        lines.push(Line::from(Span::styled(
            "✓ Done in the sandbox: type the old private key, Enter proves it.",
            theme.ok,
        )));
    }
    if step.undone {
        lines.push(Line::from(Span::styled(
            "✓ Undone: ConnectWise accepts the old key again. Once the vendor runs on the new key, mark it Inactive again.",
            theme.ok,
        )));
    }
    match (stage, step.proof.ready()) {
        (RetireStage::MarkInactive, Some(false)) => lines.push(Line::from(Span::styled(
            "✗ The old key still works: tick Inactive and Save, then Enter again.",
            theme.error,
        ))),
        (RetireStage::Reactivate, Some(true)) => lines.push(Line::from(Span::styled(
            "✗ ConnectWise still refuses it: clear Inactive and Save, then Enter again.",
            theme.error,
        ))),
        _ => {}
    }
    lines.push(Line::from(Span::styled(
        match stage {
            RetireStage::MarkInactive => "^N finishes without the proof (recorded as not proven).",
            RetireStage::Inactive => {
                "^N finishes now: the old key stays inactive, recorded as not deleted."
            }
            RetireStage::Reactivate => "^Z again: keep the old key inactive after all.",
        },
        theme.muted,
    )));
    lines
}
