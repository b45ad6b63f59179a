//! Transit gateway forwarding (R8.x): attachments, route tables, association and propagation.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use ipnet::IpNet;

use super::forward::{Step, Via, Walk};
use crate::model::*;
use crate::packet::Header;
use crate::trace::{Action, ComponentKind, PacketText, RuleKind, RuleRef, Text};

/// R8.9: packets over 8500 bytes are dropped, and no ICMP "fragmentation needed" comes back.
const TGW_MTU: u16 = 8500;

struct TgwRoute {
    dest: IpNet,
    attachment: Option<String>,
    blackhole: bool,
    propagated: bool,
}

/// The routes of a TGW route table: static routes plus what its propagating attachments bring (R8.2).
/// R8.7: a VPC CIDR identical to or overlapping one propagated earlier is not propagated.
fn routes(t: &Topology, rt: &TransitGatewayRouteTable) -> Vec<TgwRoute> {
    let mut out: Vec<TgwRoute> = rt
        .routes
        .iter()
        .map(|r| TgwRoute {
            dest: r.destination_cidr_block.trunc(),
            attachment: r.transit_gateway_attachment_id.clone(),
            blackhole: r.blackhole,
            propagated: false,
        })
        .collect();
    for att_id in &rt.propagations {
        let Some(att) = t.transit_gateway_attachments.iter().find(|a| &a.transit_gateway_attachment_id == att_id)
        else {
            continue;
        };
        let prefixes: Vec<IpNet> = match att.resource_type {
            AttachmentResourceType::Vpc => t
                .vpcs
                .iter()
                .filter(|v| v.vpc_id == att.resource_id)
                .flat_map(|v| {
                    v.cidr_blocks.iter().map(|n| IpNet::V4(*n)).chain(v.ipv6_cidr_blocks.iter().map(|n| IpNet::V6(*n)))
                })
                .collect(),
            AttachmentResourceType::Vpn => t
                .vpn_connections
                .iter()
                .filter(|c| c.vpn_connection_id == att.resource_id)
                .flat_map(|c| c.advertised_routes.iter().chain(c.routes.iter()).copied())
                .collect(),
            // R8.1: a peering attachment propagates nothing — static routes only across a TGW peering.
            AttachmentResourceType::Peering => Vec::new(),
            _ => Vec::new(),
        };
        for p in prefixes {
            let overlaps = out.iter().any(|r| r.propagated && (r.dest.contains(&p) || p.contains(&r.dest)));
            if !overlaps {
                out.push(TgwRoute {
                    dest: p,
                    attachment: Some(att.transit_gateway_attachment_id.clone()),
                    blackhole: false,
                    propagated: true,
                });
            }
        }
    }
    out
}

/// R8.4: longest prefix; at equal prefix, static before propagated.
fn lookup(routes: &[TgwRoute], dst: core::net::IpAddr) -> Option<&TgwRoute> {
    routes.iter().filter(|r| r.dest.contains(&dst)).max_by_key(|r| (r.dest.prefix_len(), !r.propagated))
}

pub(crate) fn enter_from_vpc(w: &mut Walk, vpc_i: usize, subnet_i: usize, target: &str, h: Header, via: Via) -> Step {
    let t = w.t;
    let vpc_id = t.vpcs.get(vpc_i).map(|v| v.vpc_id.as_str()).unwrap_or("");
    let Some(att) = t.transit_gateway_attachments.iter().find(|a| {
        a.transit_gateway_id == target && a.resource_type == AttachmentResourceType::Vpc && a.resource_id == vpc_id
    }) else {
        return Err(Reason::BadStateRoute); // a route to a TGW this VPC is not attached to
    };
    let att_id = att.transit_gateway_attachment_id.clone();
    if att.state != "available" {
        w.record(
            ComponentKind::TransitGatewayAttachment,
            &att_id,
            Action::Dropped,
            format!("attachment is {}", att.state),
            &h,
        );
        return Err(Reason::BadStateAttachment); // R8.12
    }
    if via == Via::Peering {
        return Err(Reason::PeeringEdgeToEdge);
    }
    // R8.6: the source AZ must have an attachment subnet.
    let az = t.subnets.get(subnet_i).map(|s| s.availability_zone.clone()).unwrap_or_default();
    let att_subnet = att
        .subnet_ids
        .iter()
        .filter_map(|s| w.c.subnet.get(s).copied())
        .find(|&s| t.subnets.get(s).is_some_and(|x| x.availability_zone == az));
    let Some(att_subnet) = att_subnet else {
        w.record(
            ComponentKind::TransitGatewayAttachment,
            &att_id,
            Action::Dropped,
            format!("no attachment subnet in {az}"),
            &h,
        );
        return Err(Reason::TgwNoAttachmentInAz);
    };
    // R4.13: the attachment subnet's NACL checks instance→TGW traffic inbound when the subnets differ.
    if att_subnet != subnet_i {
        w.nacl(att_subnet, super::filter::Direction::Ingress, &h, None)?;
    }
    w.record(
        ComponentKind::TransitGatewayAttachment,
        &att_id,
        Action::Forwarded,
        format!("{vpc_id} attachment in {az}"),
        &h,
    );
    into_tgw(w, target, att, h, &az)
}

fn into_tgw(w: &mut Walk, tgw_id: &str, from: &TransitGatewayAttachment, h: Header, az: &str) -> Step {
    let t = w.t;
    w.spend()?;
    w.always_tracked = true; // R3.9
    if h.length > TGW_MTU {
        w.record(
            ComponentKind::TransitGateway,
            tgw_id,
            Action::Dropped,
            format!("{} bytes > MTU {TGW_MTU}", h.length),
            &h,
        );
        return Err(Reason::MtuExceededDf); // R8.9, B03
    }
    let tgw = t.transit_gateways.iter().find(|g| g.transit_gateway_id == tgw_id);
    let rt_id = from
        .association_route_table_id
        .clone()
        .or_else(|| tgw.and_then(|g| g.association_default_route_table_id.clone()));
    let Some(rt) = rt_id
        .as_ref()
        .and_then(|id| t.transit_gateway_route_tables.iter().find(|r| &r.transit_gateway_route_table_id == id))
    else {
        w.record(
            ComponentKind::TransitGateway,
            tgw_id,
            Action::Dropped,
            String::from("attachment has no associated route table"),
            &h,
        );
        return Err(Reason::TgwRtbNoRouteToTgwAttachment);
    };
    let routes = routes(t, rt);
    let rt_name = rt.transit_gateway_route_table_id.clone();
    let Some(r) = lookup(&routes, h.dst) else {
        w.record(
            ComponentKind::TransitGatewayRouteTable,
            &rt_name,
            Action::Dropped,
            format!("no route covers {}", h.dst),
            &h,
        );
        return Err(Reason::TgwRtbNoRouteToTgwAttachment);
    };
    let text = format!(
        "{} → {}{}",
        r.dest,
        r.attachment.as_deref().unwrap_or("blackhole"),
        if r.propagated { " (propagated)" } else { "" }
    );
    let rule = RuleRef {
        kind: RuleKind::TransitGatewayRoute,
        owner: rt_name.as_str().into(),
        key: format!("{}", r.dest).into(),
        text: text.into(),
    };
    if r.blackhole || r.attachment.is_none() {
        w.record_rule(ComponentKind::TransitGatewayRouteTable, &rt_name, Action::Dropped, rule, &h);
        return Err(Reason::TgwRtbCannotRoute); // R8.5, S16
    }
    w.record_rule(ComponentKind::TransitGatewayRouteTable, &rt_name, Action::Routed, rule, &h);
    let Some(out) = r.attachment.as_ref().and_then(|id| attachment(t, id, tgw_id)) else {
        return Err(Reason::BadStateAttachment);
    };
    if out.state != "available" {
        let id = out.transit_gateway_attachment_id.clone();
        w.record(
            ComponentKind::TransitGatewayAttachment,
            &id,
            Action::Dropped,
            format!("attachment is {}", out.state),
            &h,
        );
        return Err(Reason::BadStateAttachment); // R8.12
    }
    match out.resource_type {
        AttachmentResourceType::Peering => across_peering(w, tgw_id, out, h, az),
        AttachmentResourceType::Vpc => out_to_vpc(w, out, h, az),
        AttachmentResourceType::Vpn => {
            let Some(vpn) = t.vpn_connections.iter().find(|c| c.vpn_connection_id == out.resource_id) else {
                return Err(Reason::BadStateVpn);
            };
            w.vpn_out(vpn, h)
        }
        _ => Err(Reason::CannotRoute),
    }
}

/// An attachment by id, as seen from `tgw_id`: a peering attachment has one id and a side on each TGW (each with
/// its own association), so the side of this TGW comes first.
fn attachment<'t>(t: &'t Topology, id: &str, tgw_id: &str) -> Option<&'t TransitGatewayAttachment> {
    let mut same_id = t.transit_gateway_attachments.iter().filter(|a| a.transit_gateway_attachment_id == id);
    let first = same_id.clone().next();
    same_id.find(|a| a.transit_gateway_id == tgw_id).or(first)
}

/// R8.1: across a TGW peering attachment to the peer TGW (same or another Region), where the peer's side of the
/// attachment decides the route table (its own association, R8.2); R8.9: MTU 8500 across the peering too.
fn across_peering(w: &mut Walk, tgw_id: &str, out: &TransitGatewayAttachment, h: Header, az: &str) -> Step {
    let t = w.t;
    let id = out.transit_gateway_attachment_id.clone();
    let peer_tgw = out.resource_id.as_str();
    let region = |g: &str| t.transit_gateways.iter().find(|x| x.transit_gateway_id == g).map(|x| x.region.as_str());
    let (here, there) = (region(tgw_id).unwrap_or(""), region(peer_tgw).unwrap_or(""));
    let Some(peer_side) = t
        .transit_gateway_attachments
        .iter()
        .find(|a| a.transit_gateway_attachment_id == id && a.transit_gateway_id == peer_tgw)
    else {
        let text = format!("{peer_tgw}'s side of the peering is not in the topology");
        w.record(ComponentKind::TransitGatewayAttachment, &id, Action::Dropped, text, &h);
        return Err(Reason::BadStateAttachment);
    };
    if peer_side.state != "available" {
        let text = format!("peering attachment is {} on {peer_tgw}", peer_side.state);
        w.record(ComponentKind::TransitGatewayAttachment, &id, Action::Dropped, text, &h);
        return Err(Reason::BadStateAttachment); // R8.1: a peering must be accepted
    }
    let text = if here != there && !here.is_empty() && !there.is_empty() {
        format!("peering {tgw_id} ({here}) → {peer_tgw} ({there})")
    } else {
        format!("peering {tgw_id} → {peer_tgw}")
    };
    w.record(ComponentKind::TransitGatewayAttachment, &id, Action::Forwarded, text, &h);
    into_tgw(w, peer_tgw, peer_side, h, az)
}

/// Out of the TGW into a VPC: through the attachment subnet in the same AZ if there is one (R8.8), whose route
/// table must route the destination (R8.6).
fn out_to_vpc(w: &mut Walk, att: &TransitGatewayAttachment, h: Header, az: &str) -> Step {
    let t = w.t;
    let subnets: Vec<usize> = att.subnet_ids.iter().filter_map(|s| w.c.subnet.get(s).copied()).collect();
    let same_az = subnets.iter().copied().find(|&s| t.subnets.get(s).is_some_and(|x| x.availability_zone == az));
    // R8.8: with appliance mode one ENI per flow, chosen by a symmetric flow hash, serves both directions;
    // without it the TGW stays in the AZ the packet entered (or the first AZ when there is none).
    let chosen = if att.appliance_mode_support && !subnets.is_empty() {
        subnets.get(flow_hash(&h) % subnets.len()).copied()
    } else {
        same_az.or_else(|| subnets.first().copied())
    };
    let Some(subnet_i) = chosen else {
        return Err(Reason::BadStateAttachment);
    };
    let id = att.transit_gateway_attachment_id.clone();
    w.record(ComponentKind::TransitGatewayAttachment, &id, Action::Forwarded, format!("into {}", att.resource_id), &h);
    w.leave_subnet(subnet_i, h, Via::TransitGateway, None)
}

use crate::trace::Reason;

/// The same number for a flow in both directions (FNV-1a over the sorted endpoints).
fn flow_hash(h: &Header) -> usize {
    let (a, b) = ((h.src, h.src_port), (h.dst, h.dst_port));
    let (lo, hi) = (a.min(b), a.max(b));
    let text = format!("{}:{}-{}:{}/{}", lo.0, lo.1, hi.0, hi.1, h.protocol.0);
    let mut x: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        x ^= u64::from(byte);
        x = x.wrapping_mul(0x0100_0000_01b3);
    }
    x as usize
}

impl Walk<'_, '_> {
    pub(crate) fn record(
        &mut self,
        kind: ComponentKind,
        id: &str,
        action: Action,
        text: impl Into<PacketText>,
        h: &Header,
    ) {
        let rule = RuleRef { kind: RuleKind::Check, owner: id.into(), key: Text::default(), text: text.into() };
        self.record_rule(kind, id, action, rule, h);
    }

    pub(crate) fn record_rule(&mut self, kind: ComponentKind, id: &str, action: Action, rule: RuleRef, h: &Header) {
        let seq = self.hops.len() as u32;
        self.hops.push(crate::trace::Hop {
            seq,
            component: crate::trace::Component { kind, id: id.into(), name: None },
            action,
            rule: Some(rule),
            header_in: *h,
            header_out: *h,
            az: None,
            underlay: None,
        });
    }
}
