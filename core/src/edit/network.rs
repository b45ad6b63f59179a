//! VPCs, secondary CIDRs and subnets, with the resources AWS creates alongside a VPC.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::net::Ipv6Addr;
use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use super::ids::next_id;
use super::{in_use, not_found, refuse, Applied};
use crate::error::Error;
use crate::model::*;
use crate::packet::RuleProtocol;
use crate::validate::cidr_range_conflict;

pub(super) fn vpc<'a>(t: &'a Topology, vpc_id: &str) -> Result<&'a Vpc, Error> {
    t.vpcs.iter().find(|v| v.vpc_id == vpc_id).ok_or_else(|| not_found(vpc_id, "VpcId"))
}

pub(super) fn subnet<'a>(t: &'a Topology, subnet_id: &str) -> Result<&'a Subnet, Error> {
    t.subnets.iter().find(|s| s.subnet_id == subnet_id).ok_or_else(|| not_found(subnet_id, "SubnetId"))
}

pub(super) fn subnet_mut<'a>(t: &'a mut Topology, subnet_id: &str) -> Result<&'a mut Subnet, Error> {
    t.subnets.iter_mut().find(|s| s.subnet_id == subnet_id).ok_or_else(|| not_found(subnet_id, "SubnetId"))
}

/// R1.4: the API stores CIDRs in canonical form (100.68.0.18/18 → 100.68.0.0/18).
fn canonical(c: Ipv4Net) -> Ipv4Net {
    c.trunc()
}

fn local_route(c: IpNet) -> Route {
    Route {
        destination: RouteDestination::Cidr(c),
        target: String::from("local"),
        state: RouteState::Active,
        origin: RouteOrigin::CreateRouteTable,
    }
}

/// The `local` routes of a VPC, one per CIDR (R2.3).
pub(super) fn local_routes(v: &Vpc) -> Vec<Route> {
    v.cidr_blocks
        .iter()
        .map(|c| local_route(IpNet::V4(*c)))
        .chain(v.ipv6_cidr_blocks.iter().map(|c| local_route(IpNet::V6(*c))))
        .collect()
}

fn all_traffic(peer: RulePeer) -> SecurityGroupRule {
    SecurityGroupRule {
        security_group_rule_id: None,
        ip_protocol: RuleProtocol::All,
        from_port: None,
        to_port: None,
        peer,
        description: None,
    }
}

/// R3.2: a new SG allows all outbound traffic.
pub(super) fn allow_all_egress() -> SecurityGroupRule {
    all_traffic(RulePeer::CidrIpv4(Ipv4Net::default()))
}

fn allow_all_entry(egress: bool) -> NetworkAclEntry {
    NetworkAclEntry {
        rule_number: 100,
        egress,
        rule_action: RuleAction::Allow,
        protocol: RuleProtocol::All,
        cidr_block: IpNet::V4(Ipv4Net::default()),
        port_range: None,
        icmp_type_code: None,
    }
}

pub(super) fn create_vpc(
    t: &mut Topology,
    cidr: Ipv4Net,
    name: &Option<String>,
    region: &Option<String>,
) -> Result<Applied, Error> {
    let cidr = canonical(cidr);
    let vpc_id = next_id(t, "vpc");
    let region = region.clone().or_else(|| t.vpcs.first().map(|v| v.region.clone())).unwrap_or_default();
    let vpc = Vpc {
        vpc_id: vpc_id.clone(),
        name: name.clone(),
        owner_id: t.vpcs.first().map(|v| v.owner_id.clone()).unwrap_or_default(),
        region,
        cidr_blocks: vec![cidr],
        ipv6_cidr_blocks: Vec::new(),
        enable_dns_support: true,
        enable_dns_hostnames: false,
        is_default: false,
    };
    let routes = local_routes(&vpc);
    t.vpcs.push(vpc);
    // R2.1: the main route table starts with only the local route (R2.3).
    let rtb = next_id(t, "rtb");
    t.route_tables.push(RouteTable {
        route_table_id: rtb.clone(),
        name: None,
        vpc_id: vpc_id.clone(),
        main: true,
        associations: Vec::new(),
        gateway_associations: Vec::new(),
        propagating_vgws: Vec::new(),
        routes,
    });
    // R4.3: the default NACL allows everything with rule 100 in each direction.
    let acl = next_id(t, "acl");
    t.network_acls.push(NetworkAcl {
        network_acl_id: acl.clone(),
        name: None,
        vpc_id: vpc_id.clone(),
        is_default: true,
        associations: Vec::new(),
        entries: vec![allow_all_entry(false), allow_all_entry(true)],
    });
    // R3.3: the default SG lets its own members in and everything out.
    let sg = next_id(t, "sg");
    t.security_groups.push(SecurityGroup {
        group_id: sg.clone(),
        group_name: String::from("default"),
        vpc_id: vpc_id.clone(),
        owner_id: String::new(),
        ip_permissions: vec![all_traffic(RulePeer::ReferencedGroupId(sg.clone()))],
        ip_permissions_egress: vec![allow_all_egress()],
    });
    Ok(Applied::created(vec![vpc_id, rtb, acl, sg]))
}

pub(super) fn associate_cidr(t: &mut Topology, vpc_id: &str, cidr: Ipv4Net) -> Result<Applied, Error> {
    let cidr = canonical(cidr);
    let v = vpc(t, vpc_id)?.clone();
    // R1.5: the default quota is 5 IPv4 CIDRs per VPC.
    if v.cidr_blocks.len() >= 5 {
        return Err(refuse(vpc_id, "CidrBlock", "R1.5", format!("{vpc_id} already has 5 IPv4 CIDRs (quota)")));
    }
    if let Some(msg) = cidr_range_conflict(&v.cidr_blocks, cidr) {
        return Err(refuse(vpc_id, "CidrBlock", "R1.5", msg));
    }
    // R1.5: not equal to or larger than any existing route destination of the VPC's tables.
    for rt in t.route_tables.iter().filter(|r| r.vpc_id == vpc_id) {
        for r in &rt.routes {
            if let RouteDestination::Cidr(IpNet::V4(d)) = r.destination {
                if r.target != "local" && cidr.contains(&d) {
                    return Err(refuse(
                        vpc_id,
                        "CidrBlock",
                        "R1.5",
                        format!("{cidr} is equal to or larger than the route {d} in {}", rt.route_table_id),
                    ));
                }
            }
        }
    }
    for p in &t.vpc_peering_connections {
        let peer = if p.requester_vpc_id == vpc_id {
            Some(&p.accepter_vpc_id)
        } else if p.accepter_vpc_id == vpc_id {
            Some(&p.requester_vpc_id)
        } else {
            None
        };
        let Some(peer) = peer else { continue };
        // R1.5: the requester of a pending peering cannot add CIDRs.
        if p.status == PeeringStatus::PendingAcceptance && p.requester_vpc_id == vpc_id {
            return Err(refuse(
                vpc_id,
                "CidrBlock",
                "R1.5",
                format!("{vpc_id} requested {} which is pending acceptance", p.vpc_peering_connection_id),
            ));
        }
        // R1.5: while active, a new CIDR must not overlap the peer's.
        let clash = t
            .vpcs
            .iter()
            .filter(|x| &x.vpc_id == peer)
            .flat_map(|x| x.cidr_blocks.iter())
            .find(|c| c.contains(&cidr.network()) || cidr.contains(&c.network()));
        if let (Some(c), PeeringStatus::Active) = (clash, p.status) {
            return Err(refuse(
                vpc_id,
                "CidrBlock",
                "R1.5",
                format!("{cidr} overlaps {c} of {peer}, peered through {}", p.vpc_peering_connection_id),
            ));
        }
    }
    // R1.5: the accepter may add an overlapping CIDR to a pending request, which then fails (R7.3).
    for p in t.vpc_peering_connections.iter_mut() {
        if p.accepter_vpc_id == vpc_id && p.status == PeeringStatus::PendingAcceptance {
            let peer_overlaps = t
                .vpcs
                .iter()
                .filter(|x| x.vpc_id == p.requester_vpc_id)
                .flat_map(|x| x.cidr_blocks.iter())
                .any(|c| c.contains(&cidr.network()) || cidr.contains(&c.network()));
            if peer_overlaps {
                p.status = PeeringStatus::Failed;
            }
        }
    }
    if let Some(x) = t.vpcs.iter_mut().find(|x| x.vpc_id == vpc_id) {
        x.cidr_blocks.push(cidr);
    }
    // R1.5: each new block gets its own local route in every table of the VPC.
    for rt in t.route_tables.iter_mut().filter(|r| r.vpc_id == vpc_id) {
        rt.routes.push(local_route(IpNet::V4(cidr)));
    }
    Ok(Applied::default())
}

pub(super) fn delete_vpc(t: &mut Topology, vpc_id: &str) -> Result<Applied, Error> {
    vpc(t, vpc_id)?;
    // DependencyViolation: AWS deletes a VPC only once its subnets, gateways and custom tables are gone.
    let mut users: Vec<String> = Vec::new();
    users.extend(t.subnets.iter().filter(|s| s.vpc_id == vpc_id).map(|s| s.subnet_id.clone()));
    users.extend(
        t.internet_gateways
            .iter()
            .filter(|g| g.vpc_id.as_deref() == Some(vpc_id))
            .map(|g| g.internet_gateway_id.clone()),
    );
    users.extend(
        t.vpn_gateways.iter().filter(|g| g.vpc_id.as_deref() == Some(vpc_id)).map(|g| g.vpn_gateway_id.clone()),
    );
    users.extend(
        t.egress_only_internet_gateways
            .iter()
            .filter(|g| g.vpc_id == vpc_id)
            .map(|g| g.egress_only_internet_gateway_id.clone()),
    );
    users.extend(t.route_tables.iter().filter(|r| r.vpc_id == vpc_id && !r.main).map(|r| r.route_table_id.clone()));
    users.extend(t.vpc_endpoints.iter().filter(|e| e.vpc_id == vpc_id).map(|e| e.vpc_endpoint_id.clone()));
    users.extend(
        t.transit_gateway_attachments
            .iter()
            .filter(|a| a.resource_id == vpc_id)
            .map(|a| a.transit_gateway_attachment_id.clone()),
    );
    users
        .extend(t.security_groups.iter().filter(|g| g.vpc_id == vpc_id && !g.is_default()).map(|g| g.group_id.clone()));
    users.extend(
        t.network_acls.iter().filter(|a| a.vpc_id == vpc_id && !a.is_default).map(|a| a.network_acl_id.clone()),
    );
    if let Some(u) = users.first() {
        return Err(in_use(vpc_id, "VpcId", "DependencyViolation", u));
    }
    t.vpcs.retain(|v| v.vpc_id != vpc_id);
    t.route_tables.retain(|r| r.vpc_id != vpc_id);
    t.network_acls.retain(|a| a.vpc_id != vpc_id);
    t.security_groups.retain(|g| g.vpc_id != vpc_id);
    // Peerings of a deleted VPC end (R7.1: `deleted`).
    for p in t.vpc_peering_connections.iter_mut() {
        if p.requester_vpc_id == vpc_id || p.accepter_vpc_id == vpc_id {
            p.status = PeeringStatus::Deleted;
        }
    }
    Ok(Applied::default())
}

pub(super) fn create_subnet(
    t: &mut Topology,
    vpc_id: &str,
    cidr: Ipv4Net,
    az: &str,
    name: &Option<String>,
) -> Result<Applied, Error> {
    vpc(t, vpc_id)?;
    if az.is_empty() {
        return Err(refuse(vpc_id, "AvailabilityZone", "R1.2", String::from("a subnet lives in exactly one AZ")));
    }
    let id = next_id(t, "subnet");
    // R1.4 canonical form; R1.2 size, containment and overlap are the validator's (SUBNET_*).
    t.subnets.push(Subnet {
        subnet_id: id.clone(),
        name: name.clone(),
        vpc_id: String::from(vpc_id),
        availability_zone: String::from(az),
        cidr_block: canonical(cidr),
        ipv6_cidr_block: None,
        map_public_ip_on_launch: false,
    });
    Ok(Applied::created(vec![id]))
}

pub(super) fn delete_subnet(t: &mut Topology, subnet_id: &str) -> Result<Applied, Error> {
    subnet(t, subnet_id)?;
    // DependencyViolation: ENIs (instances, NAT gateways, endpoints) must go first.
    if let Some(e) = t.network_interfaces.iter().find(|e| e.subnet_id == subnet_id) {
        return Err(in_use(subnet_id, "SubnetId", "DependencyViolation", &e.network_interface_id));
    }
    if let Some(n) = t.nat_gateways.iter().find(|n| n.subnet_id == subnet_id) {
        return Err(in_use(subnet_id, "SubnetId", "DependencyViolation", &n.nat_gateway_id));
    }
    if let Some(a) = t.transit_gateway_attachments.iter().find(|a| a.subnet_ids.iter().any(|s| s == subnet_id)) {
        return Err(in_use(subnet_id, "SubnetId", "DependencyViolation", &a.transit_gateway_attachment_id));
    }
    t.subnets.retain(|s| s.subnet_id != subnet_id);
    for rt in t.route_tables.iter_mut() {
        rt.associations.retain(|s| s != subnet_id);
    }
    for acl in t.network_acls.iter_mut() {
        acl.associations.retain(|s| s != subnet_id);
    }
    Ok(Applied::default())
}

pub(super) fn disassociate_cidr(t: &mut Topology, vpc_id: &str, cidr: Ipv4Net) -> Result<Applied, Error> {
    let v = vpc(t, vpc_id)?;
    let Some(pos) = v.cidr_blocks.iter().position(|c| *c == cidr) else {
        return Err(refuse(vpc_id, "CidrBlock", "NotFound", format!("{cidr} is not a CIDR of {vpc_id}")));
    };
    // R1.5: the primary CIDR cannot be removed.
    if pos == 0 {
        return Err(refuse(vpc_id, "CidrBlock", "R1.5", format!("{cidr} is the primary CIDR of {vpc_id}")));
    }
    if let Some(s) = t.subnets.iter().find(|s| s.vpc_id == vpc_id && cidr.contains(&s.cidr_block)) {
        return Err(in_use(vpc_id, "CidrBlock", "DependencyViolation", &s.subnet_id));
    }
    if let Some(x) = t.vpcs.iter_mut().find(|x| x.vpc_id == vpc_id) {
        x.cidr_blocks.retain(|c| *c != cidr);
    }
    // R2.3: its local route goes with it.
    for rt in t.route_tables.iter_mut().filter(|r| r.vpc_id == vpc_id) {
        rt.routes.retain(|r| !(r.target == "local" && r.destination == RouteDestination::Cidr(IpNet::V4(cidr))));
    }
    Ok(Applied::default())
}

/// R1.6: at most 5 IPv6 blocks per VPC.
const IPV6_BLOCKS_PER_VPC: usize = 5;

pub(super) fn associate_ipv6(t: &mut Topology, vpc_id: &str) -> Result<Applied, Error> {
    let v = vpc(t, vpc_id)?;
    if v.ipv6_cidr_blocks.len() >= IPV6_BLOCKS_PER_VPC {
        return Err(refuse(vpc_id, "Ipv6CidrBlock", "R1.6", format!("{vpc_id} already has 5 IPv6 CIDRs")));
    }
    // R1.6: Amazon picks the /56; a deterministic stand-in from 2600:1f18::/40, the first unused.
    let used: Vec<Ipv6Net> = t.vpcs.iter().flat_map(|v| v.ipv6_cidr_blocks.iter().copied()).collect();
    let Some(block) = (0..=u16::MAX)
        .filter_map(|k| Ipv6Net::new(Ipv6Addr::new(0x2600, 0x1f18, k >> 8, (k & 0xff) << 8, 0, 0, 0, 0), 56).ok())
        .find(|b| !used.contains(b))
    else {
        return Err(refuse(vpc_id, "Ipv6CidrBlock", "R1.6", String::from("no stand-in IPv6 block left")));
    };
    if let Some(x) = t.vpcs.iter_mut().find(|x| x.vpc_id == vpc_id) {
        x.ipv6_cidr_blocks.push(block);
    }
    // R2.3: a local route for the new block in every table.
    for rt in t.route_tables.iter_mut().filter(|r| r.vpc_id == vpc_id) {
        rt.routes.push(local_route(IpNet::V6(block)));
    }
    // R4.3: the default NACL gets rule 101 (all IPv6) in each direction whose rules are still the default.
    let all_v6 = IpNet::V6(Ipv6Net::default());
    for acl in t.network_acls.iter_mut().filter(|a| a.vpc_id == vpc_id && a.is_default) {
        for egress in [false, true] {
            let rules: Vec<&NetworkAclEntry> = acl.entries.iter().filter(|e| e.egress == egress).collect();
            let untouched = rules.len() == 1 && rules.first().is_some_and(|e| **e == allow_all_entry(egress));
            if untouched {
                acl.entries.push(NetworkAclEntry { rule_number: 101, cidr_block: all_v6, ..allow_all_entry(egress) });
            }
        }
    }
    // R3.3: the default SG also allows all IPv6 out.
    let v6_egress = all_traffic(RulePeer::CidrIpv6(Ipv6Net::default()));
    for g in t.security_groups.iter_mut().filter(|g| g.vpc_id == vpc_id && g.is_default()) {
        if !g.ip_permissions_egress.contains(&v6_egress) {
            g.ip_permissions_egress.push(v6_egress.clone());
        }
    }
    Ok(Applied::default())
}
