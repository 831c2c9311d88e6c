use super::*;
use proptest::prelude::*;

proptest! {
    #[test]
    fn arbitrary_input_never_panics(text in ".{0,80}") {
        let _ = parse_site(&text);
    }

    #[test]
    fn normalised_output_parses_to_itself(text in "[a-zA-Z0-9.:/-]{1,40}") {
        if let Ok(site) = parse_site(&text) {
            let again = parse_site(&site.to_string()).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(again.to_string(), site.to_string());
        }
    }
}
