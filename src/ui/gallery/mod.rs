//! Named wizard states built purely from messages: the fixtures of the screen snapshots and of
//! the screenshots, so both always show the same thing.

use crate::app::Wizard;
use crate::app::command::MemberField;
use crate::app::facts::{
    AdminFacts, CertFacts, Failure, FailureKind, IdentifierFacts, InstanceFacts, KeyFacts, LiveRow,
    LocationPick, MemberFacts, Pick, PickLists, RoleFacts,
};
use crate::app::msg::{Effect, Outcome, TimerKind};
use crate::level::{Level, Levels};
use crate::template::Library;
use crate::template::catalog::CATALOG;

mod states;
use ratatui::crossterm::event::KeyCode;
pub use states::all;

pub const CLIENT_ID: &str = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

mod driver;
pub use driver::Driver;

pub fn instance_facts(cloud: bool) -> InstanceFacts {
    InstanceFacts {
        company_name: "Demo MSP Inc.".into(),
        version: "v2025.1".into(),
        is_cloud: cloud,
        codebase: if cloud {
            "v2025_1/".into()
        } else {
            "v4_6_release/".into()
        },
        api_url: if cloud {
            "https://api-na.myconnectwise.net/v2025_1/apis/3.0/".into()
        } else {
            "https://cw.demomsp.com/v4_6_release/apis/3.0/".into()
        },
        site_notes: vec![
            "removed the path /v4_6_release/ConnectWise.aspx: the wizard finds the codebase itself"
                .into(),
        ],
    }
}

pub fn cert_facts() -> CertFacts {
    CertFacts {
        subject: "CN=cw.demomsp.com".into(),
        issuer: "R11".into(),
        self_signed: false,
        days_left: 64,
        chain_valid: true,
        problem: None,
    }
}

pub fn pick_lists() -> PickLists {
    let pick = |id: u32, name: &str| Pick {
        id,
        name: name.into(),
    };
    PickLists {
        levels: vec![pick(1, "Corporate"), pick(2, "Location"), pick(3, "Group")],
        locations: vec![
            LocationPick {
                id: 1,
                name: "Corporate".into(),
                level_id: Some(1),
                departments: vec![],
            },
            LocationPick {
                id: 2,
                name: "Chicago HQ".into(),
                level_id: Some(2),
                departments: vec![pick(10, "Managed Services"), pick(11, "Administration")],
            },
            LocationPick {
                id: 3,
                name: "Denver".into(),
                level_id: Some(2),
                departments: vec![pick(12, "Professional Services")],
            },
        ],
        departments: vec![
            pick(10, "Managed Services"),
            pick(11, "Administration"),
            pick(12, "Professional Services"),
        ],
        time_zones: vec![
            pick(1, "Eastern"),
            pick(2, "Central"),
            pick(3, "Mountain"),
            pick(4, "Pacific"),
        ],
        default_time_zone: Some(1),
        member_default: None,
    }
}

/// The instance's role settings: the template's levels, tweaked per function.
pub fn live_rows(wizard: &Wizard, tweak: impl Fn(&str, Levels) -> Levels) -> Vec<LiveRow> {
    CATALOG
        .iter()
        .map(|f| {
            let wanted = wizard
                .merged
                .as_ref()
                .map(|m| m.wanted(f))
                .unwrap_or(Levels::NONE);
            LiveRow {
                module: f.module.into(),
                function: f.function.into(),
                levels: tweak(f.function, wanted),
            }
        })
        .collect()
}

pub fn key_facts(wizard: &Wizard) -> KeyFacts {
    let merged = wizard.merged.as_ref();
    KeyFacts {
        authenticated: true,
        auth_failure: None,
        me: Some(MemberFacts {
            identifier: wizard.setup.member.identifier.clone(),
            // MyMember's firstName + lastName, as the runtime joins them.
            name: wizard.setup.member.name.clone(),
            level: Some(Pick {
                id: 1,
                name: "Corporate".into(),
            }),
            ..MemberFacts::default()
        }),
        security: live_rows(wizard, |_, l| l),
        customize: merged
            .map(|m| {
                m.customize
                    .iter()
                    .filter(|c| c.access == crate::template::CustomizeAccess::Allow)
                    .map(|c| {
                        (
                            c.function.customize.unwrap_or_default().to_string(),
                            c.item.clone(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        probes: merged
            .map(|m| {
                m.probes()
                    .into_iter()
                    .map(|(_, p)| (p.path.to_string(), Ok(1234)))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn not_connectwise() -> Failure {
    Failure {
        kind: FailureKind::NotConnectWise,
        summary: "na.myconnectwise.net answered with an HTML page, not ConnectWise JSON".into(),
        advice: "Cloud API calls go to the api- host: try api-na.myconnectwise.net.".into(),
    }
}

/// Step 0 filled in: site, company, clientId; `admin` adds checked admin keys.
pub fn instance_done(d: &mut Driver, admin: bool, cloud: bool) {
    d.type_text("cw.demomsp.com")
        .keys(KeyCode::Tab)
        .type_text("demomsp")
        .fire_timer(TimerKind::Discover);
    d.answer(
        |e| matches!(e, Effect::Discover { .. }),
        Outcome::Discovered(Ok(instance_facts(cloud))),
    );
    if !cloud {
        d.answer(
            |e| matches!(e, Effect::InspectCertificate { .. }),
            Outcome::Certificate(Ok(cert_facts())),
        );
    }
    d.keys(KeyCode::Tab).type_text(CLIENT_ID);
    if admin {
        d.keys(KeyCode::Tab)
            .type_text("AdminPublicKey01")
            .keys(KeyCode::Tab)
            .type_text("AdminPrivateKey01")
            .keys(KeyCode::Enter);
        let facts = AdminFacts {
            member: "admin".into(),
            can_manage_roles: true,
            can_manage_members: true,
        };
        d.answer(
            |e| matches!(e, Effect::CheckAdmin { .. }),
            Outcome::Admin(Ok(facts)),
        );
    }
}

pub fn to_checklist(d: &mut Driver, admin: bool, template: &str) {
    instance_done(d, admin, false);
    d.ctrl('n').type_text(template).keys(KeyCode::Enter);
}

pub fn role_found(d: &mut Driver, tweak: impl Fn(&str, Levels) -> Levels) {
    d.keys(KeyCode::Enter);
    d.answer(
        |e| matches!(e, Effect::FindOrCreateRole { .. }),
        Outcome::Role(Ok(RoleFacts {
            id: 7,
            name: "CW Kanban".into(),
            created: true,
            used: Default::default(),
        })),
    );
    let live = live_rows(d, tweak);
    d.answer(
        |e| matches!(e, Effect::ReadRoleSettings { .. }),
        Outcome::RoleSettings(Ok(live)),
    );
}

pub fn to_member(d: &mut Driver) {
    to_checklist(d, true, "cw-kanban");
    role_found(d, |_, l| l);
    d.ctrl('n');
}

pub fn member_done(d: &mut Driver) {
    to_member(d);
    member_lists_read(d);
    choose_location(d);
}

/// Step 2's reads answered: the pick lists, and the member ID is free.
pub fn member_lists_read(d: &mut Driver) {
    d.answer(
        |e| matches!(e, Effect::LoadPickLists { .. }),
        Outcome::PickLists(Ok(pick_lists())),
    );
    d.answer(
        |e| matches!(e, Effect::CheckIdentifier { .. }),
        Outcome::Identifier(Ok(IdentifierFacts::Free)),
    );
}

/// Step 2's picks the template leaves open, chosen with the keys: Chicago HQ and its first
/// business unit (Managed Services).
pub fn choose_location(d: &mut Driver) {
    d.focus_member(MemberField::Location)
        .script("<right><right>");
    d.focus_member(MemberField::BusinessUnit).script("<right>");
}

pub fn to_keys(d: &mut Driver) {
    member_done(d);
    d.ctrl('n');
    member_saved(d);
}

/// The member's save answered: created as id 43.
pub fn member_saved(d: &mut Driver) {
    let saved = MemberFacts {
        id: 43,
        identifier: "kanban".into(),
        ..MemberFacts::default()
    };
    d.answer(
        |e| matches!(e, Effect::SaveMember { .. }),
        Outcome::MemberSaved(Ok(saved)),
    );
}

pub fn keys_pasted(d: &mut Driver) {
    to_keys(d);
    d.paste("Xk29PublicKeyAbc")
        .keys(KeyCode::Tab)
        .paste("HIDDEN-PRIVATE-KEY-Zz90")
        .keys(KeyCode::Enter);
}

pub fn keys_handoff(d: &mut Driver) {
    keys_pasted(d);
    let facts = key_facts(d);
    d.answer(
        |e| matches!(e, Effect::VerifyKey { .. }),
        Outcome::Key(Ok(facts)),
    );
}

pub fn to_summary(d: &mut Driver) {
    keys_handoff(d);
    // ^S twice: the second confirms the key is stored though not handed off here.
    d.ctrl('s').ctrl('s').ctrl('n');
}
