use super::*;

fn texts(lines: &[Line]) -> Vec<String> {
    lines.iter().map(|l| l.to_string()).collect()
}

#[test]
fn a_wrapped_line_continues_under_its_text() {
    let lines = vec![
        Line::raw(" 1. Deactivate API member kanban: it stays, inactive."),
        Line::raw("   ! The guide publishes none: ask support."),
        Line::raw(" Then paste the private half."),
        Line::raw("short"),
    ];
    assert_eq!(
        texts(&hanging(lines, 24)),
        [
            " 1. Deactivate API",
            "    member kanban: it",
            "    stays, inactive.",
            "   ! The guide publishes",
            "     none: ask support.",
            " Then paste the private",
            " half.",
            "short",
        ]
    );
}

#[test]
fn styles_survive_and_long_words_are_cut() {
    let warn = Style::default().fg(ratatui::style::Color::Yellow);
    let line = Line::from(vec![Span::raw("  "), Span::styled("abcdefghij klm", warn)]);
    let out = hanging(vec![line], 8);
    assert_eq!(texts(&out), ["  abcdef", "  ghij", "  klm"]);
    assert!(
        out.iter()
            .all(|l| l.spans.last().is_some_and(|s| s.style == warn))
    );
}
