use super::*;
use proptest::prelude::*;

proptest! {
    #[test]
    fn arbitrary_conditions_never_panic(text in ".{0,120}") {
        if let Ok(expr) = parse(&text) {
            let _ = matches(&expr, &serde_json::json!({"id": 1, "name": "x"}));
        }
    }

    #[test]
    fn quoted_values_round_trip(value in "[^\\x00]{0,40}") {
        let built = crate::cw::conditions::Condition::eq("name", &value);
        let expr = parse(built.as_str()).map_err(TestCaseError::fail)?;
        let record = serde_json::json!({"name": value});
        prop_assert!(matches(&expr, &record));
    }
}
