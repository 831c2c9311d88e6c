use super::*;
use proptest::prelude::*;

proptest! {
    #[test]
    fn retry_after_never_panics(text in ".{0,60}") {
        let _ = parse_retry_after(&text);
    }
}
