//! Whole flows against a sandbox (shared by the batch, crash and canary tests): batch runs of
//! the binary with the sandbox's control API playing the admin between them, and the wizard
//! core driven headlessly through the real executor and saver.

#![allow(dead_code)]

use cw_onboard::app::Wizard;
use cw_onboard::app::command::MemberField;
use cw_onboard::app::setup::Setup;
use cw_onboard::runtime::{api::Services, executor::Executor, headless::Headless, saver::Saver};
use cw_onboard::sandbox::{
    ControlClient, RoleSettingRow, Sandbox, SandboxInfo, SandboxOptions, Seed,
};
use cw_onboard::secrets::KeyPair;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A sandbox with fixed admin keys and clientId on 127.0.0.1, keeping bodies for the schema
/// contract check (tests/support/contract.rs), and its control API.
pub async fn sandbox() -> (Sandbox, ControlClient) {
    sandbox_seeded(Seed::Plain).await
}

/// [`sandbox`] seeded with `seed`'s instance.
pub async fn sandbox_seeded(seed: Seed) -> (Sandbox, ControlClient) {
    let sandbox = Sandbox::start(SandboxOptions {
        deterministic: true,
        keep_bodies: true,
        seed,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox");
    let control = ControlClient::new(&sandbox.info().url).expect("control");
    (sandbox, control)
}

/// The wizard as the terminal runs it, on `info`'s sandbox with its admin keys: the real
/// executor, a saver into `dir/state` (made here) and exports into `dir`. With `demo`, the
/// demo keys play the admin's hands in the sandbox.
pub fn headless(info: &SandboxInfo, dir: &Path, demo: bool) -> Headless {
    let state = dir.join("state");
    std::fs::create_dir(&state).expect("state dir");
    let store = cw_onboard::state::Store::open(&state).expect("store");
    let setup = Setup {
        site: info.url.clone(),
        company: info.company.clone(),
        client_id: info.client_id.clone(),
        ..Setup::default()
    };
    let mut wizard = Wizard::new(
        cw_onboard::template::Library::builtin().expect("templates"),
        setup,
        demo,
    );
    wizard.prefill_admin(&KeyPair::new(
        info.admin_public_key.clone(),
        info.admin_private_key.clone(),
    ));
    let services = match demo {
        true => Services::for_tests().with_stand_in(cw_onboard::session::demo::stand_in(&info.url)),
        false => Services::for_tests(),
    };
    let mut exec = Executor::new(services, Some(Saver::start(store, None)));
    exec.export_dir = dir.to_path_buf();
    Headless::new(wizard, exec)
}

pub struct Run {
    /// None when the process died of a signal (a test crash point aborts).
    pub code: Option<i32>,
    pub out: String,
    pub err: String,
}

/// One batch run in `dir` (state in `dir/state`, exports in `dir`), with `env` added.
pub fn batch(
    dir: &Path,
    answers: &Path,
    admin: &Path,
    key: Option<&Path>,
    env: &[(&str, &str)],
) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cw-onboard"));
    cmd.args(["--no-input", "--answers"])
        .arg(answers)
        .arg("--admin-key-file")
        .arg(admin);
    if let Some(k) = key {
        cmd.arg("--key-file").arg(k);
    }
    run_in(dir, cmd, env)
}

/// Runs `cmd` in `dir` with state in `dir/state`, no config, and `env` added.
fn run_in(dir: &Path, mut cmd: Command, env: &[(&str, &str)]) -> Run {
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .current_dir(dir)
        .env("CW_ONBOARD_STATE_DIR", dir.join("state"))
        .env("CW_ONBOARD_CONFIG_DIR", dir.join("none"))
        .output()
        .expect("run");
    Run {
        code: out.status.code(),
        out: String::from_utf8_lossy(&out.stdout).into(),
        err: String::from_utf8_lossy(&out.stderr).into(),
    }
}

pub fn write_private(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).expect("write");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
}

pub fn key_toml(public: &str, private: &str) -> String {
    format!("public_key = \"{public}\"\nprivate_key = \"{private}\"\n")
}

/// The answers file `dir/name` of a setup of `template` on `info`'s sandbox (location Remote),
/// with `extra` top-level lines and `member` lines under `[member]`.
pub fn answers_file(
    dir: &Path,
    info: &SandboxInfo,
    name: &str,
    template: &str,
    extra: &str,
    member: &str,
) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "site = \"{}\"\ncompany = \"{}\"\nclient_id = \"{}\"\ntemplates = [\"{template}\"]\n{extra}\n\n[member]\nlocation = \"Remote\"\n{member}\n",
            info.url, info.company, info.client_id
        ),
    )
    .expect("answers");
    path
}

/// The answers file and admin key file of a CW Kanban setup on `info`'s sandbox.
pub fn kanban_files(dir: &Path, info: &SandboxInfo) -> (PathBuf, PathBuf) {
    let answers = answers_file(dir, info, "answers.toml", "cw-kanban", "", "");
    let admin = dir.join("admin.toml");
    write_private(
        &admin,
        &key_toml(&info.admin_public_key, &info.admin_private_key),
    );
    (answers, admin)
}

/// A sandbox, a temp dir (state in `dir/state`) and the admin key file: batch runs, each with
/// its own answers file, against one instance.
pub struct BatchEnv {
    pub sandbox: Sandbox,
    pub control: ControlClient,
    pub info: SandboxInfo,
    pub dir: tempfile::TempDir,
    pub admin: PathBuf,
}

impl BatchEnv {
    pub async fn start(seed: Seed) -> BatchEnv {
        let (sandbox, control) = sandbox_seeded(seed).await;
        let info = sandbox.info().clone();
        let dir = tempfile::tempdir().expect("tempdir");
        let (_, admin) = kanban_files(dir.path(), &info);
        BatchEnv {
            sandbox,
            control,
            info,
            dir,
            admin,
        }
    }

    /// Writes the answers file `name` of a `template` setup (see [`answers_file`]) and runs
    /// batch mode with it. Needs a multi-threaded runtime.
    pub fn run(&self, name: &str, template: &str, extra: &str, member: &str) -> Run {
        let dir = self.dir.path();
        let answers = answers_file(dir, &self.info, name, template, extra, member);
        tokio::task::block_in_place(|| batch(dir, &answers, &self.admin, None, &[]))
    }

    /// The writes the instance answered (anything but GET), as "METHOD path status".
    pub async fn writes(&self) -> Vec<String> {
        self.control
            .requests()
            .await
            .expect("log")
            .into_iter()
            .filter(|r| r.method != "GET")
            .map(|r| format!("{} {} {}", r.method, r.path, r.status))
            .collect()
    }
}

/// The CW Kanban template's rows, as the admin would set them in ConnectWise.
pub fn kanban_rows() -> Vec<RoleSettingRow> {
    let lib = cw_onboard::template::Library::builtin().expect("templates");
    lib.get("cw-kanban")
        .expect("kanban")
        .permissions
        .iter()
        .map(RoleSettingRow::from)
        .collect()
}

/// The admin sets the CW Kanban role's levels in ConnectWise.
pub async fn set_kanban_levels(control: &ControlClient) {
    control
        .set_role_settings("CW Kanban", &kanban_rows())
        .await
        .expect("levels");
}

/// The admin creates the kanban member's key in ConnectWise; it is written to `path`.
pub async fn create_kanban_key(
    control: &ControlClient,
    path: &Path,
) -> cw_onboard::sandbox::CreatedKey {
    let key = control
        .create_key("kanban", "CW Kanban")
        .await
        .expect("key");
    write_private(path, &key_toml(&key.public_key, &key.private_key));
    key
}

/// Plays the admin after a pending run: sets the role's levels, or creates the member's key
/// (written to `dir/key.toml`, whose path is returned).
pub async fn act_as_admin(control: &ControlClient, dir: &Path, out: &str) -> Option<PathBuf> {
    if out.contains("System > Security Roles > CW Kanban") {
        set_kanban_levels(control).await;
    }
    if out.contains("API Members > kanban > API Keys") {
        let path = dir.join("key.toml");
        create_kanban_key(control, &path).await;
        return Some(path);
    }
    None
}

/// Moves the member form's focus to `field` with Tab, as the admin would (the headless twin
/// of the gallery Driver's `focus_member`; tests never write the step's focus).
pub async fn focus_member(h: &mut Headless, field: MemberField) {
    for _ in 0..MemberField::ALL.len() {
        if h.wizard.member.focus == field {
            return;
        }
        h.script("<tab>").await.expect("tab");
    }
    assert_eq!(h.wizard.member.focus, field, "the form shows {field:?}");
}

/// Step 2's picks the template leaves open, with the keys: the sandbox's second location
/// and its first business unit (the gallery's `choose_location`).
pub async fn choose_location(h: &mut Headless) {
    focus_member(h, MemberField::Location).await;
    h.script("<right><right>").await.expect("location");
    focus_member(h, MemberField::BusinessUnit).await;
    h.script("<right>").await.expect("business unit");
}

/// A finished CW Kanban setup made by two batch runs against a fresh sandbox, in a temp dir
/// (state in `dir/state`); between the runs the control API sets the levels and creates the
/// key, written to `dir/<key_file>`.
pub struct Finished {
    pub sandbox: Sandbox,
    pub control: ControlClient,
    pub info: SandboxInfo,
    pub dir: tempfile::TempDir,
    pub answers: PathBuf,
    pub admin: PathBuf,
    pub key_file: PathBuf,
    pub key: cw_onboard::sandbox::CreatedKey,
}

/// See [`Finished`]. Needs a multi-threaded runtime (the batch runs block in place).
pub async fn finished_by_batch(key_file: &str) -> Finished {
    let (sandbox, control) = sandbox().await;
    let info = sandbox.info().clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let (answers, admin) = kanban_files(dir.path(), &info);
    let run = tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, None, &[]));
    assert_eq!(run.code, Some(4), "{}{}", run.out, run.err);
    set_kanban_levels(&control).await;
    let key_file = dir.path().join(key_file);
    let key = create_kanban_key(&control, &key_file).await;
    let run =
        tokio::task::block_in_place(|| batch(dir.path(), &answers, &admin, Some(&key_file), &[]));
    assert_eq!(run.code, Some(0), "{}{}", run.out, run.err);
    Finished {
        sandbox,
        control,
        info,
        dir,
        answers,
        admin,
        key_file,
        key,
    }
}

/// One `rotate --no-input` run in `dir` (state in `dir/state`) with `args` and `env` added.
pub fn rotate_batch(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cw-onboard"));
    cmd.args(["--no-input", "rotate"]).args(args);
    run_in(dir, cmd, env)
}
