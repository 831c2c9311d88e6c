use super::*;

#[test]
fn a_login_keeps_its_api_flags_and_never_its_password() {
    let login: IntegratorLoginRecord = serde_json::from_value(serde_json::json!({
        "id": 3, "username": "bridge", "password": "hunter2", "canAccessAllApisFlag": false,
        "serviceTicketApiFlag": true, "timeEntryApiFlag": false, "companyApiFlag": null,
        "_info": {"lastUpdated": "2024-01-01T00:00:00Z"}
    }))
    .unwrap();
    assert_eq!(login.apis.0, ["serviceTicket"]);
    assert!(!format!("{login:?}").contains("hunter2"));
}
