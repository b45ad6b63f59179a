//! A network ACL: its numbered entries in evaluation order, inbound and outbound apart, the implicit `*`
//! deny last (R4.2); add or delete entries; the rule a hop's trace named highlighted.

use vpc_core::edit::Edit;
use vpc_core::model::{IcmpTypeCode, NetworkAclEntry, PortRange, RuleAction};
use vpc_core::packet::{Protocol, RuleProtocol};
use yew::prelude::*;

use super::form::{field, not_a};
use crate::i18n::t;
use crate::state::{Action, Store};

pub fn entry_text(e: &NetworkAclEntry) -> String {
    let action = if e.rule_action == RuleAction::Allow { "ALLOW" } else { "DENY" };
    let ports = e.port_range.map(|p| format!(" {}-{}", p.from, p.to)).unwrap_or_default();
    format!("{} {action} {} {}{ports}", e.rule_number, e.protocol, e.cidr_block)
}

struct Fields {
    egress: bool,
    number: String,
    allow: bool,
    protocol: String,
    cidr: String,
    from: String,
    to: String,
}

fn parse_entry(acl: &str, f: &Fields) -> Result<NetworkAclEntry, String> {
    let rule_number =
        f.number.parse().map_err(|_| not_a(acl, "RuleNumber", &f.number, "a number from 1 to 32766 (R4.1)"))?;
    let protocol = match f.protocol.as_str() {
        "-1" | "all" => RuleProtocol::All,
        p => RuleProtocol::One(Protocol::parse(p).ok_or_else(|| not_a(acl, "Protocol", p, "tcp, udp, icmp or -1"))?),
    };
    let cidr_block = f.cidr.parse().map_err(|_| not_a(acl, "CidrBlock", &f.cidr, "a CIDR"))?;
    let port = |field: &str, v: &str| v.parse::<u16>().map_err(|_| not_a(acl, field, v, "a port number"));
    let (port_range, icmp_type_code) = match protocol {
        RuleProtocol::One(Protocol::TCP | Protocol::UDP) => {
            let from = port("PortRange.From", &f.from)?;
            let to = if f.to.is_empty() { from } else { port("PortRange.To", &f.to)? };
            (Some(PortRange { from, to }), None)
        }
        RuleProtocol::One(Protocol::ICMP) => (None, Some(IcmpTypeCode { r#type: -1, code: -1 })),
        _ => (None, None),
    };
    let rule_action = if f.allow { RuleAction::Allow } else { RuleAction::Deny };
    Ok(NetworkAclEntry { rule_number, egress: f.egress, rule_action, protocol, cidr_block, port_range, icmp_type_code })
}

pub fn view(store: &Store, id: &str) -> Html {
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let Some(acl) = topo.network_acls.iter().find(|a| a.network_acl_id == id) else { return html! {} };
    let d = store.dispatcher();
    let highlight = (store.selected.as_deref() == Some(id)).then(|| store.highlight.clone()).flatten();
    let on_add = {
        let id = id.to_string();
        d.to_callback().reform(move |e: MouseEvent| {
            let f = Fields {
                egress: field(&e, "direction") == "egress",
                number: field(&e, "number"),
                allow: field(&e, "action") != "deny",
                protocol: field(&e, "protocol"),
                cidr: field(&e, "cidr"),
                from: field(&e, "from"),
                to: field(&e, "to"),
            };
            match parse_entry(&id, &f) {
                Ok(entry) => Action::Edit(Edit::CreateNetworkAclEntry { network_acl_id: id.clone(), entry }),
                Err(e) => Action::Error(Some(e)),
            }
        })
    };
    let side = |egress: bool| {
        let mut entries: Vec<&NetworkAclEntry> = acl.entries.iter().filter(|e| e.egress == egress).collect();
        entries.sort_by_key(|e| e.rule_number);
        let dir = if egress { "out" } else { "in" };
        let rows = entries.into_iter().map(|e| {
            let (id, n) = (acl.network_acl_id.clone(), e.rule_number);
            let del = d.to_callback().reform(move |_: MouseEvent| {
                Action::Edit(Edit::DeleteNetworkAclEntry { network_acl_id: id.clone(), egress, rule_number: n })
            });
            let class = classes!((highlight.as_deref() == Some(n.to_string().as_str())).then_some("highlight"));
            html! {
                <li class={class} data-entry={format!("{dir}-{n}")}>{ entry_text(e) }
                    <button class="small" title={t(lang, "delete")} onclick={del}>{ "×" }</button>
                </li>
            }
        });
        let star = classes!((highlight.as_deref() == Some("*")).then_some("highlight"));
        html! {
            <>
                <li class="sub-head">{ if egress { t(lang, "outbound") } else { t(lang, "inbound") } }</li>
                { for rows }
                <li class={star}>{ "* DENY all 0.0.0.0/0" }</li>
            </>
        }
    };
    html! {
        <div class="editor" key={format!("acl-{id}")} data-testid="nacl-editor">
            <h4>{ "NACL" }{ format!(" — {}", acl.network_acl_id) }</h4>
            <ul class="mono" data-testid="nacl-entries">{ side(false) }{ side(true) }</ul>
            <div class="add-rule form">
                <select name="direction" data-testid="acl-direction">
                    <option value="ingress" selected=true>{ t(lang, "inbound") }</option>
                    <option value="egress">{ t(lang, "outbound") }</option>
                </select>
                <input name="number" data-testid="acl-number" placeholder="100" size="5" />
                <select name="action" data-testid="acl-action">
                    <option value="allow">{ "ALLOW" }</option>
                    <option value="deny">{ "DENY" }</option>
                </select>
                <select name="protocol" data-testid="acl-protocol">
                    { for ["-1", "tcp", "udp", "icmp"].iter().map(|x| html! { <option value={*x}>{ *x }</option> }) }
                </select>
                <input name="cidr" data-testid="acl-cidr" placeholder="0.0.0.0/0" size="14" />
                <input name="from" data-testid="acl-from" placeholder={t(lang, "from_port")} size="5" />
                <input name="to" data-testid="acl-to" placeholder={t(lang, "to_port")} size="5" />
                <button data-testid="acl-add" onclick={on_add}>{ t(lang, "add_entry") }</button>
            </div>
        </div>
    }
}
