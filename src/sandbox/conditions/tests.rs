use super::*;
use serde_json::json;

#[test]
fn evaluates_the_documented_forms() {
    let r = json!({"identifier": "Kanban", "id": 3, "inactiveFlag": false, "securityRole": {"name": "CW \"K\""}});
    for (c, want) in [
        (r#"identifier="kanban""#, true),
        (r#"identifier!="kanban""#, false),
        ("id in (1,3)", true),
        ("id > 2 AND inactiveFlag=False", true),
        (r#"(id < 2) or identifier like "kan*""#, true),
        (r#"identifier not contains "ban""#, false),
        (r#"securityRole/name="CW \"K\"""#, true),
    ] {
        let e = parse(c).unwrap_or_else(|err| panic!("{c}: {err}"));
        assert_eq!(matches(&e, &r), want, "{c}");
    }
}

#[test]
fn bad_syntax_says_where() {
    for bad in [
        "identifier=",
        "identifier \"x\"",
        "(id=1",
        "id=1 AND",
        "id ! 1",
        "name=\"open",
        "id in 1",
    ] {
        assert!(parse(bad).is_err(), "{bad}");
    }
    assert!(parse("id=1 )").unwrap_err().contains("position"));
}
