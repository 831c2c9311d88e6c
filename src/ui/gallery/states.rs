//! The named states of the gallery.

use super::*;
use crate::app::ownership::{Holder, RoleUse};

/// Every named state, for snapshots and screenshots.
pub fn all(library: &Library) -> Vec<(&'static str, Wizard)> {
    let mut out = Vec::new();
    let mut add = |name: &'static str, build: &dyn Fn(&mut Driver)| {
        let mut d = Driver::new(library.clone());
        build(&mut d);
        out.push((name, d.into_wizard()));
    };
    add("0-instance-empty", &|_| {});
    add("0-instance-invalid", &|d| {
        d.type_text("cw.demomsp.com")
            .keys(KeyCode::Tab)
            .type_text("Demo MSP")
            .keys(KeyCode::Tab)
            .type_text("not-a-guid");
    });
    add("0-instance-loading", &|d| {
        d.type_text("cw.demomsp.com")
            .keys(KeyCode::Tab)
            .type_text("demomsp")
            .fire_timer(TimerKind::Discover);
    });
    add("0-instance-failed", &|d| {
        d.type_text("na.myconnectwise.net")
            .keys(KeyCode::Tab)
            .type_text("demomsp")
            .fire_timer(TimerKind::Discover);
        d.answer(
            |e| matches!(e, Effect::Discover { .. }),
            Outcome::Discovered(Err(not_connectwise())),
        );
    });
    add("0-instance-done", &|d| instance_done(d, true, false));
    add("1-role-picker", &|d| {
        instance_done(d, true, false);
        d.ctrl('n').keys(KeyCode::Down).keys(KeyCode::Char(' '));
    });
    add("1-role-guided", &|d| {
        to_checklist(d, false, "cw-kanban");
        d.keys(KeyCode::Char(' ')).keys(KeyCode::Down);
    });
    add("1-role-guided-name", &|d| {
        // Tab gives the name the keys, so Space types a space; the footer offers the rows back.
        to_checklist(d, false, "cw-kanban");
        d.keys(KeyCode::Tab).type_text(" Sync");
    });
    add("1-role-loading", &|d| {
        to_checklist(d, true, "cw-kanban");
        d.keys(KeyCode::Enter);
    });
    add("1-role-mixed", &|d| {
        to_checklist(d, true, "cw-kanban");
        role_found(d, |f, l| match f {
            "Company Maintenance" => Levels::NONE,
            "Service Tickets" => Levels::new(Level::All, Level::All, Level::None, Level::All),
            "Surveys" => Levels::uniform(Level::All),
            _ => l,
        });
    });
    add("1-role-failed", &|d| {
        to_checklist(d, true, "cw-kanban");
        d.keys(KeyCode::Enter);
        let f = Failure {
            kind: FailureKind::Forbidden,
            summary: "403 on /system/securityroles: the admin key may not create roles".into(),
            advice: "Use a key whose role has System > Security Roles at Add All.".into(),
        };
        d.answer(
            |e| matches!(e, Effect::FindOrCreateRole { .. }),
            Outcome::Role(Err(f)),
        );
    });
    add("1-role-done", &|d| {
        to_checklist(d, true, "cw-kanban");
        role_found(d, |_, l| l);
    });
    add("1-role-builtin", &|d| {
        to_checklist(d, true, "cw-kanban");
        d.keys(KeyCode::Enter);
        let used = RoleUse {
            admin_flag: true,
            holders: vec![Holder {
                identifier: "admin".into(),
                api: false,
                inactive: false,
            }],
        };
        d.answer(
            |e| matches!(e, Effect::FindOrCreateRole { .. }),
            Outcome::Role(Ok(RoleFacts {
                id: 1,
                name: "Admin".into(),
                created: false,
                used,
            })),
        );
    });
    add("1-role-adopt", &|d| {
        to_checklist(d, true, "cw-kanban");
        d.keys(KeyCode::Enter);
        let used = RoleUse {
            admin_flag: false,
            holders: vec![Holder {
                identifier: "kanbanold".into(),
                api: true,
                inactive: true,
            }],
        };
        d.answer(
            |e| matches!(e, Effect::FindOrCreateRole { .. }),
            Outcome::Role(Ok(RoleFacts {
                id: 12,
                name: "CW Kanban".into(),
                created: false,
                used,
            })),
        );
    });
    add("1-role-rename", &|d| {
        // A resumed setup's recorded role (created by it), found again; then renamed.
        instance_done(d, true, false);
        d.edit_setup(|s| {
            s.role.id = Some(7);
            s.role.name = "CW Kanban".into();
            s.role.ours = true;
        });
        d.ctrl('n').type_text("cw-kanban").keys(KeyCode::Enter);
        d.answer(
            |e| matches!(e, Effect::FindOrCreateRole { .. }),
            Outcome::Role(Ok(RoleFacts {
                id: 7,
                name: "CW Kanban".into(),
                created: false,
                used: RoleUse::default(),
            })),
        );
        for _ in 0.."CW Kanban".len() {
            d.keys(KeyCode::Backspace);
        }
        d.type_text("Kanban Sync");
    });
    add("2-member-guided", &|d| {
        to_checklist(d, false, "binoxmsp");
        let rows = d.role.rows(d.merged.as_ref()).len();
        for _ in 0..rows {
            d.keys(KeyCode::Char(' ')).keys(KeyCode::Down);
        }
        d.ctrl('n');
    });
    add("2-member-loading", &|d| to_member(d));
    add("2-member-invalid", &|d| {
        to_member(d);
        d.answer(
            |e| matches!(e, Effect::LoadPickLists { .. }),
            Outcome::PickLists(Ok(pick_lists())),
        );
        // Past ConnectWise's 15 characters: the one member ID rule it documents.
        for c in "-integration".chars() {
            d.keys(KeyCode::Char(c));
        }
        d.ctrl('n');
    });
    add("2-member-adopt", &|d| {
        to_member(d);
        d.answer(
            |e| matches!(e, Effect::LoadPickLists { .. }),
            Outcome::PickLists(Ok(pick_lists())),
        );
        let existing = MemberFacts {
            id: 42,
            identifier: "kanban".into(),
            name: "Kanban (old)".into(),
            level: Some(Pick {
                id: 2,
                name: "Location".into(),
            }),
            inactive: true,
            ..MemberFacts::default()
        };
        d.answer(
            |e| matches!(e, Effect::CheckIdentifier { .. }),
            Outcome::Identifier(Ok(IdentifierFacts::ApiMember(Box::new(existing)))),
        );
    });
    add("2-member-person", &|d| {
        to_member(d);
        d.answer(
            |e| matches!(e, Effect::LoadPickLists { .. }),
            Outcome::PickLists(Ok(pick_lists())),
        );
        d.answer(
            |e| matches!(e, Effect::CheckIdentifier { .. }),
            Outcome::Identifier(Ok(IdentifierFacts::OtherMember {
                license_class: "F".into(),
            })),
        );
        d.ctrl('n');
    });
    add("2-member-done", &|d| member_done(d));
    add("3-keys-empty", &|d| to_keys(d));
    add("3-keys-member-adopted", &|d| {
        to_keys(d);
        d.edit_setup(|s| s.member.adopted = true);
    });
    add("3-keys-verified-earlier", &|d| {
        to_keys(d);
        d.edit_setup(|s| {
            s.key.verified = true;
            s.key.public_key = Some("AbCdEfGh12345678".into());
            s.key.handed_off = Some("file /home/admin/kanban-key.toml".into());
        });
    });
    add("3-keys-loading", &|d| keys_pasted(d));
    add("3-keys-wrong-key", &|d| {
        keys_pasted(d);
        let facts = KeyFacts {
            authenticated: false,
            auth_failure: Some(Failure {
                kind: FailureKind::Auth,
                summary: "401 Unauthorized: ConnectWise refused the key pair".into(),
                advice: "Check the public and private key, the company ID and the clientId.".into(),
            }),
            ..KeyFacts::default()
        };
        d.answer(
            |e| matches!(e, Effect::VerifyKey { .. }),
            Outcome::Key(Ok(facts)),
        );
    });
    add("3-keys-results", &|d| {
        keys_pasted(d);
        let mut facts = key_facts(d);
        facts.security = live_rows(d, |f, l| if f == "Time Entry" { Levels::NONE } else { l });
        if let Some((_, r)) = facts.probes.first_mut() {
            *r = Err(Failure {
                kind: FailureKind::Forbidden,
                summary: "403 Forbidden".into(),
                advice: "Inquire is None.".into(),
            });
        }
        if let Some(me) = facts.me.as_mut() {
            me.identifier = "backupbot".into();
            me.name = "Backup Bot".into();
        }
        d.answer(
            |e| matches!(e, Effect::VerifyKey { .. }),
            Outcome::Key(Ok(facts)),
        );
    });
    add("3-keys-lagging", &|d| {
        keys_pasted(d);
        let mut facts = key_facts(d);
        facts.security = live_rows(d, |_, _| Levels::NONE);
        d.answer(
            |e| matches!(e, Effect::VerifyKey { .. }),
            Outcome::Key(Ok(facts)),
        );
    });
    add("3-keys-handoff", &|d| keys_handoff(d));
    add("3-keys-handoff-written", &|d| {
        keys_handoff(d);
        d.keys(KeyCode::Enter);
        d.answer(
            |e| matches!(e, Effect::WriteKeyFile { .. }),
            Outcome::KeyFileWritten(Ok("/home/admin/kanban-api-key.toml".into())),
        );
    });
    add("3-keys-handoff-in-git-tree", &|d| {
        d.set_handoff_dir(crate::secrets::HandoffDir {
            dir: "/home/admin".into(),
            why: Some("Proposed in your home, not the current directory: /home/admin/src/infra is a git work tree that would not ignore the key file.".into()),
        });
        keys_handoff(d);
    });
    add("3-keys-retire-old", &|d| {
        keys_handoff(d);
        d.edit_setup(|s| {
            s.key.rotating = Some(crate::app::setup::RotationProgress {
                old_public_key: "OldPublicKey0001".into(),
                new_public_key: Some("Xk29PublicKeyAbc".into()),
                new_handed_off: true,
                ..Default::default()
            })
        });
        d.ctrl('s').ctrl('s');
    });
    add("3-keys-retire-inactive", &|d| {
        retire_at(d, crate::app::setup::RetireStage::Inactive);
        d.type_text("HIDDEN-PRIVATE-KEY");
    });
    add("3-keys-retire-undo", &|d| {
        // Enter proves the old key: ConnectWise still refuses it. ^R twice clears the banner
        // that says so (the screen's own line says it too) and leaves the key masked.
        retire_at(d, crate::app::setup::RetireStage::Reactivate);
        d.type_text("HIDDEN-PRIVATE-KEY").keys(KeyCode::Enter);
        d.answer(
            |e| matches!(e, Effect::ProveRefused { .. }),
            Outcome::OldKeyRefused(Ok(true)),
        );
        d.ctrl('r').ctrl('r');
    });
    add("3-keys-retire-undone", &|d| {
        // The admin cleared the Inactive box; Enter proves the old key works again. The old
        // key stays typed, masked (the demo's ^D proves with it at once).
        retire_at(d, crate::app::setup::RetireStage::Reactivate);
        d.type_text("HIDDEN-PRIVATE-KEY").keys(KeyCode::Enter);
        d.answer(
            |e| matches!(e, Effect::ProveRefused { .. }),
            Outcome::OldKeyRefused(Ok(false)),
        );
    });
    add("3-keys-handoff-quit-unsaved", &|d| {
        keys_handoff(d);
        d.ctrl('c');
    });
    add("4-allowlist-onprem", &|d| {
        keys_handoff(d);
        d.ctrl('s').ctrl('s');
    });
    add("4-allowlist-cloud", &|d| {
        instance_done(d, false, true);
        d.ctrl('n').type_text("rewst").keys(KeyCode::Enter);
        // Guided: every row set in ConnectWise, the member's defaults, the key verified and
        // stored; then step 4.
        let _ = d.command(crate::app::command::Command::ConfirmLevelsSet);
        d.ctrl('n').ctrl('n');
        d.paste("Xk29PublicKeyAbc")
            .keys(KeyCode::Tab)
            .paste("HIDDEN-PRIVATE-KEY-Zz90")
            .keys(KeyCode::Enter);
        let facts = super::key_facts(d);
        d.answer(
            |e| matches!(e, Effect::VerifyKey { .. }),
            Outcome::Key(Ok(facts)),
        );
        d.ctrl('s').ctrl('s');
    });
    add("2-member-failed", &|d| {
        member_done(d);
        d.ctrl('n');
        let f = Failure {
            kind: FailureKind::Invalid,
            summary: "ConnectWise refused the request: apiMember object is invalid".into(),
            advice: "Fix: defaultDepartment (defaultDepartment does not exist)".into(),
        };
        d.answer(
            |e| matches!(e, Effect::SaveMember { .. }),
            Outcome::MemberSaved(Err(f)),
        );
    });
    add("5-summary", &|d| to_summary(d));
    add("5-summary-scrolled-to-end", &|d| {
        to_summary(d);
        for _ in 0..40 {
            d.keys(KeyCode::Down);
        }
    });
    add("5-summary-exporting", &|d| {
        to_summary(d);
        d.ctrl('e');
    });
    add("5-summary-exported", &|d| {
        to_summary(d);
        d.ctrl('e');
        let paths = vec![
            "./demomsp-cw-kanban-summary.md".to_string(),
            "./demomsp-cw-kanban-summary.json".to_string(),
        ];
        d.answer(
            |e| matches!(e, Effect::Export { .. }),
            Outcome::Exported(Ok(paths)),
        );
    });
    add("5-summary-invalid-input", &|d| {
        instance_done(d, false, false);
        d.ctrl('n').type_text("connectbooster").keys(KeyCode::Enter);
        // No API use: Enter goes on past the skipped steps 1-3 to the allow-list.
        d.ctrl('n');
        d.keys(KeyCode::Tab);
        d.paste("http://acme.connectboosterportal.com/");
    });
    out
}

/// A rotation whose new key was just handed off, its retire at `stage`.
fn retire_at(d: &mut Driver, stage: crate::app::setup::RetireStage) {
    keys_handoff(d);
    d.edit_setup(|s| {
        s.key.rotating = Some(crate::app::setup::RotationProgress {
            old_public_key: "OldPublicKey0001".into(),
            new_public_key: Some("Xk29PublicKeyAbc".into()),
            retire: stage,
            inactive_on: (stage != crate::app::setup::RetireStage::MarkInactive)
                .then(|| chrono::NaiveDate::from_ymd_opt(2026, 11, 30))
                .flatten(),
            ..Default::default()
        })
    });
    d.ctrl('s').ctrl('s');
}
