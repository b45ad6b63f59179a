//! Transit gateways (R8.x), VPN (R14.x) and VPC endpoints (R9.x).

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::net::Ipv4Addr;
use ipnet::IpNet;

use super::ids::next_id;
use super::network::{subnet, vpc};
use super::{in_use, not_found, refuse, Applied};
use crate::error::Error;
use crate::model::*;

fn tgw_table<'a>(t: &'a mut Topology, id: &str) -> Result<&'a mut TransitGatewayRouteTable, Error> {
    t.transit_gateway_route_tables
        .iter_mut()
        .find(|r| r.transit_gateway_route_table_id == id)
        .ok_or_else(|| not_found(id, "TransitGatewayRouteTableId"))
}

fn attachment<'a>(t: &'a Topology, id: &str) -> Result<&'a TransitGatewayAttachment, Error> {
    t.transit_gateway_attachments
        .iter()
        .find(|a| a.transit_gateway_attachment_id == id)
        .ok_or_else(|| not_found(id, "TransitGatewayAttachmentId"))
}

pub(super) fn create_tgw(t: &mut Topology, name: &Option<String>, region: &Option<String>) -> Result<Applied, Error> {
    let region = region.clone().or_else(|| t.vpcs.first().map(|v| v.region.clone())).unwrap_or_default();
    let id = next_id(t, "tgw");
    t.transit_gateways.push(TransitGateway {
        transit_gateway_id: id.clone(),
        name: name.clone(),
        owner_id: String::new(),
        region,
        association_default_route_table_id: None,
        propagation_default_route_table_id: None,
    });
    // R8.3: default association and propagation are on: one default table serves both.
    let rt = next_id(t, "tgw-rtb");
    t.transit_gateway_route_tables.push(TransitGatewayRouteTable {
        transit_gateway_route_table_id: rt.clone(),
        name: None,
        transit_gateway_id: id.clone(),
        propagations: Vec::new(),
        routes: Vec::new(),
    });
    if let Some(g) = t.transit_gateways.iter_mut().find(|g| g.transit_gateway_id == id) {
        g.association_default_route_table_id = Some(rt.clone());
        g.propagation_default_route_table_id = Some(rt.clone());
    }
    Ok(Applied::created(vec![id, rt]))
}

pub(super) fn delete_tgw(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    if !t.transit_gateways.iter().any(|g| g.transit_gateway_id == id) {
        return Err(not_found(id, "TransitGatewayId"));
    }
    if let Some(a) = t.transit_gateway_attachments.iter().find(|a| a.transit_gateway_id == id) {
        return Err(in_use(id, "TransitGatewayId", "DependencyViolation", &a.transit_gateway_attachment_id));
    }
    if let Some(v) = t.vpn_connections.iter().find(|v| v.transit_gateway_id.as_deref() == Some(id)) {
        return Err(in_use(id, "TransitGatewayId", "DependencyViolation", &v.vpn_connection_id));
    }
    t.transit_gateways.retain(|g| g.transit_gateway_id != id);
    t.transit_gateway_route_tables.retain(|r| r.transit_gateway_id != id);
    Ok(Applied::default())
}

pub(super) fn attach_vpc(
    t: &mut Topology,
    tgw_id: &str,
    vpc_id: &str,
    subnet_ids: &[String],
) -> Result<Applied, Error> {
    let tgw = t
        .transit_gateways
        .iter()
        .find(|g| g.transit_gateway_id == tgw_id)
        .cloned()
        .ok_or_else(|| not_found(tgw_id, "TransitGatewayId"))?;
    vpc(t, vpc_id)?;
    if subnet_ids.is_empty() {
        return Err(refuse(
            vpc_id,
            "SubnetIds",
            "R8.6",
            String::from("an attachment needs one subnet per AZ it serves"),
        ));
    }
    one_subnet_per_az(t, vpc_id, subnet_ids, "SubnetIds", "R8.6")?;
    if t.transit_gateway_attachments.iter().any(|a| a.transit_gateway_id == tgw_id && a.resource_id == vpc_id) {
        return Err(refuse(
            vpc_id,
            "VpcId",
            "DuplicateTransitGatewayAttachment",
            format!("{vpc_id} is already attached to {tgw_id}"),
        ));
    }
    let id = next_id(t, "tgw-attach");
    t.transit_gateway_attachments.push(TransitGatewayAttachment {
        transit_gateway_attachment_id: id.clone(),
        name: None,
        transit_gateway_id: String::from(tgw_id),
        resource_type: AttachmentResourceType::Vpc,
        resource_id: String::from(vpc_id),
        subnet_ids: subnet_ids.to_vec(),
        state: String::from("available"),
        appliance_mode_support: false,
        association_route_table_id: tgw.association_default_route_table_id.clone(),
    });
    // R8.3: associated with and propagating into the default tables.
    if let Some(rt) = &tgw.propagation_default_route_table_id {
        tgw_table(t, rt)?.propagations.push(id.clone());
    }
    Ok(Applied::created(vec![id]))
}

/// Subnets of this VPC, at most one per AZ: a TGW attachment's (R8.6) and an interface endpoint's (R9.7).
fn one_subnet_per_az(t: &Topology, vpc_id: &str, subnet_ids: &[String], field: &str, rule: &str) -> Result<(), Error> {
    let mut azs: Vec<&str> = Vec::new();
    for s_id in subnet_ids {
        let s = subnet(t, s_id)?;
        if s.vpc_id != vpc_id {
            return Err(refuse(s_id, field, rule, format!("{s_id} is not in {vpc_id}")));
        }
        if azs.contains(&s.availability_zone.as_str()) {
            return Err(refuse(
                s_id,
                field,
                rule,
                format!("two subnets in {}: one subnet per AZ", s.availability_zone),
            ));
        }
        azs.push(&s.availability_zone);
    }
    Ok(())
}

/// `current` with `remove` taken out and `add` put in; removing what is not there, or adding what is, is
/// refused the way AWS's Modify… calls refuse it.
fn changed_list(
    id: &str,
    current: &[String],
    (add, remove): (&[String], &[String]),
    (add_field, remove_field): (&str, &str),
    rule: &str,
) -> Result<Vec<String>, Error> {
    let mut next: Vec<String> = current.to_vec();
    for r in remove {
        if !next.contains(r) {
            return Err(refuse(r, remove_field, rule, format!("{r} is not part of {id}")));
        }
        next.retain(|x| x != r);
    }
    for a in add {
        if next.contains(a) {
            return Err(refuse(a, add_field, rule, format!("{a} is already part of {id}")));
        }
        next.push(a.clone());
    }
    Ok(next)
}

/// ModifyTransitGatewayVpcAttachment: subnets added or removed (R8.6) and appliance mode (R8.8).
pub(super) fn modify_vpc_attachment(
    t: &mut Topology,
    id: &str,
    appliance_mode: Option<bool>,
    add: &[String],
    remove: &[String],
) -> Result<Applied, Error> {
    let a = attachment(t, id)?.clone();
    if !add.is_empty() || !remove.is_empty() {
        if a.resource_type != AttachmentResourceType::Vpc {
            return Err(refuse(id, "AddSubnetIds", "R8.6", String::from("only a VPC attachment has subnets")));
        }
        let next = changed_list(id, &a.subnet_ids, (add, remove), ("AddSubnetIds", "RemoveSubnetIds"), "R8.6")?;
        if next.is_empty() {
            let text = String::from("an attachment needs one subnet per AZ it serves");
            return Err(refuse(id, "RemoveSubnetIds", "R8.6", text));
        }
        one_subnet_per_az(t, &a.resource_id, &next, "AddSubnetIds", "R8.6")?;
        if let Some(x) = t.transit_gateway_attachments.iter_mut().find(|x| x.transit_gateway_attachment_id == id) {
            x.subnet_ids = next;
        }
    }
    if let Some(on) = appliance_mode {
        set_appliance_mode(t, id, on)?;
    }
    Ok(Applied::default())
}

pub(super) fn delete_attachment(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    attachment(t, id)?;
    t.transit_gateway_attachments.retain(|a| a.transit_gateway_attachment_id != id);
    for rt in t.transit_gateway_route_tables.iter_mut() {
        rt.propagations.retain(|p| p != id);
        // Static routes to a deleted attachment disappear with it.
        rt.routes.retain(|r| r.transit_gateway_attachment_id.as_deref() != Some(id));
    }
    Ok(Applied::default())
}

pub(super) fn create_table(t: &mut Topology, tgw_id: &str) -> Result<Applied, Error> {
    if !t.transit_gateways.iter().any(|g| g.transit_gateway_id == tgw_id) {
        return Err(not_found(tgw_id, "TransitGatewayId"));
    }
    let id = next_id(t, "tgw-rtb");
    t.transit_gateway_route_tables.push(TransitGatewayRouteTable {
        transit_gateway_route_table_id: id.clone(),
        name: None,
        transit_gateway_id: String::from(tgw_id),
        propagations: Vec::new(),
        routes: Vec::new(),
    });
    Ok(Applied::created(vec![id]))
}

pub(super) fn delete_table(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    tgw_table(t, id)?;
    if let Some(a) = t.transit_gateway_attachments.iter().find(|a| a.association_route_table_id.as_deref() == Some(id))
    {
        return Err(in_use(id, "TransitGatewayRouteTableId", "R8.2", &a.transit_gateway_attachment_id));
    }
    for g in t.transit_gateways.iter_mut() {
        if g.association_default_route_table_id.as_deref() == Some(id) {
            g.association_default_route_table_id = None;
        }
        if g.propagation_default_route_table_id.as_deref() == Some(id) {
            g.propagation_default_route_table_id = None;
        }
    }
    t.transit_gateway_route_tables.retain(|r| r.transit_gateway_route_table_id != id);
    Ok(Applied::default())
}

/// The attachment and table must belong to the same TGW (a peering attachment has a side on each of two).
fn same_tgw(t: &mut Topology, rt_id: &str, att_id: &str) -> Result<(), Error> {
    let a_tgw = attachment(t, att_id)?.transit_gateway_id.clone();
    let r_tgw = tgw_table(t, rt_id)?.transit_gateway_id.clone();
    let on_table_tgw = t
        .transit_gateway_attachments
        .iter()
        .any(|a| a.transit_gateway_attachment_id == att_id && a.transit_gateway_id == r_tgw);
    if !on_table_tgw {
        return Err(refuse(
            rt_id,
            "TransitGatewayAttachmentId",
            "R8.2",
            format!("{att_id} is on {a_tgw}, {rt_id} on {r_tgw}"),
        ));
    }
    Ok(())
}

pub(super) fn associate(t: &mut Topology, rt_id: &str, att_id: &str) -> Result<Applied, Error> {
    same_tgw(t, rt_id, att_id)?;
    // R8.2: exactly one association per attachment (per side of a peering); the new one replaces the old.
    let r_tgw = tgw_table(t, rt_id)?.transit_gateway_id.clone();
    if let Some(a) = t
        .transit_gateway_attachments
        .iter_mut()
        .find(|a| a.transit_gateway_attachment_id == att_id && a.transit_gateway_id == r_tgw)
    {
        a.association_route_table_id = Some(String::from(rt_id));
    }
    Ok(Applied::default())
}

pub(super) fn propagate(t: &mut Topology, rt_id: &str, att_id: &str, on: bool) -> Result<Applied, Error> {
    same_tgw(t, rt_id, att_id)?;
    // R8.2: an attachment may propagate into many tables.
    let rt = tgw_table(t, rt_id)?;
    let present = rt.propagations.iter().any(|p| p == att_id);
    match (on, present) {
        (true, false) => rt.propagations.push(String::from(att_id)),
        (false, true) => rt.propagations.retain(|p| p != att_id),
        _ => {
            return Err(refuse(
                rt_id,
                "Propagations",
                "R8.2",
                format!("propagation of {att_id} is already {}", if on { "on" } else { "off" }),
            ))
        }
    }
    Ok(Applied::default())
}

pub(super) fn create_route(
    t: &mut Topology,
    rt_id: &str,
    dest: &IpNet,
    att: &Option<String>,
) -> Result<Applied, Error> {
    let dest = dest.trunc();
    if let Some(a) = att {
        same_tgw(t, rt_id, a)?;
    }
    let rt = tgw_table(t, rt_id)?;
    if rt.routes.iter().any(|r| r.destination_cidr_block == dest) {
        return Err(refuse(
            rt_id,
            "DestinationCidrBlock",
            "RouteAlreadyExists",
            format!("a static route to {dest} exists"),
        ));
    }
    rt.routes.push(TransitGatewayRoute {
        destination_cidr_block: dest,
        transit_gateway_attachment_id: att.clone(),
        blackhole: att.is_none(),
    });
    Ok(Applied::default())
}

pub(super) fn delete_route(t: &mut Topology, rt_id: &str, dest: &IpNet) -> Result<Applied, Error> {
    let rt = tgw_table(t, rt_id)?;
    let before = rt.routes.len();
    rt.routes.retain(|r| r.destination_cidr_block != *dest);
    if rt.routes.len() == before {
        return Err(refuse(rt_id, "DestinationCidrBlock", "NotFound", format!("no static route to {dest}")));
    }
    Ok(Applied::default())
}

pub(super) fn create_vgw(t: &mut Topology, name: &Option<String>) -> Result<Applied, Error> {
    let id = next_id(t, "vgw");
    t.vpn_gateways.push(VpnGateway { vpn_gateway_id: id.clone(), name: name.clone(), vpc_id: None });
    Ok(Applied::created(vec![id]))
}

pub(super) fn attach_vgw(t: &mut Topology, id: &str, vpc_id: Option<&String>) -> Result<Applied, Error> {
    let Some(g) = t.vpn_gateways.iter().find(|g| g.vpn_gateway_id == id).cloned() else {
        return Err(not_found(id, "VpnGatewayId"));
    };
    match vpc_id {
        Some(v) => {
            vpc(t, v)?;
            // R14.1: one VGW attached per VPC at a time, and a VGW to one VPC.
            if let Some(other) = t.vpn_gateways.iter().find(|x| x.vpc_id.as_ref() == Some(v)) {
                return Err(refuse(v, "VpnGatewayId", "R14.1", format!("{v} already has {}", other.vpn_gateway_id)));
            }
            if let Some(cur) = &g.vpc_id {
                return Err(refuse(id, "VpcId", "R14.1", format!("{id} is already attached to {cur}")));
            }
        }
        None if g.vpc_id.is_none() => {
            return Err(refuse(id, "VpcId", "Gateway.NotAttached", format!("{id} is not attached")));
        }
        None => {
            // Detaching stops propagation into the VPC's tables (R14.2).
            for rt in t.route_tables.iter_mut() {
                rt.propagating_vgws.retain(|x| x != id);
            }
        }
    }
    if let Some(x) = t.vpn_gateways.iter_mut().find(|x| x.vpn_gateway_id == id) {
        x.vpc_id = vpc_id.cloned();
    }
    Ok(Applied::default())
}

pub(super) fn create_cgw(t: &mut Topology, ip: Ipv4Addr, asn: u32) -> Result<Applied, Error> {
    let id = next_id(t, "cgw");
    t.customer_gateways.push(CustomerGateway {
        customer_gateway_id: id.clone(),
        name: None,
        ip_address: ip,
        bgp_asn: asn,
    });
    Ok(Applied::created(vec![id]))
}

pub(super) fn create_vpn(
    t: &mut Topology,
    cgw: &str,
    vgw: &Option<String>,
    tgw: &Option<String>,
    static_only: bool,
    routes: &[IpNet],
) -> Result<Applied, Error> {
    if !t.customer_gateways.iter().any(|g| g.customer_gateway_id == cgw) {
        return Err(not_found(cgw, "CustomerGatewayId"));
    }
    match (vgw, tgw) {
        (Some(v), None) if t.vpn_gateways.iter().any(|g| &g.vpn_gateway_id == v) => {}
        (None, Some(g)) if t.transit_gateways.iter().any(|x| &x.transit_gateway_id == g) => {}
        _ => {
            return Err(refuse(
                cgw,
                "VpnGatewayId",
                "R14.1",
                String::from("a VPN ends on exactly one existing VGW or TGW"),
            ))
        }
    }
    let id = next_id(t, "vpn");
    t.vpn_connections.push(VpnConnection {
        vpn_connection_id: id.clone(),
        name: None,
        customer_gateway_id: String::from(cgw),
        vpn_gateway_id: vgw.clone(),
        transit_gateway_id: tgw.clone(),
        static_routes_only: static_only,
        routes: routes.to_vec(),
        advertised_routes: Vec::new(),
        tunnels_up: 2, // R14.1: two tunnels
    });
    let mut created = vec![id.clone()];
    // A VPN on a TGW is an attachment of type vpn (R8.1), associated/propagated by default (R8.3).
    if let Some(g) = tgw {
        let default_rt = t
            .transit_gateways
            .iter()
            .find(|x| &x.transit_gateway_id == g)
            .and_then(|x| x.association_default_route_table_id.clone());
        let att = next_id(t, "tgw-attach");
        t.transit_gateway_attachments.push(TransitGatewayAttachment {
            transit_gateway_attachment_id: att.clone(),
            name: None,
            transit_gateway_id: g.clone(),
            resource_type: AttachmentResourceType::Vpn,
            resource_id: id,
            subnet_ids: Vec::new(),
            state: String::from("available"),
            appliance_mode_support: false,
            association_route_table_id: default_rt.clone(),
        });
        if let Some(rt) = default_rt {
            tgw_table(t, &rt)?.propagations.push(att.clone());
        }
        created.push(att);
    }
    Ok(Applied::created(created))
}

pub(super) fn delete_vpn(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    if !t.vpn_connections.iter().any(|v| v.vpn_connection_id == id) {
        return Err(not_found(id, "VpnConnectionId"));
    }
    t.vpn_connections.retain(|v| v.vpn_connection_id != id);
    let atts: Vec<String> = t
        .transit_gateway_attachments
        .iter()
        .filter(|a| a.resource_type == AttachmentResourceType::Vpn && a.resource_id == id)
        .map(|a| a.transit_gateway_attachment_id.clone())
        .collect();
    for a in atts {
        delete_attachment(t, &a)?;
    }
    Ok(Applied::default())
}

/// R9.1: only S3 and DynamoDB have gateway endpoints; their AWS-managed prefix list, created on first use
/// with a documented stand-in range when the topology has none named after the service.
fn service_prefix_list(t: &mut Topology, service: &str) -> Result<String, Error> {
    if let Some(p) = t.prefix_lists.iter().find(|p| p.prefix_list_name == service) {
        return Ok(p.prefix_list_id.clone());
    }
    let cidr: IpNet = if service.ends_with(".s3") {
        IpNet::V4(ipnet::Ipv4Net::new(Ipv4Addr::new(52, 216, 0, 0), 15).unwrap_or_default())
    } else if service.ends_with(".dynamodb") {
        IpNet::V4(ipnet::Ipv4Net::new(Ipv4Addr::new(52, 94, 0, 0), 22).unwrap_or_default())
    } else {
        return Err(refuse(
            service,
            "ServiceName",
            "R9.1",
            format!("{service} has no gateway endpoint (S3 and DynamoDB only)"),
        ));
    };
    let id = next_id(t, "pl");
    t.prefix_lists.push(PrefixList {
        prefix_list_id: id.clone(),
        prefix_list_name: String::from(service),
        cidrs: vec![cidr],
        max_entries: 0,
    });
    Ok(id)
}

pub(super) fn create_endpoint(
    t: &mut Topology,
    vpc_id: &str,
    service: &str,
    kind: EndpointType,
    route_table_ids: &[String],
    subnet_ids: &[String],
) -> Result<Applied, Error> {
    vpc(t, vpc_id)?;
    tables_of_vpc(t, vpc_id, route_table_ids, "RouteTableIds")?;
    one_subnet_per_az(t, vpc_id, subnet_ids, "SubnetIds", "R9.7")?;
    // R9.8: an endpoint to a service in the topology needs the service's permission, and waits for the
    // provider's acceptance when the service requires it.
    let mut state = String::from("available");
    if kind == EndpointType::Interface {
        if let Some(svc) = t.vpc_endpoint_services.iter().find(|s| s.service_name == service) {
            let account = vpc(t, vpc_id)?.owner_id.clone();
            if !svc.allows(&account) {
                let text = format!("{} does not allow account {account}", svc.service_id);
                return Err(refuse(service, "ServiceName", "R9.8", text));
            }
            if svc.acceptance_required {
                state = String::from("pendingAcceptance");
            }
        }
    }
    let id = next_id(t, "vpce");
    let mut enis = Vec::new();
    if kind == EndpointType::Gateway {
        let pl = service_prefix_list(t, service)?;
        add_endpoint_routes(t, &id, &pl, route_table_ids, "RouteTableIds")?;
    } else {
        enis = add_endpoint_enis(t, &id, vpc_id, subnet_ids)?;
    }
    t.vpc_endpoints.push(VpcEndpoint {
        vpc_endpoint_id: id.clone(),
        name: None,
        vpc_id: String::from(vpc_id),
        service_name: String::from(service),
        vpc_endpoint_type: kind,
        route_table_ids: if kind == EndpointType::Gateway { route_table_ids.to_vec() } else { Vec::new() },
        subnet_ids: if kind == EndpointType::Gateway { Vec::new() } else { subnet_ids.to_vec() },
        network_interface_ids: enis.clone(),
        groups: Vec::new(),
        private_dns_enabled: kind == EndpointType::Interface,
        state,
        dns_entries: Vec::new(),
    });
    let mut created = vec![id];
    created.extend(enis);
    Ok(Applied::created(created))
}

/// Route tables named in an endpoint call must exist in the endpoint's VPC (R9.1).
fn tables_of_vpc(t: &Topology, vpc_id: &str, ids: &[String], field: &str) -> Result<(), Error> {
    for r in ids {
        match t.route_tables.iter().find(|x| &x.route_table_id == r) {
            None => return Err(not_found(r, field)),
            Some(x) if x.vpc_id != vpc_id => return Err(refuse(r, field, "R9.1", format!("{r} is not in {vpc_id}"))),
            Some(_) => {}
        }
    }
    Ok(())
}

/// R9.1: AWS adds `pl-… → vpce-…` to each table itself, one endpoint route per service per table.
fn add_endpoint_routes(t: &mut Topology, id: &str, pl: &str, tables: &[String], field: &str) -> Result<(), Error> {
    for r in tables {
        let rt = t.route_tables.iter_mut().find(|x| &x.route_table_id == r).ok_or_else(|| not_found(r, field))?;
        let destination = RouteDestination::PrefixList(String::from(pl));
        if rt.routes.iter().any(|x| x.destination == destination) {
            return Err(refuse(r, field, "R9.1", format!("{r} already routes {pl} to an endpoint")));
        }
        rt.routes.push(Route {
            destination,
            target: String::from(id),
            state: RouteState::Active,
            origin: RouteOrigin::CreateRouteTable,
        });
    }
    Ok(())
}

/// R9.7: an interface endpoint has one requester-managed ENI per subnet, in the VPC's default group.
fn add_endpoint_enis(t: &mut Topology, id: &str, vpc_id: &str, subnets: &[String]) -> Result<Vec<String>, Error> {
    let sg = t.security_groups.iter().find(|g| g.vpc_id == vpc_id && g.is_default()).map(|g| g.group_id.clone());
    let mut enis = Vec::new();
    for s in subnets {
        let sub = subnet(t, s)?.clone();
        let ip = super::compute::free_ip(t, &sub)?;
        let eni = next_id(t, "eni");
        t.network_interfaces.push(NetworkInterface {
            network_interface_id: eni.clone(),
            subnet_id: s.clone(),
            description: format!("VPC Endpoint Interface {id}"),
            interface_type: InterfaceType::VpcEndpoint,
            private_ip_addresses: vec![ip],
            ipv6_addresses: Vec::new(),
            public_ip: None,
            groups: sg.clone().into_iter().collect(),
            source_dest_check: true,
            instance_id: None,
        });
        enis.push(eni);
    }
    Ok(enis)
}

/// ModifyVpcEndpoint: a gateway endpoint's route tables (their endpoint routes follow, R9.1) or an interface
/// endpoint's subnets (ENIs added and removed, one subnet per AZ, R9.7).
pub(super) fn modify_endpoint(
    t: &mut Topology,
    id: &str,
    tables: (&[String], &[String]),
    subnets: (&[String], &[String]),
) -> Result<Applied, Error> {
    let Some(e) = t.vpc_endpoints.iter().find(|e| e.vpc_endpoint_id == id).cloned() else {
        return Err(not_found(id, "VpcEndpointId"));
    };
    let gateway = e.vpc_endpoint_type == EndpointType::Gateway;
    let mut created = Vec::new();
    if gateway {
        if let Some(s) = subnets.0.iter().chain(subnets.1).next() {
            return Err(refuse(
                s,
                "AddSubnetIds",
                "R9.1",
                String::from("a gateway endpoint takes route tables, not subnets"),
            ));
        }
        let next = changed_list(id, &e.route_table_ids, tables, ("AddRouteTableIds", "RemoveRouteTableIds"), "R9.1")?;
        tables_of_vpc(t, &e.vpc_id, tables.0, "AddRouteTableIds")?;
        for rt in t.route_tables.iter_mut().filter(|r| tables.1.contains(&r.route_table_id)) {
            rt.routes.retain(|r| r.target != id);
        }
        let pl = service_prefix_list(t, &e.service_name)?;
        add_endpoint_routes(t, id, &pl, tables.0, "AddRouteTableIds")?;
        set_endpoint(t, id, |x| x.route_table_ids = next);
    } else {
        if let Some(r) = tables.0.iter().chain(tables.1).next() {
            return Err(refuse(
                r,
                "AddRouteTableIds",
                "R9.7",
                String::from("an interface endpoint takes subnets, not route tables"),
            ));
        }
        let next = changed_list(id, &e.subnet_ids, subnets, ("AddSubnetIds", "RemoveSubnetIds"), "R9.7")?;
        one_subnet_per_az(t, &e.vpc_id, &next, "AddSubnetIds", "R9.7")?;
        let gone: Vec<String> = t
            .network_interfaces
            .iter()
            .filter(|n| e.network_interface_ids.contains(&n.network_interface_id) && subnets.1.contains(&n.subnet_id))
            .map(|n| n.network_interface_id.clone())
            .collect();
        t.network_interfaces.retain(|n| !gone.contains(&n.network_interface_id));
        created = add_endpoint_enis(t, id, &e.vpc_id, subnets.0)?;
        let mut enis: Vec<String> = e.network_interface_ids.iter().filter(|n| !gone.contains(n)).cloned().collect();
        enis.extend(created.iter().cloned());
        set_endpoint(t, id, |x| {
            x.subnet_ids = next;
            x.network_interface_ids = enis;
        });
    }
    Ok(Applied::created(created))
}

fn set_endpoint(t: &mut Topology, id: &str, change: impl FnOnce(&mut VpcEndpoint)) {
    if let Some(x) = t.vpc_endpoints.iter_mut().find(|x| x.vpc_endpoint_id == id) {
        change(x);
    }
}

pub(super) fn delete_endpoint(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    let Some(e) = t.vpc_endpoints.iter().find(|e| e.vpc_endpoint_id == id).cloned() else {
        return Err(not_found(id, "VpcEndpointId"));
    };
    // R9.1: the endpoint's routes follow it.
    for rt in t.route_tables.iter_mut() {
        rt.routes.retain(|r| r.target != id);
    }
    t.network_interfaces.retain(|x| !e.network_interface_ids.contains(&x.network_interface_id));
    t.vpc_endpoints.retain(|x| x.vpc_endpoint_id != id);
    Ok(Applied::default())
}

pub(super) fn set_appliance_mode(t: &mut Topology, id: &str, on: bool) -> Result<Applied, Error> {
    let a = t
        .transit_gateway_attachments
        .iter_mut()
        .find(|a| a.transit_gateway_attachment_id == id)
        .ok_or_else(|| not_found(id, "TransitGatewayAttachmentId"))?;
    // R8.8: appliance mode is an option of VPC attachments.
    if a.resource_type != AttachmentResourceType::Vpc {
        return Err(refuse(
            id,
            "ApplianceModeSupport",
            "R8.8",
            String::from("appliance mode applies to VPC attachments"),
        ));
    }
    a.appliance_mode_support = on;
    Ok(Applied::default())
}

pub(super) fn delete_vgw(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    let Some(g) = t.vpn_gateways.iter().find(|g| g.vpn_gateway_id == id) else {
        return Err(not_found(id, "VpnGatewayId"));
    };
    if let Some(v) = &g.vpc_id {
        return Err(in_use(id, "VpcId", "DependencyViolation", v));
    }
    if let Some(c) = t.vpn_connections.iter().find(|c| c.vpn_gateway_id.as_deref() == Some(id)) {
        return Err(in_use(id, "VpnGatewayId", "DependencyViolation", &c.vpn_connection_id));
    }
    t.vpn_gateways.retain(|g| g.vpn_gateway_id != id);
    Ok(Applied::default())
}

pub(super) fn vgw_propagation(t: &mut Topology, rtb: &str, vgw: &str, on: bool) -> Result<Applied, Error> {
    let Some(g) = t.vpn_gateways.iter().find(|g| g.vpn_gateway_id == vgw).cloned() else {
        return Err(not_found(vgw, "GatewayId"));
    };
    let rt =
        t.route_tables.iter_mut().find(|r| r.route_table_id == rtb).ok_or_else(|| not_found(rtb, "RouteTableId"))?;
    // R14.2: a VGW propagates only into tables of the VPC it is attached to.
    if g.vpc_id.as_deref() != Some(rt.vpc_id.as_str()) {
        return Err(refuse(rtb, "GatewayId", "R14.2", format!("{vgw} is not attached to {}", rt.vpc_id)));
    }
    rt.propagating_vgws.retain(|x| x != vgw);
    if on {
        rt.propagating_vgws.push(String::from(vgw));
    }
    Ok(Applied::default())
}

pub(super) fn delete_cgw(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    if !t.customer_gateways.iter().any(|g| g.customer_gateway_id == id) {
        return Err(not_found(id, "CustomerGatewayId"));
    }
    if let Some(c) = t.vpn_connections.iter().find(|c| c.customer_gateway_id == id) {
        return Err(in_use(id, "CustomerGatewayId", "DependencyViolation", &c.vpn_connection_id));
    }
    t.customer_gateways.retain(|g| g.customer_gateway_id != id);
    Ok(Applied::default())
}

/// R9.8: an endpoint service in front of Network Load Balancers, owned by their VPC's account.
pub(super) fn create_endpoint_service(
    t: &mut Topology,
    arns: &[String],
    acceptance_required: bool,
    private_dns_name: &Option<String>,
) -> Result<Applied, Error> {
    let mut owner = None;
    for arn in arns {
        let Some(lb) = t.load_balancers.iter().find(|lb| &lb.load_balancer_arn == arn) else {
            return Err(not_found(arn, "NetworkLoadBalancerArns"));
        };
        if lb.r#type != LoadBalancerType::Network {
            return Err(refuse(arn, "NetworkLoadBalancerArns", "R9.8", String::from("not a Network Load Balancer")));
        }
        owner = owner.or_else(|| t.vpcs.iter().find(|v| v.vpc_id == lb.vpc_id).map(|v| v.owner_id.clone()));
    }
    if arns.is_empty() {
        return Err(refuse(
            "service",
            "NetworkLoadBalancerArns",
            "R9.8",
            String::from("an endpoint service needs an NLB"),
        ));
    }
    let id = next_id(t, "vpce-svc");
    let region = t.vpcs.first().map(|v| v.region.clone()).unwrap_or_default();
    t.vpc_endpoint_services.push(VpcEndpointService {
        service_name: format!("com.amazonaws.vpce.{region}.{id}"),
        service_id: id.clone(),
        network_load_balancer_arns: arns.to_vec(),
        acceptance_required,
        allowed_principals: Vec::new(),
        private_dns_name: private_dns_name.clone(),
        owner: owner.unwrap_or_default(),
    });
    Ok(Applied::created(vec![id]))
}

fn endpoint_service<'a>(t: &'a mut Topology, id: &str) -> Result<&'a mut VpcEndpointService, Error> {
    t.vpc_endpoint_services.iter_mut().find(|s| s.service_id == id).ok_or_else(|| not_found(id, "ServiceId"))
}

pub(super) fn service_permissions(
    t: &mut Topology,
    id: &str,
    add: &[String],
    remove: &[String],
) -> Result<Applied, Error> {
    let s = endpoint_service(t, id)?;
    for p in add {
        if !s.allowed_principals.contains(p) {
            s.allowed_principals.push(p.clone());
        }
    }
    s.allowed_principals.retain(|p| !remove.contains(p));
    Ok(Applied::default())
}

/// R9.8: accept (pending endpoints become available) or reject (any endpoint of the service).
pub(super) fn endpoint_connections(
    t: &mut Topology,
    id: &str,
    endpoints: &[String],
    accept: bool,
) -> Result<Applied, Error> {
    let name = endpoint_service(t, id)?.service_name.clone();
    for e in endpoints {
        let Some(ep) = t.vpc_endpoints.iter_mut().find(|x| &x.vpc_endpoint_id == e) else {
            return Err(not_found(e, "VpcEndpointIds"));
        };
        if ep.service_name != name {
            return Err(refuse(e, "VpcEndpointIds", "R9.8", format!("{e} is not an endpoint of {id}")));
        }
        if accept && ep.state != "pendingAcceptance" {
            return Err(refuse(e, "State", "R9.8", format!("{e} is {}, not pendingAcceptance", ep.state)));
        }
        ep.state = String::from(if accept { "available" } else { "rejected" });
    }
    Ok(Applied::default())
}

/// R8.1: a peering attachment has one id and a side on each TGW; both wait for the peer's acceptance. (R8.10,
/// one peering per TGW pair, is the validator's TGW_PEERING_PAIR, which refuses a second one.)
pub(super) fn create_peering_attachment(t: &mut Topology, tgw: &str, peer: &str) -> Result<Applied, Error> {
    for g in [tgw, peer] {
        if !t.transit_gateways.iter().any(|x| x.transit_gateway_id == g) {
            return Err(not_found(g, "TransitGatewayId"));
        }
    }
    if tgw == peer {
        return Err(refuse(peer, "PeerTransitGatewayId", "R8.1", String::from("a TGW cannot peer with itself")));
    }
    let id = next_id(t, "tgw-attach");
    for (side, other) in [(tgw, peer), (peer, tgw)] {
        t.transit_gateway_attachments.push(TransitGatewayAttachment {
            transit_gateway_attachment_id: id.clone(),
            name: None,
            transit_gateway_id: String::from(side),
            resource_type: AttachmentResourceType::Peering,
            resource_id: String::from(other),
            subnet_ids: Vec::new(),
            state: String::from("pendingAcceptance"),
            appliance_mode_support: false,
            association_route_table_id: None,
        });
    }
    Ok(Applied::created(vec![id]))
}

pub(super) fn accept_peering_attachment(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    let mut found = false;
    for a in t.transit_gateway_attachments.iter_mut().filter(|a| a.transit_gateway_attachment_id == id) {
        if a.resource_type != AttachmentResourceType::Peering {
            return Err(refuse(id, "TransitGatewayAttachmentId", "R8.1", String::from("not a peering attachment")));
        }
        if a.state != "pendingAcceptance" {
            return Err(refuse(id, "State", "R8.1", format!("the attachment is {}", a.state)));
        }
        a.state = String::from("available");
        found = true;
    }
    if !found {
        return Err(not_found(id, "TransitGatewayAttachmentId"));
    }
    Ok(Applied::default())
}
