use super::*;

#[test]
fn osc52_is_base64_in_the_escape() {
    assert_eq!(osc52_copy_sequence("hi", false), "\x1b]52;c;aGk=\x07");
    assert!(osc52_copy_sequence("hi", true).starts_with("\x1bPtmux;\x1b\x1b]52"));
}
