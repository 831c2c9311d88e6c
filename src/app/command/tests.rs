use super::MemberField;

#[test]
fn focus_moves_within_the_fields_shown_and_wraps() {
    // Guided mode shows the three texts; assisted mode all nine.
    assert_eq!(MemberField::Email.after(3), MemberField::Identifier);
    assert_eq!(MemberField::Identifier.before(3), MemberField::Email);
    assert_eq!(MemberField::Email.after(9), MemberField::Level);
    assert_eq!(MemberField::Identifier.before(9), MemberField::Territory);
    assert_eq!(MemberField::Location.pick_index(), Some(2));
}
