use super::*;

#[test]
fn spelling_drift_is_forgiven() {
    let e = find("service desk", "Service Tickets – Dependencies").map(|e| e.function);
    assert_eq!(e, Ok("Service Ticket - Dependencies"));
    assert_eq!(
        find("System", "Table Setup (customize)").map(|e| e.function),
        Ok("Table Setup")
    );
    assert_eq!(
        find("Service Desk", "close service ticket").map(|e| e.function),
        Ok("Close Service Tickets")
    );
    assert_eq!(find("Time and Expense", "Time Entry").ok(), None);
    assert_eq!(
        find("Time & Expense", "time  entry").map(|e| e.function),
        Ok("Time Entry")
    );
}

#[test]
fn unknown_names_suggest_the_nearest() {
    let err = find("Companies", "Company Maintainance").unwrap_err();
    assert!(err.contains("\"Company Maintenance\""), "{err}");
    let err = find("Companys", "Contacts").unwrap_err();
    assert!(err.contains("\"Companies\""), "{err}");
    let err = find("Finanse", "Agreements").unwrap_err();
    assert!(err.contains("\"Finance\""), "{err}");
    let err = find("Sales", "Time Entry").unwrap_err();
    assert!(err.contains("Time & Expense / Time Entry"), "{err}");
}
