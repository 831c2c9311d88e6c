//! The simulated instance's data: a believable MSP, its roles, members and keys.

use crate::level::{Level, Levels};
use crate::template::catalog::CATALOG;
use serde_json::{Map, Value};
use std::time::{Duration, Instant};

/// When a record was last changed and by whom: its `_info` (`lastUpdated`, `updatedBy`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// `yyyy-MM-ddTHH:mm:ssZ`, as ConnectWise writes dates.
    pub at: String,
    pub by: String,
}

impl Stamp {
    /// The seed data's stamp: fixed, so answers are stable across runs.
    pub fn seeded() -> Stamp {
        Stamp {
            at: "2025-11-03T14:22:05Z".into(),
            by: "admin".into(),
        }
    }

    /// Now, by `member`.
    pub fn now(member: &str) -> Stamp {
        Stamp {
            at: now(),
            by: member.into(),
        }
    }
}

impl Default for Stamp {
    fn default() -> Self {
        Stamp::seeded()
    }
}

/// The current time as ConnectWise writes it: `yyyy-MM-ddTHH:mm:ssZ` (no fraction).
pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[derive(Debug, Clone)]
pub struct Role {
    pub id: u32,
    pub name: String,
    /// Levels as the role shows them (`/system/securityRoles/{id}/settings`), catalog order.
    pub settings: Vec<Levels>,
    pub customize: Vec<(String, String)>,
    pub stamp: Stamp,
    /// What API callers of this role get; catches up with `settings` at `applies_at`.
    effective: Vec<Levels>,
    effective_customize: Vec<(String, String)>,
    applies_at: Option<Instant>,
}

impl Role {
    pub fn new(id: u32, name: &str, level: Level) -> Role {
        let settings = vec![Levels::uniform(level); CATALOG.len()];
        Role {
            id,
            name: name.into(),
            effective: settings.clone(),
            settings,
            customize: Vec::new(),
            stamp: Stamp::seeded(),
            effective_customize: Vec::new(),
            applies_at: None,
        }
    }

    /// Changes made by "the admin in the UI", effective for API callers after `delay`.
    pub fn changed(&mut self, delay: Duration) {
        if delay.is_zero() {
            self.effective = self.settings.clone();
            self.effective_customize = self.customize.clone();
            self.applies_at = None;
        } else {
            self.applies_at = Some(Instant::now() + delay);
        }
    }

    fn catch_up(&mut self) {
        if self.applies_at.is_some_and(|t| Instant::now() >= t) {
            self.effective = self.settings.clone();
            self.effective_customize = self.customize.clone();
            self.applies_at = None;
        }
    }

    pub fn effective(&mut self) -> (&[Levels], &[(String, String)]) {
        self.catch_up();
        (&self.effective, &self.effective_customize)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Member {
    pub id: u32,
    pub identifier: String,
    pub first_name: String,
    pub last_name: String,
    /// `officeEmail` (`emailAddress` on an API member).
    pub email: String,
    pub license_class: String,
    pub role_id: Option<u32>,
    pub level_id: Option<u32>,
    pub owner_id: Option<u32>,
    pub location_id: Option<u32>,
    pub department_id: Option<u32>,
    pub time_zone_id: Option<u32>,
    pub territory_id: Option<u32>,
    pub inactive: bool,
    pub inactive_date: Option<String>,
    pub hire_date: String,
    /// Fields of the model the sandbox stores but does not act on (`notes`,
    /// `blockPriceFlag`...), as last written by POST, PUT or PATCH.
    pub extra: Map<String, Value>,
    pub stamp: Stamp,
}

impl Member {
    /// The API member's `name`: first and last name, as one.
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string()
    }

    /// Sets first and last name from an API member's one `name` (split at the last space).
    pub fn set_name(&mut self, name: &str) {
        let name = name.trim();
        let (first, last) = name.rsplit_once(' ').unwrap_or((name, ""));
        self.first_name = first.trim().to_string();
        self.last_name = last.to_string();
    }
}

#[derive(Debug, Clone)]
pub struct Key {
    pub member_id: u32,
    pub public: String,
    pub private: String,
    /// Shown in ConnectWise's API Keys tab; kept for fidelity.
    #[allow(dead_code)]
    pub description: String,
    /// ConnectWise's Inactive checkbox on the key: refused like a deleted key while set.
    pub inactive: bool,
}

pub struct Location {
    pub id: u32,
    pub name: &'static str,
    pub level: u32,
    pub departments: Vec<u32>,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Faults {
    pub latency_ms: u64,
    pub fail_every: u64,
    pub fail_status: u16,
    pub retry_after_s: u64,
    pub drop_every: u64,
    pub apply_delay_s: u64,
    /// When set (e.g. `"POST /system/securityroles"`), `fail_every` counts only the requests whose
    /// method matches and whose path contains its path: a fault aimed at one step.
    pub fail_only: String,
}

pub struct World {
    pub company: String,
    pub company_name: String,
    pub client_id: String,
    pub cloud: bool,
    pub roles: Vec<Role>,
    pub members: Vec<Member>,
    pub keys: Vec<Key>,
    pub levels: Vec<(u32, &'static str)>,
    pub locations: Vec<Location>,
    pub departments: Vec<(u32, &'static str, &'static str)>,
    pub time_zones: Vec<(u32, &'static str, f64)>,
    pub faults: Faults,
    pub fault_count: u64,
    /// Every API request answered, in arrival order (control requests are not logged).
    pub requests: Vec<super::trips::Trip>,
    /// Whether `requests` keeps bodies (`SandboxOptions::keep_bodies`).
    pub keep_bodies: bool,
    pub next_id: u32,
    /// `/system/integratorlogins` (empty unless a seed adds some).
    pub integrator_logins: Vec<super::integrator_logins::IntegratorLogin>,
}

pub fn random_key(len: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    (0..len)
        .map(|_| CHARS[rand::random_range(0..CHARS.len())] as char)
        .collect()
}

impl World {
    /// The member with this identifier, of any license class (identifiers are unique across
    /// all members, whatever the case).
    pub fn member_by_identifier(&self, identifier: &str) -> Option<&Member> {
        self.members
            .iter()
            .find(|m| m.identifier.eq_ignore_ascii_case(identifier))
    }

    pub fn seed(company: &str, cloud: bool, deterministic: bool) -> World {
        let (client_id, admin_public, admin_private) = if deterministic {
            (
                "5f0c6a1e-7d2b-4c1a-9e8f-3b2a1c0d9e8f".to_string(),
                "AdminPublicKey01".to_string(),
                "AdminPrivateKey01".to_string(),
            )
        } else {
            let hex = |n: usize| {
                (0..n)
                    .map(|_| format!("{:x}", rand::random_range(0..16u8)))
                    .collect::<String>()
            };
            (
                format!("{}-{}-4{}-a{}-{}", hex(8), hex(4), hex(3), hex(3), hex(12)),
                random_key(16),
                random_key(16),
            )
        };
        let mut roles = vec![
            Role::new(1, "Admin", Level::All),
            Role::new(2, "Technician", Level::None),
            Role::new(3, "Sales", Level::None),
        ];
        for (i, f) in CATALOG.iter().enumerate() {
            let tech = matches!(f.module, "Service Desk" | "Time & Expense")
                || f.function == "Company Maintenance";
            if tech {
                roles[1].settings[i] = Levels::new(Level::All, Level::All, Level::My, Level::All);
            }
            if matches!(f.module, "Sales") || f.function == "Contacts" {
                roles[2].settings[i] = Levels::new(Level::All, Level::All, Level::None, Level::All);
            }
        }
        for r in &mut roles {
            r.changed(Duration::ZERO);
        }
        let member = |id, identifier: &str, first: &str, last: &str, class: &str, role| Member {
            id,
            identifier: identifier.into(),
            first_name: first.into(),
            last_name: last.into(),
            email: format!("{}@demomsp.com", identifier.to_lowercase()),
            license_class: class.into(),
            role_id: Some(role),
            level_id: Some(1),
            owner_id: Some(1),
            location_id: Some(2),
            department_id: Some(10),
            time_zone_id: Some(1),
            territory_id: Some(2),
            hire_date: "2024-01-08T14:00:00Z".into(),
            ..Member::default()
        };
        let members = vec![
            member(1, "admin", "Dana", "Admin", "F", 1),
            member(2, "jsmith", "Jo", "Smith", "F", 2),
            member(3, "mlee", "Morgan", "Lee", "F", 3),
            member(4, "backupbot", "Backup", "Bot", "A", 2),
        ];
        World {
            company: company.to_string(),
            company_name: "Demo MSP Inc.".into(),
            client_id,
            cloud,
            roles,
            members,
            keys: vec![Key {
                member_id: 1,
                public: admin_public,
                private: admin_private,
                description: "Admin".into(),
                inactive: false,
            }],
            levels: vec![(1, "Corporate"), (2, "Location"), (3, "Group")],
            locations: vec![
                Location {
                    id: 1,
                    name: "Corporate",
                    level: 1,
                    departments: vec![10, 11, 12, 13],
                },
                Location {
                    id: 2,
                    name: "Chicago HQ",
                    level: 2,
                    departments: vec![10, 11, 13],
                },
                Location {
                    id: 3,
                    name: "Denver",
                    level: 2,
                    departments: vec![10, 12],
                },
                Location {
                    id: 4,
                    name: "Remote",
                    level: 2,
                    departments: vec![12],
                },
            ],
            departments: vec![
                (10, "MS", "Managed Services"),
                (11, "ADM", "Administration"),
                (12, "PS", "Professional Services"),
                (13, "SLS", "Sales"),
            ],
            time_zones: vec![
                (1, "Eastern", -5.0),
                (2, "Central", -6.0),
                (3, "Mountain", -7.0),
                (4, "Pacific", -8.0),
                (5, "GMT", 0.0),
            ],
            faults: Faults::default(),
            fault_count: 0,
            requests: Vec::new(),
            keep_bodies: false,
            next_id: 100,
            integrator_logins: Vec::new(),
        }
    }

    pub fn admin_key(&self) -> &Key {
        &self.keys[0]
    }

    pub fn next(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    pub fn role_mut(&mut self, id: u32) -> Option<&mut Role> {
        self.roles.iter_mut().find(|r| r.id == id)
    }

    /// Synthetic rows for the probe resources (1,234 companies, so paging past 1000 is real).
    pub fn resource_rows(path: &str) -> Vec<Value> {
        let n = if path.eq_ignore_ascii_case("/company/companies") {
            1234
        } else {
            7
        };
        (1..=n)
            .map(|i| serde_json::json!({"id": i, "name": format!("Record {i}"), "identifier": format!("R{i}")}))
            .collect()
    }
}
