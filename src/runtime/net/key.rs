//! What a key can do, live: step 3's facts, rotation's proof that the old key is refused, and
//! `cw-onboard verify`'s checks of a finished setup.

use super::adapt::{UNNAMED, failure, live_row, pick};
use super::instance::discover;
use super::services::Services;
use crate::app::facts::{Failure, FailureKind, KeyFacts, MemberFacts};
use crate::app::msg::{Auth, Target};
use crate::cw::ErrorKind;
use crate::secrets::KeyPair;

pub(crate) async fn verify_key(
    services: &Services,
    auth: &Auth,
    probes: &[String],
) -> Result<KeyFacts, Failure> {
    let client = services.client(auth)?;
    let mut facts = KeyFacts::default();
    // Everything at once (one round trip); /system/info decides whether the key works.
    let probe_calls = futures::future::join_all(probes.iter().map(|p| {
        let client = client.clone();
        async move { (p.clone(), client.count(p).await.map_err(|e| failure(&e))) }
    }));
    let (info, me, both, probes) = tokio::join!(
        client.system_info(),
        client.my_member(),
        client.my_security_and_customize(),
        probe_calls
    );
    if let Err(err) = info {
        let f = failure(&err);
        if matches!(f.kind, FailureKind::Auth | FailureKind::Forbidden) {
            facts.auth_failure = Some(f);
            return Ok(facts);
        }
        return Err(f);
    }
    facts.authenticated = true;
    let me = me.map_err(|e| failure(&e))?;
    let (security, customize) = both.map_err(|e| failure(&e))?;
    // Without an identifier there is no telling whose key it is: the identity check says so.
    facts.me = me.identifier.clone().map(|identifier| MemberFacts {
        id: me.id.unwrap_or(0),
        identifier,
        // MyMember has firstName/lastName, no name; empty when the instance left both out.
        name: me.name().unwrap_or_default(),
        email: me.office_email.clone().unwrap_or_default(),
        role: pick(&me.security_role),
        level: pick(&me.structure_level),
        inactive: me.inactive_flag.unwrap_or(false),
        license_class: me.license_class.clone().unwrap_or_default(),
        ..MemberFacts::default()
    });
    facts.security = security.iter().map(live_row).collect();
    facts.customize = customize
        .iter()
        .map(|c| (c.customize_identifier.clone(), c.item_identifier.clone()))
        .collect();
    facts.probes = probes;
    Ok(facts)
}

/// Rotation: the old key must now be refused (401).
pub(crate) async fn prove_refused(services: &Services, auth: &Auth) -> Result<bool, Failure> {
    let client = services.client(auth)?;
    match client.system_info().await {
        Ok(_) => Ok(false),
        Err(e) if e.kind() == ErrorKind::Auth => Ok(true),
        Err(e) => Err(failure(&e)),
    }
}

/// `cw-onboard verify`: every check of a finished setup, live, with its key.
pub async fn verify_setup(
    services: &Services,
    setup: &crate::app::setup::Setup,
    merged: &crate::template::MergedTemplate,
    key: Option<&KeyPair>,
) -> Vec<crate::app::setup::Check> {
    use crate::app::setup::CheckStatus;
    let mut checks = Vec::new();
    let probes: Vec<String> = merged
        .probes()
        .into_iter()
        .map(|(_, p)| p.path.to_string())
        .collect();
    // With the instance the setup recorded, the key's checks go out with companyinfo (one
    // round trip); without it, or if the instance moved, they wait for discovery.
    let recorded = super::services::recorded_target(setup);
    let early = async {
        match (key, &recorded) {
            (Some(key), Some(target)) => {
                let auth = auth_for(setup, target.clone(), key);
                Some(verify_key(services, &auth, &probes).await)
            }
            _ => None,
        }
    };
    let (discovered, early) = tokio::join!(discover(services, &setup.site, &setup.company), early);
    match discovered {
        Ok(info) => {
            let moved = setup
                .instance
                .as_ref()
                .is_some_and(|recorded| recorded.api_url != info.api_url);
            let target = Target::of(&setup.company, Some(&info));
            checks.push(check(
                "instance",
                "Instance answers companyinfo",
                CheckStatus::Pass,
                info.company_name,
                None,
            ));
            if moved {
                checks.push(check(
                    "instance-moved",
                    "Instance API address is the one recorded",
                    CheckStatus::Warn,
                    format!("now {}", info.api_url),
                    Some("ConnectWise moved the instance (a new codebase); the checks below use the new address.".into()),
                ));
            }
            let early = early.filter(|_| !moved);
            finish(services, setup, merged, key, &probes, early, checks, target).await
        }
        Err(f) => {
            checks.push(check(
                "instance",
                "Instance answers companyinfo",
                CheckStatus::Fail,
                f.summary,
                Some(f.advice),
            ));
            checks
        }
    }
}

fn check(
    id: &str,
    label: &str,
    status: crate::app::setup::CheckStatus,
    detail: String,
    advice: Option<String>,
) -> crate::app::setup::Check {
    crate::app::setup::Check {
        id: id.into(),
        label: label.into(),
        status,
        detail,
        advice,
    }
}

fn auth_for(setup: &crate::app::setup::Setup, target: Target, key: &KeyPair) -> Auth {
    Auth {
        target,
        client_id: setup.client_id.clone(),
        key: key.clone(),
    }
}

/// The key's checks, from the early answers if they were asked with the right instance, else
/// asked now of `target` (the instance as discovery found it).
#[allow(clippy::too_many_arguments)]
async fn finish(
    services: &Services,
    setup: &crate::app::setup::Setup,
    merged: &crate::template::MergedTemplate,
    key: Option<&KeyPair>,
    probes: &[String],
    early: Option<Result<KeyFacts, Failure>>,
    mut checks: Vec<crate::app::setup::Check>,
    target: Target,
) -> Vec<crate::app::setup::Check> {
    use crate::app::setup::CheckStatus;
    let Some(key) = key else {
        checks.push(check(
            "key",
            "Key given",
            CheckStatus::Skip,
            "no key for this setup".into(),
            Some(
                "Give the key with --key-file FILE, CW_PUBLIC_KEY/CW_PRIVATE_KEY, or on stdin."
                    .into(),
            ),
        ));
        return checks;
    };
    let rotating_to = setup
        .key
        .rotating
        .as_ref()
        .and_then(|r| r.new_public_key.as_deref());
    match &setup.key.public_key {
        // Mid-rotation the new key is checked before it becomes the setup's key.
        Some(recorded) if recorded != &key.public && rotating_to == Some(key.public.as_str()) => {
            checks.push(check(
                "key-recorded",
                "Key is the one recorded",
                CheckStatus::Pass,
                format!(
                    "the new key of a rotation under way (the old key is {recorded}); `cw-onboard rotate {}` continues it",
                    setup.id
                ),
                None,
            ))
        }
        Some(recorded) if recorded != &key.public => checks.push(check(
            "key-recorded",
            "Key is the one recorded",
            CheckStatus::Warn,
            format!("recorded {recorded}, given {}", key.public),
            Some("Rotated outside cw-onboard? `cw-onboard rotate` records rotations.".into()),
        )),
        _ => {}
    }
    let facts = match early {
        Some(facts) => facts,
        None => verify_key(services, &auth_for(setup, target, key), probes).await,
    };
    match facts {
        Ok(facts) => {
            checks.extend(crate::app::verify::key_checks(
                merged,
                &setup.member.identifier,
                &facts,
            ));
            // A role the instance names differently; one it does not name cannot be judged.
            if let Some(role) = facts.me.as_ref().and_then(|m| m.role.as_ref())
                && !setup.role.name.is_empty()
                && !role.name.ends_with(&format!("({UNNAMED})"))
                && !role.name.eq_ignore_ascii_case(&setup.role.name)
            {
                checks.push(check(
                    "member-role",
                    "Member has the setup's role",
                    CheckStatus::Warn,
                    format!("role is {}, the setup made {}", role.name, setup.role.name),
                    Some(format!(
                        "Set the member's Role ID back to {}.",
                        setup.role.name
                    )),
                ));
            }
        }
        Err(f) => checks.push(crate::app::verify::auth_failed(&f)),
    }
    checks
}
