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

fn net4(a: [u8; 4], len: u8) -> Ipv4Net {
    Ipv4Net::new(core::net::Ipv4Addr::from(a), len).unwrap_or_default()
}

/// R1.5: whether `new` may join a VPC that already uses `existing` (overlap and range restrictions).
/// `Some(reason)` when it may not. Used by the edit path (AssociateVpcCidrBlock) and by [`validate`].
pub fn cidr_range_conflict(existing: &[Ipv4Net], new: Ipv4Net) -> Option<String> {
    if let Some(c) = existing.iter().find(|c| c.contains(&new.network()) || new.contains(&c.network())) {
        return Some(format!("{new} overlaps the VPC's {c}"));
    }
    let ten = net4([10, 0, 0, 0], 8);
    let rfc1918_other = [net4([172, 16, 0, 0], 12), net4([192, 168, 0, 0], 16)];
    let within = |outer: &Ipv4Net, c: &Ipv4Net| outer.contains(&c.network());
    if within(&net4([169, 254, 0, 0], 16), &new) {
        return Some(format!("{new} is link-local (169.254.0.0/16 can never be used)"));
    }
    if within(&net4([198, 19, 0, 0], 16), &new) {
        return Some(format!("{new} is in the restricted 198.19.0.0/16"));
    }
    let uses_ten = existing.iter().any(|c| within(&ten, c));
    let uses_other = existing.iter().any(|c| rfc1918_other.iter().any(|o| within(o, c)));
    if uses_ten && rfc1918_other.iter().any(|o| within(o, &new)) {
        return Some(format!("{new}: a VPC using 10.0.0.0/8 cannot add 172.16.0.0/12 or 192.168.0.0/16"));
    }
    if uses_other && within(&ten, &new) {
        return Some(format!("{new}: a VPC using 172.16.0.0/12 or 192.168.0.0/16 cannot add 10.0.0.0/8"));
    }
    if existing.iter().any(|c| within(&net4([10, 0, 0, 0], 15), c)) && within(&net4([10, 0, 0, 0], 16), &new) {
        return Some(format!("{new}: a VPC with a CIDR in 10.0.0.0/15 cannot add from 10.0.0.0/16"));
    }
    None
}

/// Whether a route `target` exists and fits a table of `vpc_id` (R2.10, R5.11, R9.1): `None` when it fits,
/// else the rule and why. Used by the edit path (CreateRoute, ReplaceRoute) and by [`validate`].
pub fn route_target_misfit(
    t: &Topology,
    vpc_id: &str,
    destination: &IpNet,
    target: &str,
) -> Option<(&'static str, String)> {
    let in_vpc = |subnet_id: &str| t.subnets.iter().any(|s| s.subnet_id == subnet_id && s.vpc_id == vpc_id);
    match TargetKind::of(target) {
        TargetKind::InternetGateway => match t.internet_gateways.iter().find(|g| g.internet_gateway_id == target) {
            Some(g) if g.vpc_id.as_deref() == Some(vpc_id) => None,
            Some(_) => Some(("R2.10", format!("{target} is not attached to {vpc_id}"))),
            None => Some(("NotFound", format!("{target} does not exist"))),
        },
        // R5.11: an egress-only internet gateway takes IPv6 routes only.
        TargetKind::EgressOnlyInternetGateway => {
            if destination.addr().is_ipv4() {
                return Some(("R5.11", String::from("an egress-only internet gateway takes IPv6 routes only")));
            }
            match t.egress_only_internet_gateways.iter().find(|g| g.egress_only_internet_gateway_id == target) {
                Some(g) if g.vpc_id == vpc_id => None,
                Some(_) => Some(("R2.10", format!("{target} belongs to another VPC"))),
                None => Some(("NotFound", format!("{target} does not exist"))),
            }
        }
        TargetKind::NatGateway => match t.nat_gateways.iter().find(|g| g.nat_gateway_id == target) {
            Some(g) if in_vpc(&g.subnet_id) => None,
            Some(_) => Some(("R2.10", format!("{target} is in another VPC"))),
            None => Some(("NotFound", format!("{target} does not exist"))),
        },
        TargetKind::NetworkInterface => match t.network_interfaces.iter().find(|e| e.network_interface_id == target) {
            Some(e) if in_vpc(&e.subnet_id) => None,
            Some(_) => Some(("R2.10", format!("{target} is in another VPC"))),
            None => Some(("NotFound", format!("{target} does not exist"))),
        },
        TargetKind::Instance => {
            let eni = t.primary_interface(target);
            match eni {
                Some(e) if in_vpc(&e.subnet_id) => None,
                Some(_) => Some(("R2.10", format!("{target} is in another VPC"))),
                None => Some(("NotFound", format!("{target} does not exist"))),
            }
        }
        // R2.10: a peering route only in a VPC of that peering; any status except ended ones (a pending
        // peering's route is a blackhole, S12).
        TargetKind::VpcPeeringConnection => {
            match t.vpc_peering_connections.iter().find(|p| p.vpc_peering_connection_id == target) {
                Some(p) if p.requester_vpc_id == vpc_id || p.accepter_vpc_id == vpc_id => None,
                Some(_) => Some(("R2.10", format!("{target} does not involve {vpc_id}"))),
                None => Some(("NotFound", format!("{target} does not exist"))),
            }
        }
        TargetKind::TransitGateway => {
            if !t.transit_gateways.iter().any(|g| g.transit_gateway_id == target) {
                return Some(("NotFound", format!("{target} does not exist")));
            }
            let attached =
                t.transit_gateway_attachments.iter().any(|a| a.transit_gateway_id == target && a.resource_id == vpc_id);
            (!attached).then(|| ("R2.10", format!("{vpc_id} has no attachment to {target}")))
        }
        TargetKind::VpnGateway => match t.vpn_gateways.iter().find(|g| g.vpn_gateway_id == target) {
            Some(g) if g.vpc_id.as_deref() == Some(vpc_id) => None,
            Some(_) => Some(("R2.10", format!("{target} is not attached to {vpc_id}"))),
            None => Some(("NotFound", format!("{target} does not exist"))),
        },
        TargetKind::VpcEndpoint => match t.vpc_endpoints.iter().find(|e| e.vpc_endpoint_id == target) {
            // R9.1: gateway-endpoint routes are managed by the endpoint, never added by hand.
            Some(e) if e.vpc_endpoint_type == EndpointType::Gateway => {
                Some(("R9.1", format!("{target} is a gateway endpoint: its routes follow its route tables")))
            }
            Some(e) if e.vpc_id == vpc_id => None,
            Some(_) => Some(("R2.10", format!("{target} is in another VPC"))),
            None => Some(("NotFound", format!("{target} does not exist"))),
        },
        TargetKind::Local => Some(("R2.3", String::from("local routes are created by AWS, not by hand"))),
        TargetKind::CarrierGateway | TargetKind::LocalGateway | TargetKind::Unknown => {
            Some(("R2.10", format!("`{target}` is not a route target (igw-, nat-, eni-, pcx-, tgw-, vgw-, …)")))
        }
    }
}

/// Default quotas the checks assume (aws-semantics R2.14, R3.11, R4.12, R12.x); adjustable in AWS.
pub const ROUTE_QUOTA: usize = 50;
pub const ROUTE_TABLE_QUOTA: usize = 200;
pub const SG_RULE_QUOTA: usize = 60;
pub const SG_PER_ENI_QUOTA: usize = 5;
/// R4.12: 20 rules per direction and family *including* the `*` rule, so 19 numbered ones.
pub const NACL_RULE_QUOTA: usize = 19;
pub const SPREAD_PER_AZ: usize = 7;
pub const MAX_PARTITIONS: u8 = 7;

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
                let reserved: IpNet = IpNet::V4(net4([169, 254, 168, 0], 22));
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
                let problem = match t.security_groups.iter().find(|x| &x.group_id == g) {
                    None => Some(format!("{g} is not in the topology: the rule matches nothing (stale)")),
                    Some(x) if !t.sg_reference_usable(&sg.vpc_id, &x.vpc_id) => Some(format!(
                        "{g} is in {}, neither this VPC nor a peer over an active same-Region peering (R7.8): \
                         the rule matches nothing (stale)",
                        x.vpc_id
                    )),
                    Some(_) => None,
                };
                if let Some(text) = problem {
                    out.push(W, "STALE_SG_REFERENCE", &sg.group_id, "ReferencedGroupId", "R3.7", text);
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
    quotas_and_limits(t, &mut out);
    designer_warnings(t, &mut out);
    peering_and_privatelink(t, &mut out);
    out.0.sort_by(|a, b| (a.severity, &a.resource, &a.code).cmp(&(b.severity, &b.resource, &b.code)));
    out.0
}

/// AWS refusals beyond addressing: canonical CIDRs, secondary CIDRs, quotas, one-per-VPC gateways,
/// placement groups.
fn quotas_and_limits(t: &Topology, out: &mut Out) {
    use Severity::Error as E;
    for v in &t.vpcs {
        for (i, c) in v.cidr_blocks.iter().enumerate() {
            // R1.4: the API stores CIDRs in canonical form.
            if c.trunc() != *c {
                out.push(
                    E,
                    "CIDR_NOT_CANONICAL",
                    &v.vpc_id,
                    "CidrBlock",
                    "R1.4",
                    format!("{c} is not canonical ({})", c.trunc()),
                );
            }
            // R1.5: each secondary CIDR against those before it.
            if let Some(msg) =
                v.cidr_blocks.get(..i).and_then(|prev| if i > 0 { cidr_range_conflict(prev, *c) } else { None })
            {
                out.push(E, "SECONDARY_CIDR", &v.vpc_id, "CidrBlock", "R1.5", msg);
            }
        }
        // R14.1: one VGW attached per VPC.
        let vgws = t.vpn_gateways.iter().filter(|g| g.vpc_id.as_deref() == Some(v.vpc_id.as_str())).count();
        if vgws > 1 {
            out.push(
                E,
                "MULTIPLE_VGW",
                &v.vpc_id,
                "VpnGateways",
                "R14.1",
                format!("{vgws} VPN gateways are attached; at most one"),
            );
        }
    }
    for s in &t.subnets {
        // R1.6: a subnet's IPv6 block is a /64 inside one of its VPC's IPv6 blocks, not shared with a sibling.
        if let Some(c6) = &s.ipv6_cidr_block {
            let inside = t
                .vpcs
                .iter()
                .filter(|v| v.vpc_id == s.vpc_id)
                .any(|v| v.ipv6_cidr_blocks.iter().any(|b| b.contains(c6)));
            if c6.prefix_len() != 64 || !inside {
                out.push(
                    E,
                    "SUBNET_IPV6",
                    &s.subnet_id,
                    "Ipv6CidrBlock",
                    "R1.6",
                    format!("{c6} must be a /64 inside the VPC's IPv6 block"),
                );
            }
            if let Some(o) = t.subnets.iter().find(|o| {
                o.subnet_id < s.subnet_id
                    && o.vpc_id == s.vpc_id
                    && o.ipv6_cidr_block.is_some_and(|x| overlaps(&IpNet::V6(x), &IpNet::V6(*c6)))
            }) {
                out.push(
                    E,
                    "SUBNET_IPV6_OVERLAP",
                    &s.subnet_id,
                    "Ipv6CidrBlock",
                    "R1.6",
                    format!("{c6} overlaps {}", o.subnet_id),
                );
            }
        }
        if s.cidr_block.trunc() != s.cidr_block {
            out.push(
                E,
                "CIDR_NOT_CANONICAL",
                &s.subnet_id,
                "CidrBlock",
                "R1.4",
                format!("{} is not canonical", s.cidr_block),
            );
        }
    }
    for v in &t.vpcs {
        // R2.14: 200 route tables per VPC.
        let n = t.route_tables.iter().filter(|r| r.vpc_id == v.vpc_id).count();
        if n > ROUTE_TABLE_QUOTA {
            out.push(
                E,
                "ROUTE_TABLE_QUOTA",
                &v.vpc_id,
                "RouteTables",
                "R2.14",
                format!("{n} route tables: the quota is {ROUTE_TABLE_QUOTA} per VPC"),
            );
        }
    }
    for rt in &t.route_tables {
        // R2.14: 50 non-propagated routes per table, per address family.
        for v4 in [true, false] {
            let n = rt
                .routes
                .iter()
                .filter(|r| r.origin == RouteOrigin::CreateRoute)
                .filter(|r| matches!(r.destination, RouteDestination::Cidr(c) if c.addr().is_ipv4() == v4))
                .count();
            if n > ROUTE_QUOTA {
                out.push(
                    E,
                    "ROUTE_QUOTA",
                    &rt.route_table_id,
                    "Routes",
                    "R2.14",
                    format!("{n} static routes: the quota is {ROUTE_QUOTA} per family"),
                );
            }
        }
    }
    for sg in &t.security_groups {
        // R3.11: 60 rules per direction, per address family.
        for (field, rules) in
            [("IpPermissions", &sg.ip_permissions), ("IpPermissionsEgress", &sg.ip_permissions_egress)]
        {
            let v6 = rules.iter().filter(|r| matches!(r.peer, RulePeer::CidrIpv6(_))).count();
            let v4 = rules.len().saturating_sub(v6);
            if v4.max(v6) > SG_RULE_QUOTA {
                out.push(
                    E,
                    "SG_RULE_QUOTA",
                    &sg.group_id,
                    field,
                    "R3.11",
                    format!("{} rules: the quota is {SG_RULE_QUOTA} per direction and family", v4.max(v6)),
                );
            }
        }
    }
    for e in &t.network_interfaces {
        // R3.11: 5 SGs per ENI.
        // R3.11: rules per SG × SGs per ENI must stay ≤ 1,000 (counted per direction).
        for egress in [false, true] {
            let rules: usize = e
                .groups
                .iter()
                .filter_map(|g| t.security_groups.iter().find(|x| &x.group_id == g))
                .map(|g| if egress { g.ip_permissions_egress.len() } else { g.ip_permissions.len() })
                .fold(0usize, |a, b| a.saturating_add(b));
            if rules > 1000 {
                out.push(
                    E,
                    "SG_RULES_PER_ENI",
                    &e.network_interface_id,
                    "Groups",
                    "R3.11",
                    format!("{rules} rules across its security groups: at most 1,000"),
                );
            }
        }
        if e.groups.len() > SG_PER_ENI_QUOTA {
            out.push(
                E,
                "SG_PER_ENI_QUOTA",
                &e.network_interface_id,
                "Groups",
                "R3.11",
                format!("{} security groups: at most {SG_PER_ENI_QUOTA} per interface", e.groups.len()),
            );
        }
    }
    for acl in &t.network_acls {
        // R4.12: 20 rules per direction and family including `*`.
        for egress in [false, true] {
            for v4 in [true, false] {
                let n =
                    acl.entries.iter().filter(|e| e.egress == egress && e.cidr_block.addr().is_ipv4() == v4).count();
                if n > NACL_RULE_QUOTA {
                    out.push(
                        E,
                        "NACL_RULE_QUOTA",
                        &acl.network_acl_id,
                        "Entries",
                        "R4.12",
                        format!("{n} rules in one direction: at most {NACL_RULE_QUOTA} plus `*`"),
                    );
                }
            }
        }
    }
    let az_of = |i: &Instance| {
        i.network_interfaces
            .first()
            .and_then(|e| t.network_interfaces.iter().find(|x| &x.network_interface_id == e))
            .and_then(|e| t.subnets.iter().find(|s| s.subnet_id == e.subnet_id))
            .map(|s| s.availability_zone.clone())
    };
    for g in &t.placement_groups {
        let members: Vec<&Instance> =
            t.instances.iter().filter(|i| i.placement_group.as_deref() == Some(g.group_name.as_str())).collect();
        let mut per_az: BTreeMap<String, usize> = BTreeMap::new();
        for i in members.iter().filter(|i| i.state == InstanceState::Running) {
            *per_az.entry(az_of(i).unwrap_or_default()).or_default() += 1;
        }
        match g.strategy {
            // R12.1: a cluster group packs instances into one AZ.
            PlacementStrategy::Cluster if per_az.len() > 1 => {
                out.push(
                    E,
                    "PLACEMENT_CLUSTER_AZ",
                    &g.group_name,
                    "Instances",
                    "R12.1",
                    format!("instances in {} AZs: a cluster group is one AZ", per_az.len()),
                );
            }
            // R12.3: at most 7 running instances per AZ.
            PlacementStrategy::Spread => {
                for (az, n) in &per_az {
                    if *n > SPREAD_PER_AZ {
                        out.push(
                            E,
                            "PLACEMENT_SPREAD_LIMIT",
                            &g.group_name,
                            "Instances",
                            "R12.3",
                            format!(
                                "{n} running instances in {az}: a spread group holds at most {SPREAD_PER_AZ} per AZ"
                            ),
                        );
                    }
                }
            }
            // R12.2: up to 7 partitions.
            PlacementStrategy::Partition if !(1..=MAX_PARTITIONS).contains(&g.partition_count.unwrap_or(1)) => {
                out.push(
                    E,
                    "PARTITION_COUNT",
                    &g.group_name,
                    "PartitionCount",
                    "R12.2",
                    format!("{:?} partitions: 1 to {MAX_PARTITIONS}", g.partition_count),
                );
            }
            _ => {}
        }
    }
}

/// TGW peering attachments (R8.1) and PrivateLink (R9.7, R9.8).
fn peering_and_privatelink(t: &Topology, out: &mut Out) {
    use Severity::{Error as E, Warning as W};
    let peering = |id: &str| {
        t.transit_gateway_attachments
            .iter()
            .any(|a| a.transit_gateway_attachment_id == id && a.resource_type == AttachmentResourceType::Peering)
    };
    for rt in &t.transit_gateway_route_tables {
        for att in rt.propagations.iter().filter(|a| peering(a)) {
            out.push(
                E,
                "TGW_PEERING_PROPAGATION",
                &rt.transit_gateway_route_table_id,
                "Propagations",
                "R8.1",
                format!("{att} is a peering attachment: routes cross a TGW peering only as static routes"),
            );
        }
    }
    for a in t.transit_gateway_attachments.iter().filter(|a| a.resource_type == AttachmentResourceType::Peering) {
        let peer_known = t.transit_gateways.iter().any(|g| g.transit_gateway_id == a.resource_id);
        let peer_side = t.transit_gateway_attachments.iter().any(|b| {
            b.transit_gateway_attachment_id == a.transit_gateway_attachment_id && b.transit_gateway_id == a.resource_id
        });
        if peer_known && !peer_side {
            out.push(
                W,
                "TGW_PEERING_ONE_SIDED",
                &a.transit_gateway_attachment_id,
                "ResourceId",
                "R8.1",
                format!("{} is in the topology but has no side of this peering: nothing crosses it", a.resource_id),
            );
        }
    }
    // R8.10: one peering attachment between the same two TGWs.
    let mut pairs: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for a in t.transit_gateway_attachments.iter().filter(|a| a.resource_type == AttachmentResourceType::Peering) {
        let (x, y) = (a.transit_gateway_id.as_str(), a.resource_id.as_str());
        let key = if x <= y { (x, y) } else { (y, x) };
        match pairs.get(&key) {
            Some(first) if *first != a.transit_gateway_attachment_id => out.push(
                E,
                "TGW_PEERING_PAIR",
                &a.transit_gateway_attachment_id,
                "PeerTransitGatewayId",
                "R8.10",
                format!("{x} and {y} already peer through {first}"),
            ),
            Some(_) => {}
            None => {
                pairs.insert(key, &a.transit_gateway_attachment_id);
            }
        }
    }
    for e in t.vpc_endpoints.iter().filter(|e| e.vpc_endpoint_type == EndpointType::Interface) {
        // R9.7: at most one subnet per AZ.
        let mut zones: BTreeMap<&str, &str> = BTreeMap::new();
        for s in e.subnet_ids.iter().filter_map(|id| t.subnets.iter().find(|s| &s.subnet_id == id)) {
            if let Some(other) = zones.insert(s.availability_zone.as_str(), s.subnet_id.as_str()) {
                out.push(
                    E,
                    "VPCE_SUBNETS_PER_AZ",
                    &e.vpc_endpoint_id,
                    "SubnetIds",
                    "R9.7",
                    format!("{other} and {} are both in {}", s.subnet_id, s.availability_zone),
                );
            }
        }
        let missing: Vec<&str> = e
            .network_interface_ids
            .iter()
            .filter(|id| !t.network_interfaces.iter().any(|n| &n.network_interface_id == *id))
            .map(String::as_str)
            .collect();
        if e.network_interface_ids.is_empty() || !missing.is_empty() {
            out.push(
                W,
                "VPCE_ENI_MISSING",
                &e.vpc_endpoint_id,
                "NetworkInterfaceIds",
                "R9.7",
                format!("interface endpoint without its network interfaces in the topology ({})", missing.join(", ")),
            );
        }
    }
    for s in &t.vpc_endpoint_services {
        let nlb = s.network_load_balancer_arns.iter().any(|arn| {
            t.load_balancers.iter().any(|lb| &lb.load_balancer_arn == arn && lb.r#type == LoadBalancerType::Network)
        });
        if !nlb {
            out.push(
                W,
                "VPCE_SERVICE_NO_NLB",
                &s.service_id,
                "NetworkLoadBalancerArns",
                "R9.8",
                String::from("no Network Load Balancer of this endpoint service is in the topology"),
            );
        }
    }
}

/// Legal but likely mistakes, for designers.
fn designer_warnings(t: &Topology, out: &mut Out) {
    use Severity::Warning as W;
    let table_of = |s: &Subnet| {
        t.route_tables
            .iter()
            .find(|r| r.associations.contains(&s.subnet_id))
            .or_else(|| t.route_tables.iter().find(|r| r.main && r.vpc_id == s.vpc_id))
    };
    for s in &t.subnets {
        // R5.4: a route to the IGW is useless to instances without a public IPv4 address.
        let default_to_igw = table_of(s).is_some_and(|r| {
            r.routes.iter().any(|x| {
                TargetKind::of(&x.target) == TargetKind::InternetGateway
                    && matches!(x.destination, RouteDestination::Cidr(IpNet::V4(c)) if c.prefix_len() == 0)
            })
        });
        if !default_to_igw {
            continue;
        }
        for e in t.network_interfaces.iter().filter(|e| e.subnet_id == s.subnet_id && e.instance_id.is_some()) {
            if e.public_ip.is_none() {
                out.push(
                    W,
                    "PUBLIC_SUBNET_PRIVATE_INSTANCE",
                    &e.network_interface_id,
                    "PublicIp",
                    "R5.4",
                    format!(
                        "{} routes 0.0.0.0/0 to an internet gateway but this interface has no public IPv4 address",
                        s.subnet_id
                    ),
                );
            }
        }
    }
    for rt in &t.route_tables {
        // R2.10: a target of the wrong VPC or kind (an import can carry what the API would refuse).
        for r in rt.routes.iter().filter(|r| r.origin == RouteOrigin::CreateRoute) {
            let RouteDestination::Cidr(c) = &r.destination else { continue };
            if let Some((rule @ ("R2.10" | "R5.11"), msg)) = route_target_misfit(t, &rt.vpc_id, c, &r.target) {
                out.push(W, "ROUTE_TARGET_MISFIT", &rt.route_table_id, &format!("{c}"), rule, msg);
            }
        }
    }
    for acl in &t.network_acls {
        // R4.10: a NACL that lets traffic out but no TCP replies back in on ephemeral ports.
        let covers_ephemeral = |e: &NetworkAclEntry| {
            e.rule_action == RuleAction::Allow
                && match e.protocol {
                    crate::packet::RuleProtocol::All => true,
                    crate::packet::RuleProtocol::One(p) => {
                        p == crate::packet::Protocol::TCP
                            && e.port_range.is_none_or(|r| r.from <= 32768 && r.to >= 61000)
                    }
                }
        };
        let lets_out = acl.entries.iter().any(|e| e.egress && e.rule_action == RuleAction::Allow);
        let lets_replies_in = acl.entries.iter().any(|e| !e.egress && covers_ephemeral(e));
        if lets_out && !lets_replies_in {
            out.push(W, "NACL_NO_EPHEMERAL_RETURN", &acl.network_acl_id, "Entries", "R4.10", String::from("outbound traffic is allowed but no inbound rule allows TCP replies on ephemeral ports (32768–61000 or 1024–65535)"));
        }
    }
    for a in &t.addresses {
        let used = a.network_interface_id.is_some()
            || t.nat_gateways.iter().any(|n| n.allocation_id.as_deref() == Some(a.allocation_id.as_str()));
        if !used {
            out.push(
                W,
                "UNUSED_EIP",
                &a.allocation_id,
                "NetworkInterfaceId",
                "R1.8",
                format!("{} is allocated but not associated (it counts against the quota)", a.public_ip),
            );
        }
    }
    // R8.4: VPCs attached to one TGW with overlapping CIDRs cannot both be reached.
    for (i, a) in t.transit_gateway_attachments.iter().enumerate() {
        for b in t.transit_gateway_attachments.iter().skip(i.saturating_add(1)) {
            if a.transit_gateway_id != b.transit_gateway_id
                || a.resource_type != AttachmentResourceType::Vpc
                || b.resource_type != AttachmentResourceType::Vpc
            {
                continue;
            }
            let (Some(va), Some(vb)) =
                (t.vpcs.iter().find(|v| v.vpc_id == a.resource_id), t.vpcs.iter().find(|v| v.vpc_id == b.resource_id))
            else {
                continue;
            };
            if va.cidr_blocks.iter().any(|x| vb.cidr_blocks.iter().any(|y| overlaps(&IpNet::V4(*x), &IpNet::V4(*y)))) {
                out.push(
                    W,
                    "TGW_CIDR_OVERLAP",
                    &a.transit_gateway_attachment_id,
                    "ResourceId",
                    "R8.4",
                    format!("{} and {} overlap but share {}", va.vpc_id, vb.vpc_id, a.transit_gateway_id),
                );
            }
        }
    }
    for i in &t.instances {
        if let Some(g) = &i.placement_group {
            if !t.placement_groups.iter().any(|x| &x.group_name == g) {
                out.push(
                    W,
                    "MISSING_PLACEMENT_GROUP",
                    &i.instance_id,
                    "PlacementGroup",
                    "R12.4",
                    format!("placement group {g} is not in the topology"),
                );
            }
        }
    }
}
