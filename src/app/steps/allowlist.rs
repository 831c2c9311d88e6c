//! Step 4: the IP allow-list. Cloud instances need nothing; on premise, the template's addresses
//! with source and date (or "ask the vendor"), rules ready to paste, and the certificate findings.

use crate::app::command::Command;
use crate::app::ctx::Ctx;
use crate::app::flow::{Flow, Go};
use crate::app::keymap::{self, Binding, Intent};
use crate::app::setup::Setup;
use crate::app::step::Step;
use crate::template::{AllowList, MergedTemplate};

#[derive(Debug, Clone, Default)]
pub struct AllowListStep {
    pub scroll: u16,
}

/// Ready-to-paste rules for the addresses of one template (hostnames cannot be firewall rules:
/// they are listed for a proxy or DNS-based allow-list instead).
pub fn paste_rules(template_id: &str, list: &AllowList) -> Vec<String> {
    let ips: Vec<&str> = list
        .entries
        .iter()
        .filter(|e| e.address.parse::<std::net::IpAddr>().is_ok())
        .map(|e| e.address.as_str())
        .collect();
    if ips.is_empty() {
        return Vec::new();
    }
    let joined = ips.join(",");
    vec![
        "# Windows Firewall (PowerShell, on the ConnectWise server):".to_string(),
        format!(
            "New-NetFirewallRule -DisplayName \"ConnectWise API - {template_id}\" -Direction Inbound -Protocol TCP -LocalPort 443 -RemoteAddress {joined} -Action Allow"
        ),
        "# IIS IP and Domain Restrictions (appcmd, for the ConnectWise site):".to_string(),
    ]
    .into_iter()
    .chain(ips.iter().map(|ip| {
        format!(
            "%windir%\\system32\\inetsrv\\appcmd.exe set config -section:system.webServer/security/ipSecurity /+\"[ipAddress='{ip}',allowed='True']\" /commit:apphost"
        )
    }))
    .collect()
}

impl Step for AllowListStep {
    fn section(&self) -> &'static str {
        "allow_list"
    }

    /// Enter goes on.
    fn key_command(
        &self,
        intent: Intent,
        _: &Setup,
        _: Option<&MergedTemplate>,
    ) -> Option<Command> {
        (intent == Intent::Submit).then_some(Command::Next)
    }

    fn bindings(&self, _: &Setup, _: bool) -> Vec<Binding> {
        vec![
            keymap::UP,
            keymap::DOWN,
            keymap::ENTER_NEXT,
            keymap::NEXT_STEP,
            keymap::PREV_STEP,
        ]
    }

    fn on_intent(&mut self, intent: Intent, _ctx: &mut Ctx) -> Flow {
        match intent {
            Intent::Up => self.scroll = self.scroll.saturating_sub(1),
            Intent::Down => self.scroll = self.scroll.saturating_add(1),
            Intent::Submit | Intent::NextStep => return Flow::go(Go::Next),
            Intent::PrevStep => return Flow::go(Go::Prev),
            _ => {}
        }
        Flow::none()
    }
}
