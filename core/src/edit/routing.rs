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
use crate::validate::route_target_misfit as target_misfit;

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
