//! Pure update tests of the wizard core, steps 0 to 2: messages in, effects and state out. No
//! runtime, no terminal, no network.

#[path = "support/wizard.rs"]
mod wizard_support;

use wizard_support::*;

#[test]
fn step0_checks_the_instance_after_typing_pauses_and_drops_stale_answers() {
    let mut w = driver();
    typed(&mut w, "127.0.0.1:8080");
    w.press("<tab>");
    let fx = typed(&mut w, "demomsp");
    let timers: Vec<u64> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Timer {
                seq,
                kind: TimerKind::Discover,
                ..
            } => Some(*seq),
            _ => None,
        })
        .collect();
    assert_eq!(timers.len(), 7, "one debounce timer per keystroke");
    // Only the last timer starts a check.
    assert!(
        w.send(Msg::Timer {
            seq: timers[0],
            kind: TimerKind::Discover
        })
        .is_empty()
    );
    let fx = w.send(Msg::Timer {
        seq: timers[6],
        kind: TimerKind::Discover,
    });
    let seq = find_seq(&fx, |e| match e {
        Effect::Discover { seq, .. } => Some(*seq),
        _ => None,
    });
    assert!(w.is_busy());
    // A stale answer changes nothing.
    w.answer_seq(seq + 100, Outcome::Discovered(Ok(instance_facts(false))));
    assert!(w.instance.discovery.ready().is_none());
    w.answer_seq(seq, Outcome::Discovered(Ok(instance_facts(false))));
    assert_eq!(
        w.instance
            .discovery
            .ready()
            .map(|f| f.company_name.as_str()),
        Some("Demo MSP Inc.")
    );
}

#[test]
fn step0_refuses_to_go_on_without_a_valid_client_id() {
    let mut w = driver();
    typed(&mut w, "127.0.0.1:8080");
    w.press("<c-n>");
    assert_eq!(w.step, StepId::Instance);
    assert!(w.banner.is_some());
}

#[test]
fn esc_cancels_the_running_check() {
    let mut w = driver();
    typed(&mut w, "127.0.0.1:8080");
    w.press("<tab>");
    typed(&mut w, "demomsp");
    let fx = w.press("<enter>");
    let seq = find_seq(&fx, |e| match e {
        Effect::Discover { seq, .. } => Some(*seq),
        _ => None,
    });
    let fx = w.press("<esc>");
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Cancel { seq: s } if *s == seq))
    );
    assert!(!w.is_busy());
}

#[test]
fn guided_mode_without_admin_keys() {
    let mut w = driver();
    through_instance(&mut w, false);
    assert_eq!(w.step, StepId::Role);
    assert_eq!(w.setup.mode, Mode::Guided);
    assert_eq!(w.setup.client_id, CLIENT_ID);
}

#[test]
fn guided_role_needs_every_row_ticked() {
    let mut w = driver();
    through_instance(&mut w, false);
    pick_template(&mut w, "cw-kanban");
    assert_eq!(w.setup.id, "demomsp-cw-kanban");
    assert_eq!(w.role.role_name.value(), "CW Kanban");
    w.press("<c-n>");
    assert_eq!(w.step, StepId::Role);
    let rows = w.role.rows(w.merged.as_ref()).len();
    for _ in 0..rows {
        w.press("<space>");
        w.press("<down>");
    }
    w.press("<c-n>");
    assert_eq!(w.step, StepId::Member);
}

#[test]
fn templates_given_up_front_default_the_role_name() {
    // `cw-onboard new --template cw-kanban`: the pick is skipped, the name still defaults.
    let setup = Setup {
        templates: vec!["cw-kanban".into()],
        ..Setup::default()
    };
    let mut w = driver_on(setup, false);
    through_instance(&mut w, true);
    assert_eq!(w.step, StepId::Role);
    assert_eq!(w.role.role_name.value(), "CW Kanban");
    let fx = w.press("<enter>");
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::FindOrCreateRole { name, .. } if name == "CW Kanban")),
        "Enter creates the role at once"
    );
}

#[test]
fn assisted_role_polls_until_levels_match_and_flags_low_and_high_rows() {
    let mut w = driver();
    through_instance(&mut w, true);
    assert_eq!(w.setup.mode, Mode::Assisted);
    pick_template(&mut w, "cw-kanban");
    let fx = w.press("<enter>");
    let seq = find_seq(&fx, |e| match e {
        Effect::FindOrCreateRole { seq, name, .. } if name == "CW Kanban" => Some(*seq),
        _ => None,
    });
    // The intent record goes to disk first: the save precedes the create.
    match fx.first() {
        Some(Effect::Save(setup)) => assert_eq!(
            setup.intents.first().map(|i| i.natural_key.as_str()),
            Some("CW Kanban")
        ),
        other => panic!("expected the intent saved first, got {other:?}"),
    }
    let fx = w.answer_seq(
        seq,
        Outcome::Role(Ok(RoleFacts {
            id: 7,
            name: "CW Kanban".into(),
            created: true,
            used: Default::default(),
        })),
    );
    assert_eq!(w.setup.role.id, Some(7));
    assert!(w.setup.intents.is_empty(), "the role is recorded");
    let seq = find_seq(&fx, |e| match e {
        Effect::ReadRoleSettings {
            seq, role_id: 7, ..
        } => Some(*seq),
        _ => None,
    });
    // One row too low, one row too high: keep polling, refuse to go on.
    let live = live_rows(&w, |f, l| match f {
        "Company Maintenance" => Levels::NONE,
        "Surveys" => Levels::uniform(Level::All),
        _ => l,
    });
    let fx = w.answer_seq(seq, Outcome::RoleSettings(Ok(live)));
    let (ok, low, high) = cw_onboard::app::verify::tally(&w.role.rows(w.merged.as_ref()));
    assert_eq!((low, high), (1, 1));
    assert!(ok > 0);
    let poll = find_seq(&fx, |e| match e {
        Effect::Timer {
            seq,
            kind: TimerKind::PollRole,
            ..
        } => Some(*seq),
        _ => None,
    });
    w.press("<c-n>");
    assert_eq!(w.step, StepId::Role, "a too-low row blocks the step");
    let fx = w.send(Msg::Timer {
        seq: poll,
        kind: TimerKind::PollRole,
    });
    let seq = find_seq(&fx, |e| match e {
        Effect::ReadRoleSettings { seq, .. } => Some(*seq),
        _ => None,
    });
    let fx = w.answer_seq(seq, Outcome::RoleSettings(Ok(live_rows(&w, |_, l| l))));
    assert!(w.setup.role.all_match);
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Timer { .. })),
        "polling stops once all match"
    );
    w.press("<c-n>");
    assert_eq!(w.step, StepId::Member);
}

#[test]
fn assisted_member_is_created_from_template_defaults_and_live_lists() {
    let mut w = driver();
    let (lists_seq, id_seq) = to_member(&mut w);
    w.answer_seq(lists_seq, Outcome::PickLists(Ok(pick_lists())));
    w.answer_seq(id_seq, Outcome::Identifier(Ok(IdentifierFacts::Free)));
    assert_eq!(w.member.texts[0].note.as_deref(), Some("available"));
    // Level defaults to Corporate, its owner record follows; location must be chosen.
    let fx = w.press("<c-n>");
    assert!(fx.iter().all(|e| !matches!(e, Effect::SaveMember { .. })));
    assert!(w.member.picks[2].error.is_some(), "location is required");
    choose_location(&mut w);
    let fx = w.press("<c-n>");
    let plan = fx
        .iter()
        .find_map(|e| match e {
            Effect::SaveMember { plan, .. } => Some(plan.clone()),
            _ => None,
        })
        .expect("save member");
    let MemberPlan::Create {
        answers, role_id, ..
    } = plan
    else {
        panic!("expected a create")
    };
    assert_eq!(role_id, Some(7));
    assert_eq!(answers.identifier, "kanban");
    assert_eq!(answers.level.map(|p| p.name), Some("Corporate".into()));
    assert_eq!(answers.owner.map(|p| p.name), Some("Corporate".into()));
    assert_eq!(answers.location.map(|p| p.name), Some("Chicago HQ".into()));
    assert_eq!(
        answers.business_unit.map(|p| p.name),
        Some("Managed Services".into())
    );
    assert_eq!(answers.time_zone.map(|p| p.name), Some("Eastern".into()));
    assert_eq!(
        w.setup.intents.len(),
        1,
        "an intent is recorded before the create"
    );
}

#[test]
fn an_existing_member_that_differs_is_adopted_with_a_patch_of_the_differences() {
    let mut w = driver();
    let (lists_seq, id_seq) = to_member(&mut w);
    w.answer_seq(lists_seq, Outcome::PickLists(Ok(pick_lists())));
    let existing = MemberFacts {
        id: 42,
        identifier: "kanban".into(),
        name: "Old name".into(),
        level: Some(Pick {
            id: 2,
            name: "Location".into(),
        }),
        ..MemberFacts::default()
    };
    w.answer_seq(
        id_seq,
        Outcome::Identifier(Ok(IdentifierFacts::ApiMember(Box::new(existing)))),
    );
    let diffs = w.member.differences(&w.setup);
    assert!(
        diffs
            .iter()
            .any(|d| d.field == "name" && d.existing == "Old name")
    );
    assert!(
        diffs
            .iter()
            .any(|d| d.field == "structureLevel" && d.existing == "Location")
    );
    choose_location(&mut w);
    // ^N does not adopt: the differences are on screen, and only ^Y takes the member over.
    let fx = w.press("<c-n>");
    assert!(
        fx.iter().all(|e| !matches!(e, Effect::SaveMember { .. })),
        "no write before the admin confirms"
    );
    assert_eq!(w.step, StepId::Member);
    assert!(
        w.banner
            .clone()
            .unwrap_or_default()
            .contains("^Y adopts it"),
        "{:?}",
        w.banner
    );
    let fx = w.press("<c-y>");
    let plan = fx.iter().find_map(|e| match e {
        Effect::SaveMember { plan, .. } => Some(plan.clone()),
        _ => None,
    });
    let Some(MemberPlan::Patch { id: 42, fields, .. }) = plan else {
        panic!("expected a patch")
    };
    assert!(fields.contains(&"name".to_string()));
    assert!(fields.contains(&"structureLevel".to_string()));
}

#[test]
fn an_existing_member_that_matches_is_adopted_without_a_round_trip() {
    let mut w = driver();
    let (lists_seq, id_seq) = to_member(&mut w);
    w.answer_seq(lists_seq, Outcome::PickLists(Ok(pick_lists())));
    choose_location(&mut w);
    let a = w.member.answers(&w.setup);
    let existing = MemberFacts {
        id: 42,
        identifier: a.identifier.clone(),
        name: a.name.clone(),
        email: a.email.clone(),
        role: Some(Pick {
            id: w.setup.role.id.unwrap_or(0),
            name: w.setup.role.name.clone(),
        }),
        level: a.level.clone(),
        owner: a.owner.clone(),
        location: a.location.clone(),
        business_unit: a.business_unit.clone(),
        time_zone: a.time_zone.clone(),
        territory: a.territory.clone(),
        ..MemberFacts::default()
    };
    w.answer_seq(
        id_seq,
        Outcome::Identifier(Ok(IdentifierFacts::ApiMember(Box::new(existing)))),
    );
    assert!(w.member.differences(&w.setup).is_empty());
    // Even with nothing to change, an existing member is taken over only with ^Y.
    w.press("<c-n>");
    assert_eq!(
        w.step,
        StepId::Member,
        "not adopted without the admin's yes"
    );
    assert!(w.setup.member.id.is_none());
    let fx = w.press("<c-y>");
    assert!(
        fx.iter().all(|e| !matches!(e, Effect::SaveMember { .. })),
        "nothing to send"
    );
    assert_eq!(w.step, StepId::Keys, "{:?}", w.banner);
    assert_eq!(w.setup.member.id, Some(42));
    assert!(w.setup.member.adopted);
}

#[test]
fn a_failed_levels_read_is_reported_as_the_instance_refusing_not_as_low_rows() {
    let mut w = driver();
    through_instance(&mut w, true);
    pick_template(&mut w, "cw-kanban");
    let fx = w.press("<enter>");
    let seq = find_seq(&fx, |e| match e {
        Effect::FindOrCreateRole { seq, .. } => Some(*seq),
        _ => None,
    });
    let fx = w.answer_seq(
        seq,
        Outcome::Role(Ok(RoleFacts {
            id: 7,
            name: "CW Kanban".into(),
            created: true,
            used: Default::default(),
        })),
    );
    let seq = find_seq(&fx, |e| match e {
        Effect::ReadRoleSettings { seq, .. } => Some(*seq),
        _ => None,
    });
    w.answer_seq(
        seq,
        Outcome::RoleSettings(Err(cw_onboard::app::facts::Failure {
            kind: cw_onboard::app::facts::FailureKind::RateLimited,
            summary: "ConnectWise is throttling requests (429); retried 3 times".into(),
            advice: "Wait a minute and try again.".into(),
        })),
    );
    assert!(!w.setup.role.all_match);
    w.press("<c-n>");
    assert_eq!(w.step, StepId::Role);
    let banner = w.banner.clone().unwrap_or_default();
    assert!(banner.contains("rate-limiting"), "{banner}");
    assert!(banner.contains("retried 3 times"), "{banner}");
    assert!(!banner.contains("too low"), "{banner}");
}

/// A resumed wizard (no admin keys on disk) walked back to step 2: the admin keys typed
/// again, the role found as recorded, and step 2 entered with its lists read live.
fn resume_to_member(saved: Setup) -> Driver {
    let mut w = driver_on(saved, true);
    assert_eq!(w.step, StepId::Instance);
    w.script("<tab><tab><tab>adminpublic1<tab>adminprivate1<enter>");
    w.answer(
        |e| matches!(e, Effect::Discover { .. }),
        Outcome::Discovered(Ok(instance_facts(false))),
    );
    w.answer(
        |e| matches!(e, Effect::CheckAdmin { .. }),
        Outcome::Admin(Ok(AdminFacts {
            member: "admin".into(),
            can_manage_roles: true,
            can_manage_members: true,
        })),
    );
    w.script("<c-n>");
    assert_eq!(w.step, StepId::Role);
    w.answer(
        |e| matches!(e, Effect::FindOrCreateRole { .. }),
        Outcome::Role(Ok(RoleFacts {
            id: 7,
            name: "CW Kanban".into(),
            created: true,
            used: Default::default(),
        })),
    );
    let live = live_rows(&w, |_, l| l);
    w.answer(
        |e| matches!(e, Effect::ReadRoleSettings { .. }),
        Outcome::RoleSettings(Ok(live)),
    );
    w.script("<c-n>");
    assert_eq!(w.step, StepId::Member);
    member_lists_read(&mut w);
    w
}

#[test]
fn a_pick_chosen_with_the_keys_survives_a_quit_and_resume() {
    let mut w = driver();
    to_member(&mut w);
    member_lists_read(&mut w);
    // Location and business unit chosen with the keys; ^C (save & quit) before the member is
    // saved.
    choose_location(&mut w);
    let fx = w.press("<c-c>");
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Quit(Exit::SavedForLater)))
    );
    assert!(
        !w.log()
            .iter()
            .any(|e| matches!(e, Effect::SaveMember { .. })),
        "quit before the member is saved"
    );
    let saved = w
        .log()
        .iter()
        .rev()
        .find_map(|e| match e {
            Effect::Save(setup) => Some((**setup).clone()),
            _ => None,
        })
        .expect("the setup is saved as the picks are chosen");
    let name = |p: &Option<Pick>| p.as_ref().map(|p| p.name.clone());
    assert_eq!(name(&saved.member.location), Some("Chicago HQ".into()));
    assert_eq!(
        name(&saved.member.business_unit),
        Some("Managed Services".into())
    );
    // `resume`: each list starts on the recorded answer, before and after the live read.
    let w = driver_on(saved.clone(), true);
    let shown = |w: &Driver, field: MemberField| {
        let i = field.pick_index().expect("a pick list");
        w.member.picks[i].value().map(|p| p.name.clone())
    };
    assert_eq!(shown(&w, MemberField::Location), Some("Chicago HQ".into()));
    let w = resume_to_member(saved);
    assert_eq!(shown(&w, MemberField::Location), Some("Chicago HQ".into()));
    assert_eq!(
        shown(&w, MemberField::BusinessUnit),
        Some("Managed Services".into())
    );
}
