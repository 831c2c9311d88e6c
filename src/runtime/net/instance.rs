//! Step 0's reads: the instance (companyinfo), its certificate, and what the admin keys may do.
//! The discovered instance goes back to the core as facts; later effects carry it as `Target`.

use super::adapt::failure;
use super::services::Services;
use crate::app::facts::{AdminFacts, CertFacts, Failure, InstanceFacts};
use crate::app::msg::Auth;
use crate::cw;
use crate::level::Level;

pub async fn discover(
    services: &Services,
    site: &str,
    company: &str,
) -> Result<InstanceFacts, Failure> {
    let address =
        cw::site::parse_site(site).map_err(|e| Failure::local(e.to_string(), "Check the site."))?;
    let instance = cw::discovery::discover(&services.http, &address, company)
        .await
        .map_err(|e| failure(&e))?;
    let facts = InstanceFacts {
        company_name: instance.info.company_name.clone(),
        version: instance.info.version_code.clone(),
        is_cloud: instance.info.is_cloud,
        codebase: instance.info.codebase.clone(),
        api_url: instance.api_base.to_string(),
        site_notes: address
            .changes
            .iter()
            .chain(instance.notes.iter())
            .cloned()
            .collect(),
    };
    Ok(facts)
}

pub async fn certificate(services: &Services, site: &str) -> Result<CertFacts, Failure> {
    let address =
        cw::site::parse_site(site).map_err(|e| Failure::local(e.to_string(), "Check the site."))?;
    let report = cw::tls::inspect_certificate(&address, services.http.ca_file.as_deref())
        .await
        .map_err(|e| failure(&e))?;
    Ok(CertFacts {
        subject: report.subject,
        issuer: report.issuer,
        self_signed: report.self_signed,
        days_left: report.days_left,
        chain_valid: report.chain_valid,
        problem: report.problem,
    })
}

pub async fn check_admin(services: &Services, auth: &Auth) -> Result<AdminFacts, Failure> {
    let client = services.client(auth)?;
    // At once (one round trip); /system/info's answer decides whether the keys work.
    let (info, me, security) = tokio::join!(
        client.system_info(),
        client.my_member(),
        client.my_security()
    );
    info.map_err(|e| failure(&e))?;
    let me = me.map_err(|e| failure(&e))?;
    let security = security.map_err(|e| failure(&e))?;
    let can = |function: &str, need_add: bool| {
        security.iter().any(|s| {
            s.module_name.eq_ignore_ascii_case("System")
                && s.module_function_name.eq_ignore_ascii_case(function)
                && s.inquire_level > Level::None
                && (!need_add || s.add_level > Level::None)
        })
    };
    Ok(AdminFacts {
        member: me
            .identifier
            .clone()
            .unwrap_or_else(|| "(a member whose ID ConnectWise did not report)".into()),
        can_manage_roles: can("Security Roles", true),
        can_manage_members: can("Member Maintenance", true),
    })
}
