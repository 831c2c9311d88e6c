use super::*;

#[test]
fn quotes_and_escapes() {
    assert_eq!(
        Condition::eq("name", "CW \"Kanban\" \\ x").as_str(),
        r#"name="CW \"Kanban\" \\ x""#
    );
    let c = Condition::eq("identifier", "a").and(Condition::eq_bool("inactiveFlag", false));
    assert_eq!(c.as_str(), r#"(identifier="a") AND (inactiveFlag=False)"#);
    assert_eq!(Condition::is_in("id", &[1, 2]).as_str(), "id in (1,2)");
}
