use super::*;

#[test]
fn young_keys_add_nothing_old_ones_warn_and_max_decides_failure() {
    assert!(check("s", Some(10), None).is_none());
    assert!(check("s", None, None).is_none());
    let warn = check("s", Some(90), None).expect("warn");
    assert_eq!(warn.status, CheckStatus::Warn);
    assert!(warn.detail.contains("90 days"), "{}", warn.detail);
    assert!(
        warn.advice
            .as_deref()
            .unwrap_or("")
            .contains("cw-onboard rotate s"),
        "{warn:?}"
    );
    assert!(advisory(&warn));
    let over = check("s", Some(31), Some(30)).expect("fail");
    assert_eq!(over.status, CheckStatus::Fail);
    assert!(!advisory(&over));
    assert_eq!(
        check("s", Some(30), Some(30)).map(|c| c.status),
        Some(CheckStatus::Pass),
        "at the limit is not over it"
    );
    assert_eq!(
        check("s", Some(100), Some(120)).map(|c| c.status),
        Some(CheckStatus::Warn)
    );
    assert_eq!(
        check("s", None, Some(30)).map(|c| c.status),
        Some(CheckStatus::Skip)
    );
}

#[test]
fn age_counts_whole_days_and_never_goes_negative() {
    let day = |s: &str| parse_today(s).expect("date");
    assert_eq!(
        age_days(Some(day("2026-09-01")), day("2026-11-30")),
        Some(90)
    );
    assert_eq!(
        age_days(Some(day("2026-12-02")), day("2026-12-01")),
        Some(0)
    );
    assert_eq!(age_days(None, day("2026-12-01")), None);
    assert_eq!(
        parse_today(""),
        None,
        "a front-end that sets no date records none"
    );
}

#[test]
fn list_says_the_age_and_when_to_rotate() {
    assert_eq!(list_note(None), None);
    assert_eq!(list_note(Some(1)).as_deref(), Some("key 1 day old"));
    assert_eq!(
        list_note(Some(120)).as_deref(),
        Some("key 120 days old: rotate")
    );
}
