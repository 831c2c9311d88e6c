//! Effects carry what they need (issue 12): every network effect names its instance (API base,
//! company, cloud or not), clientId and key, and a member create carries the `/default` read
//! with the pick lists, so the runner keeps no state between effects.

#[path = "support/wizard.rs"]
mod wizard_support;

use cw_onboard::app::facts::MemberDefault;
use cw_onboard::app::msg::{Auth, Target};
use wizard_support::*;

fn auth_of(effect: &Effect) -> Option<&Auth> {
    match effect {
        Effect::CheckAdmin { auth, .. }
        | Effect::FindOrCreateRole { auth, .. }
        | Effect::ReadRoleSettings { auth, .. }
        | Effect::LoadPickLists { auth, .. }
        | Effect::CheckIdentifier { auth, .. }
        | Effect::SaveMember { auth, .. }
        | Effect::VerifyKey { auth, .. }
        | Effect::ProveRefused { auth, .. } => Some(auth),
        _ => None,
    }
}

fn expected() -> Target {
    Target {
        api_base: instance_facts(false).api_url,
        company: "demomsp".into(),
        is_cloud: false,
    }
}

#[test]
fn every_network_effect_after_discovery_names_the_discovered_instance() {
    let mut w = driver();
    typed(&mut w, "127.0.0.1:8080");
    w.press("<tab>");
    let fx = typed(&mut w, "demomsp");
    let timer = find_seq(&fx, |e| match e {
        Effect::Timer { seq, .. } => Some(*seq),
        _ => None,
    });
    let fx = w.send(Msg::Timer {
        seq: timer,
        kind: TimerKind::Discover,
    });
    let seq = find_seq(&fx, |e| match e {
        Effect::Discover { seq, .. } => Some(*seq),
        _ => None,
    });
    w.answer_seq(seq, Outcome::Discovered(Ok(instance_facts(false))));
    w.press("<tab>");
    typed(&mut w, CLIENT_ID);
    w.press("<tab>");
    typed(&mut w, "adminpublic1");
    w.press("<tab>");
    typed(&mut w, "adminprivate1");
    let fx = w.press("<enter>");
    let auth = fx.iter().find_map(auth_of).expect("the admin check");
    assert_eq!(
        auth.target,
        expected(),
        "step 0 checks the admin on what it discovered"
    );
    assert_eq!(auth.client_id, CLIENT_ID);
}

#[test]
fn the_member_create_carries_the_default_read_with_the_pick_lists() {
    let mut w = driver();
    let (lists_seq, id_seq) = to_member(&mut w);
    let default = MemberDefault {
        security_role: Some(3),
        time_zone: Some(2),
        ..MemberDefault::default()
    };
    let mut with_default = pick_lists();
    with_default.member_default = Some(default.clone());
    w.answer_seq(lists_seq, Outcome::PickLists(Ok(with_default)));
    w.answer_seq(id_seq, Outcome::Identifier(Ok(IdentifierFacts::Free)));
    choose_location(&mut w);
    let fx = w.press("<c-n>");
    let (auth, plan) = fx
        .iter()
        .find_map(|e| match e {
            Effect::SaveMember { auth, plan, .. } => Some((auth.clone(), plan.clone())),
            _ => None,
        })
        .expect("save member");
    assert_eq!(auth.target, expected());
    let MemberPlan::Create { default: sent, .. } = plan else {
        panic!("expected a create")
    };
    assert_eq!(sent, Some(default));
}
