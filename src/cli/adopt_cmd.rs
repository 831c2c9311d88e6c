//! `cw-onboard new --adopt MEMBER`: a setup started from an API member the audit found, so
//! fixing a finding goes through the usual checked steps. The member's role is read, the
//! template chosen by the best match (or `--template`), and the wizard opens on that role and
//! member: step 1 shows the role's rows against the template, step 2 adopts the member after
//! showing the differences. Nothing is changed until the admin confirms it there.

use super::{Exit, GlobalArgs, NewArgs};
use crate::app::command::MemberField;
use crate::app::facts::LiveRow;
use crate::app::ownership::{self, RoleClaim};
use crate::app::setup::{Setup, setup_id};
use crate::audit::matching::best_match;
use crate::cw::{self, Client};
use crate::secrets::KeyPair;
use crate::session::plan::RawAnswers;
use crate::state::{Store, resolve_state_dir};
use crate::template::Library;

/// Who says yes to the adoption: the line that opens it says how, per front-end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Yes {
    /// The full screen: each step shows the differences and waits for ^Y.
    Screen,
    /// `--plain`: a yes/no question with the differences.
    Prompt,
    /// `--no-input`: the `--adopt` flag is the yes; the differences are printed as made.
    Flag,
}

impl Yes {
    fn sentence(self) -> &'static str {
        match self {
            Yes::Screen => {
                "Every step is checked as usual; nothing changes until you confirm it on its step (^Y adopts)."
            }
            Yes::Prompt => {
                "Every step is checked as usual; nothing changes until you answer yes to the differences shown."
            }
            Yes::Flag => {
                "Every step is checked as usual; --adopt is your yes to adopting it, and each change is printed as it is made."
            }
        }
    }
}

fn fail(message: String) -> Exit {
    eprintln!("error: {message}");
    Exit::Error
}

/// Whether `role` may come with the member adopted: `app::ownership` allows adopting it and
/// no other member holds it. Why not, otherwise.
async fn own_role(client: &Client, member: &str, id: u32, name: &str) -> Result<(), String> {
    let (found, people, api) = tokio::join!(
        client.find_role_by_name(name),
        client.members_holding_role(name),
        client.api_members_holding_role(name)
    );
    let found = found
        .map_err(|e| e.to_string())?
        .filter(|r| r.id == id)
        .ok_or_else(|| "it could not be read back".to_string())?;
    let used = crate::runtime::net::role::role_use(&found, people, api).map_err(|f| f.summary)?;
    let record = crate::app::setup::RoleAnswers::default();
    match ownership::claim_role(&record, id, name, false, false, &used) {
        RoleClaim::Refused(why) => Err(why),
        RoleClaim::Adoptable { holders }
            if holders
                .iter()
                .any(|h| !h.identifier.eq_ignore_ascii_case(member)) =>
        {
            Err(format!(
                "other members share it, {}",
                ownership::describe_holders(&holders)
            ))
        }
        _ => Ok(()),
    }
}

/// The setup `--adopt MEMBER` starts from: site, company and clientId from the command line or
/// the latest setup; templates from `--template` or the member's role's best match.
pub async fn prefill(
    global: &GlobalArgs,
    args: &NewArgs,
    identifier: &str,
    admin: Option<&KeyPair>,
    library: &Library,
    yes: Yes,
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
        let name = role.name.clone().unwrap_or_default();
        match own_role(&client, identifier, role.id, &name).await {
            Ok(()) => {
                // The member's own role (nobody else holds it) is adopted with it.
                setup.role.id = Some(role.id);
                setup.role.name = name;
                setup.role.ours = true;
            }
            Err(why) => {
                let why = why.split(['.', ';']).next().unwrap_or_default();
                eprintln!(
                    "The role {name} is not adopted: {why}. It stays as it is, and the setup makes its own role from the template."
                );
            }
        }
    }
    setup.member.identifier = member.identifier.clone();
    setup.member.name = member.name.clone().unwrap_or_default();
    eprintln!(
        "Adopting {}: role {}, template {} ({how}). {}",
        member.identifier,
        if setup.role.name.is_empty() {
            "none"
        } else {
            &setup.role.name
        },
        templates.join(" + "),
        yes.sentence()
    );
    Ok(setup)
}

/// `new --adopt MEMBER --plain`: the line prompts from the member's setup; the member's
/// differences are shown and asked about like any existing member's (nothing is implied).
pub async fn plain(
    global: &GlobalArgs,
    args: NewArgs,
    admin: Option<KeyPair>,
    key: Option<KeyPair>,
) -> Exit {
    let Some(member) = args.adopt.clone() else {
        return Exit::Usage;
    };
    let library = match super::wizard_cmd::load_library(global) {
        Ok(l) => l,
        Err(e) => return e,
    };
    let setup = match prefill(
        global,
        &args,
        &member,
        admin.as_ref(),
        &library,
        Yes::Prompt,
    )
    .await
    {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let preset = crate::prompt::Preset {
        templates: setup.templates,
        site: Some(setup.site),
        company: Some(setup.company),
        client_id: Some(setup.client_id),
        features: args.features,
        adopt: Some(member),
        role_name: Some(setup.role.name).filter(|n| !n.is_empty()),
        ..Default::default()
    };
    crate::prompt::run(&global.session_config(), preset, admin, key)
        .await
        .into()
}

/// `new --adopt MEMBER --no-input [--answers FILE]`: a batch run from the member's setup (the
/// answers file, when given, says the rest). The flag is the admin's yes to adopting MEMBER
/// (as `adopt = true` under `[member]` is), and to its role when nobody else holds it; the
/// differences are printed as they are made.
pub async fn batch(
    global: &GlobalArgs,
    args: NewArgs,
    admin: Option<KeyPair>,
    key: Option<KeyPair>,
) -> Exit {
    let Some(member) = args.adopt.clone() else {
        return Exit::Usage;
    };
    let library = match super::wizard_cmd::load_library(global) {
        Ok(l) => l,
        Err(e) => return e,
    };
    let setup = match prefill(global, &args, &member, admin.as_ref(), &library, Yes::Flag).await {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let (mut raw, source) = match &global.answers {
        Some(path) => match crate::batch::read_answers(path) {
            Ok(raw) => (raw, path.display().to_string()),
            Err(outcome) => return outcome.into(),
        },
        None => (
            RawAnswers {
                site: setup.site.clone(),
                company: setup.company.clone(),
                client_id: setup.client_id.clone(),
                templates: setup.templates.clone(),
                features: args.features.clone(),
                ..RawAnswers::default()
            },
            format!("--adopt {member}"),
        ),
    };
    raw.member.retain(|(f, _)| *f != MemberField::Identifier);
    raw.member.push((MemberField::Identifier, member));
    raw.adopt_member = true;
    if raw.role_name.is_none() && setup.role.ours {
        raw.role_name = Some(setup.role.name.clone());
        raw.adopt_role = true;
    }
    crate::batch::run_answers(&global.session_config(), raw, &source, admin, key)
        .await
        .into()
}
