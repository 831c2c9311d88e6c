//! Step 0: site, company ID and clientId, checked live with companyinfo (and the certificate on
//! premise); optional admin keys, checked for what they may do (assisted mode).

mod fields;
mod key_command;
pub use fields::InstanceField;

use crate::app::command::Command;
use crate::app::ctx::Ctx;
use crate::app::facts::{AdminFacts, CertFacts, InstanceFacts};
use crate::app::field::TextField;
use crate::app::flow::{Flow, Go};
use crate::app::keymap::{self, Binding, Intent};
use crate::app::load::Load;
use crate::app::msg::{Auth, Effect, Outcome, Seq, Target, TimerKind};
use crate::app::setup::{Mode, Setup};
use crate::app::step::{Routed, Step};
use crate::app::validate;
use crate::app::values::{ClientId, CompanyId, Site};
use crate::secrets::KeyPair;
use crate::template::MergedTemplate;
use ratatui::crossterm::event::KeyEvent;
use std::time::Duration;

const DEBOUNCE: Duration = Duration::from_millis(600);

#[derive(Debug, Clone)]
pub struct InstanceStep {
    fields: [TextField; 5],
    pub focus: InstanceField,
    pub discovery: Load<InstanceFacts>,
    pub certificate: Load<CertFacts>,
    pub admin: Load<AdminFacts>,
    debounce: Seq,
}

fn admin_public(s: &str) -> validate::Valid {
    if s.trim().is_empty() {
        Ok(String::new())
    } else {
        validate::api_key(s, "admin public")
    }
}

fn admin_private(s: &str) -> validate::Valid {
    if s.trim().is_empty() {
        Ok(String::new())
    } else {
        validate::api_key(s, "admin private")
    }
}

impl InstanceStep {
    pub fn new(site: &str, company: &str, client_id: &str) -> InstanceStep {
        InstanceStep {
            fields: [
                TextField::new("Site", validate::site)
                    .placeholder("na.myconnectwise.net or cw.example.com")
                    .with_value(site),
                TextField::new("Company ID", validate::company)
                    .placeholder("the company you log in with")
                    .with_value(company),
                TextField::new("Client ID", validate::client_id)
                    .placeholder("GUID from developer.connectwise.com")
                    .with_value(client_id),
                TextField::new("Admin public key", admin_public)
                    .placeholder("optional: assisted mode"),
                TextField::new("Admin private key", admin_private)
                    .secret()
                    .placeholder("optional: assisted mode"),
            ],
            focus: InstanceField::Site,
            discovery: Load::Idle,
            certificate: Load::Idle,
            admin: Load::Idle,
            debounce: 0,
        }
    }

    pub fn field(&self, field: InstanceField) -> &TextField {
        &self.fields[field.index()]
    }

    pub fn field_mut(&mut self, field: InstanceField) -> &mut TextField {
        &mut self.fields[field.index()]
    }

    fn admin_pair(&self) -> Option<KeyPair> {
        let public = self.field(InstanceField::AdminPublic).value().trim();
        let private = self.field(InstanceField::AdminPrivate).value().trim();
        (!public.is_empty() && !private.is_empty()).then(|| KeyPair::new(public, private))
    }

    fn changed(&mut self, ctx: &mut Ctx) -> Flow {
        match self.focus {
            InstanceField::Site | InstanceField::Company => {
                self.discovery = Load::Idle;
                self.certificate = Load::Idle;
                self.admin = Load::Idle;
                self.debounce = ctx.seq();
                Flow::effect(Effect::Timer {
                    seq: self.debounce,
                    after: DEBOUNCE,
                    kind: TimerKind::Discover,
                })
            }
            _ => {
                self.admin = Load::Idle;
                Flow::none()
            }
        }
    }

    /// `Command::Connect` (also the full-screen Enter on the last field): the answers of step 0,
    /// parsed; starts the instance check (and the admin keys' check once the instance answers).
    pub fn connect(
        &mut self,
        site: &Site,
        company: &CompanyId,
        client_id: &ClientId,
        admin: Option<&KeyPair>,
        ctx: &mut Ctx,
    ) -> Flow {
        // The instance checked already for these answers is not checked again (Enter on the
        // last field after the debounced check, or a second Connect): only the admin keys are.
        let known = self.discovery.ready().is_some()
            && validate::site(self.field(InstanceField::Site).value()).as_deref()
                == Ok(site.as_str())
            && validate::company(self.field(InstanceField::Company).value()).as_deref()
                == Ok(company.as_str());
        // A field that already means the value keeps what the admin typed.
        for (i, value, rule) in [
            (
                InstanceField::Site,
                site.as_str(),
                validate::site as fn(&str) -> validate::Valid,
            ),
            (InstanceField::Company, company.as_str(), validate::company),
            (
                InstanceField::ClientId,
                client_id.as_str(),
                validate::client_id,
            ),
        ] {
            if rule(self.fields[i.index()].value()).as_deref() != Ok(value) {
                self.fields[i.index()].set(value);
            }
        }
        match admin {
            Some(pair) => self.fill_admin(pair),
            None => {
                self.field_mut(InstanceField::AdminPublic).clear();
                self.field_mut(InstanceField::AdminPrivate).clear();
                self.admin = Load::Idle;
            }
        }
        self.focus = InstanceField::AdminPrivate;
        if known {
            return self.check_admin(ctx);
        }
        self.check(ctx)
    }

    /// Fills in the demo sandbox's admin keys (what an admin would paste).
    pub fn fill_admin(&mut self, pair: &KeyPair) {
        self.field_mut(InstanceField::AdminPublic).set(&pair.public);
        self.field_mut(InstanceField::AdminPrivate)
            .set(pair.expose_private());
        self.admin = Load::Idle;
    }

    pub fn ready_to_check(&self) -> bool {
        self.field(InstanceField::Site).is_valid() && self.field(InstanceField::Company).is_valid()
    }

    /// Starts the companyinfo check when site and company look right.
    pub fn check(&mut self, ctx: &mut Ctx) -> Flow {
        let (Ok(site), Ok(company)) = (
            self.field_mut(InstanceField::Site).validate(),
            self.field_mut(InstanceField::Company).validate(),
        ) else {
            return Flow::none();
        };
        let seq = ctx.seq();
        self.discovery = Load::Loading { seq };
        self.certificate = Load::Idle;
        Flow::effect(Effect::Discover { seq, site, company })
    }

    fn check_admin(&mut self, ctx: &mut Ctx) -> Flow {
        let (Some(key), Ok(client_id), Ok(company)) = (
            self.admin_pair(),
            self.field_mut(InstanceField::ClientId).validate(),
            self.field_mut(InstanceField::Company).validate(),
        ) else {
            return Flow::none();
        };
        let Some(facts) = self.discovery.ready() else {
            return Flow::none();
        };
        let target = Target::of(&company, Some(facts));
        let seq = ctx.seq();
        self.admin = Load::Loading { seq };
        Flow::effect(Effect::CheckAdmin {
            seq,
            auth: Auth {
                target,
                client_id,
                key,
            },
        })
    }

    pub fn on_done(&mut self, seq: Seq, outcome: Outcome, ctx: &mut Ctx) -> Flow {
        match outcome {
            Outcome::Discovered(result) => {
                if !self.discovery.settle(seq, result) {
                    return Flow::none();
                }
                let Some(facts) = self.discovery.ready().cloned() else {
                    return Flow::none();
                };
                let mut flow = Flow::none();
                if !facts.is_cloud && facts.api_url.starts_with("https://") {
                    let seq = ctx.seq();
                    self.certificate = Load::Loading { seq };
                    let site = self.field(InstanceField::Site).value().trim().to_string();
                    flow.effects.push(Effect::InspectCertificate { seq, site });
                }
                if self.admin_pair().is_some() {
                    flow = flow.and(self.check_admin(ctx));
                }
                flow
            }
            Outcome::Certificate(result) => {
                self.certificate.settle(seq, result);
                Flow::none()
            }
            Outcome::Admin(result) => {
                self.admin.settle(seq, result);
                Flow::none()
            }
            _ => Flow::none(),
        }
    }

    /// Why the step cannot be left yet, if it cannot.
    pub fn blocker(&self) -> Option<String> {
        if let Some(f) = self.fields.iter().find(|f| !f.is_valid()) {
            return Some(format!(
                "{}: {}",
                f.label,
                (f.error.clone()).unwrap_or_else(|| "check this field".into())
            ));
        }
        match &self.discovery {
            Load::Ready(_) => {}
            Load::Loading { .. } => {
                return Some("Still checking the instance (Esc cancels).".into());
            }
            Load::Failed(f) => return Some(format!("{} {}", f.summary, f.advice)),
            Load::Idle => {
                return Some("Press Enter on the site or company to check the instance.".into());
            }
        }
        let public = self
            .field(InstanceField::AdminPublic)
            .value()
            .trim()
            .is_empty();
        let private = self
            .field(InstanceField::AdminPrivate)
            .value()
            .trim()
            .is_empty();
        if public != private {
            return Some(
                "Give both admin keys for assisted mode, or neither for guided mode.".into(),
            );
        }
        if !public {
            match &self.admin {
                Load::Ready(a) if a.can_manage_roles && a.can_manage_members => {}
                Load::Ready(a) => {
                    return Some(format!(
                        "The admin keys ({}) may not create {}: use an admin key, or clear both keys for guided mode.",
                        a.member,
                        if a.can_manage_roles {
                            "members"
                        } else {
                            "security roles"
                        }
                    ));
                }
                Load::Loading { .. } => return Some("Still checking the admin keys.".into()),
                Load::Failed(f) => return Some(format!("Admin keys: {} {}", f.summary, f.advice)),
                Load::Idle => {
                    return Some(
                        "Press Enter on the admin private key to check the admin keys.".into(),
                    );
                }
            }
        }
        None
    }

    /// Leaves the step when everything checks out: records the answers and the mode.
    pub fn leave(&mut self, ctx: &mut Ctx) -> Flow {
        for f in self.fields.iter_mut() {
            let _ = f.validate();
        }
        if let Some(reason) = self.blocker() {
            return Flow::banner(reason);
        }
        let setup = &mut *ctx.setup;
        setup.site = validate::site(self.field(InstanceField::Site).value()).unwrap_or_default();
        setup.company =
            validate::company(self.field(InstanceField::Company).value()).unwrap_or_default();
        setup.client_id =
            validate::client_id(self.field(InstanceField::ClientId).value()).unwrap_or_default();
        setup.instance = self.discovery.ready().cloned();
        setup.certificate = self.certificate.ready().cloned();
        *ctx.admin = self.admin_pair();
        setup.mode = if ctx.admin.is_some() {
            Mode::Assisted
        } else {
            Mode::Guided
        };
        Flow::go(Go::Next)
    }
}

impl Step for InstanceStep {
    fn section(&self) -> &'static str {
        "instance"
    }

    fn answers() -> &'static [&'static str] {
        &["site", "company", "client_id"]
    }

    /// `Connect` (the wizard takes it only on step 0).
    fn apply(&mut self, command: Command, ctx: &mut Ctx) -> Routed {
        match command {
            Command::Connect {
                site,
                company,
                client_id,
                admin,
            } => Routed::Taken(Ok(self.connect(
                &site,
                &company,
                &client_id,
                admin.as_ref(),
                ctx,
            ))),
            other => Routed::NotMine(other),
        }
    }

    /// Enter on the last field: `Connect`, or `Next` once checked.
    fn key_command(
        &self,
        intent: Intent,
        _: &Setup,
        _: Option<&MergedTemplate>,
    ) -> Option<Command> {
        match intent {
            Intent::Submit if self.focus == InstanceField::AdminPrivate => self.connect_command(),
            _ => None,
        }
    }

    fn bindings(&self, _: &Setup, _: bool) -> Vec<Binding> {
        let mut table = vec![
            keymap::TAB,
            keymap::BACKTAB,
            keymap::ENTER_NEXT,
            keymap::NEXT_STEP,
        ];
        if self.focus == InstanceField::AdminPrivate {
            table.push(keymap::REVEAL);
        }
        table.push(keymap::RECHECK);
        table
    }

    fn on_key(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Flow {
        if self.fields[self.focus.index()].handle_key(key) {
            return self.changed(ctx);
        }
        Flow::none()
    }

    fn on_paste(&mut self, text: &str, ctx: &mut Ctx) -> Flow {
        self.fields[self.focus.index()].paste(text);
        self.changed(ctx)
    }

    fn on_intent(&mut self, intent: Intent, ctx: &mut Ctx) -> Flow {
        match intent {
            Intent::NextField => self.focus = self.focus.after(),
            Intent::PrevField => self.focus = self.focus.before(),
            Intent::Reveal => {
                let f = self.field_mut(InstanceField::AdminPrivate);
                f.revealed = !f.revealed;
            }
            Intent::Recheck => return self.check(ctx),
            Intent::Submit => {
                if self.fields[self.focus.index()].validate().is_err() {
                    return Flow::none();
                }
                let flow = if self.focus <= InstanceField::Company && self.discovery == Load::Idle {
                    self.check(ctx)
                } else if self.focus == InstanceField::AdminPrivate && self.admin == Load::Idle {
                    self.check_admin(ctx)
                } else {
                    Flow::none()
                };
                if self.focus != InstanceField::AdminPrivate {
                    self.focus = self.focus.after();
                    return flow;
                }
                // A check just started: wait for it; Enter or ^N again goes on.
                if !flow.effects.is_empty() {
                    return flow;
                }
                return self.leave(ctx);
            }
            Intent::NextStep => return self.leave(ctx),
            _ => {}
        }
        Flow::none()
    }

    fn on_timer(&mut self, seq: Seq, kind: TimerKind, ctx: &mut Ctx) -> Flow {
        if kind == TimerKind::Discover
            && seq == self.debounce
            && self.field(InstanceField::Site).is_valid()
            && self.field(InstanceField::Company).is_valid()
        {
            return self.check(ctx);
        }
        Flow::none()
    }

    /// Cancels what is running (Esc); returns the effects that abort it.
    fn cancel(&mut self) -> Vec<Effect> {
        let mut out = Vec::new();
        for seq in [
            self.discovery.seq(),
            self.certificate.seq(),
            self.admin.seq(),
        ]
        .into_iter()
        .flatten()
        {
            out.push(Effect::Cancel { seq });
        }
        if self.discovery.is_loading() {
            self.discovery = Load::Idle;
        }
        if self.certificate.is_loading() {
            self.certificate = Load::Idle;
        }
        if self.admin.is_loading() {
            self.admin = Load::Idle;
        }
        out
    }

    fn is_busy(&self) -> bool {
        self.discovery.is_loading() || self.certificate.is_loading() || self.admin.is_loading()
    }
}
