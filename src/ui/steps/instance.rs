//! Step 0's widget: the instance form and what the live checks found.

use crate::app::Wizard;
use crate::app::load::Load;
use crate::app::steps::instance::InstanceField;
use crate::ui::theme::Theme;
use crate::ui::widgets::{load_lines, text_line};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn draw(wizard: &Wizard, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let step = &wizard.instance;
    let mut lines = vec![Line::from(Span::styled(
        "Which ConnectWise instance? Paste the address you use in the browser.",
        theme.muted,
    ))];
    for field in InstanceField::ALL {
        if field == InstanceField::AdminPublic {
            lines.push(Line::from(Span::styled(
                "Admin keys (optional): the wizard then creates the role and member for you.",
                theme.muted,
            )));
        }
        lines.extend(text_line(step.field(field), step.focus == field, theme));
    }
    lines.push(Line::raw(""));
    lines.extend(load_lines(
        &step.discovery,
        "checking companyinfo",
        wizard.spinner,
        theme,
    ));
    if let Some(info) = step.discovery.ready() {
        let kind = if info.is_cloud { "cloud" } else { "on-premise" };
        lines.push(Line::from(vec![
            Span::styled("✓ ", theme.ok),
            Span::styled(info.company_name.clone(), theme.heading),
            Span::raw(format!(
                " · {} · {kind} · codebase {}",
                info.version, info.codebase
            )),
        ]));
        lines.push(Line::from(Span::styled(
            format!("  API: {}", info.api_url),
            theme.muted,
        )));
        for note in &info.site_notes {
            lines.push(Line::from(Span::styled(
                format!("  note: {note}"),
                theme.muted,
            )));
        }
    }
    lines.extend(load_lines(
        &step.certificate,
        "checking the certificate",
        wizard.spinner,
        theme,
    ));
    if let Some(cert) = step.certificate.ready() {
        let (mark, style) = if cert.problem.is_none() && cert.chain_valid {
            ("✓", theme.ok)
        } else {
            ("!", theme.warn)
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} Certificate "), style),
            Span::raw(format!(
                "{} · issuer {} · {} days left",
                cert.subject, cert.issuer, cert.days_left
            )),
        ]));
        if let Some(problem) = &cert.problem {
            lines.push(Line::from(Span::styled(format!("  {problem}"), theme.warn)));
        }
    }
    lines.extend(load_lines(
        &step.admin,
        "checking the admin keys",
        wizard.spinner,
        theme,
    ));
    match &step.admin {
        Load::Ready(a) => {
            let yes = |b: bool| if b { "✓" } else { "✗" };
            lines.push(Line::from(vec![
                Span::styled("✓ ", theme.ok),
                Span::raw(format!(
                    "Admin keys of {}: roles {} · members {} → assisted mode",
                    a.member,
                    yes(a.can_manage_roles),
                    yes(a.can_manage_members)
                )),
            ]));
        }
        Load::Idle
            if step.field(InstanceField::AdminPrivate).value().is_empty()
                && step.discovery.ready().is_some() =>
        {
            lines.push(Line::from(Span::styled(
                "No admin keys: guided mode (you click in ConnectWise; step 3 verifies everything).",
                theme.muted,
            )));
        }
        _ => {}
    }
    super::lines_into(lines, 0, None, area, buf);
}
