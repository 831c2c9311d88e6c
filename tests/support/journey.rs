//! The sandbox journeys' driver: the real executor, client and sandbox on 127.0.0.1 behind the
//! headless driver batch mode uses, and the walks the journeys share.

#![allow(dead_code)]

use super::{contract, flows};
use cw_onboard::app::Wizard;
use cw_onboard::app::msg::{Effect, Exit, Msg};
use cw_onboard::app::setup::{Mode, Setup, StepId};
use cw_onboard::runtime::api::Services;
use cw_onboard::runtime::executor::Executor;
use cw_onboard::runtime::headless::Headless;
use cw_onboard::sandbox::ControlClient;
use cw_onboard::secrets::KeyPair;
use cw_onboard::template::Library;
use ratatui::crossterm::event::KeyCode;

pub struct Journey {
    pub h: Headless,
    /// Checked against the schema contract when the journey ends.
    pub sandbox: contract::Checked,
    pub control: ControlClient,
}

impl std::ops::Deref for Journey {
    type Target = Headless;
    fn deref(&self) -> &Headless {
        &self.h
    }
}

impl std::ops::DerefMut for Journey {
    fn deref_mut(&mut self) -> &mut Headless {
        &mut self.h
    }
}

impl Journey {
    pub async fn start(admin: bool) -> Journey {
        let sandbox = contract::Checked::start().await;
        let info = sandbox.info().clone();
        let control = ControlClient::new(&info.url).expect("control");
        let setup = Setup {
            site: info.url.clone(),
            company: info.company.clone(),
            client_id: info.client_id.clone(),
            ..Setup::default()
        };
        let mut wizard = Wizard::new(Library::builtin().expect("templates"), setup, true);
        if admin {
            wizard.prefill_admin(&KeyPair::new(
                info.admin_public_key.clone(),
                info.admin_private_key.clone(),
            ));
        }
        let exec = Executor::new(
            Services::for_tests().with_stand_in(cw_onboard::session::demo::stand_in(&info.url)),
            None,
        );
        let mut j = Journey {
            h: Headless::new(wizard, exec),
            sandbox,
            control,
        };
        j.h.start().await.expect("start");
        j
    }

    pub async fn run(&mut self, effects: Vec<Effect>) {
        self.h.run(effects).await.expect("effects run");
    }

    pub async fn send(&mut self, msg: Msg) {
        self.h.send(msg).await.expect("message");
    }

    pub async fn key(&mut self, code: KeyCode) {
        self.h.key(code).await.expect("key");
    }

    pub async fn ctrl(&mut self, c: char) {
        self.h.ctrl(c).await.expect("key");
    }

    pub async fn type_text(&mut self, text: &str) {
        self.h.type_text(text).await.expect("typing");
    }

    pub async fn posts(&self, path_suffix: &str) -> usize {
        let log = self.control.requests().await.expect("requests");
        log.iter()
            .filter(|r| {
                r.method == "POST" && r.path.to_lowercase().ends_with(&path_suffix.to_lowercase())
            })
            .count()
    }
}

pub async fn through_member(j: &mut Journey) {
    j.ctrl('l').await;
    assert!(
        j.wizard.instance.discovery.ready().is_some(),
        "{:?}",
        j.wizard.instance.discovery
    );
    assert!(
        j.wizard.instance.admin.ready().is_some(),
        "{:?}",
        j.wizard.instance.admin
    );
    j.ctrl('n').await;
    assert_eq!(j.wizard.step, StepId::Role, "{:?}", j.wizard.banner);
    assert_eq!(j.wizard.setup.mode, Mode::Assisted);
    j.type_text("cw-kanban").await;
    j.key(KeyCode::Enter).await;
    j.key(KeyCode::Enter).await;
    let role = j.wizard.role.role.ready().cloned().expect("role created");
    assert!(role.created);
    assert!(!j.wizard.setup.role.all_match, "a new role starts all None");
    j.ctrl('d').await;
    assert!(j.wizard.setup.role.all_match, "{:?}", j.wizard.role.live);
    j.ctrl('n').await;
    assert_eq!(j.wizard.step, StepId::Member);
    assert!(
        j.wizard.member.lists.ready().is_some(),
        "{:?}",
        j.wizard.member.lists
    );
    flows::choose_location(j).await;
    j.ctrl('n').await;
    assert_eq!(
        j.wizard.step,
        StepId::Keys,
        "{:?} {:?}",
        j.wizard.banner,
        j.wizard.member.save
    );
}

pub async fn rows_fixed(j: &Journey) {
    set_company_maintenance_inquire(j, cw_onboard::level::Level::All).await;
}

/// The admin sets CW Kanban's Company Maintenance row in ConnectWise: Inquire `inquire`, the
/// rest None (All is what the template wants).
pub async fn set_company_maintenance_inquire(j: &Journey, inquire: cw_onboard::level::Level) {
    let rows = vec![cw_onboard::sandbox::RoleSettingRow {
        module: "Companies".into(),
        function: "Company Maintenance".into(),
        add: cw_onboard::level::Level::None,
        edit: cw_onboard::level::Level::None,
        delete: cw_onboard::level::Level::None,
        inquire,
    }];
    j.control
        .set_role_settings("CW Kanban", &rows)
        .await
        .expect("set the level");
}

pub async fn finished_with_known_key(j: &mut Journey) -> cw_onboard::sandbox::CreatedKey {
    through_member(j).await;
    let key = j
        .control
        .create_key("kanban", "CW Kanban")
        .await
        .expect("key");
    j.send(Msg::Paste(key.public_key.clone())).await;
    j.key(KeyCode::Tab).await;
    j.send(Msg::Paste(key.private_key.clone())).await;
    j.key(KeyCode::Enter).await;
    j.ctrl('s').await;
    j.ctrl('s').await; // confirms: stored elsewhere
    j.ctrl('n').await;
    j.ctrl('n').await;
    assert_eq!(j.exit, Some(Exit::Finished));
    key
}
