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

#[test]
fn an_unknown_key_is_refused_naming_it_with_the_keys_allowed_there() {
    let err = plan(&format!("{OK}\n[member]\nemial = \"a@b.example\"\n")).unwrap_err();
    assert!(
        err.starts_with("line 7: member.emial: There is no such key under [member]."),
        "{err}"
    );
    assert!(
        err.contains("Choices: identifier, name, email, level,"),
        "{err}"
    );
    let err = plan(&format!("{OK}role = \"CW Kanban\"\n")).unwrap_err();
    assert!(
        err.starts_with("line 5: role: There is no such key in an answers file."),
        "{err}"
    );
    assert!(err.contains("role_name"), "{err}");
    // Any key under [manual] passes the key check: the chosen templates' inputs decide.
    let err = plan(&format!("{OK}[manual]\n\"x/y/z\" = \"v\"\n")).unwrap_err();
    assert!(err.starts_with("manual.\"x/y/z\""), "{err}");
}

/// Every key the steps take, each with a value the file's struct reads.
const FULL: &str = "site = \"cw.example.com\"\ncompany = \"acme\"\nclient_id = \"c\"\n\
templates = [\"cw-kanban\"]\nfeatures = [\"f\"]\nrole_name = \"R\"\nadopt_role = true\n\
[member]\nidentifier = \"i\"\nname = \"n\"\nemail = \"e\"\nlevel = \"l\"\nowner = \"o\"\n\
location = \"x\"\nbusiness_unit = \"u\"\ntime_zone = \"t\"\nterritory = \"y\"\nadopt = true\n\
[manual]\n\"a/b/c\" = \"v\"\n";

#[test]
fn the_keys_the_steps_list_are_the_keys_the_file_reads() {
    let doc: toml::Table = toml::from_str(FULL).expect("toml");
    let keys = crate::app::answer_keys();
    for key in &keys {
        let found = match key.split_once('.') {
            Some((section, "*")) => doc.get(section).is_some(),
            Some((section, name)) => doc.get(section).and_then(|t| t.get(name)).is_some(),
            None => doc.get(*key).is_some(),
        };
        assert!(found, "{key} is in FULL");
    }
    for field in MemberField::ALL {
        let key = format!("member.{}", field.key());
        assert!(keys.contains(&key.as_str()), "{key} is listed");
    }
    // FULL passes the key check, and the struct reads every key in it.
    let raw = parse_answers(FULL).expect("every key").raw();
    assert_eq!(raw.member.len(), MemberField::ALL.len());
    assert!(raw.adopt_role && raw.adopt_member);
    assert_eq!(raw.features, ["f"]);
    assert_eq!(raw.role_name.as_deref(), Some("R"));
    assert_eq!(raw.manual.len(), 1);
}

proptest::proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,300}") {
        let _ = plan(&text);
    }
}

#[test]
fn the_instance_keys_may_be_left_out_but_batch_names_each_missing_one() {
    let answers = parse_answers("templates = [\"cw-kanban\"]\n").expect("parses");
    let err = answers.require_instance().unwrap_err();
    assert!(
        err.starts_with("site, company, client_id: missing"),
        "{err}"
    );
    assert!(parse_answers(OK).expect("ok").require_instance().is_ok());
    assert_eq!(
        parse_answers(OK).expect("ok").instance_keys(),
        ["site", "company", "client_id"]
    );
}

#[test]
fn every_refused_answer_is_returned_at_once_and_an_unknown_template_gets_the_nearest() {
    let library = crate::template::Library::builtin().expect("library");
    let text = format!("{OK}\n[member]\nemail = \"nope\"\nlocation = \" \"\n")
        .replace("acme", "")
        .replace("cw-kanban", "cw-kanbann");
    let refused = Plan::parse(&parse_answers(&text).expect("parses").raw(), &library).unwrap_err();
    let keys: Vec<&str> = refused.all().map(|r| r.field.as_str()).collect();
    assert_eq!(
        keys,
        ["company", "templates", "member.email", "member.location"]
    );
    let templates = refused.all().nth(1).expect("templates").to_string();
    assert!(templates.contains("Did you mean cw-kanban?"), "{templates}");
    assert!(
        templates.contains("`cw-onboard templates list` shows all"),
        "{templates}"
    );
    assert!(
        !templates.contains("Choices:"),
        "not the whole list: {templates}"
    );
}
