//! TimeZest: only what its help publishes as text. The base list is generated live by its app
//! (a gap, confidence Partial); the project-team rows, "not originally required", are the
//! optional feature `project-team-check`, each row citing the article it comes from.

use cw_onboard::template::{Confidence, Library};

const ARTICLE: &str = "https://help.timezest.com/en/articles/5268254-ensuring-timezest-can-check-project-team-membership-in-connectwise-manage";

#[test]
fn timezest_holds_the_project_team_rows_as_a_sourced_feature_and_says_what_it_lacks() {
    let lib = Library::builtin().expect("templates");
    let t = lib.get("timezest").expect("timezest");
    assert_eq!(t.confidence, Confidence::Partial);
    assert!(
        t.gaps
            .as_deref()
            .is_some_and(|g| g.contains("generated live")),
        "{:?}",
        t.gaps
    );
    assert!(t.permissions.is_empty(), "no base row is guessed");
    let on = t.with_features(&["project-team-check"]);
    let rows: Vec<(String, String)> = on
        .permissions
        .iter()
        .map(|p| (p.function.function.to_string(), format!("{:?}", p.levels)))
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        on.permissions
            .iter()
            .all(|p| p.source.as_deref() == Some(ARTICLE)
                && p.levels.inquire == cw_onboard::level::Level::All),
        "{rows:?}"
    );
    assert!(
        on.customize
            .iter()
            .any(|c| c.item == "Project/Project Boards" && c.source.as_deref() == Some(ARTICLE))
    );
}

/// TimeZest's base rows live in its own app and its published rows are a feature: it still
/// needs a role, an API member and a key (it is not skipped like ConnectBooster), feature on
/// or off.
#[test]
fn timezest_needs_api_access_with_its_feature_off() {
    let library = cw_onboard::template::Library::builtin().expect("library");
    let timezest = library.get("timezest").expect("timezest");
    let merged = cw_onboard::template::merge(&[timezest]);
    assert!(merged.permissions.is_empty(), "no base rows");
    assert!(cw_onboard::app::skip::api_access_needed(&merged));
    let booster = library.get("connectbooster").expect("connectbooster");
    assert!(!cw_onboard::app::skip::api_access_needed(
        &cw_onboard::template::merge(&[booster])
    ));
}
