//! After the admin applied a template's new rows, `verify` records the new revision: when a
//! full verification (with the key) passes while the setup recorded an older revision of a
//! template, the role provably matches the current list, so the setup records the current
//! revision and the next `verify` reports no template drift. Nothing in ConnectWise changes.
//! Without the key (`--no-key`), or with any check failing, nothing is recorded.

use crate::app::setup::Setup;
use crate::runtime::saver::migrations;
use crate::state::Store;
use crate::template::revision::RevisionPair;

/// A recorded revision moved to the current one: (template, from, to).
pub type Recorded = (String, Option<chrono::NaiveDate>, chrono::NaiveDate);

/// The templates whose recorded revision is older than the current one (or not recorded).
pub fn outdated(pairs: &[RevisionPair]) -> Vec<Recorded> {
    pairs
        .iter()
        .filter(|p| p.recorded.is_none_or(|r| r < p.current))
        .map(|p| (p.id.clone(), p.recorded, p.current))
        .collect()
}

/// Records `moves` in setup `id` under its lock; an error says why it was not recorded.
pub fn record(store: &Store, id: &str, moves: &[Recorded]) -> Result<(), String> {
    let mut lock = store.lock(id).map_err(|e| e.to_string())?;
    let mut setup: Setup = match store.load::<Setup>(&mut lock, &migrations()) {
        Ok(Some(l)) => l.value,
        Ok(None) => return Err(format!("no setup {id}")),
        Err(e) => return Err(e.to_string()),
    };
    for (template, _, to) in moves {
        setup
            .template_versions
            .entry(template.clone())
            .or_insert_with(|| crate::app::setup::TemplateVersion {
                revision: *to,
                features: Default::default(),
            })
            .revision = *to;
    }
    store.save(&lock, &setup).map_err(|e| e.to_string())
}

/// "cw-kanban 2026-11-22 -> 2026-12-10", for the output.
pub fn text(moves: &[Recorded]) -> String {
    moves
        .iter()
        .map(|(t, from, to)| match from {
            Some(from) => format!("{t} {from} -> {to}"),
            None => format!("{t} (none) -> {to}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
