//! `cw-onboard retire` in the other front-ends against the sandbox: `--plain` through a PTY
//! (declining changes nothing), the full screen through a PTY, and the demo's stand-in
//! deleting the key.

#[path = "support/contract.rs"]
mod contract;
#[path = "support/finished.rs"]
mod finished;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/retire.rs"]
mod retire;

use cw_onboard::sandbox::ControlClient;
use retire::{finished, home_for_pty, member_inactive, role_exists};

#[tokio::test(flavor = "multi_thread")]
async fn plain_retire_asks_first_then_proves_the_typed_key_refused() {
    let env = finished().await;
    let info = env.sandbox.info().clone();
    let home = home_for_pty(&env);
    let vars = [
        ("TERM", "dumb"),
        ("NO_COLOR", "1"),
        ("CW_ADMIN_PUBLIC_KEY", info.admin_public_key.as_str()),
        ("CW_ADMIN_PRIVATE_KEY", info.admin_private_key.as_str()),
    ];
    let args = ["--plain", "retire", env.id.as_str()];
    // No: nothing changes (exit 130).
    let mut s = pty::spawn(home.path(), &args, &vars, (30, 120));
    let status = tokio::task::block_in_place(|| {
        s.wait_for("Retire it?");
        assert!(
            s.text().contains("Deactivate API member kanban"),
            "{}",
            s.text()
        );
        s.send("n\r");
        s.wait_for("Nothing was changed");
        s.wait_exit()
    });
    assert_eq!(status.exit_code(), 130, "{}", s.text());
    assert!(!member_inactive(&env).await && role_exists(&env).await);
    // Yes: member and role, then the key's UI step and its private key, masked.
    let mut s = pty::spawn(home.path(), &args, &vars, (30, 120));
    tokio::task::block_in_place(|| {
        s.wait_for("Retire it?");
        s.send("y\r");
        s.wait_for("Private key of");
    });
    assert!(member_inactive(&env).await && !role_exists(&env).await);
    env.control
        .delete_key("kanban", &env.key.public_key)
        .await
        .expect("delete key");
    let status = tokio::task::block_in_place(|| {
        s.send(&format!("{}\r", env.key.private_key));
        s.wait_for("is retired");
        s.wait_exit()
    });
    assert!(status.success(), "{}", s.text());
    assert!(
        !s.output().contains(&env.key.private_key),
        "the key is masked"
    );
    env.sandbox.shutdown().await;
}

/// Mid-rotation, `--plain` names both keys, proves the one given (the new key, from the
/// environment), then asks for the old one's private half and retires.
#[tokio::test(flavor = "multi_thread")]
async fn plain_retire_during_a_rotation_proves_both_keys() {
    let env = finished().await;
    let info = env.sandbox.info().clone();
    let home = home_for_pty(&env);
    let new = retire::mid_rotation(&env, &home.path().join("state")).await;
    for key in [&new, &env.key] {
        env.control
            .delete_key("kanban", &key.public_key)
            .await
            .expect("delete");
    }
    let vars = [
        ("TERM", "dumb"),
        ("NO_COLOR", "1"),
        ("CW_ADMIN_PUBLIC_KEY", info.admin_public_key.as_str()),
        ("CW_ADMIN_PRIVATE_KEY", info.admin_private_key.as_str()),
        ("CW_PUBLIC_KEY", new.public_key.as_str()),
        ("CW_PRIVATE_KEY", new.private_key.as_str()),
    ];
    let args = ["--plain", "retire", env.id.as_str(), "--yes"];
    let mut s = pty::spawn(home.path(), &args, &vars, (30, 200));
    let status = tokio::task::block_in_place(|| {
        s.wait_for(&format!("Private key of {}", env.key.public_key));
        s.send(&format!("{}\r", env.key.private_key));
        s.wait_for("is retired");
        s.wait_exit()
    });
    assert!(status.success(), "{}", s.text());
    let text = s.text();
    let plan = text
        .lines()
        .find(|l| l.contains("You delete"))
        .unwrap_or_default();
    assert!(
        plan.contains(&env.key.public_key) && plan.contains(&new.public_key),
        "{text}"
    );
    assert!(
        text.contains(&format!("ConnectWise refuses key {}", new.public_key)),
        "{text}"
    );
    assert!(!text.contains("Check again?"), "{text}");
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn full_screen_retire_shows_the_plan_asks_then_runs_every_stage() {
    let env = finished().await;
    let info = env.sandbox.info().clone();
    let home = home_for_pty(&env);
    let vars = [
        ("TERM", "xterm-256color"),
        ("CW_ADMIN_PUBLIC_KEY", info.admin_public_key.as_str()),
        ("CW_ADMIN_PRIVATE_KEY", info.admin_private_key.as_str()),
        ("CW_PUBLIC_KEY", env.key.public_key.as_str()),
        ("CW_PRIVATE_KEY", env.key.private_key.as_str()),
    ];
    let mut s = pty::spawn(home.path(), &["retire", env.id.as_str()], &vars, (24, 80));
    tokio::task::block_in_place(|| {
        s.wait_for("exactly what will change");
        assert!(
            s.text().contains("Deactivate API member kanban"),
            "{}",
            s.text()
        );
        s.send("y");
        s.wait_for("API Keys: delete key");
    });
    assert!(member_inactive(&env).await && !role_exists(&env).await);
    env.control
        .delete_key("kanban", &env.key.public_key)
        .await
        .expect("delete key");
    let status = tokio::task::block_in_place(|| {
        s.send("\r");
        s.wait_for("is retired");
        s.send("\r");
        s.wait_exit()
    });
    assert!(status.success(), "{}", s.text());
    assert!(
        !s.output().contains(&env.key.private_key),
        "the key is never drawn"
    );
    env.sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn in_the_demo_the_sandbox_deletes_the_key_and_it_is_proven_refused() {
    use cw_onboard::app::retire::{Phase, RetireEnd};
    let env = finished().await;
    let info = env.sandbox.info().clone();
    let config = cw_onboard::session::SessionConfig {
        state_dir: Some(env.state.path().to_path_buf()),
        config_dir: Some(env.state.path().join("none")),
        ca_file: None,
        demo: true,
    };
    let admin = cw_onboard::secrets::KeyPair::new(
        info.admin_public_key.clone(),
        info.admin_private_key.clone(),
    );
    let hands = ControlClient::new(&info.url).expect("control");
    let Ok(mut s) = cw_onboard::session::retire::open(
        &config,
        &env.id,
        admin,
        Some(std::sync::Arc::new(hands)),
    ) else {
        panic!("opened")
    };
    let start = s.core.start();
    s.runner.settle(&mut s.core, start).await;
    let confirm = s.core.confirm().expect("the plan is shown");
    s.runner.settle(&mut s.core, confirm).await;
    assert_eq!(s.core.phase, Phase::Key);
    let delete = s.core.demo_delete_key();
    assert!(!delete.is_empty(), "^D works in the demo");
    s.runner.settle(&mut s.core, delete).await;
    assert!(s.core.sandbox.ready().is_some(), "{:?}", s.core.sandbox);
    s.core.on_paste(&env.key.private_key);
    let prove = s.core.on_key(ratatui::crossterm::event::KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Enter,
        ratatui::crossterm::event::KeyModifiers::NONE,
    ));
    let end = s.runner.settle(&mut s.core, prove).await;
    assert_eq!(end, Some(RetireEnd::Retired));
    assert!(s.runner.close().await.is_none());
    assert!(member_inactive(&env).await && !role_exists(&env).await);
    env.sandbox.shutdown().await;
}
