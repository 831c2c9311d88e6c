//! The catalog of ConnectWise security modules and their functions: one source of truth for the
//! templates (names are checked against it), the sandbox (every role has a row per entry) and
//! the verification probes (which resource a function guards).
//!
//! Rows come from the BinoxMSP guide (seed 002), which shows all nine modules with every
//! function, in the UI's order. `(customize)` in the UI marks a function with a customize list;
//! here that is `customize: Some(identifier)`, with the identifiers that
//! `/system/mySecurity/customizeItems` reports (reference/integrations.md §1).

/// Where a probe's mapping comes from: a vendor page ties the function to the data, or the
/// mapping is inferred from names only (reference/cw-api.md §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeConfidence {
    Grounded,
    Guess,
}

/// A resource whose `GET {path}/count` answers 403 unless the caller's inquire level on the
/// guarding function is above None.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    pub path: &'static str,
    pub confidence: ProbeConfidence,
}

/// One module function, as the UI shows it under System > Security Roles > role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogFunction {
    pub module: &'static str,
    pub function: &'static str,
    /// `customizeIdentifier` when the function has a "(customize)" link.
    pub customize: Option<&'static str>,
    pub probe: Option<Probe>,
}

impl CatalogFunction {
    /// The module identifier the sandbox reports (`moduleIdentifier`): the module name without
    /// spaces or punctuation. ConnectWise's real values are undocumented; matching is always by
    /// `moduleName` + `moduleFunctionName`.
    pub fn module_identifier(&self) -> String {
        identifier(self.module)
    }

    pub fn function_identifier(&self) -> String {
        identifier(self.function)
    }
}

fn identifier(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

/// The nine modules, in the UI's order.
pub const MODULES: [&str; 9] = [
    "Companies",
    "Finance",
    "Marketing",
    "Procurement",
    "Project",
    "Sales",
    "Service Desk",
    "System",
    "Time & Expense",
];

const fn f(module: &'static str, function: &'static str) -> CatalogFunction {
    CatalogFunction {
        module,
        function,
        customize: None,
        probe: None,
    }
}

const fn c(module: &'static str, function: &'static str, id: &'static str) -> CatalogFunction {
    CatalogFunction {
        module,
        function,
        customize: Some(id),
        probe: None,
    }
}

const fn p(module: &'static str, function: &'static str, path: &'static str) -> CatalogFunction {
    CatalogFunction {
        module,
        function,
        customize: None,
        probe: Some(Probe {
            path,
            confidence: ProbeConfidence::Grounded,
        }),
    }
}

const fn g(module: &'static str, function: &'static str, path: &'static str) -> CatalogFunction {
    CatalogFunction {
        module,
        function,
        customize: None,
        probe: Some(Probe {
            path,
            confidence: ProbeConfidence::Guess,
        }),
    }
}

const fn cp(
    module: &'static str,
    function: &'static str,
    id: &'static str,
    path: &'static str,
    confidence: ProbeConfidence,
) -> CatalogFunction {
    CatalogFunction {
        module,
        function,
        customize: Some(id),
        probe: Some(Probe { path, confidence }),
    }
}

const CO: &str = "Companies";
const FI: &str = "Finance";
const MA: &str = "Marketing";
const PR: &str = "Procurement";
const PJ: &str = "Project";
const SA: &str = "Sales";
const SD: &str = "Service Desk";
const SY: &str = "System";
const TE: &str = "Time & Expense";

use ProbeConfidence::{Grounded, Guess};

/// Every function of every module, in the UI's order (seed 002).
pub static CATALOG: &[CatalogFunction] = &[
    // Companies
    p(CO, "Company Maintenance", "/company/companies"),
    f(CO, "Company/Contact Group Maintenance"),
    f(CO, "Configuration - Display Passwords"),
    cp(
        CO,
        "Configurations",
        "CompanyConfigurations",
        "/company/configurations",
        Grounded,
    ),
    p(CO, "Contacts", "/company/contacts"),
    g(CO, "CRM/Sales Activities", "/sales/activities"),
    f(CO, "Import Contacts"),
    f(CO, "Manage Attachments"),
    f(CO, "Management"),
    f(CO, "Notes"),
    c(CO, "Reports", "CompanyReports"),
    f(CO, "Surveys"),
    f(CO, "Team Members"),
    f(CO, "Tracks"),
    f(CO, "UserCentric"),
    // Finance
    f(FI, "Accounting Interface"),
    f(FI, "Agreement Invoicing"),
    f(FI, "Agreement Sales"),
    cp(
        FI,
        "Agreements",
        "FinanceAgreements",
        "/finance/agreements",
        Grounded,
    ),
    f(FI, "Billing Rate Maintenance"),
    f(FI, "Billing Reconciliation"),
    f(FI, "Billing View Time"),
    f(FI, "Company Finance"),
    f(FI, "Expense Reimbursements"),
    f(FI, "Financial Dashboard"),
    f(FI, "Invoice Approval"),
    g(FI, "Invoicing", "/finance/invoices"),
    c(FI, "Reports", "FinanceReports"),
    // Marketing
    f(MA, "ConnectWise Campaign"),
    g(MA, "Marketing Groups", "/marketing/groups"),
    f(MA, "Marketing Management"),
    c(MA, "Marketing Reports", "MarketingReports"),
    // Procurement
    f(PR, "Inventory Adjustments"),
    f(PR, "Inventory Transfers"),
    f(PR, "Product Billable Option"),
    p(PR, "Product Catalog", "/procurement/catalog"),
    g(PR, "Products", "/procurement/products"),
    g(PR, "Purchase Orders", "/procurement/purchaseorders"),
    f(PR, "Purchasing Approvals"),
    f(PR, "Purchasing Demand"),
    c(PR, "Reports", "ProcurementReports"),
    f(PR, "RMA Entry"),
    f(PR, "RMA Processing"),
    f(PR, "Serial Number Search"),
    // Project
    f(PJ, "Close Project Tickets"),
    f(PJ, "Close Projects"),
    f(PJ, "Project Contacts"),
    f(PJ, "Project Finance"),
    g(PJ, "Project Headers", "/project/projects"),
    f(PJ, "Project Management"),
    f(PJ, "Project Notes"),
    f(PJ, "Project Phase"),
    f(PJ, "Project Product"),
    c(PJ, "Project Reports", "ProjectReports"),
    c(PJ, "Project Scheduling", "ProjectScheduling"),
    f(PJ, "Project Teams"),
    f(PJ, "Project Templates"),
    f(PJ, "Project Ticket - Dependencies"),
    f(PJ, "Project Ticket Tasks"),
    g(PJ, "Project Tickets", "/project/tickets"),
    // Sales
    f(SA, "Closed Opportunity"),
    g(SA, "Opportunity", "/sales/opportunities"),
    f(SA, "Opportunity Finance"),
    c(SA, "Reports", "SalesReports"),
    f(SA, "Sales Dashboard"),
    f(SA, "Sales Funnel"),
    f(SA, "Sales Order Finance"),
    g(SA, "Sales Orders", "/sales/orders"),
    // Service Desk
    f(SD, "Change Approvals"),
    f(SD, "Close Service Tickets"),
    f(SD, "CloudConsole"),
    f(SD, "ConnectWise Chat"),
    f(SD, "ConnectWise Control"),
    f(SD, "ITBoost"),
    f(SD, "Knowledge Base Approver"),
    f(SD, "Knowledge Base Creator"),
    f(SD, "Launch Remote Access"),
    f(SD, "Merge Tickets"),
    f(SD, "Print Service Signoff"),
    c(SD, "Reports", "ServiceReports"),
    cp(
        SD,
        "Resource Scheduling",
        "ServiceResourceScheduling",
        "/schedule/entries",
        Guess,
    ),
    f(SD, "Service Ticket - Dependencies"),
    p(SD, "Service Tickets", "/service/tickets"),
    f(SD, "Service Tickets - Finance"),
    f(SD, "SLA Dashboard"),
    f(SD, "Smileback"),
    f(SD, "Ticket Templates"),
    // System
    f(SY, "Add Licenses"),
    f(SY, "API Reports"),
    f(SY, "Chat with ConnectWise Manage Support"),
    f(SY, "ConnectWise Manage Labs"),
    f(SY, "ConnectWise Next"),
    f(SY, "ConnectWise Now"),
    c(SY, "Custom Menu Entry", "SystemCustomMenuEntry"),
    f(SY, "Data Import"),
    f(SY, "Email Audit"),
    f(SY, "List View Export"),
    c(SY, "Manage Hosted API", "SystemManageHostedApi"),
    f(SY, "Marketplace Sharing"),
    c(SY, "Mass Maintenance", "SystemMassMaintenance"),
    g(SY, "Member Maintenance", "/system/members"),
    f(SY, "Member Maintenance - Finance"),
    c(SY, "My Account", "SystemMyAccount"),
    f(SY, "My Company"),
    f(SY, "Report Writer"),
    g(SY, "Security Roles", "/system/securityroles"),
    c(SY, "System Reports", "SystemReports"),
    c(SY, "Table Setup", "SystemTableSetup"),
    f(SY, "Today Links"),
    // Time & Expense
    f(TE, "Expense Approvals"),
    f(TE, "Expense Billable Option"),
    g(TE, "Expense Report Entry", "/expense/entries"),
    c(TE, "Reports", "TimeAndExpenseReports"),
    f(TE, "Stopwatch"),
    f(TE, "Time Approval"),
    g(TE, "Time Entry", "/time/entries"),
    f(TE, "Time Entry Billable Option"),
];

/// The catalog entry guarding `path` (a collection path such as `/company/companies`), if any.
/// Matching ignores ASCII case, as ConnectWise's IIS host does.
pub fn guarding_function(path: &str) -> Option<&'static CatalogFunction> {
    let path = path.trim_end_matches('/');
    CATALOG.iter().find(|entry| {
        entry
            .probe
            .is_some_and(|probe| probe.path.eq_ignore_ascii_case(path))
    })
}

/// A name a function had before a ConnectWise release renamed it; instances older than `until`
/// show (and report as `moduleFunctionName`) the old name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alias {
    pub module: &'static str,
    /// The current (catalog) name.
    pub function: &'static str,
    /// The name before the rename.
    pub old: &'static str,
    /// The first release with the current name, as (year, release).
    pub until: (u32, u32),
}

/// Renames by version, from vendor guides: "Product Catalog is displayed as Product Entry in all
/// versions prior to 2017.5" (Bitdefender; reference/integrations-2026-12.md §3).
pub static ALIASES: &[Alias] = &[Alias {
    module: PR,
    function: "Product Catalog",
    old: "Product Entry",
    until: (2017, 5),
}];

/// `(year, release)` of a version as companyinfo or `/system/info` writes it (`v2017.3`,
/// `2025.1`, `v2025.1.10432`); None for anything else (`v4.6.38842` is not a release).
pub fn release(version: &str) -> Option<(u32, u32)> {
    let mut parts = version.trim().trim_start_matches(['v', 'V']).split('.');
    let year: u32 = parts.next()?.parse().ok()?;
    let release: u32 = parts.next()?.parse().ok()?;
    (year >= 2000).then_some((year, release))
}

/// The name ConnectWise `version` shows for `f`: the old name on releases before a rename,
/// the catalog's otherwise (and when the version is unknown).
pub fn name_in_version(f: &CatalogFunction, version: &str) -> &'static str {
    let Some(at) = release(version) else {
        return f.function;
    };
    ALIASES
        .iter()
        .find(|a| a.module == f.module && a.function == f.function && at < a.until)
        .map_or(f.function, |a| a.old)
}

/// How to name `f` to the admin of an instance that calls it `shown` (its UI and API use that
/// name): "Product Entry (Product Catalog)" when ConnectWise renamed it since, the catalog's
/// name otherwise.
pub fn label_as_shown(f: &CatalogFunction, shown: &str) -> String {
    let renamed = ALIASES.iter().any(|a| {
        a.module == f.module && a.function == f.function && a.old.eq_ignore_ascii_case(shown.trim())
    });
    if renamed {
        format!("{} ({})", shown.trim(), f.function)
    } else {
        f.function.to_string()
    }
}

/// [`label_as_shown`] for the ConnectWise `version` the instance reported (`v2017.3`).
pub fn label_in_version(f: &CatalogFunction, version: &str) -> String {
    label_as_shown(f, name_in_version(f, version))
}

/// What to tell the admin of an instance at `version` that names `f` differently, if it does:
/// "This instance (v2017.3) calls it Product Entry; ConnectWise renamed it Product Catalog in
/// 2017.5."
pub fn rename_note(f: &CatalogFunction, version: &str) -> Option<String> {
    let at = release(version)?;
    ALIASES
        .iter()
        .find(|a| a.module == f.module && a.function == f.function && at < a.until)
        .map(|a| {
            format!(
                "This instance ({}) calls it {}; ConnectWise renamed it {} in {}.{}.",
                version.trim(),
                a.old,
                a.function,
                a.until.0,
                a.until.1
            )
        })
}

/// The catalog's name for a function a live instance reports: a former name maps to the
/// current one; any other name is returned as it is (ASCII case ignored).
pub fn current_name<'a>(module: &str, function: &'a str) -> &'a str {
    ALIASES
        .iter()
        .find(|a| {
            a.module.eq_ignore_ascii_case(module) && a.old.eq_ignore_ascii_case(function.trim())
        })
        .map_or(function, |a| a.function)
}

/// Exact lookup by module and function name, current or former (as ConnectWise spells them;
/// ASCII case ignored).
pub fn by_any_name(module: &str, function: &str) -> Option<&'static CatalogFunction> {
    exact(module, current_name(module, function))
}

/// Exact lookup by module and function name (as ConnectWise spells them; ASCII case ignored).
pub fn exact(module: &str, function: &str) -> Option<&'static CatalogFunction> {
    CATALOG.iter().find(|entry| {
        entry.module.eq_ignore_ascii_case(module) && entry.function.eq_ignore_ascii_case(function)
    })
}

#[cfg(test)]
mod tests;
