use super::*;

fn holder(id: &str, api: bool) -> Holder {
    Holder {
        identifier: id.into(),
        api,
        inactive: false,
    }
}

fn used(holders: Vec<Holder>) -> RoleUse {
    RoleUse {
        admin_flag: false,
        holders,
    }
}

#[test]
fn built_in_and_people_held_roles_are_refused_whoever_asks() {
    let none = RoleAnswers::default();
    let admin = claim_role(&none, 1, "admin", false, false, &used(vec![]));
    assert!(
        matches!(&admin, RoleClaim::Refused(why) if why.contains("built-in")),
        "{admin:?}"
    );
    let flagged = RoleUse {
        admin_flag: true,
        holders: vec![],
    };
    let renamed = claim_role(&none, 9, "Boss", false, false, &flagged);
    assert!(matches!(&renamed, RoleClaim::Refused(why) if why.contains("adminFlag")));
    let people = used(vec![holder("jsmith", false), holder("backupbot", true)]);
    let shared = claim_role(&none, 7, "Field Crew", false, false, &people);
    assert!(matches!(&shared, RoleClaim::Refused(why) if why.contains("jsmith")));
    assert!(!matches!(&shared, RoleClaim::Refused(why) if why.contains("backupbot")));
    // A legacy record does not make a built-in role ours either.
    let legacy = RoleAnswers {
        id: Some(1),
        ..RoleAnswers::default()
    };
    assert!(matches!(
        claim_role(&legacy, 1, "Admin", false, false, &used(vec![])),
        RoleClaim::Refused(_)
    ));
}

#[test]
fn created_recorded_or_resumed_roles_are_ours_others_need_the_admin() {
    let none = RoleAnswers::default();
    let api = used(vec![holder("syncbot", true)]);
    assert_eq!(
        claim_role(&none, 5, "Sales", true, false, &used(vec![])),
        RoleClaim::Ours
    );
    let ours = RoleAnswers {
        id: Some(5),
        ours: true,
        ..RoleAnswers::default()
    };
    assert_eq!(
        claim_role(&ours, 5, "Sales", false, false, &used(vec![])),
        RoleClaim::Ours
    );
    assert_eq!(
        claim_role(&none, 5, "Kanban", false, true, &used(vec![])),
        RoleClaim::Ours
    );
    assert_eq!(
        claim_role(&none, 5, "Kanban", false, false, &api),
        RoleClaim::Adoptable {
            holders: api.holders.clone()
        }
    );
}

#[test]
fn members_of_people_and_of_other_setups_are_never_adopted() {
    let setup = Setup {
        id: "demomsp-cw-kanban".into(),
        site: "https://cw.example.com/".into(),
        company: "demomsp".into(),
        ..Setup::default()
    };
    let person = IdentifierFacts::OtherMember {
        license_class: "F".into(),
    };
    assert!(
        matches!(claim_member(&setup, &person, &[]), MemberClaim::Refused(why) if why.contains("person"))
    );
    let bot = IdentifierFacts::ApiMember(Box::new(MemberFacts {
        id: 4,
        identifier: "backupbot".into(),
        ..MemberFacts::default()
    }));
    assert_eq!(claim_member(&setup, &bot, &[]), MemberClaim::Adoptable);
    let hudu = Claimed {
        setup: "demomsp-hudu".into(),
        site: "cw.example.com".into(),
        company: "DemoMSP".into(),
        member: "BackupBot".into(),
        member_id: Some(4),
    };
    assert!(
        matches!(claim_member(&setup, &bot, std::slice::from_ref(&hudu)), MemberClaim::Refused(why) if why.contains("demomsp-hudu"))
    );
    // Another instance's setup with the same member ID is no claim here.
    let elsewhere = Claimed {
        site: "other.example.com".into(),
        ..hudu
    };
    assert_eq!(
        claim_member(&setup, &bot, &[elsewhere]),
        MemberClaim::Adoptable
    );
    let mut resumed = setup.clone();
    resumed.open_intent(MEMBER_INTENT, "backupbot");
    assert_eq!(claim_member(&resumed, &bot, &[]), MemberClaim::Ours);
    let mut recorded = setup;
    recorded.member.id = Some(4);
    assert_eq!(claim_member(&recorded, &bot, &[]), MemberClaim::Ours);
}

#[test]
fn renaming_the_role_this_setup_created_is_warned_of() {
    let created = RoleAnswers {
        name: "Y1".into(),
        id: Some(7),
        ours: true,
        ..RoleAnswers::default()
    };
    let warning = role_left_behind(&created, "Z1").expect("warned");
    assert!(
        warning.contains("Y1 (id 7)") && warning.contains("retire"),
        "{warning}"
    );
    // The same name (any case), or a role that is not this setup's: nothing is left behind.
    assert_eq!(role_left_behind(&created, " y1 "), None);
    let adopted_then_lost = RoleAnswers {
        ours: false,
        ..created.clone()
    };
    assert_eq!(role_left_behind(&adopted_then_lost, "Z1"), None);
    // A role left behind and found again under its name is the setup's own.
    let renamed = RoleAnswers {
        name: "Z1".into(),
        id: None,
        ours: false,
        left_behind: vec![crate::app::setup::LeftRole {
            name: "Y1".into(),
            id: 7,
        }],
        ..RoleAnswers::default()
    };
    assert_eq!(
        claim_role(
            &renamed,
            7,
            "Y1",
            false,
            false,
            &used(vec![holder("x", false)])
        ),
        RoleClaim::Ours
    );
}
