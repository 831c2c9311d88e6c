use super::*;

#[test]
fn parses_the_spellings_guides_use() {
    assert_eq!(Level::parse("ALL"), Some(Level::All));
    assert_eq!(Level::parse(" mine "), Some(Level::My));
    assert_eq!(Level::parse("—"), Some(Level::None));
    assert_eq!(Level::parse("Everything"), None);
}

#[test]
fn merge_takes_the_highest_level_per_cell() {
    let a = Levels::new(Level::All, Level::None, Level::None, Level::My);
    let b = Levels::new(Level::None, Level::My, Level::None, Level::All);
    assert_eq!(
        a.max(b),
        Levels::new(Level::All, Level::My, Level::None, Level::All)
    );
}

#[test]
fn too_low_wins_over_too_high() {
    let want = Levels::new(Level::None, Level::All, Level::None, Level::All);
    let have = Levels::new(Level::All, Level::My, Level::None, Level::All);
    assert_eq!(want.compare(&have), Comparison::TooLow(vec![Column::Edit]));
    let have = Levels::new(Level::All, Level::All, Level::None, Level::All);
    assert_eq!(want.compare(&have), Comparison::TooHigh(vec![Column::Add]));
    assert_eq!(want.compare(&want), Comparison::Matches);
}
