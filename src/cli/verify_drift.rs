//! `verify`'s template drift: which rows the vendor changed since the setup's recorded revision
//! (template drift) apart from what someone changed on the role (instance drift).

use crate::app::drift::{drift_kind, separate_template_drift};
use crate::app::setup::{Check, CheckStatus, Setup};
use crate::runtime::api::Services;
use crate::runtime::net::key::verify_setup;
use crate::secrets::KeyPair;
use crate::template::revision::{RevisionPair, then_and_now};
use crate::template::{Template, merge, template_drift};
use serde_json::json;

/// Verify `setup` against its templates now, with the rows the vendor changed since the recorded
/// revision named as template drift; also the revision pairs, for the output.
pub async fn verify_with_drift(
    services: &Services,
    setup: &Setup,
    chosen: &[&Template],
    key: Option<&KeyPair>,
) -> (Vec<Check>, Vec<RevisionPair>) {
    let (then, now, pairs, notes) = then_and_now(chosen, |id| {
        setup
            .template_versions
            .get(id)
            .map(|v| (v.revision, v.features.iter().cloned().collect()))
    });
    let (then, now): (Vec<_>, Vec<_>) = (then.iter().collect(), now.iter().collect());
    let (then, now) = (merge(&then), merge(&now));
    let checks = verify_setup(services, setup, &now, key).await;
    let drift = template_drift(&then, &now);
    let mut checks = separate_template_drift(checks, &drift, &revisions_text(&pairs));
    checks.extend(notes.into_iter().map(|n| Check {
        id: "template-revision".into(),
        label: "template-revision".into(),
        status: CheckStatus::Warn,
        detail: n,
        advice: None,
    }));
    checks.extend(unrecorded_changes(chosen, &pairs));
    (checks, pairs)
}

/// The revisions as `--json` lists them.
pub fn revisions_json(revisions: &[RevisionPair]) -> serde_json::Value {
    json!(
        revisions
            .iter()
            .map(|r| json!({"template": r.id,
        "recorded": r.recorded.map(|d| d.to_string()), "current": r.current.to_string()}))
            .collect::<Vec<_>>()
    )
}

/// A check as `--json` prints it; `drift` says "template" or "instance" for drift checks.
pub fn check_json(c: &Check) -> serde_json::Value {
    let mut v = json!({"id": c.id, "status": c.status, "detail": c.detail});
    if let Some(kind) = drift_kind(c) {
        v["drift"] = json!(kind);
    }
    v
}

/// "cw-kanban 2026-11-22 -> 2026-12-10" for the templates whose revision moved.
fn revisions_text(pairs: &[RevisionPair]) -> String {
    pairs
        .iter()
        .filter_map(|p| {
            p.recorded
                .filter(|r| *r != p.current)
                .map(|r| format!("{} {r} -> {}", p.id, p.current))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A template whose revision moved since the setup was made while its changelog records no
/// change: whatever it changed shows as instance drift. Said (as a skip), not failed.
fn unrecorded_changes(chosen: &[&Template], pairs: &[RevisionPair]) -> Vec<Check> {
    pairs
        .iter()
        .filter_map(|p| {
            let recorded = p.recorded.filter(|r| *r < p.current)?;
            let t = chosen.iter().find(|t| t.id == p.id)?;
            t.changes_since(recorded).is_empty().then(|| Check {
                id: format!("template-changelog:{}", p.id),
                label: format!("{} changelog", p.id),
                status: CheckStatus::Skip,
                detail: format!(
                    "revision moved from {recorded} to {} but the changelog records no change since {recorded}: rows it changed show as instance drift",
                    p.current
                ),
                advice: Some("Add a [[changelog]] entry for the new revision (templates/README.md).".into()),
            })
        })
        .collect()
}

/// The two kinds of drift, counted, with where to see the template's difference.
pub fn drift_summary(checks: &[Check], revisions: &[RevisionPair]) -> String {
    let count = |kind| {
        checks
            .iter()
            .filter(|c| drift_kind(c) == Some(kind))
            .count()
    };
    let (template, instance) = (count("template"), count("instance"));
    let mut out = String::new();
    if template > 0 {
        out.push_str(&format!(
            "  template drift: {template} (the vendor's list changed since the setup was made)\n"
        ));
        for p in revisions {
            if let Some(r) = p.recorded.filter(|r| *r != p.current) {
                out.push_str(&format!(
                    "      `cw-onboard templates diff {} --since {r}` prints the checklist\n",
                    p.id
                ));
            }
        }
    }
    if instance > 0 {
        out.push_str(&format!(
            "  instance drift: {instance} (the role differs from the template: someone changed it)\n"
        ));
    }
    out
}
