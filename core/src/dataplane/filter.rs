//! Filters: security groups (stateful, allow-only, per ENI; R3.x) and network ACLs (stateless, ordered, per
//! subnet; R4.x). Both evaluate a packet against rules; connection tracking lives in `conntrack.rs`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;
use ipnet::IpNet;

use super::compile::Compiled;
use crate::model::*;
use crate::packet::{Header, RuleProtocol};
use crate::trace::{RuleKind, RuleRef, Text};

/// Which way a packet crosses a filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    Ingress,
    Egress,
}

/// The SG rule that admitted a packet and whether the flow is tracked (R3.9).
pub(crate) struct SgMatch {
    pub rule: RuleRef,
    pub tracked: bool,
}

/// R3.6: TCP/UDP match on the destination port range; ICMP on type (`FromPort`) and code (`ToPort`), -1 = any.
fn ports_match(from: Option<i32>, to: Option<i32>, h: &Header) -> bool {
    let any = |v: Option<i32>| v.is_none() || v == Some(-1);
    if h.protocol.has_ports() {
        any(from) && any(to) || {
            let p = i32::from(h.dst_port);
            from.unwrap_or(0) <= p && p <= to.unwrap_or(65535)
        }
    } else if h.protocol.is_icmp() {
        let (ty, code) = h.icmp.map(|(t, c)| (i32::from(t), i32::from(c))).unwrap_or((8, 0));
        (any(from) || from == Some(ty)) && (any(to) || to == Some(code))
    } else {
        true
    }
}

fn is_all(net: &IpNet) -> bool {
    net.prefix_len() == 0
}

fn peer_matches(c: &Compiled, owner: usize, peer: &RulePeer, ip: IpAddr, references: bool) -> bool {
    match peer {
        RulePeer::CidrIpv4(n) => IpNet::V4(*n).contains(&ip),
        RulePeer::CidrIpv6(n) => IpNet::V6(*n).contains(&ip),
        RulePeer::PrefixListId(pl) => c.prefix_lists.get(pl).is_some_and(|v| v.iter().any(|n| n.contains(&ip))),
        // R3.7: a reference matches the private IPs of ENIs carrying the group, never public IPs (S11), and
        // only where it can be honoured (same VPC or an active same-Region peering, R7.8).
        RulePeer::ReferencedGroupId(g) => {
            references
                && c.sg.get(g).is_some_and(|&j| c.sg_references.contains(&(owner, j)))
                && c.sg_members.get(g).is_some_and(|v| v.contains(&ip))
        }
    }
}

fn peer_text(peer: &RulePeer) -> String {
    match peer {
        RulePeer::CidrIpv4(n) => format!("{n}"),
        RulePeer::CidrIpv6(n) => format!("{n}"),
        RulePeer::PrefixListId(p) | RulePeer::ReferencedGroupId(p) => p.clone(),
    }
}

fn ports_text(proto: RuleProtocol, from: Option<i32>, to: Option<i32>) -> String {
    match (proto, from, to) {
        (RuleProtocol::All, _, _) | (_, None, _) | (_, Some(-1), _) => String::from("all"),
        (RuleProtocol::One(p), Some(f), Some(t)) if p.is_icmp() => format!("type {f} code {t}"),
        (_, Some(f), Some(t)) if f == t => format!("{f}"),
        (_, Some(f), Some(t)) => format!("{f}-{t}"),
        (_, Some(f), None) => format!("{f}"),
    }
}

/// R3.9: "allow all traffic to/from 0.0.0.0/0 (::/0)", the rule that makes the opposite direction untracked.
fn allows_everything(rule: &SecurityGroupRule) -> bool {
    rule.ip_protocol == RuleProtocol::All
        && match &rule.peer {
            RulePeer::CidrIpv4(n) => is_all(&IpNet::V4(*n)),
            RulePeer::CidrIpv6(n) => is_all(&IpNet::V6(*n)),
            _ => false,
        }
}

/// R3.4: the rules of all SGs on an ENI form one set; a packet passes if any rule matches. `groups` are the
/// ENI's SGs as indexes (`Compiled::eni_sgs`); `peer` is the packet's source (ingress) or destination (egress).
pub(crate) fn security_groups(
    t: &Topology,
    c: &Compiled,
    groups: &[usize],
    dir: Direction,
    peer: IpAddr,
    h: &Header,
    references: bool,
) -> Option<SgMatch> {
    let sgs = || groups.iter().filter_map(|&i| t.security_groups.get(i));
    fn rules(sg: &SecurityGroup, d: Direction) -> &[SecurityGroupRule] {
        match d {
            Direction::Ingress => &sg.ip_permissions,
            Direction::Egress => &sg.ip_permissions_egress,
        }
    }
    let opposite = match dir {
        Direction::Ingress => Direction::Egress,
        Direction::Egress => Direction::Ingress,
    };
    for (g, sg) in groups.iter().filter_map(|&i| Some((i, t.security_groups.get(i)?))) {
        for (i, rule) in rules(sg, dir).iter().enumerate() {
            if !rule.ip_protocol.matches(h.protocol)
                || !ports_match(rule.from_port, rule.to_port, h)
                || !peer_matches(c, g, &rule.peer, peer, references)
            {
                continue;
            }
            // R3.9: TCP/UDP admitted by a 0.0.0.0/0 (::/0) rule, with allow-all in the other direction, is
            // untracked; everything else — and ICMP always — is tracked.
            let wide = matches!(&rule.peer, RulePeer::CidrIpv4(n) if n.prefix_len() == 0)
                || matches!(&rule.peer, RulePeer::CidrIpv6(n) if n.prefix_len() == 0);
            let untracked =
                h.protocol.has_ports() && wide && sgs().any(|g| rules(g, opposite).iter().any(allows_everything));
            let texts = c.sg_rules.get(g).map(|(inb, out)| if dir == Direction::Ingress { inb } else { out });
            let rule = texts.and_then(|v| v.get(i)).cloned().unwrap_or_else(|| sg_rule_ref(sg, i, rule, dir));
            return Some(SgMatch { rule, tracked: !untracked });
        }
    }
    None // R3.1: rules only allow; what none allows is denied
}

/// The verdict of a NACL and the entry that decided it.
pub(crate) struct NaclDecision {
    pub allow: bool,
    pub rule: RuleRef,
}

fn nacl_entry_matches(e: &NetworkAclEntry, peer: IpAddr, h: &Header) -> bool {
    if !e.protocol.matches(h.protocol) || !e.cidr_block.contains(&peer) {
        return false; // R4.7: an IPv4 CIDR never contains an IPv6 address
    }
    if h.protocol.has_ports() {
        if let Some(r) = e.port_range {
            return r.from <= h.dst_port && h.dst_port <= r.to;
        }
    }
    if h.protocol.is_icmp() {
        if let Some(tc) = e.icmp_type_code {
            let (ty, code) = h.icmp.map(|(a, b)| (i16::from(a), i16::from(b))).unwrap_or((8, 0));
            return (tc.r#type == -1 || tc.r#type == ty) && (tc.code == -1 || tc.code == code);
        }
    }
    true
}

/// R4.2: entries in rule-number order, first match decides; the `*` rule denies the rest. `peer` is the
/// destination (outbound) or source (inbound); ports are the packet's destination port (R4.8).
pub(crate) fn network_acl(
    c: &Compiled,
    acl_i: usize,
    acl: &NetworkAcl,
    dir: Direction,
    peer: IpAddr,
    h: &Header,
) -> NaclDecision {
    let egress = dir == Direction::Egress;
    let order = c.nacl_order.get(acl_i).map(Vec::as_slice).unwrap_or(&[]);
    let first = order
        .iter()
        .find(|&&i| acl.entries.get(i).is_some_and(|e| e.egress == egress && nacl_entry_matches(e, peer, h)));
    let rule = first.and_then(|&i| Some((acl.entries.get(i)?, c.nacl_rules.get(acl_i)?.get(i)?.clone())));
    match rule {
        Some((e, rule)) => NaclDecision { allow: e.rule_action == RuleAction::Allow, rule },
        None => NaclDecision {
            allow: false,
            rule: RuleRef {
                kind: RuleKind::NetworkAclEntry,
                owner: Text::from(&acl.network_acl_id),
                key: Text::lit("*"),
                text: Text::lit("* DENY all").into(),
            },
        },
    }
}

/// A NACL entry as a trace shows it: `100 ALLOW tcp 443 0.0.0.0/0`.
pub(crate) fn nacl_entry_rule(acl: &NetworkAcl, e: &NetworkAclEntry) -> RuleRef {
    let ports = match (e.port_range, e.icmp_type_code) {
        (Some(r), _) if r.from == r.to => format!(" {}", r.from),
        (Some(r), _) => format!(" {}-{}", r.from, r.to),
        (None, Some(tc)) => format!(" type {} code {}", tc.r#type, tc.code),
        _ => String::new(),
    };
    let verb = if e.rule_action == RuleAction::Allow { "ALLOW" } else { "DENY" };
    RuleRef {
        kind: RuleKind::NetworkAclEntry,
        owner: Text::from(&acl.network_acl_id),
        key: format!("{}", e.rule_number).into(),
        text: format!("{} {verb} {}{ports} {}", e.rule_number, e.protocol, e.cidr_block).into(),
    }
}

/// An SG rule as a trace shows it: `allow tcp 443 from 0.0.0.0/0`.
pub(crate) fn sg_rule_ref(sg: &SecurityGroup, i: usize, rule: &SecurityGroupRule, dir: Direction) -> RuleRef {
    let (side, word) = if dir == Direction::Ingress { ("ingress", "from") } else { ("egress", "to") };
    let what = match rule.ip_protocol {
        RuleProtocol::All => String::from("all traffic"),
        p => format!("{p} {}", ports_text(p, rule.from_port, rule.to_port)),
    };
    RuleRef {
        kind: RuleKind::SecurityGroupRule,
        owner: Text::from(&sg.group_id),
        key: format!("{side}#{i}").into(),
        text: format!("allow {what} {word} {}", peer_text(&rule.peer)).into(),
    }
}
