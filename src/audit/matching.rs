//! Which template a role's rows look like: a cell-by-cell similarity over the catalog, the
//! best above one half wins. Names are matched with the templates' own forgiving lookup.

use crate::app::facts::LiveRow;
use crate::level::{Column, Level, Levels};
use crate::template::Template;
use crate::template::catalog::CatalogFunction;
use crate::template::matching::find;
use std::collections::HashMap;

/// Below this share of equal cells a role matches no template.
pub const THRESHOLD: f64 = 0.5;

/// Live rows by catalog function (rows the catalog does not know are left out).
pub fn by_function(live: &[LiveRow]) -> HashMap<*const CatalogFunction, Levels> {
    let mut map = HashMap::new();
    for row in live {
        if let Ok(f) = find(&row.module, &row.function) {
            map.entry(f as *const CatalogFunction).or_insert(row.levels);
        }
    }
    map
}

/// The share of cells that are equal among those either side grants (1.0: identical).
pub fn similarity(template: &Template, live: &HashMap<*const CatalogFunction, Levels>) -> f64 {
    let mut wanted: HashMap<*const CatalogFunction, Levels> = HashMap::new();
    for p in &template.permissions {
        wanted.insert(p.function as *const CatalogFunction, p.levels);
    }
    let (mut equal, mut total) = (0usize, 0usize);
    let keys: std::collections::HashSet<_> = wanted.keys().chain(live.keys()).copied().collect();
    for key in keys {
        let w = wanted.get(&key).copied().unwrap_or(Levels::NONE);
        let h = live.get(&key).copied().unwrap_or(Levels::NONE);
        for c in Column::ALL {
            let (a, b) = (w.get(c), h.get(c));
            if a == Level::None && b == Level::None {
                continue;
            }
            total += 1;
            if a == b {
                equal += 1;
            }
        }
    }
    if total == 0 {
        0.0
    } else {
        equal as f64 / total as f64
    }
}

/// The best-matching template for `live` and its similarity, if any reaches [`THRESHOLD`];
/// ties go to the earlier template.
pub fn best_match<'a>(live: &[LiveRow], templates: &'a [Template]) -> Option<(&'a Template, f64)> {
    let index = by_function(live);
    let mut best: Option<(&Template, f64)> = None;
    for t in templates {
        let s = similarity(t, &index);
        if s >= THRESHOLD && best.is_none_or(|(_, b)| s > b) {
            best = Some((t, s));
        }
    }
    best
}

#[cfg(test)]
mod tests;
