//! A security group: inbound and outbound rules (revoke any), a new rule with protocol, ports and a CIDR or
//! a referenced group (R3.7), and the rule a hop's trace named highlighted (`ingress#2`).

use vpc_core::edit::Edit;
use vpc_core::model::{RulePeer, SecurityGroupRule};
use vpc_core::packet::{Protocol, RuleProtocol};
use yew::prelude::*;

use super::form::{field, not_a};
use crate::i18n::t;
use crate::state::{Action, Store};

fn peer_text(p: &RulePeer) -> String {
    match p {
        RulePeer::CidrIpv4(c) => c.to_string(),
        RulePeer::CidrIpv6(c) => c.to_string(),
        RulePeer::PrefixListId(x) | RulePeer::ReferencedGroupId(x) => x.clone(),
    }
}

pub fn rule_text(r: &SecurityGroupRule) -> String {
    let ports = match (r.ip_protocol, r.from_port, r.to_port) {
        (RuleProtocol::All, _, _) => String::from("all"),
        (_, Some(a), Some(b)) if a == b => a.to_string(),
        (_, Some(a), Some(b)) => format!("{a}-{b}"),
        _ => String::from("all"),
    };
    format!("{} {ports} {}", r.ip_protocol, peer_text(&r.peer))
}

/// Builds a rule from the form's text fields, or says which field is wrong.
fn parse_rule(group: &str, protocol: &str, from: &str, to: &str, peer: &str) -> Result<SecurityGroupRule, String> {
    let ip_protocol = match protocol {
        "-1" | "all" => RuleProtocol::All,
        p => {
            RuleProtocol::One(Protocol::parse(p).ok_or_else(|| not_a(group, "IpProtocol", p, "tcp, udp, icmp or -1"))?)
        }
    };
    let port = |field: &str, v: &str| v.parse::<i32>().map_err(|_| not_a(group, field, v, "a port number"));
    let (from_port, to_port) = match ip_protocol {
        RuleProtocol::All => (None, None),
        RuleProtocol::One(Protocol::ICMP) => (
            Some(if from.is_empty() { -1 } else { port("FromPort", from)? }),
            Some(if to.is_empty() { -1 } else { port("ToPort", to)? }),
        ),
        RuleProtocol::One(_) => {
            let a = port("FromPort", from)?;
            (Some(a), Some(if to.is_empty() { a } else { port("ToPort", to)? }))
        }
    };
    let peer = if peer.starts_with("sg-") {
        RulePeer::ReferencedGroupId(peer.to_string())
    } else if peer.starts_with("pl-") {
        RulePeer::PrefixListId(peer.to_string())
    } else if let Ok(c) = peer.parse() {
        RulePeer::CidrIpv4(c)
    } else if let Ok(c) = peer.parse() {
        RulePeer::CidrIpv6(c)
    } else {
        return Err(not_a(group, "CidrIp", peer, "a CIDR, a security group id or a prefix list id"));
    };
    Ok(SecurityGroupRule { security_group_rule_id: None, ip_protocol, from_port, to_port, peer, description: None })
}

pub fn view(store: &Store, id: &str) -> Html {
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let Some(g) = topo.security_groups.iter().find(|g| g.group_id == id) else { return html! {} };
    let d = store.dispatcher();
    let highlight = (store.selected.as_deref() == Some(id)).then(|| store.highlight.clone()).flatten();
    let on_add = {
        let id = id.to_string();
        d.to_callback().reform(move |e: MouseEvent| {
            let rule =
                parse_rule(&id, &field(&e, "protocol"), &field(&e, "from"), &field(&e, "to"), &field(&e, "peer"));
            match (rule, field(&e, "direction").as_str()) {
                (Ok(rule), "egress") => Action::Edit(Edit::AuthorizeSecurityGroupEgress { group_id: id.clone(), rule }),
                (Ok(rule), _) => Action::Edit(Edit::AuthorizeSecurityGroupIngress { group_id: id.clone(), rule }),
                (Err(e), _) => Action::Error(Some(e)),
            }
        })
    };
    let line = |side: &'static str, i: usize, r: &SecurityGroupRule| {
        let key = format!("{side}#{i}");
        let (group_id, rule) = (g.group_id.clone(), r.clone());
        let revoke = d.to_callback().reform(move |_: MouseEvent| {
            let (group_id, rule) = (group_id.clone(), rule.clone());
            Action::Edit(if side == "egress" {
                Edit::RevokeSecurityGroupEgress { group_id, rule }
            } else {
                Edit::RevokeSecurityGroupIngress { group_id, rule }
            })
        });
        let arrow = if side == "egress" { t(lang, "outbound") } else { t(lang, "inbound") };
        let class = classes!((highlight.as_deref() == Some(key.as_str())).then_some("highlight"));
        html! {
            <li class={class} data-rule-key={key}>{ format!("{arrow} {}", rule_text(r)) }
                <button class="small" title={t(lang, "delete")} onclick={revoke}>{ "×" }</button>
            </li>
        }
    };
    html! {
        <div class="editor" key={format!("sg-{id}")} data-testid="sg-editor">
            <h4>{ t(lang, "security_group") }{ format!(" — {} ({})", g.group_id, g.group_name) }</h4>
            <ul class="mono" data-testid="sg-rules">
                { for g.ip_permissions.iter().enumerate().map(|(i, r)| line("ingress", i, r)) }
                { for g.ip_permissions_egress.iter().enumerate().map(|(i, r)| line("egress", i, r)) }
            </ul>
            <div class="add-rule form">
                <select name="direction" data-testid="sg-direction">
                    <option value="ingress" selected=true>{ t(lang, "inbound") }</option>
                    <option value="egress">{ t(lang, "outbound") }</option>
                </select>
                <select name="protocol" data-testid="sg-protocol">
                    { for ["tcp", "udp", "icmp", "-1"].iter().map(|x| html! { <option value={*x}>{ *x }</option> }) }
                </select>
                <input name="from" data-testid="sg-from" placeholder={t(lang, "from_port")} size="5" />
                <input name="to" data-testid="sg-to" placeholder={t(lang, "to_port")} size="5" />
                <input name="peer" data-testid="sg-peer" placeholder="0.0.0.0/0 | sg-…" size="14" />
                <button data-testid="sg-add" onclick={on_add}>{ t(lang, "add_rule") }</button>
            </div>
        </div>
    }
}
