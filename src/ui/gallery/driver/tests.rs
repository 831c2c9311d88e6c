use super::*;

#[test]
fn commands_and_key_scripts_drive_the_same_wizard() {
    let library = Library::builtin().expect("library");
    let mut d = Driver::new(library);
    let refused = d
        .apply(Command::CreateRole)
        .err()
        .expect("refused at step 0");
    assert_eq!(refused.field, "instance");
    d.script("cw.demomsp.com<tab>demomsp");
    assert_eq!(
        d.wizard
            .instance
            .field(crate::app::steps::instance::InstanceField::Company)
            .value(),
        "demomsp"
    );
    assert!(d.log().iter().any(|e| matches!(e, Effect::Timer { .. })));
}
