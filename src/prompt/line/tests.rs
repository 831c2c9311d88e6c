use super::*;

fn line(ed: &mut LineEditor, bytes: &[u8]) -> Option<Ended> {
    ed.feed(bytes).ended
}

#[test]
fn typing_editing_and_enter_give_the_line() {
    let mut ed = LineEditor::new(Echo::Plain);
    assert_eq!(line(&mut ed, b"abcx\x7f"), None);
    assert_eq!(line(&mut ed, b"d\r"), Some(Ended::Line(Ok("abcd".into()))));
    let mut ed = LineEditor::new(Echo::Plain);
    assert_eq!(
        line(&mut ed, "wrong\x15é\x1b[Dz\n".as_bytes()),
        Some(Ended::Line(Ok("éz".into())))
    );
}

#[test]
fn a_bracketed_paste_keeps_its_text_and_drops_its_line_breaks() {
    let mut ed = LineEditor::new(Echo::Plain);
    assert_eq!(line(&mut ed, b"\x1b[200~key\r\nrest\x1b[201~"), None);
    assert_eq!(
        line(&mut ed, b"\r"),
        Some(Ended::Line(Ok("keyrest".into())))
    );
}

#[test]
fn a_huge_paste_is_refused_whole_and_ctrl_c_is_seen() {
    let mut ed = LineEditor::new(Echo::Plain);
    let big = vec![b'x'; 2 * 1024 * 1024];
    let fed = ed.feed(&big);
    assert!(fed.ended.is_none() && ed.over_cap());
    assert_eq!(
        line(&mut ed, b"\r"),
        Some(Ended::Line(Err(2 * 1024 * 1024)))
    );
    let mut ed = LineEditor::new(Echo::Plain);
    ed.feed(&big);
    assert_eq!(line(&mut ed, b"\x03"), Some(Ended::Interrupted));
    assert!(too_large(2 * 1024 * 1024).contains("2048 KB"));
}

#[test]
fn ctrl_d_on_an_empty_line_cancels() {
    let mut ed = LineEditor::new(Echo::Plain);
    assert_eq!(line(&mut ed, b"\x04"), Some(Ended::Cancelled));
}
