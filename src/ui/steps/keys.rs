//! Step 3's widget: exact UI instructions, the masked key fields, each check with its result
//! and advice; then the one-time hand-off of the private key.

use crate::app::Wizard;
use crate::app::steps::keys::{KeyField, Phase, PhaseKind};
use crate::secrets::mask;
use crate::ui::theme::Theme;
use crate::ui::widgets::{load_lines, status_mark, text_line};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn draw(wizard: &Wizard, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let step = &wizard.keys;
    let member = &wizard.setup.member.identifier;
    let mut lines = Vec::new();
    match &step.phase {
        Phase::Paste => {
            if let Some(r) = &wizard.setup.key.rotating {
                lines.push(Line::from(Span::styled(
                    format!("Rotation: create a SECOND key; the old one ({}) keeps working until the end.", r.old_public_key),
                    theme.warn,
                )));
            }
            if let Some(done) = member_confirmation(wizard) {
                lines.push(Line::from(Span::styled(done, theme.ok)));
            }
            lines.push(Line::from(Span::styled(
                format!("In ConnectWise: System > Members > API Members > {member} > API Keys > +"),
                theme.heading,
            )));
            lines.push(Line::raw(format!(
                "Description: {} · press Save, not Save & Close, or the private key is lost.",
                step.field(KeyField::Description).value()
            )));
            lines.push(Line::from(Span::styled(
                "Then paste both keys here (they stay on this machine's screen only).",
                theme.muted,
            )));
            if crate::app::steps::keys::done_earlier(&wizard.setup)
                && let Some(done) = &wizard.setup.key.public_key
            {
                lines.push(Line::from(Span::styled(
                    format!("✓ Key {done} was verified and handed off earlier: ^N goes on; paste it again to re-check."),
                    theme.ok,
                )));
            }
            if let (Some(old), None) = (&wizard.setup.key.public_key, &wizard.setup.key.handed_off)
            {
                lines.push(Line::from(Span::styled(
                    format!("! Key {old} was verified earlier but never handed off: delete it in ConnectWise and create a new one."),
                    theme.warn,
                )));
            }
            for field in KeyField::ALL {
                lines.extend(text_line(step.field(field), step.focus == field, theme));
            }
            lines.extend(load_lines(
                &step.verify,
                "verifying the key",
                wizard.spinner,
                theme,
            ));
            lines.extend(load_lines(
                &step.sandbox,
                "creating a key in the sandbox",
                wizard.spinner,
                theme,
            ));
            if let Some(wait) = step.lag_waiting {
                lines.push(Line::from(Span::styled(
                    format!(
                        "ConnectWise has not applied the role change to the key yet (it lags); checking again in {} s (try {} of {}).",
                        wait.as_secs(),
                        step.lag_attempt,
                        crate::app::steps::keys::MAX_LAG_RETRIES
                    ),
                    theme.warn,
                )));
            }
        }
        Phase::RetireOld(retire) => lines.extend(super::retire_old::lines(wizard, retire, theme)),
        Phase::HandOff(handoff) => {
            lines.push(Line::from(Span::styled(
                "✓ The key works. ConnectWise will never show the private key again: hand it off now.",
                theme.ok,
            )));
            let pair = &handoff.pending;
            lines.push(Line::raw(format!("  Public key:  {}", pair.public)));
            let shown = if handoff.revealed {
                pair.expose_private().to_string()
            } else {
                mask(pair.expose_private())
            };
            lines.push(Line::from(vec![
                Span::raw("  Private key: "),
                Span::styled(shown, theme.heading),
                Span::styled(
                    if handoff.revealed {
                        ""
                    } else {
                        "  (^R reveals)"
                    },
                    theme.muted,
                ),
            ]));
            lines.extend(text_line(&handoff.path, true, theme));
            // Why the proposal is not the current directory, while the path is still there.
            if let Some(why) = step
                .handoff_dir
                .as_ref()
                .filter(|d| std::path::Path::new(handoff.path.value()).starts_with(&d.dir))
                .and_then(|d| d.why.as_deref())
            {
                lines.push(Line::from(Span::styled(format!("  {why}"), theme.warn)));
            }
            lines.extend(load_lines(
                &handoff.written,
                "writing the file",
                wizard.spinner,
                theme,
            ));
            if let Some(path) = handoff.written.ready() {
                lines.push(Line::from(Span::styled(
                    format!("✓ written to {path} (mode 0600); delete it once moved."),
                    theme.ok,
                )));
            }
            if handoff.copied {
                lines.push(Line::from(Span::styled(
                    "Sent to your terminal's clipboard (OSC 52). Under tmux a copy may stay in tmux's paste buffer on this host.",
                    theme.warn,
                )));
            }
            lines.push(Line::from(Span::styled(
                "^S once it is stored safely: the wizard then forgets the private key.",
                theme.muted,
            )));
        }
    }
    // Retiring the old key: the new key's checks passed (said in one line above).
    if !step.checks.is_empty() && step.phase.kind() != PhaseKind::RetireOld {
        lines.push(Line::raw(""));
        for c in &step.checks {
            lines.push(Line::from(vec![
                Span::raw(" "),
                status_mark(c.status, theme),
                Span::raw(format!(" {}: {}", c.label, c.detail)),
            ]));
            if let Some(advice) = &c.advice
                && c.status != crate::app::setup::CheckStatus::Pass
            {
                lines.push(Line::from(Span::styled(
                    format!("   → {advice}"),
                    theme.warn,
                )));
            }
        }
    }
    super::lines_into(lines, 0, None, area, buf);
}

/// One line saying step 2 made (or adopted) the member, on arrival: not once a key was checked,
/// nor in a rotation.
fn member_confirmation(wizard: &Wizard) -> Option<String> {
    let setup = &wizard.setup;
    let id = setup.member.id?;
    if !wizard.keys.checks.is_empty()
        || setup.key.rotating.is_some()
        || crate::app::steps::keys::done_earlier(setup)
    {
        return None;
    }
    let how = if setup.member.adopted {
        "adopted"
    } else {
        "created"
    };
    Some(format!(
        "✓ API member {} {how} (id {id}, role {}).",
        setup.member.identifier, setup.role.name
    ))
}
