//! Step 1's optional template features (issue 14 item 4): below the template picker, the
//! chosen templates' features (CW Kanban's per-technician keys...). Tab moves between the
//! templates and the features, Space switches the highlighted feature on or off. A feature is
//! recorded in the setup exactly as `--feature`, the answers file and `--plain` record it, so
//! the checklist merges its rows and `verify` knows the setup was made with it.

use super::{Phase, PhaseKind, Picker, RoleStep};
use crate::app::ctx::Ctx;
use crate::app::flow::Flow;
use crate::app::keymap::{Binding, Intent};
use crate::app::setup::{Setup, TemplateVersion};
use crate::template::{CustomizeItem, Feature, Library, Permission, Template};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

/// Where the feature list stands: focused or not, its highlighted row, and how many rows the
/// chosen templates offer (kept for the footer, which has no library to count them with).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeatureList {
    pub focused: bool,
    pub cursor: usize,
    pub offered: usize,
}

/// One optional feature of a chosen template, and whether the setup switches it on.
pub struct FeatureRow<'a> {
    pub template: &'a Template,
    pub feature: &'a Feature,
    pub on: bool,
}

impl FeatureRow<'_> {
    /// The role rows the feature adds.
    pub fn permissions(&self) -> impl Iterator<Item = &Permission> {
        self.template
            .feature_permissions
            .iter()
            .filter(|p| p.feature.as_deref() == Some(self.feature.id.as_str()))
    }

    /// The customize items the feature adds.
    pub fn customize(&self) -> impl Iterator<Item = &CustomizeItem> {
        self.template
            .feature_customize
            .iter()
            .filter(|c| c.feature.as_deref() == Some(self.feature.id.as_str()))
    }
}

/// Tab in the picker when the chosen templates have features.
pub const FEATURES: Binding = Binding {
    code: KeyCode::Tab,
    modifiers: KeyModifiers::NONE,
    key_label: "Tab",
    label: "features",
    intent: Intent::NextField,
};

/// Tab while the features are focused.
pub const TEMPLATES: Binding = Binding {
    label: "templates",
    ..FEATURES
};

/// The chosen templates' optional features, in the order the templates were chosen.
pub fn feature_rows<'a>(
    chosen: &[String],
    library: &'a Library,
    setup: &Setup,
) -> Vec<FeatureRow<'a>> {
    chosen
        .iter()
        .filter_map(|id| library.get(id))
        .flat_map(|template| {
            template.features.iter().map(move |feature| FeatureRow {
                template,
                on: setup
                    .template_versions
                    .get(&template.id)
                    .is_some_and(|v| v.features.contains(&feature.id)),
                feature,
            })
        })
        .collect()
}

/// Switches `feature` of `template` on or off in the setup (recorded with the revision).
fn switch(setup: &mut Setup, template: &Template, feature: &str) {
    let version = setup
        .template_versions
        .entry(template.id.clone())
        .or_insert_with(|| TemplateVersion {
            revision: template.revision,
            features: Default::default(),
        });
    if !version.features.remove(feature) {
        version.features.insert(feature.to_string());
    }
}

impl Picker {
    /// The picker's keys for the feature list, added to the template list's.
    pub(super) fn feature_bindings(&self, table: &mut Vec<Binding>) {
        if self.features.offered > 0 {
            table.push(if self.features.focused {
                TEMPLATES
            } else {
                FEATURES
            });
        }
    }
}

impl RoleStep {
    /// Counts the features the chosen templates offer (after every intent: ticking a template
    /// changes them). Off the picker the list loses the focus.
    pub(super) fn refresh_features(&mut self, ctx: &Ctx) {
        let offered = feature_rows(&self.chosen, ctx.library, ctx.setup).len();
        let picking = self.phase.kind() == PhaseKind::Pick;
        let features = &mut self.phase.picker_kept().features;
        features.offered = offered;
        features.cursor = features.cursor.min(offered.saturating_sub(1));
        if offered == 0 || !picking {
            features.focused = false;
        }
    }

    /// The feature list's part of a picker intent; None when the template list handles it.
    pub(super) fn feature_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Option<Flow> {
        let Phase::Pick(picker) = &mut self.phase else {
            return None;
        };
        let features = &mut picker.features;
        let rows = feature_rows(&self.chosen, ctx.library, ctx.setup);
        if rows.is_empty() {
            features.focused = false;
            return None;
        }
        match intent {
            Intent::NextField | Intent::PrevField => {
                features.focused = !features.focused;
                Some(Flow::none())
            }
            _ if !features.focused => None,
            Intent::Up => {
                features.cursor = features.cursor.saturating_sub(1);
                Some(Flow::none())
            }
            Intent::Down => {
                features.cursor = (features.cursor + 1).min(rows.len() - 1);
                Some(Flow::none())
            }
            Intent::Toggle => {
                if let Some(row) = rows.get(features.cursor) {
                    let (template, feature) = (row.template, row.feature.id.clone());
                    switch(ctx.setup, template, &feature);
                }
                Some(Flow::none())
            }
            _ => {
                features.focused = false;
                None
            }
        }
    }
}
