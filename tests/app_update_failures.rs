//! Pure update tests of how failures end in the full-screen core: a failed read of the role's
//! levels stops the 3 s polling until the admin asks again, and a summary that could not be
//! written makes a finished setup an error (exit 1 after the save), not "done".

#[path = "support/wizard.rs"]
mod wizard_support;

use cw_onboard::app::facts::{Failure, FailureKind};
use wizard_support::*;

fn rate_limited() -> Failure {
    Failure {
        kind: FailureKind::RateLimited,
        summary: "ConnectWise is throttling requests (429); retried 3 times".into(),
        advice: "Wait a minute and try again.".into(),
    }
}

fn read_seq(fx: &[Effect]) -> Option<u64> {
    fx.iter().rev().find_map(|e| match e {
        Effect::ReadRoleSettings { seq, .. } => Some(*seq),
        _ => None,
    })
}

fn poll_timer(fx: &[Effect]) -> Option<u64> {
    fx.iter().find_map(|e| match e {
        Effect::Timer {
            seq,
            kind: TimerKind::PollRole,
            ..
        } => Some(*seq),
        _ => None,
    })
}

#[test]
fn a_failed_levels_read_stops_the_polling_until_recheck() {
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
    // A good read that does not match yet: the poll goes on.
    let seq = read_seq(&fx).expect("read");
    let fx = w.answer_seq(seq, Outcome::RoleSettings(Ok(Vec::new())));
    let timer = poll_timer(&fx).expect("polls while the levels are not set");
    let fx = w.send(Msg::Timer {
        seq: timer,
        kind: TimerKind::PollRole,
    });
    let seq = read_seq(&fx).expect("the timer reads again");

    // The instance refuses the read (429 after the retries): no next poll.
    let fx = w.answer_seq(seq, Outcome::RoleSettings(Err(rate_limited())));
    assert_eq!(poll_timer(&fx), None, "no poll after a failed read: {fx:?}");
    // Even a timer still out does not read again.
    let fx = w.send(Msg::Timer {
        seq: timer,
        kind: TimerKind::PollRole,
    });
    assert_eq!(read_seq(&fx), None, "{fx:?}");
    assert!(
        w.role.unread().is_some_and(|u| u.contains("rate-limiting")),
        "{:?}",
        w.role.unread()
    );

    // Recheck (^L) reads again; once a read succeeds, the polling resumes.
    let fx = w.press("<c-l>");
    let seq = read_seq(&fx).expect("recheck reads");
    let fx = w.answer_seq(seq, Outcome::RoleSettings(Ok(Vec::new())));
    assert!(poll_timer(&fx).is_some(), "polling resumes: {fx:?}");
}

/// A wizard at step 5 (ConnectBooster needs no role, member or key: steps 1-3 pass by).
fn at_summary() -> Driver {
    let mut w = driver();
    through_instance(&mut w, true);
    pick_template(&mut w, "connectbooster");
    assert_eq!(w.step, StepId::AllowList);
    w.press("<enter>");
    assert_eq!(w.step, StepId::Summary);
    // Its manual step's input answered: a setup is done only then.
    typed(&mut w, "https://mymsp.connectboosterportal.com");
    w
}

#[test]
fn a_summary_that_cannot_be_written_ends_the_finished_setup_in_an_error() {
    let mut w = at_summary();
    let fx = w.press("<c-e>");
    let seq = find_seq(&fx, |e| match e {
        Effect::Export { seq, .. } => Some(*seq),
        _ => None,
    });
    w.answer_seq(
        seq,
        Outcome::Exported(Err(Failure {
            kind: FailureKind::Local,
            summary: "cannot write ./demomsp-connectbooster-summary.md: permission denied".into(),
            advice: "Pick a directory you can write to.".into(),
        })),
    );
    let fx = w.press("<c-n>");
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Quit(Exit::Finished))),
        "{fx:?}"
    );
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Save(_))),
        "the done setup is saved first: {fx:?}"
    );
    // The one rule every front-end maps to exit 1.
    let why = w
        .summary
        .export_failed(&w.setup.id)
        .expect("an export failure is not done");
    assert!(why.contains("is done and saved"), "{why}");
    assert!(why.contains("permission denied"), "{why}");

    // An export that then works clears it.
    let fx = w.press("<c-e>");
    let seq = find_seq(&fx, |e| match e {
        Effect::Export { seq, .. } => Some(*seq),
        _ => None,
    });
    w.answer_seq(
        seq,
        Outcome::Exported(Ok(vec!["a.md".into(), "a.json".into()])),
    );
    assert_eq!(w.summary.export_failed(&w.setup.id), None);
}
