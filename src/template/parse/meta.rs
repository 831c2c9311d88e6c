//! Per-row metadata of a template file: a row's `since` version, its `feature` (declared in
//! `[[features]]`), a customize item's `access`.

use super::{Checker, RawFeature};
use crate::template::model::{CustomizeAccess, Feature};
use toml::Spanned;

impl Checker<'_> {
    /// A ConnectWise version such as "2020.3".
    pub(super) fn version(&mut self, value: &Spanned<String>, what: &str) -> String {
        let v = value.get_ref().trim();
        let ok = v.split_once('.').is_some_and(|(y, r)| {
            y.len() == 4
                && y.chars().all(|c| c.is_ascii_digit())
                && !r.is_empty()
                && r.chars().all(|c| c.is_ascii_digit())
        });
        if !ok {
            self.problem(
                value.span(),
                format!("{what}.since must be a ConnectWise version like \"2020.3\" (got \"{v}\")"),
            );
        }
        v.to_string()
    }

    /// A row's `feature`: must be declared in `[[features]]`.
    pub(super) fn feature(
        &mut self,
        value: &Option<Spanned<String>>,
        what: &str,
    ) -> Option<String> {
        let value = value.as_ref()?;
        let id = value.get_ref().trim().to_string();
        if !self.features.contains(&id) {
            let known = if self.features.is_empty() {
                "the template declares no [[features]]".to_string()
            } else {
                format!("declared: {}", self.features.join(", "))
            };
            self.problem(
                value.span(),
                format!("{what}.feature \"{id}\" is not declared in [[features]] ({known})"),
            );
        }
        Some(id)
    }

    pub(super) fn access(
        &mut self,
        value: &Option<Spanned<String>>,
        what: &str,
    ) -> CustomizeAccess {
        match value {
            None => CustomizeAccess::Allow,
            Some(v) => match v.get_ref().trim().to_ascii_lowercase().as_str() {
                "allow" => CustomizeAccess::Allow,
                "disallow" => CustomizeAccess::Disallow,
                other => {
                    self.problem(
                        v.span(),
                        format!("{what}.access \"{other}\" is not allow or disallow"),
                    );
                    CustomizeAccess::Allow
                }
            },
        }
    }

    pub(super) fn features(&mut self, raw: &[RawFeature]) -> Vec<Feature> {
        let mut out: Vec<Feature> = Vec::new();
        for f in raw {
            let id = f.id.get_ref().trim().to_string();
            if id.is_empty()
                || !id
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
            {
                self.problem(
                    f.id.span(),
                    "features.id must be lower-case letters, digits and hyphens, e.g. \"asset-sync\"",
                );
            }
            if out.iter().any(|o| o.id == id) {
                self.problem(f.id.span(), format!("feature \"{id}\" is declared twice"));
                continue;
            }
            out.push(Feature {
                id,
                title: f.title.trim().to_string(),
                why: f.why.trim().to_string(),
            });
        }
        self.features = out.iter().map(|f| f.id.clone()).collect();
        out
    }
}
