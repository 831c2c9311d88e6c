//! What steps 1-3 show when the chosen templates need no API access (`app::skip`): why
//! nothing is created, and where the wizard goes instead.

use crate::app::Wizard;
use crate::ui::theme::Theme;
use ratatui::text::{Line, Span};

/// The lines saying steps 1-3 are skipped, or none when they are not.
pub fn lines(wizard: &Wizard, theme: &Theme) -> Vec<Line<'static>> {
    let Some(why) = wizard.skip_reason() else {
        return Vec::new();
    };
    vec![
        Line::from(Span::styled(format!("– {why}"), theme.warn)),
        Line::from(Span::styled(
            "Nothing is created in ConnectWise. The template's own steps follow: the allow-list, \
             then the manual steps in the summary.",
            theme.muted,
        )),
    ]
}
