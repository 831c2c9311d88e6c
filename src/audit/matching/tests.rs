use super::*;
use crate::template::Library;

fn rows_of(t: &Template) -> Vec<LiveRow> {
    t.permissions
        .iter()
        .map(|p| LiveRow {
            module: p.function.module.into(),
            function: p.function.function.into(),
            levels: p.levels,
        })
        .collect()
}

#[test]
fn a_role_with_exactly_the_rows_matches_its_template() {
    let lib = Library::builtin().unwrap();
    for id in ["cw-kanban", "hudu", "rewst"] {
        let t = lib.get(id).unwrap();
        let (best, s) = best_match(&rows_of(t), lib.all()).unwrap();
        assert_eq!((best.id.as_str(), s), (id, 1.0));
    }
}

#[test]
fn an_admin_role_matches_nothing() {
    let lib = Library::builtin().unwrap();
    let all: Vec<LiveRow> = crate::template::catalog::CATALOG
        .iter()
        .map(|f| LiveRow {
            module: f.module.into(),
            function: f.function.into(),
            levels: Levels::uniform(Level::All),
        })
        .collect();
    assert!(best_match(&all, lib.all()).is_none());
    assert!(best_match(&[], lib.all()).is_none());
}
