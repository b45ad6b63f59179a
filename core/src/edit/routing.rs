//! Route tables, their associations and routes (R2.x).

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use ipnet::IpNet;

use super::ids::next_id;
use super::network::{local_routes, subnet, vpc};
use super::{in_use, not_found, refuse, Applied};
use crate::error::Error;
use crate::model::*;

fn table<'a>(t: &'a Topology, id: &str) -> Result<&'a RouteTable, Error> {
    t.route_tables.iter().find(|r| r.route_table_id == id).ok_or_else(|| not_found(id, "RouteTableId"))
}

fn table_mut<'a>(t: &'a mut Topology, id: &str) -> Result<&'a mut RouteTable, Error> {
    t.route_tables.iter_mut().find(|r| r.route_table_id == id).ok_or_else(|| not_found(id, "RouteTableId"))
}

pub(super) fn create_table(t: &mut Topology, vpc_id: &str, name: &Option<String>) -> Result<Applied, Error> {
    // R2.3: every table starts with the VPC's local routes.
    let routes = local_routes(vpc(t, vpc_id)?);
    let id = next_id(t, "rtb");
    t.route_tables.push(RouteTable {
        route_table_id: id.clone(),
        name: name.clone(),
        vpc_id: String::from(vpc_id),
        main: false,
        associations: Vec::new(),
        gateway_associations: Vec::new(),
        propagating_vgws: Vec::new(),
        routes,
    });
    Ok(Applied::created(vec![id]))
}

pub(super) fn delete_table(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    let rt = table(t, id)?;
    // R2.1: the main table cannot be deleted; R2.2: nor a table with associations.
    if rt.main {
        return Err(refuse(id, "RouteTableId", "R2.1", format!("{id} is the main route table of {}", rt.vpc_id)));
    }
    if let Some(s) = rt.associations.first().or(rt.gateway_associations.first()) {
        return Err(in_use(id, "Associations", "R2.2", s));
    }
    if let Some(e) = t.vpc_endpoints.iter().find(|e| e.route_table_ids.iter().any(|r| r == id)) {
        return Err(in_use(id, "RouteTableId", "R9.1", &e.vpc_endpoint_id));
    }
    t.route_tables.retain(|r| r.route_table_id != id);
    Ok(Applied::default())
}

pub(super) fn associate(t: &mut Topology, id: &str, subnet_id: &str) -> Result<Applied, Error> {
    let s_vpc = subnet(t, subnet_id)?.vpc_id.clone();
    let rt = table(t, id)?;
    if rt.vpc_id != s_vpc {
        return Err(refuse(id, "SubnetId", "R2.2", format!("{subnet_id} is in {s_vpc}, {id} in {}", rt.vpc_id)));
    }
    // R2.2: exactly one table per subnet — the new association replaces the old one (as
    // ReplaceRouteTableAssociation does; the edit path merges the two calls).
    for r in t.route_tables.iter_mut() {
        r.associations.retain(|s| s != subnet_id);
    }
    table_mut(t, id)?.associations.push(String::from(subnet_id));
    Ok(Applied::default())
}

pub(super) fn disassociate(t: &mut Topology, subnet_id: &str) -> Result<Applied, Error> {
    subnet(t, subnet_id)?;
    if !t.route_tables.iter().any(|r| r.associations.iter().any(|s| s == subnet_id)) {
        return Err(refuse(subnet_id, "SubnetId", "R2.1", format!("{subnet_id} already uses the main route table")));
    }
    // R2.1: a subnet without an explicit association falls back to the main table.
    for r in t.route_tables.iter_mut() {
        r.associations.retain(|s| s != subnet_id);
    }
    Ok(Applied::default())
}

pub(super) fn replace_main(t: &mut Topology, vpc_id: &str, id: &str) -> Result<Applied, Error> {
    vpc(t, vpc_id)?;
    let rt = table(t, id)?;
    if rt.vpc_id != vpc_id {
        return Err(refuse(id, "RouteTableId", "R2.1", format!("{id} belongs to {}, not {vpc_id}", rt.vpc_id)));
    }
    // R2.1: a gateway route table cannot be the main table.
    if !rt.gateway_associations.is_empty() {
        return Err(refuse(id, "RouteTableId", "R2.1", format!("{id} is a gateway route table")));
    }
    for r in t.route_tables.iter_mut().filter(|r| r.vpc_id == vpc_id) {
        r.main = r.route_table_id == id;
    }
    Ok(Applied::default())
}

/// Whether `target` exists and fits a table of `vpc_id` (R2.10). `None` when it fits.
fn target_misfit(t: &Topology, vpc_id: &str, destination: &IpNet, target: &str) -> Option<(&'static str, String)> {
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
            let eni = t
                .instances
                .iter()
                .find(|i| i.instance_id == target)
                .and_then(|i| i.network_interfaces.first())
                .and_then(|e| t.network_interfaces.iter().find(|x| &x.network_interface_id == e));
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

pub(super) fn create_route(
    t: &mut Topology,
    id: &str,
    destination: &IpNet,
    target: &str,
    replace: bool,
) -> Result<Applied, Error> {
    let destination = destination.trunc();
    let rt = table(t, id)?;
    let vpc_id = rt.vpc_id.clone();
    let existing = rt.routes.iter().position(|r| r.destination == RouteDestination::Cidr(destination));
    if let Some(pos) = existing {
        let r = rt.routes.get(pos);
        if r.is_some_and(|r| r.target == "local") {
            return Err(refuse(id, "DestinationCidrBlock", "R2.3", String::from("the local route cannot be changed")));
        }
    }
    match (existing, replace) {
        (Some(_), false) => {
            return Err(refuse(
                id,
                "DestinationCidrBlock",
                "RouteAlreadyExists",
                format!("a route to {destination} already exists in {id}"),
            ))
        }
        (None, true) => {
            return Err(refuse(id, "DestinationCidrBlock", "NotFound", format!("no route to {destination}")))
        }
        _ => {}
    }
    if let Some((rule, msg)) = target_misfit(t, &vpc_id, &destination, target) {
        return Err(refuse(id, "Target", rule, msg));
    }
    // R2.14: 50 non-propagated routes per table per address family.
    let same_family = rt
        .routes
        .iter()
        .filter(|r| r.origin == RouteOrigin::CreateRoute)
        .filter(|r| matches!(r.destination, RouteDestination::Cidr(c) if c.addr().is_ipv4() == destination.addr().is_ipv4()))
        .count();
    if !replace && same_family >= 50 {
        return Err(refuse(id, "Routes", "R2.14", format!("{id} already has 50 static routes of this family")));
    }
    let route = Route {
        destination: RouteDestination::Cidr(destination),
        target: String::from(target),
        state: RouteState::Active,
        origin: RouteOrigin::CreateRoute,
    };
    let rt = table_mut(t, id)?;
    match existing.and_then(|pos| rt.routes.get_mut(pos)) {
        Some(r) => *r = route,
        None => rt.routes.push(route),
    }
    Ok(Applied::default())
}

pub(super) fn delete_route(t: &mut Topology, id: &str, destination: &IpNet) -> Result<Applied, Error> {
    let rt = table(t, id)?;
    // R2.3: the `local` routes (one per VPC CIDR) cannot be deleted, listed or not.
    let is_local = t.vpcs.iter().filter(|v| v.vpc_id == rt.vpc_id).any(|v| {
        v.cidr_blocks.iter().any(|c| IpNet::V4(*c) == *destination)
            || v.ipv6_cidr_blocks.iter().any(|c| IpNet::V6(*c) == *destination)
    });
    let pos = rt.routes.iter().position(|r| r.destination == RouteDestination::Cidr(*destination));
    if is_local || pos.and_then(|p| rt.routes.get(p)).is_some_and(|r| r.target == "local") {
        return Err(refuse(id, "DestinationCidrBlock", "R2.3", String::from("the local route cannot be deleted")));
    }
    let Some(pos) = pos else {
        return Err(refuse(id, "DestinationCidrBlock", "NotFound", format!("no route to {destination} in {id}")));
    };
    table_mut(t, id)?.routes.remove(pos);
    Ok(Applied::default())
}
