//! `--plain`'s question for the chosen templates' optional features (CW Kanban's
//! per-technician keys), as the full-screen picker offers them; answered as `new --feature`
//! would be (`TEMPLATE:FEATURE`).

use crate::template::Template;
use inquire::InquireError;

/// Asks which optional features to switch on; none is asked when the templates have none.
/// `given` (`--feature`) are ticked already.
pub fn ask(chosen: &[&Template], given: &[String]) -> Result<Vec<String>, InquireError> {
    let offered: Vec<(String, String)> = chosen
        .iter()
        .flat_map(|t| {
            t.features.iter().map(move |f| {
                let rows = t
                    .feature_permissions
                    .iter()
                    .filter(|p| p.feature.as_deref() == Some(f.id.as_str()))
                    .count();
                let items = t
                    .feature_customize
                    .iter()
                    .filter(|c| c.feature.as_deref() == Some(f.id.as_str()))
                    .count();
                (
                    format!("{}:{}", t.id, f.id),
                    format!(
                        "{} · {} (adds {rows} role row(s), {items} customize item(s))",
                        f.title, t.id
                    ),
                )
            })
        })
        .collect();
    if offered.is_empty() {
        return Ok(given.to_vec());
    }
    let ticked: Vec<usize> = offered
        .iter()
        .enumerate()
        .filter(|(_, (id, _))| {
            given
                .iter()
                .any(|g| g == id || id.split_once(':').is_some_and(|(_, f)| f == g))
        })
        .map(|(n, _)| n)
        .collect();
    let labels: Vec<String> = offered.iter().map(|(_, label)| label.clone()).collect();
    let picked = super::choose::multi(
        "Optional features (Space switches one on; Enter with none ticked keeps them off):",
        labels.clone(),
        &ticked,
        false,
    )?;
    Ok(offered
        .into_iter()
        .zip(labels)
        .filter(|(_, label)| picked.contains(label))
        .map(|((id, _), _)| id)
        .collect())
}
