//! Control-plane validation of a whole topology (after an import or a batch of edits): what AWS's API would
//! have refused (errors) and what is legal but likely a mistake (warnings). Each finding names the
//! resource, the field and the rule.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use ipnet::{IpNet, Ipv4Net};
use serde::{Deserialize, Serialize};

use crate::model::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// e.g. `SUBNET_OUTSIDE_VPC`.
    pub code: String,
    pub resource: String,
    pub field: String,
    pub rule: String,
    pub message: String,
}

struct Out(Vec<Finding>);

impl Out {
    fn push(&mut self, severity: Severity, code: &str, resource: &str, field: &str, rule: &str, message: String) {
        self.0.push(Finding {
            severity,
            code: String::from(code),
            resource: String::from(resource),
            field: String::from(field),
            rule: String::from(rule),
            message,
        });
    }
}

/// R1.3: the first four addresses and the last of a subnet are reserved.
pub fn is_reserved(subnet: &Ipv4Net, ip: core::net::Ipv4Addr) -> bool {
    let n = u32::from(subnet.network());
    let b = u32::from(subnet.broadcast());
    let a = u32::from(ip);
    a < n.saturating_add(4) || a == b
}

fn overlaps(a: &IpNet, b: &IpNet) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// All findings, errors first, in a deterministic order.
pub fn validate(t: &Topology) -> Vec<Finding> {
    let mut out = Out(Vec::new());
    use Severity::{Error as E, Warning as W};
    let vpc = |id: &str| t.vpcs.iter().find(|v| v.vpc_id == id);

    for v in &t.vpcs {
        for c in &v.cidr_blocks {
            if !(16..=28).contains(&c.prefix_len()) {
                out.push(
                    E,
                    "VPC_CIDR_SIZE",
                    &v.vpc_id,
                    "CidrBlock",
                    "R1.1",
                    format!("{c} must be between /16 and /28"),
                );
            }
        }
        let igws = t.internet_gateways.iter().filter(|g| g.vpc_id.as_deref() == Some(v.vpc_id.as_str())).count();
        if igws > 1 {
            out.push(
                E,
                "MULTIPLE_IGW",
                &v.vpc_id,
                "InternetGateways",
                "R5.1",
                format!("{igws} internet gateways are attached; at most one"),
            );
        }
    }
    for s in &t.subnets {
        let Some(v) = vpc(&s.vpc_id) else {
            out.push(E, "MISSING_VPC", &s.subnet_id, "VpcId", "R1.2", format!("VPC {} does not exist", s.vpc_id));
            continue;
        };
        if !(16..=28).contains(&s.cidr_block.prefix_len()) {
            out.push(
                E,
                "SUBNET_CIDR_SIZE",
                &s.subnet_id,
                "CidrBlock",
                "R1.2",
                format!("{} must be between /16 and /28", s.cidr_block),
            );
        }
        if !v.cidr_blocks.iter().any(|c| c.contains(&s.cidr_block)) {
            out.push(
                E,
                "SUBNET_OUTSIDE_VPC",
                &s.subnet_id,
                "CidrBlock",
                "R1.2",
                format!("{} is not inside {} ({:?})", s.cidr_block, v.vpc_id, v.cidr_blocks),
            );
        }
        for o in &t.subnets {
            if o.subnet_id < s.subnet_id
                && o.vpc_id == s.vpc_id
                && overlaps(&IpNet::V4(o.cidr_block), &IpNet::V4(s.cidr_block))
            {
                out.push(
                    E,
                    "SUBNET_OVERLAP",
                    &s.subnet_id,
                    "CidrBlock",
                    "R1.2",
                    format!("{} overlaps {} ({})", s.cidr_block, o.subnet_id, o.cidr_block),
                );
            }
        }
    }
    for e in &t.network_interfaces {
        let Some(s) = t.subnets.iter().find(|s| s.subnet_id == e.subnet_id) else { continue };
        for ip in &e.private_ip_addresses {
            if !s.cidr_block.contains(ip) {
                out.push(
                    E,
                    "ADDRESS_OUTSIDE_SUBNET",
                    &e.network_interface_id,
                    "PrivateIpAddresses",
                    "R1.2",
                    format!("{ip} is not in {} ({})", s.subnet_id, s.cidr_block),
                );
            } else if e.interface_type == InterfaceType::Interface && is_reserved(&s.cidr_block, *ip) {
                out.push(
                    E,
                    "RESERVED_ADDRESS",
                    &e.network_interface_id,
                    "PrivateIpAddresses",
                    "R1.3",
                    format!("{ip} is one of {}'s five reserved addresses", s.subnet_id),
                );
            }
        }
        for g in &e.groups {
            if !t.security_groups.iter().any(|x| &x.group_id == g) {
                out.push(
                    W,
                    "MISSING_SECURITY_GROUP",
                    &e.network_interface_id,
                    "Groups",
                    "R3.4",
                    format!("security group {g} is not in the topology"),
                );
            }
        }
    }
    for rt in &t.route_tables {
        let local: Vec<IpNet> =
            vpc(&rt.vpc_id).map(|v| v.cidr_blocks.iter().map(|c| IpNet::V4(*c)).collect()).unwrap_or_default();
        for r in &rt.routes {
            let key = match &r.destination {
                RouteDestination::Cidr(c) => format!("{c}"),
                RouteDestination::PrefixList(p) => p.clone(),
            };
            if let RouteDestination::Cidr(c) = &r.destination {
                let reserved: IpNet = IpNet::V4(Ipv4Net::new_assert(core::net::Ipv4Addr::new(169, 254, 168, 0), 22));
                if reserved.contains(c) {
                    out.push(
                        E,
                        "RESERVED_DESTINATION",
                        &rt.route_table_id,
                        &key,
                        "R2.9",
                        format!("routes to {c} cannot be created (169.254.168.0/22)"),
                    );
                }
                let inside_local = local.iter().any(|l| l.contains(c) && l.prefix_len() < c.prefix_len());
                let whole_subnet = t.subnets.iter().any(|s| s.vpc_id == rt.vpc_id && IpNet::V4(s.cidr_block) == *c);
                let allowed_target = matches!(
                    TargetKind::of(&r.target),
                    TargetKind::NatGateway | TargetKind::NetworkInterface | TargetKind::VpcEndpoint
                );
                if inside_local && r.origin == RouteOrigin::CreateRoute && !(whole_subnet && allowed_target) {
                    out.push(E, "MORE_SPECIFIC_THAN_LOCAL", &rt.route_table_id, &key, "R2.3", format!("{c} is inside the VPC's local range: it must equal a whole subnet CIDR and target a NAT gateway, ENI or endpoint"));
                }
            }
            let exists = match TargetKind::of(&r.target) {
                TargetKind::Local => true,
                TargetKind::InternetGateway | TargetKind::VpnGateway | TargetKind::VpcEndpoint => {
                    t.internet_gateways.iter().any(|g| g.internet_gateway_id == r.target)
                        || t.vpn_gateways.iter().any(|g| g.vpn_gateway_id == r.target)
                        || t.vpc_endpoints.iter().any(|g| g.vpc_endpoint_id == r.target)
                }
                TargetKind::EgressOnlyInternetGateway => {
                    t.egress_only_internet_gateways.iter().any(|g| g.egress_only_internet_gateway_id == r.target)
                }
                TargetKind::NatGateway => {
                    t.nat_gateways.iter().any(|g| g.nat_gateway_id == r.target && g.state == NatGatewayState::Available)
                }
                TargetKind::NetworkInterface => t.network_interfaces.iter().any(|g| g.network_interface_id == r.target),
                TargetKind::Instance => t.instances.iter().any(|g| g.instance_id == r.target),
                TargetKind::VpcPeeringConnection => t
                    .vpc_peering_connections
                    .iter()
                    .any(|g| g.vpc_peering_connection_id == r.target && g.status == PeeringStatus::Active),
                TargetKind::TransitGateway => t.transit_gateways.iter().any(|g| g.transit_gateway_id == r.target),
                _ => false,
            };
            if !exists && r.state == RouteState::Active {
                out.push(
                    W,
                    "ROUTE_TARGET_UNAVAILABLE",
                    &rt.route_table_id,
                    &key,
                    "R2.11",
                    format!("target {} does not exist or is not available: the route is a blackhole", r.target),
                );
            }
        }
    }
    for acl in &t.network_acls {
        let mut seen = BTreeMap::new();
        for e in &acl.entries {
            if e.rule_number == 0 || e.rule_number > 32766 {
                out.push(
                    E,
                    "NACL_RULE_NUMBER",
                    &acl.network_acl_id,
                    "RuleNumber",
                    "R4.2",
                    format!("rule number {} must be 1–32766", e.rule_number),
                );
            }
            if seen
                .insert(
                    (e.egress, e.rule_number, e.cidr_block.prefix_len() > 32 || matches!(e.cidr_block, IpNet::V6(_))),
                    (),
                )
                .is_some()
            {
                out.push(
                    E,
                    "NACL_DUPLICATE_RULE",
                    &acl.network_acl_id,
                    "RuleNumber",
                    "R4.2",
                    format!("rule number {} is used twice in one direction", e.rule_number),
                );
            }
        }
    }
    for sg in &t.security_groups {
        for r in sg.ip_permissions.iter().chain(sg.ip_permissions_egress.iter()) {
            if let RulePeer::ReferencedGroupId(g) = &r.peer {
                if !t.security_groups.iter().any(|x| &x.group_id == g) {
                    out.push(
                        W,
                        "STALE_SG_REFERENCE",
                        &sg.group_id,
                        "ReferencedGroupId",
                        "R3.7",
                        format!("{g} is not in the topology: the rule matches nothing (stale)"),
                    );
                }
            }
        }
    }
    for n in &t.nat_gateways {
        if n.connectivity_type != ConnectivityType::Public {
            continue;
        }
        let Some(s) = t.subnets.iter().find(|s| s.subnet_id == n.subnet_id) else { continue };
        let rt = t
            .route_tables
            .iter()
            .find(|r| r.associations.contains(&s.subnet_id))
            .or_else(|| t.route_tables.iter().find(|r| r.main && r.vpc_id == s.vpc_id));
        let to_igw =
            rt.is_some_and(|r| r.routes.iter().any(|x| TargetKind::of(&x.target) == TargetKind::InternetGateway));
        if !to_igw {
            out.push(
                W,
                "NATGW_WITHOUT_IGW_ROUTE",
                &n.nat_gateway_id,
                "SubnetId",
                "R6.2",
                format!(
                    "{} has no route to an internet gateway: the public NAT gateway cannot reach the internet (S07)",
                    s.subnet_id
                ),
            );
        }
    }
    let mut eips: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &t.addresses {
        *eips.entry(a.region.as_str()).or_default() += 1;
    }
    for (region, n) in eips {
        if n > 5 {
            out.push(
                W,
                "EIP_QUOTA",
                region,
                "Addresses",
                "R1.8",
                format!("{n} Elastic IPs: above the default quota of 5 per Region"),
            );
        }
    }
    for p in &t.vpc_peering_connections {
        if let (Some(a), Some(b)) = (vpc(&p.requester_vpc_id), vpc(&p.accepter_vpc_id)) {
            let clash =
                a.cidr_blocks.iter().any(|x| b.cidr_blocks.iter().any(|y| overlaps(&IpNet::V4(*x), &IpNet::V4(*y))));
            if clash && p.status == PeeringStatus::Active {
                out.push(
                    E,
                    "PEERING_CIDR_OVERLAP",
                    &p.vpc_peering_connection_id,
                    "AccepterVpcId",
                    "R7.3",
                    format!("{} and {} have overlapping CIDRs", a.vpc_id, b.vpc_id),
                );
            }
        }
    }
    out.0.sort_by(|a, b| (a.severity, &a.resource, &a.code).cmp(&(b.severity, &b.resource, &b.code)));
    out.0
}
