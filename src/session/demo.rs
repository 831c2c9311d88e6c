//! `demo`'s composition: the sandbox's control client plays the admin's hands in the
//! ConnectWise UI (the runtime's [`UiStandIn`]).

use crate::level::Levels;
use crate::runtime::stand_in::{StandInResult, UiStandIn};
use crate::sandbox::{ControlClient, CustomizeRow, RoleSettingRow};
use crate::secrets::KeyPair;
use std::sync::Arc;

impl UiStandIn for ControlClient {
    fn set_role_levels<'a>(
        &'a self,
        role: &'a str,
        rows: &'a [(String, String, Levels)],
        customize: &'a [(String, String)],
    ) -> StandInResult<'a, ()> {
        Box::pin(async move {
            let rows: Vec<RoleSettingRow> = rows
                .iter()
                .map(|(module, function, l)| RoleSettingRow {
                    module: module.clone(),
                    function: function.clone(),
                    add: l.add,
                    edit: l.edit,
                    delete: l.delete,
                    inquire: l.inquire,
                })
                .collect();
            self.set_role_settings(role, &rows)
                .await
                .map_err(|e| e.to_string())?;
            let items: Vec<CustomizeRow> = customize
                .iter()
                .map(|(customize, item)| CustomizeRow {
                    customize: customize.clone(),
                    item: item.clone(),
                })
                .collect();
            if !items.is_empty() {
                self.set_role_customize(role, &items)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            Ok(())
        })
    }

    fn create_key<'a>(
        &'a self,
        member: &'a str,
        description: &'a str,
    ) -> StandInResult<'a, KeyPair> {
        Box::pin(async move {
            let key = ControlClient::create_key(self, member, description)
                .await
                .map_err(|e| e.to_string())?;
            Ok(KeyPair::new(key.public_key, key.private_key))
        })
    }

    fn delete_key<'a>(&'a self, member: &'a str, public_key: &'a str) -> StandInResult<'a, ()> {
        Box::pin(async move {
            ControlClient::delete_key(self, member, public_key)
                .await
                .map_err(|e| e.to_string())
        })
    }

    fn set_key_inactive<'a>(
        &'a self,
        member: &'a str,
        public_key: &'a str,
        inactive: bool,
    ) -> StandInResult<'a, ()> {
        Box::pin(async move {
            ControlClient::set_key_inactive(self, member, public_key, inactive)
                .await
                .map_err(|e| e.to_string())
        })
    }
}

/// The sandbox at `url` as the admin's hands (None if its address is unusable).
pub fn stand_in(url: &str) -> Option<Arc<dyn UiStandIn>> {
    ControlClient::new(url)
        .ok()
        .map(|c| Arc::new(c) as Arc<dyn UiStandIn>)
}

/// `demo`'s instance: the sandbox in-process, with what step 0 and the admin's hands need.
pub struct Demo {
    sandbox: crate::sandbox::Sandbox,
}

impl Demo {
    pub async fn start() -> Result<Demo, super::Outcome> {
        crate::sandbox::Sandbox::start(crate::sandbox::SandboxOptions::default())
            .await
            .map(|sandbox| Demo { sandbox })
            .map_err(|e| {
                super::fail(
                    format!("cannot start the sandbox: {e}"),
                    super::Outcome::Error,
                )
            })
    }

    pub fn info(&self) -> &crate::sandbox::SandboxInfo {
        self.sandbox.info()
    }

    /// The sandbox's admin keys (assisted mode).
    pub fn admin(&self) -> KeyPair {
        let info = self.sandbox.info();
        KeyPair::new(
            info.admin_public_key.clone(),
            info.admin_private_key.clone(),
        )
    }

    /// The sandbox as the admin's hands in the ConnectWise UI.
    pub fn stand_in(&self) -> Option<Arc<dyn UiStandIn>> {
        stand_in(&self.sandbox.info().url)
    }

    pub async fn shutdown(self) {
        self.sandbox.shutdown().await;
    }
}
