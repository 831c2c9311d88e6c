use super::PickerColumns;
use crate::template::Library;

#[test]
fn the_picker_shows_the_revision_under_its_name() {
    let library = Library::builtin().expect("the built-in templates");
    let kanban = library.get("cw-kanban").expect("cw-kanban");
    let mut old = kanban.clone();
    old.last_verified = chrono::NaiveDate::from_ymd_opt(2020, 1, 2).expect("a date");
    let columns = PickerColumns::fit(&[&old], 80);
    assert!(columns.header().ends_with("CONFIDENCE REVISION"));
    let row = columns.row(false, &old);
    assert!(row.ends_with(&kanban.revision.to_string()), "{row}");
    assert!(!row.contains("2020-01-02"), "{row}");
}
