//! A finished setup made the way the wizard makes it (role, member holding it, key, the
//! setup saved in a temp state dir) against a contract-checked sandbox: the fixture of the
//! verify and retire tests.
#![allow(dead_code)]

use super::contract;

use cw_onboard::app::setup::{Setup, SetupStatus};
use cw_onboard::sandbox::{ControlClient, CustomizeRow, RoleSettingRow};
use cw_onboard::state::Store;
use cw_onboard::template::Template;

pub struct Env {
    pub admin: cw_onboard::cw::Client,
    /// Checked against the schema contract when the test is done with it.
    pub sandbox: contract::Checked,
    pub control: ControlClient,
    pub state: tempfile::TempDir,
    pub key: cw_onboard::sandbox::CreatedKey,
    pub role_id: u32,
    pub member_id: u32,
    /// The setup's id (`demomsp-<template>`).
    pub id: String,
}

/// How far the finished setup goes beyond role, member and key.
#[derive(Clone, Copy)]
pub struct Made {
    /// The role's levels and customize items are set as the template wants them.
    pub levels_set: bool,
    /// The saved setup records the instance found and the role's and member's ids.
    pub ids_recorded: bool,
}

/// A finished setup of `template`: its role, its member with that role, and a key.
pub async fn finished_setup(template: &str, made: Made) -> Env {
    let sandbox = contract::Checked::start().await;
    let info = sandbox.info().clone();
    let control = ControlClient::new(&info.url).expect("control");
    let http = cw_onboard::cw::HttpSettings::for_tests();
    let site = cw_onboard::cw::site::parse_site(&info.url).expect("site");
    let instance = cw_onboard::cw::discovery::discover(&http, &site, &info.company)
        .await
        .expect("discover");
    let admin = cw_onboard::cw::Client::new(
        &instance,
        &info.client_id,
        &cw_onboard::secrets::KeyPair::new(
            info.admin_public_key.clone(),
            info.admin_private_key.clone(),
        ),
        &http,
    )
    .expect("client");
    let lib = cw_onboard::template::Library::builtin().expect("templates");
    let t = lib.get(template).expect("template");
    let role = admin.create_role(&t.role_name).await.expect("role");
    if made.levels_set {
        let rows: Vec<RoleSettingRow> = t.permissions.iter().map(RoleSettingRow::from).collect();
        control
            .set_role_settings(&t.role_name, &rows)
            .await
            .expect("levels");
        control
            .set_role_customize(&t.role_name, &customize_rows(t))
            .await
            .expect("customize");
    }
    let identifier = t.member.identifier.clone();
    let mut member = admin.api_member_default().await.expect("default");
    member.identifier = identifier.clone();
    member.security_role = Some(cw_onboard::cw::Reference::to(role.id));
    member.structure_level = Some(cw_onboard::cw::Reference::to(1));
    let member = admin.create_api_member(&member).await.expect("member");
    let key = control.create_key(&identifier, &t.name).await.expect("key");
    let state = tempfile::tempdir().expect("state");
    let id = format!("demomsp-{template}");
    let mut setup = Setup {
        id: id.clone(),
        site: info.url.clone(),
        company: info.company.clone(),
        client_id: info.client_id.clone(),
        templates: vec![template.into()],
        status: SetupStatus::Done,
        ..Setup::default()
    };
    setup.role.name = t.role_name.clone();
    setup.member.identifier = identifier;
    setup.key.public_key = Some(key.public_key.clone());
    if made.ids_recorded {
        let facts = cw_onboard::runtime::api::discover(
            &cw_onboard::runtime::api::Services::for_tests(),
            &info.url,
            &info.company,
        )
        .await
        .expect("facts");
        setup.instance = Some(facts);
        setup.role.id = Some(role.id);
        setup.member.id = member.id;
    }
    save(&state, &setup);
    Env {
        admin,
        sandbox,
        control,
        state,
        key,
        role_id: role.id,
        member_id: member.id.expect("id"),
        id,
    }
}

pub fn customize_rows(t: &Template) -> Vec<CustomizeRow> {
    t.customize
        .iter()
        .map(|c| CustomizeRow {
            customize: c.function.customize.unwrap_or_default().to_string(),
            item: c.item.clone(),
        })
        .collect()
}

pub fn save(state: &tempfile::TempDir, setup: &Setup) {
    let store = Store::open(state.path()).expect("store");
    let lock = store.lock(&setup.id).expect("lock");
    store.save(&lock, setup).expect("save");
}
