//! `cw-onboard audit` against the sandbox's messy instance: every finding kind once, with its
//! severity, alike in `--plain`, `--json` and the full screen (snapshot at 80x24); a clean
//! instance reports none; `--md` writes a new file only; exit 3 with a high finding, else 0.

#[path = "support/seeded.rs"]
mod seeded;
use seeded::sandbox;

#[path = "support/screen_text.rs"]
mod screen_text;
use cw_onboard::app::setup::{Setup, SetupStatus};
use cw_onboard::audit::{Code, Report, Severity, audit};
use cw_onboard::runtime::audit::{Target, local_setups, read_inventory};
use cw_onboard::sandbox::{SandboxInfo, Seed};
use cw_onboard::secrets::KeyPair;
use cw_onboard::state::Store;
use cw_onboard::ui::{Theme, audit::AuditScreen};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::path::Path;
use std::process::Command;

/// Every kind with the one subject the messy instance (plus this machine's setups) gives it.
const EXPECTED: [(&str, &str, &str); 9] = [
    ("admin-rights", "high", "member syncbot"),
    (
        "integrator-login-broad",
        "high",
        "integrator login legacy-sync",
    ),
    ("role-exceeds-template", "medium", "member hudu"),
    ("role-shared", "medium", "role Vendor Integrations"),
    ("member-without-role", "medium", "member reportbot"),
    ("level-not-corporate", "medium", "member hudu"),
    ("setup-drift", "medium", "setup demomsp-gonebot"),
    ("inactive-member-has-role", "low", "member oldpsa"),
    ("member-unmanaged", "low", "member hudu"),
];

/// A setup on this machine for `member` (id, role id): templates left empty so the audit
/// matches the member by its role's rows.
fn save_setup(
    state: &Path,
    info: &SandboxInfo,
    id: &str,
    member: (&str, u32),
    role: Option<(u32, &str)>,
) {
    let store = Store::open(state).expect("store");
    let lock = store.lock(id).expect("lock");
    let mut setup = Setup {
        id: id.into(),
        site: info.url.clone(),
        company: info.company.clone(),
        client_id: info.client_id.clone(),
        status: SetupStatus::Done,
        ..Setup::default()
    };
    setup.member.identifier = member.0.into();
    setup.member.id = Some(member.1);
    if let Some((rid, name)) = role {
        setup.role.id = Some(rid);
        setup.role.name = name.into();
    }
    store.save(&lock, &setup).expect("save");
}

/// The messy instance's setups: all members managed but hudu; one setup whose member is gone.
fn messy_setups(state: &Path, info: &SandboxInfo) {
    save_setup(
        state,
        info,
        "demomsp-backupbot",
        ("backupbot", 4),
        Some((2, "Technician")),
    );
    save_setup(
        state,
        info,
        "demomsp-syncbot",
        ("syncbot", 60),
        Some((50, "Integrations Admin")),
    );
    save_setup(
        state,
        info,
        "demomsp-chatbot",
        ("chatbot", 62),
        Some((52, "Vendor Integrations")),
    );
    save_setup(
        state,
        info,
        "demomsp-smileback",
        ("smileback", 63),
        Some((52, "Vendor Integrations")),
    );
    save_setup(
        state,
        info,
        "demomsp-gonebot",
        ("gonebot", 77),
        Some((99, "Gone Role")),
    );
}

fn run(info: &SandboxInfo, state: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "audit",
        "--site",
        &info.url,
        "--company",
        &info.company,
        "--client-id",
        &info.client_id,
    ];
    args.extend_from_slice(extra);
    let out = Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(&args)
        .env("CW_ONBOARD_STATE_DIR", state)
        .env("CW_ONBOARD_CONFIG_DIR", state.join("none"))
        .env("CW_ADMIN_PUBLIC_KEY", &info.admin_public_key)
        .env("CW_ADMIN_PRIVATE_KEY", &info.admin_private_key)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn run_async(info: &SandboxInfo, state: &Path, extra: &[&str]) -> (i32, String, String) {
    let (info, state) = (info.clone(), state.to_path_buf());
    let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
        run(&info, &state, &extra)
    })
    .await
    .expect("join")
}

async fn report(info: &SandboxInfo, state: &Path) -> Report {
    let key = KeyPair::new(
        info.admin_public_key.clone(),
        info.admin_private_key.clone(),
    );
    let target = Target {
        site: &info.url,
        company: &info.company,
        client_id: &info.client_id,
        key: &key,
    };
    let setups = local_setups(&Store::open(state).expect("store"), &info.company);
    let inventory = read_inventory(&cw_onboard::cw::HttpSettings::for_tests(), &target, setups)
        .await
        .expect("inventory");
    let library = cw_onboard::template::Library::builtin().expect("templates");
    audit(&inventory, library.all())
}

fn screen_text(screen: &AuditScreen) -> String {
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    cw_onboard::ui::audit::draw(screen, &Theme::color(), area, &mut buf);
    screen_text::buffer_text(&buf)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_once_alike_in_json_plain_and_the_full_screen() {
    let sandbox = sandbox(Seed::Messy).await;
    let info = sandbox.info().clone();
    let state = tempfile::tempdir().expect("state");
    messy_setups(state.path(), &info);

    let (code, json, err) = run_async(&info, state.path(), &["--json"]).await;
    assert_eq!(code, 3, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let mut got: Vec<(String, String, String)> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or("").into(),
                f["severity"].as_str().unwrap_or("").into(),
                f["subject"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    got.sort();
    let mut want: Vec<(String, String, String)> = EXPECTED
        .iter()
        .map(|(c, s, w)| (c.to_string(), s.to_string(), w.to_string()))
        .collect();
    want.sort();
    assert_eq!(got, want);
    let hudu = v["members"]
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["identifier"] == "hudu")
        .expect("hudu");
    assert_eq!(hudu["template"], "hudu");
    assert_eq!(hudu["extra"].as_array().map(Vec::len), Some(2), "{hudu}");
    assert!(v["integrator_logins"].to_string().contains("legacy-sync"));
    assert!(
        !json.contains("Password"),
        "an integrator login's password leaked: {json}"
    );

    let (code, plain, _) = run_async(&info, state.path(), &["--plain"]).await;
    assert_eq!(code, 3);
    for (c, s, subject) in EXPECTED {
        let line = format!("{s:<6} {c} {subject}:");
        assert_eq!(plain.matches(&line).count(), 1, "{line} in\n{plain}");
    }

    // The full screen: every kind shows under some entry of the list, with its severity.
    let mut screen = AuditScreen::new(report(&info, state.path()).await);
    insta::assert_snapshot!("audit-messy@80x24", screen_text(&screen));
    // The detail pane of a member whose role goes beyond its template: step 1's rows and marks.
    screen.cursor = screen
        .report
        .members
        .iter()
        .position(|m| m.identifier == "hudu")
        .expect("hudu");
    insta::assert_snapshot!("audit-member@80x24", screen_text(&screen));
    screen.scroll = 17;
    insta::assert_snapshot!("audit-member-rows@80x24", screen_text(&screen));
    screen.scroll = 0;
    screen.cursor = 0;
    let mut seen = String::new();
    for _ in 0..20 {
        seen.push_str(&screen_text(&screen));
        screen.cursor += 1;
        screen.scroll = 0;
    }
    for code in Code::ALL {
        let severity = code.severity();
        assert!(
            seen.contains(&format!("{severity} {code}")),
            "{code} not on screen:\n{seen}"
        );
    }
    assert_eq!(screen.report.worst(), Some(Severity::High));
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clean_instance_reports_none_and_exits_0() {
    let sandbox = sandbox(Seed::Plain).await;
    let info = sandbox.info().clone();
    let state = tempfile::tempdir().expect("state");
    save_setup(
        state.path(),
        &info,
        "demomsp-backupbot",
        ("backupbot", 4),
        Some((2, "Technician")),
    );
    let (code, json, err) = run_async(&info, state.path(), &["--json"]).await;
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["findings"], serde_json::json!([]));
    let (code, plain, _) = run_async(&info, state.path(), &["--plain"]).await;
    assert_eq!(code, 0);
    assert!(plain.contains("Findings: no findings"), "{plain}");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_markdown_report_is_a_new_file_only() {
    let sandbox = sandbox(Seed::Messy).await;
    let info = sandbox.info().clone();
    let state = tempfile::tempdir().expect("state");
    let out = tempfile::tempdir().expect("out");
    let md = out.path().join("audit.md");
    let (code, _, err) =
        run_async(&info, state.path(), &["--md", md.to_str().expect("path")]).await;
    assert_eq!(code, 3, "{err}");
    let text = std::fs::read_to_string(&md).expect("report");
    assert!(
        text.contains("| high | `admin-rights` | member syncbot |"),
        "{text}"
    );
    assert!(!text.contains(&info.admin_private_key));
    // Never over a file, never through a link.
    let (code, _, err) =
        run_async(&info, state.path(), &["--md", md.to_str().expect("path")]).await;
    assert_eq!(code, 1);
    assert!(err.contains("exists already"), "{err}");
    let link = out.path().join("link.md");
    std::os::unix::fs::symlink(out.path().join("elsewhere.md"), &link).expect("symlink");
    let (code, _, _) =
        run_async(&info, state.path(), &["--md", link.to_str().expect("path")]).await;
    assert_eq!(code, 1);
    assert!(!out.path().join("elsewhere.md").exists());
    // Inside a git work tree it is written, and said so.
    std::fs::create_dir_all(out.path().join("repo/.git")).expect("repo");
    let inside = out.path().join("repo/audit.md");
    let (code, _, err) = run_async(
        &info,
        state.path(),
        &["--md", inside.to_str().expect("path")],
    )
    .await;
    assert_eq!(code, 3);
    assert!(err.contains("inside the git work tree"), "{err}");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_admin_keys_or_instance_are_usage_errors() {
    let state = tempfile::tempdir().expect("state");
    let out = Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(["audit", "--json"])
        .env("CW_ONBOARD_STATE_DIR", state.path())
        .env("CW_ONBOARD_CONFIG_DIR", state.path().join("none"))
        .env_remove("CW_ADMIN_PUBLIC_KEY")
        .env_remove("CW_ADMIN_PRIVATE_KEY")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--site"));
}

/// The round-trip shape of the reads (not a timing budget: the bench prints the figures at
/// 100 ms): the role list, then the settings in waves of the bound.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_instance_takes_four_sequential_round_trips_within_the_bound() {
    let sandbox = sandbox(Seed::Scaled {
        members: 100,
        roles: 60,
    })
    .await;
    let info = sandbox.info().clone();
    cw_onboard::sandbox::ControlClient::new(&info.url)
        .expect("control")
        .set_faults(&cw_onboard::sandbox::Faults {
            latency_ms: 200,
            ..Default::default()
        })
        .await
        .expect("latency");
    let state = tempfile::tempdir().expect("state");
    let mark = sandbox.requests_so_far();
    let report = report(&info, state.path()).await;
    assert_eq!((report.members.len(), report.roles.len()), (101, 63));
    // companyinfo comes first; the budget counts what follows it.
    let chain: Vec<String> = sandbox
        .sequential_chain_since(mark)
        .into_iter()
        .filter(|t| !t.contains("/login/companyinfo/"))
        .collect();
    assert!(chain.len() <= 4, "{chain:#?}");
    assert!(sandbox.peak_in_flight_since(mark) <= cw_onboard::runtime::audit::BOUND);
    sandbox.shutdown().await;
}

/// `new --adopt MEMBER` starts from the member's role and its best-matching template; a role
/// like no template needs `--template`.
#[test]
fn demo_audit_needs_no_instance_and_finds_the_messy_one() {
    let state = tempfile::tempdir().expect("state");
    let out = Command::new(env!("CARGO_BIN_EXE_cw-onboard"))
        .args(["--plain", "demo", "--audit"])
        .env("CW_ONBOARD_CONFIG_DIR", state.path().join("none"))
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("high   admin-rights member syncbot"),
        "{text}"
    );
    assert!(
        !text.contains("setup-drift"),
        "the real state dir stays out: {text}"
    );
}
