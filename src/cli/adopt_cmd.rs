//! `cw-onboard new --adopt MEMBER`: a setup started from an API member the audit found, so
//! fixing a finding goes through the usual checked steps. The member's role is read, the
//! template chosen by the best match (or `--template`), and the wizard opens on that role and
//! member: step 1 shows the role's rows against the template, step 2 adopts the member after
//! showing the differences. Nothing is changed until the admin confirms it there.

use super::{Exit, GlobalArgs, NewArgs};
use crate::app::facts::LiveRow;
use crate::app::setup::{Setup, setup_id};
use crate::audit::matching::best_match;
use crate::cw::{self, Client};
use crate::secrets::KeyPair;
use crate::state::{Store, resolve_state_dir};
use crate::template::Library;

fn fail(message: String) -> Exit {
    eprintln!("error: {message}");
    Exit::Error
}

/// The setup `--adopt MEMBER` starts from: site, company and clientId from the command line or
/// the latest setup; templates from `--template` or the member's role's best match.
pub async fn prefill(
    global: &GlobalArgs,
    args: &NewArgs,
    identifier: &str,
    admin: Option<&KeyPair>,
    library: &Library,
) -> Result<Setup, Exit> {
    let Some(key) = admin else {
        eprintln!(
            "error: --adopt reads the member with admin keys: --admin-key-file FILE, or CW_ADMIN_PUBLIC_KEY and CW_ADMIN_PRIVATE_KEY."
        );
        return Err(Exit::Usage);
    };
    let latest = resolve_state_dir(global.state_dir.as_deref())
        .and_then(|d| Store::open(&d))
        .ok()
        .and_then(|s| s.list::<Setup>().into_iter().find_map(|l| l.summary));
    let from_latest =
        |f: fn(&Setup) -> &String| latest.as_ref().map(f).filter(|v| !v.is_empty()).cloned();
    let (Some(site), Some(company), Some(client_id)) = (
        args.site.clone().or_else(|| from_latest(|s| &s.site)),
        args.company.clone().or_else(|| from_latest(|s| &s.company)),
        args.client_id
            .clone()
            .or_else(|| from_latest(|s| &s.client_id)),
    ) else {
        eprintln!(
            "error: --adopt needs --site HOST, --company ID and --client-id GUID (no setup on this machine to take them from)."
        );
        return Err(Exit::Usage);
    };
    let http = global.session_config().services().http;
    let address = cw::site::parse_site(&site).map_err(|e| fail(format!("--site: {e}")))?;
    let instance = cw::discovery::discover(&http, &address, &company)
        .await
        .map_err(|e| fail(format!("{e}\n  {}", e.advice())))?;
    let client = Client::new(&instance, &client_id, key, &http).map_err(|e| fail(e.to_string()))?;
    let member = client
        .find_api_member(identifier)
        .await
        .map_err(|e| fail(format!("{e}\n  {}", e.advice())))?
        .ok_or_else(|| {
            fail(format!(
                "no API member {identifier} on this instance; `cw-onboard audit` lists them"
            ))
        })?;
    let role = member.security_role.clone();
    let mut templates = args.templates.clone();
    let mut how = "as given".to_string();
    if templates.is_empty() {
        let Some(role) = &role else {
            eprintln!(
                "error: {identifier} has no role to match a template with; pick one with --template ID."
            );
            return Err(Exit::Usage);
        };
        let rows: Vec<LiveRow> = client
            .role_settings(role.id)
            .await
            .map_err(|e| fail(format!("{e}\n  {}", e.advice())))?
            .iter()
            .map(|s| LiveRow {
                module: s.module_name.clone(),
                function: s.module_function_name.clone(),
                levels: s.levels(),
            })
            .collect();
        let Some((t, share)) = best_match(&rows, library.all()) else {
            eprintln!(
                "error: the role of {identifier} matches no template; pick one with --template ID (`cw-onboard templates list`)."
            );
            return Err(Exit::Usage);
        };
        templates = vec![t.id.clone()];
        how = format!("best match, {:.0}% of cells", share * 100.0);
    }
    let mut setup = Setup {
        id: setup_id(&company, &templates),
        site,
        company,
        client_id,
        templates: templates.clone(),
        ..Setup::default()
    };
    if let Some(role) = &role {
        setup.role.id = Some(role.id);
        setup.role.name = role.name.clone().unwrap_or_default();
    }
    setup.member.identifier = member.identifier.clone();
    setup.member.name = member.name.clone().unwrap_or_default();
    eprintln!(
        "Adopting {}: role {}, template {} ({how}). Every step is checked as usual; nothing changes until you confirm it.",
        member.identifier,
        if setup.role.name.is_empty() {
            "none"
        } else {
            &setup.role.name
        },
        templates.join(" + ")
    );
    Ok(setup)
}
