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
