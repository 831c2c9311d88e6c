//! A key's age: the days since it was verified and handed off (`KeyRecord::handed_off_on`,
//! which a rotation resets). `list` shows it; `verify` warns from `WARN_DAYS` and, given
//! `--max-key-age DAYS`, fails (drift, exit 3) over the limit. Pure: the caller gives `today`.

use super::setup::{Check, CheckStatus};
use chrono::NaiveDate;

/// From this age on, `verify` warns (a warning alone never fails `verify`).
pub const WARN_DAYS: i64 = 90;
/// The id of `verify`'s key-age check.
pub const CHECK_ID: &str = "key-age";

/// Whole days from `handed_off_on` to `today` (never negative); `None` when not recorded.
pub fn age_days(handed_off_on: Option<NaiveDate>, today: NaiveDate) -> Option<i64> {
    handed_off_on.map(|on| (today - on).num_days().max(0))
}

/// `Ctx::today` ("YYYY-MM-DD") as the hand-off date; `None` when the front-end did not set it.
pub fn parse_today(today: &str) -> Option<NaiveDate> {
    today.trim().parse().ok()
}

/// "12 days" / "1 day".
pub fn days_text(days: i64) -> String {
    if days == 1 {
        "1 day".into()
    } else {
        format!("{days} days")
    }
}

/// `verify`'s key-age check for setup `id`: a warning from `WARN_DAYS`, a failure over `max`
/// (when given), a pass within `max`; an unknown age is said (skipped) only when `max` asks for it.
/// Without `max`, a key younger than `WARN_DAYS` adds no check.
pub fn check(id: &str, age_days: Option<i64>, max: Option<u32>) -> Option<Check> {
    let rotate = format!(
        "Rotate it: `cw-onboard rotate {id}` (the old key keeps working until the new one is handed off)."
    );
    let Some(days) = age_days else {
        return max.map(|max| Check {
            id: CHECK_ID.into(),
            label: "Key age".into(),
            status: CheckStatus::Skip,
            detail: format!(
                "unknown (not recorded when this setup was made), so --max-key-age {max} was not checked"
            ),
            advice: Some(format!(
                "`cw-onboard rotate {id}` hands off a new key and records its date."
            )),
        });
    };
    let age = days_text(days);
    let (status, detail) = match max {
        Some(max) if days > i64::from(max) => (
            CheckStatus::Fail,
            format!("{age} old, over --max-key-age {max}"),
        ),
        _ if days >= WARN_DAYS => (
            CheckStatus::Warn,
            format!("{age} old (a key this old is due for rotation from {WARN_DAYS} days)"),
        ),
        Some(max) => (
            CheckStatus::Pass,
            format!("{age} old, within --max-key-age {max}"),
        ),
        None => return None,
    };
    Some(Check {
        id: CHECK_ID.into(),
        label: "Key age".into(),
        status,
        detail,
        advice: Some(rotate),
    })
}

/// A key-age warning: said, but it does not make `verify` fail (only `--max-key-age` does).
pub fn advisory(check: &Check) -> bool {
    check.id == CHECK_ID && check.status == CheckStatus::Warn
}

/// `list`'s note on a setup's key: "key 12 days old", with "rotate" from `WARN_DAYS`.
pub fn list_note(age_days: Option<i64>) -> Option<String> {
    let days = age_days?;
    Some(if days >= WARN_DAYS {
        format!("key {} old: rotate", days_text(days))
    } else {
        format!("key {} old", days_text(days))
    })
}

#[cfg(test)]
mod tests;
