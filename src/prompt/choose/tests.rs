use super::*;

#[test]
fn a_typed_or_pasted_line_names_one_option_or_none() {
    let units: Vec<String> = ["Managed Services", "Professional Services", "Sales"]
        .map(String::from)
        .into();
    assert_eq!(pick(&units, "", 1), Some(1));
    assert_eq!(pick(&units, "3", 0), Some(2));
    assert_eq!(pick(&units, "4", 0), None);
    assert_eq!(pick(&units, "0", 0), None);
    assert_eq!(pick(&units, " sales ", 0), Some(2));
    assert_eq!(pick(&units, "Professional", 0), Some(1));
    // A pasted name that is not on the list is not taken as another choice.
    assert_eq!(pick(&units, "Services", 0), None);
    assert_eq!(pick(&units, "Remote", 0), None);
    let templates: Vec<String> = ["cw-kanban · CW Kanban", "hudu · Hudu"]
        .map(String::from)
        .into();
    assert_eq!(pick(&templates, "kanban", 0), Some(0));
    assert_eq!(pick(&templates, " · ", 0), None);
    assert_eq!(yes_no(" YES ", false), Some(true));
    assert_eq!(yes_no("", true), Some(true));
    assert_eq!(yes_no("yes please", true), None);
}
