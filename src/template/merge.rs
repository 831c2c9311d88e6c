//! Several templates on one role: the highest level per cell wins; customize items, temporary
//! rights, allow-lists, hand-offs and manual steps are united (an item one template disallows
//! and another allows is allowed). Switch features on before merging ([`Template::with_features`]).

use super::catalog::{CATALOG, CatalogFunction, Probe};
use super::model::*;
use crate::level::{Level, Levels};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedPermission {
    pub function: &'static CatalogFunction,
    pub levels: Levels,
    /// (template id, why) of every template that asks for the row.
    pub whys: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedTemplate {
    pub ids: Vec<String>,
    pub names: Vec<String>,
    pub role_name: String,
    /// Several templates: the suggested role name is a guess the admin must confirm.
    pub role_name_needs_confirmation: bool,
    /// In catalog order.
    pub permissions: Vec<MergedPermission>,
    pub customize: Vec<CustomizeItem>,
    pub temporary: Vec<TemporaryPermission>,
    pub allow_lists: Vec<(String, AllowList)>,
    pub handoffs: Vec<(String, Handoff)>,
    pub manual_steps: Vec<(String, ManualStep)>,
    /// Ids of templates whose vendor recommends the Admin role.
    pub recommends_admin: Vec<String>,
    pub member: MemberDefaults,
    /// Whether any of the templates lists a permission row or customize item, optional
    /// features' too: a vendor that publishes rows needs API access even with its features off
    /// (TimeZest's base list lives in its own app; its published rows are a feature).
    pub publishes_rows: bool,
    /// What a Partial template's vendor page does not show (template name, the gap): the
    /// admin must fill it in from the vendor, so every front-end says it beside the rows.
    pub gaps: Vec<(String, String)>,
}

pub fn merge(templates: &[&Template]) -> MergedTemplate {
    let mut permissions: Vec<MergedPermission> = Vec::new();
    for entry in CATALOG {
        let mut levels = Levels::NONE;
        let mut whys = Vec::new();
        for t in templates {
            if let Some(p) = t
                .permissions
                .iter()
                .find(|p| std::ptr::eq(p.function, entry))
            {
                levels = levels.max(p.levels);
                whys.push((t.id.clone(), p.why.clone()));
            }
        }
        if !whys.is_empty() {
            permissions.push(MergedPermission {
                function: entry,
                levels,
                whys,
            });
        }
    }
    let mut customize: Vec<CustomizeItem> = Vec::new();
    let mut temporary: Vec<TemporaryPermission> = Vec::new();
    for t in templates {
        for c in &t.customize {
            match customize.iter_mut().find(|o| o.same_item(c)) {
                // One template takes an item away that another needs: the other wins.
                Some(o) => {
                    if c.access == CustomizeAccess::Allow {
                        o.access = CustomizeAccess::Allow;
                    }
                }
                None => customize.push(c.clone()),
            }
        }
        for p in &t.temporary {
            if !temporary
                .iter()
                .any(|o| std::ptr::eq(o.function, p.function))
            {
                temporary.push(p.clone());
            }
        }
    }
    let names: Vec<String> = templates.iter().map(|t| t.name.clone()).collect();
    let (role_name, needs) = match templates {
        [one] => (one.role_name.clone(), false),
        _ => (
            names
                .join(" + ")
                .chars()
                .take(30)
                .collect::<String>()
                .trim()
                .to_string(),
            true,
        ),
    };
    // The member's defaults come from the first template that needs API access: one without
    // permission rows (ConnectBooster) merged first would otherwise name the member.
    let mut member = templates
        .iter()
        .find(|t| !t.permissions.is_empty() || !t.customize.is_empty())
        .or(templates.first())
        .map(|t| t.member.clone())
        .unwrap_or_default();
    member.location_required = templates.iter().any(|t| t.member.location_required);
    member.business_unit_required = templates.iter().any(|t| t.member.business_unit_required);
    let publishes_rows = templates.iter().any(|t| {
        !t.permissions.is_empty()
            || !t.customize.is_empty()
            || !t.feature_permissions.is_empty()
            || !t.feature_customize.is_empty()
    });
    let gaps = templates
        .iter()
        .filter_map(|t| t.gaps.as_ref().map(|g| (t.name.clone(), g.clone())))
        .collect();
    MergedTemplate {
        publishes_rows,
        gaps,
        ids: templates.iter().map(|t| t.id.clone()).collect(),
        names,
        role_name,
        role_name_needs_confirmation: needs,
        permissions,
        customize,
        temporary,
        allow_lists: templates
            .iter()
            .map(|t| (t.id.clone(), t.allow_list.clone()))
            .collect(),
        handoffs: templates
            .iter()
            .filter(|t| !t.handoff.fields.is_empty())
            .map(|t| (t.id.clone(), t.handoff.clone()))
            .collect(),
        manual_steps: templates
            .iter()
            .flat_map(|t| t.manual_steps.iter().map(|s| (t.id.clone(), s.clone())))
            .collect(),
        recommends_admin: templates
            .iter()
            .filter(|t| t.recommends_admin)
            .map(|t| t.id.clone())
            .collect(),
        member,
    }
}

impl MergedTemplate {
    /// The wanted levels of a function (None for functions the templates leave out).
    pub fn wanted(&self, function: &CatalogFunction) -> Levels {
        self.permissions
            .iter()
            .find(|p| {
                std::ptr::eq(p.function, function)
                    || (p.function.module == function.module
                        && p.function.function == function.function)
            })
            .map_or(Levels::NONE, |p| p.levels)
    }

    /// Functions whose inquire level is above None and whose resource can be probed.
    pub fn probes(&self) -> Vec<(&'static CatalogFunction, Probe)> {
        self.permissions
            .iter()
            .filter(|p| p.levels.inquire > Level::None)
            .filter_map(|p| p.function.probe.map(|probe| (p.function, probe)))
            .collect()
    }
}
