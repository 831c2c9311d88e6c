//! Step 0's key that decides: Enter on the last field is `Connect` from the parsed fields while
//! a check is still to start (an instance checked already is not checked again), then `Next`.

use super::{InstanceField, InstanceStep};
use crate::app::command::Command;
use crate::app::load::Load;
use crate::app::values::{ClientId, CompanyId, Site};
use crate::secrets::KeyPair;

impl InstanceStep {
    /// Enter on the last field: `Connect` with the parsed fields while a check is still to
    /// start, then `Next`. None leaves it to the step (a field shown red, one admin key only).
    pub(super) fn connect_command(&self) -> Option<Command> {
        let text = |f: InstanceField| self.field(f).value().trim();
        if !self.field(InstanceField::AdminPrivate).is_valid() {
            return None;
        }
        let admin = match (
            text(InstanceField::AdminPublic),
            text(InstanceField::AdminPrivate),
        ) {
            ("", "") => None,
            ("", _) | (_, "") => return None,
            (public, private) => Some(KeyPair::new(public, private)),
        };
        let to_check = self.discovery == Load::Idle
            || (admin.is_some() && self.admin == Load::Idle && self.discovery.ready().is_some());
        if !to_check {
            return Some(Command::Next);
        }
        Some(Command::Connect {
            site: Site::try_from(text(InstanceField::Site)).ok()?,
            company: CompanyId::try_from(text(InstanceField::Company)).ok()?,
            client_id: ClientId::try_from(text(InstanceField::ClientId)).ok()?,
            admin,
        })
    }
}
