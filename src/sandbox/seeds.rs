//! What the sandbox holds beyond the plain demo instance: the "messy" instance an MSP really has
//! (for `audit`, its demo and tests), and a scaled one (N API members, M roles) for the budgets.

use super::integrator_logins::IntegratorLogin;
use super::world::{Member, Role, World};
use crate::level::{Level, Levels};
use crate::template::catalog::CATALOG;
use crate::template::{Library, Template};
use std::time::Duration;

/// Which instance the sandbox starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Seed {
    /// The demo instance: Admin, Technician and Sales roles, one API member.
    #[default]
    Plain,
    /// The plain instance plus years of hand-made API access (see [`messy`]).
    Messy,
    /// The plain instance plus `members` API members spread over `roles` template roles.
    Scaled { members: u32, roles: u32 },
}

pub fn apply(world: &mut World, seed: Seed) {
    match seed {
        Seed::Plain => {}
        Seed::Messy => messy(world),
        Seed::Scaled { members, roles } => scaled(world, members, roles),
    }
}

fn template_rows(t: &Template) -> Vec<Levels> {
    CATALOG
        .iter()
        .map(|f| {
            t.permissions
                .iter()
                .find(|p| std::ptr::eq(p.function, f))
                .map_or(Levels::NONE, |p| p.levels)
        })
        .collect()
}

fn role(id: u32, name: &str, settings: Vec<Levels>) -> Role {
    let mut r = Role::new(id, name, Level::None);
    r.settings = settings;
    r.changed(Duration::ZERO);
    r
}

fn api_member(id: u32, identifier: &str, name: &str, role: Option<u32>, level: u32) -> Member {
    let (first, last) = name.split_once(' ').unwrap_or((name, ""));
    Member {
        id,
        identifier: identifier.into(),
        first_name: first.into(),
        last_name: last.into(),
        email: format!("{identifier}@integrations.demomsp.com"),
        license_class: "A".into(),
        role_id: role,
        level_id: Some(level),
        owner_id: Some(1),
        location_id: Some(2),
        department_id: Some(10),
        time_zone_id: Some(1),
        territory_id: Some(2),
        inactive: false,
        inactive_date: None,
        hire_date: "2024-01-08T14:00:00Z".into(),
        extra: Default::default(),
        stamp: super::world::Stamp::seeded(),
    }
}

fn set(rows: &mut [Levels], module: &str, function: &str, levels: Levels) {
    if let Some(i) = CATALOG
        .iter()
        .position(|f| f.module == module && f.function == function)
    {
        rows[i] = levels;
    }
}

/// An API member on an Admin-like role, a vendor role with extra rows and a Level below
/// Corporate, a role shared by two integrations, an inactive member still holding a role, an
/// active member with no role, and legacy integrator logins (one with all-APIs access).
pub fn messy(world: &mut World) {
    let Ok(library) = Library::builtin() else {
        return;
    };
    let rows_of = |id: &str| library.get(id).map(template_rows);
    let mut hudu = rows_of("hudu").unwrap_or_else(|| vec![Levels::NONE; CATALOG.len()]);
    set(
        &mut hudu,
        "Finance",
        "Invoicing",
        Levels::new(Level::All, Level::All, Level::None, Level::All),
    );
    set(
        &mut hudu,
        "Sales",
        "Opportunity",
        Levels::uniform(Level::All),
    );
    let shared = rows_of("smileback").unwrap_or_else(|| vec![Levels::NONE; CATALOG.len()]);
    world.roles.extend([
        role(
            50,
            "Integrations Admin",
            vec![Levels::uniform(Level::All); CATALOG.len()],
        ),
        role(51, "Hudu Sync", hudu),
        role(52, "Vendor Integrations", shared),
    ]);
    let mut oldpsa = api_member(64, "oldpsa", "Old PSA Bridge", Some(2), 1);
    oldpsa.inactive = true;
    oldpsa.inactive_date = Some("2025-06-30T17:00:00Z".into());
    let mut norole = api_member(65, "reportbot", "Report Bot", None, 1);
    norole.role_id = None;
    world.members.extend([
        api_member(60, "syncbot", "Sync Bot", Some(50), 1),
        api_member(61, "hudu", "Hudu Sync", Some(51), 2),
        api_member(62, "chatbot", "Chat Bot", Some(52), 1),
        api_member(63, "smileback", "SmileBack", Some(52), 1),
        oldpsa,
        norole,
    ]);
    world.integrator_logins.extend([
        IntegratorLogin {
            id: 1,
            username: "legacy-sync".into(),
            password: "Legacy-Integrator-Password-7".into(),
            all_apis: true,
            ..Default::default()
        },
        IntegratorLogin {
            id: 2,
            username: "ticket-bridge".into(),
            password: "Ticket-Bridge-Password-3".into(),
            service_ticket_api: true,
            ..Default::default()
        },
        IntegratorLogin {
            id: 3,
            username: "old-crm".into(),
            password: "Old-Crm-Password-5".into(),
            all_records: true,
            company_api: true,
            inactive: true,
            ..Default::default()
        },
    ]);
}

/// `roles` roles made from the templates in turn, `members` API members on them in turn.
pub fn scaled(world: &mut World, members: u32, roles: u32) {
    let Ok(library) = Library::builtin() else {
        return;
    };
    let templates = library.all();
    if templates.is_empty() {
        return;
    }
    for i in 0..roles {
        let t = &templates[i as usize % templates.len()];
        world.roles.push(role(
            1000 + i,
            &format!("{} {}", t.role_name.chars().take(24).collect::<String>(), i),
            template_rows(t),
        ));
    }
    for i in 0..members {
        let role = (roles > 0).then(|| 1000 + i % roles);
        world.members.push(api_member(
            2000 + i,
            &format!("int{i:03}"),
            &format!("Integration {i}"),
            role,
            1,
        ));
    }
}
