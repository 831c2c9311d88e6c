use super::*;

#[test]
fn setup_id_is_lower_case_and_sorted() {
    let id = setup_id("DemoMSP", &["hudu".into(), "cw-kanban".into()]);
    assert_eq!(id, "demomsp-cw-kanban+hudu");
}

#[test]
fn steps_walk_forward_and_back() {
    assert_eq!(StepId::Instance.next(), Some(StepId::Role));
    assert_eq!(StepId::Summary.next(), None);
    assert_eq!(StepId::Instance.prev(), None);
    assert_eq!(StepId::Keys.number(), 3);
}
