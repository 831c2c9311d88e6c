use super::*;
use crate::session::plan::Plan;

fn plan(text: &str) -> Result<Plan, String> {
    let library = crate::template::Library::builtin().map_err(|e| e.to_string())?;
    let answers = parse_answers(text)?;
    Plan::parse(&answers.raw(), &library).map_err(|e| e.to_string())
}

const OK: &str = "site = \"cw.example.com\"\ncompany = \"acme\"\nclient_id = \"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\"\ntemplates = [\"cw-kanban\"]\n";

#[test]
fn minimal_answers_and_errors_with_lines() {
    assert!(plan(OK).is_ok());
    let err = plan(&OK.replace("templates", "template")).unwrap_err();
    assert!(err.starts_with("line 4"), "{err}");
    let err = plan(&OK.replace("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", "nope")).unwrap_err();
    assert!(err.starts_with("client_id"), "{err}");
}

#[test]
fn every_value_is_checked_before_the_instance_is_asked() {
    let err = plan(&format!("{OK}\n[member]\nemail = \"not an email\"\n")).unwrap_err();
    assert!(
        err.starts_with("member.email: An email address needs an @"),
        "{err}"
    );
    let err = plan(&OK.replace("cw-kanban", "cw-kanbann")).unwrap_err();
    assert!(
        err.starts_with("templates: There is no template cw-kanbann"),
        "{err}"
    );
    assert!(err.contains("cw-kanban,"), "the allowed ids: {err}");
    let err = plan(&format!(
        "{OK}\n[member]\nidentifier = \"kanban-integration\"\n"
    ))
    .unwrap_err();
    assert!(err.starts_with("member.identifier:"), "{err}");
}

proptest::proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,300}") {
        let _ = plan(&text);
    }
}
