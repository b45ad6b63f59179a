//! Internet gateways, egress-only internet gateways, Elastic IPs and NAT gateways (R5.x, R1.8, R6.x).

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::net::Ipv4Addr;

use super::compute::free_ip;
use super::ids::next_id;
use super::network::{subnet, vpc};
use super::{in_use, not_found, refuse, Applied};
use crate::error::Error;
use crate::model::*;

/// R1.8: the default Elastic IP quota per Region.
pub const EIP_QUOTA: usize = 5;

fn igw<'a>(t: &'a mut Topology, id: &str) -> Result<&'a mut InternetGateway, Error> {
    t.internet_gateways
        .iter_mut()
        .find(|g| g.internet_gateway_id == id)
        .ok_or_else(|| not_found(id, "InternetGatewayId"))
}

fn eip<'a>(t: &'a mut Topology, id: &str) -> Result<&'a mut ElasticIp, Error> {
    t.addresses.iter_mut().find(|a| a.allocation_id == id).ok_or_else(|| not_found(id, "AllocationId"))
}

pub(super) fn create_igw(t: &mut Topology, name: &Option<String>) -> Result<Applied, Error> {
    let id = next_id(t, "igw");
    t.internet_gateways.push(InternetGateway { internet_gateway_id: id.clone(), name: name.clone(), vpc_id: None });
    Ok(Applied::created(vec![id]))
}

pub(super) fn attach_igw(t: &mut Topology, id: &str, vpc_id: &str) -> Result<Applied, Error> {
    vpc(t, vpc_id)?;
    // R5.1: one IGW per VPC, and an IGW attaches to one VPC.
    if let Some(g) = t.internet_gateways.iter().find(|g| g.vpc_id.as_deref() == Some(vpc_id)) {
        return Err(refuse(
            vpc_id,
            "InternetGatewayId",
            "R5.1",
            format!("{vpc_id} already has {}", g.internet_gateway_id),
        ));
    }
    let g = igw(t, id)?;
    if let Some(v) = &g.vpc_id {
        return Err(refuse(id, "VpcId", "R5.1", format!("{id} is already attached to {v}")));
    }
    g.vpc_id = Some(String::from(vpc_id));
    Ok(Applied::default())
}

/// Whether a VPC has public IPv4 addresses mapped (ENIs with a public IP or EIP, public NAT gateways).
fn mapped_public_address(t: &Topology, vpc_id: &str) -> Option<String> {
    let in_vpc = |subnet_id: &str| t.subnets.iter().any(|s| s.subnet_id == subnet_id && s.vpc_id == vpc_id);
    t.network_interfaces
        .iter()
        .find(|e| e.public_ip.is_some() && in_vpc(&e.subnet_id))
        .map(|e| e.network_interface_id.clone())
        .or_else(|| {
            t.nat_gateways
                .iter()
                .find(|n| n.connectivity_type == ConnectivityType::Public && in_vpc(&n.subnet_id))
                .map(|n| n.nat_gateway_id.clone())
        })
}

pub(super) fn detach_igw(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    let Some(vpc_id) = igw(t, id)?.vpc_id.clone() else {
        return Err(refuse(id, "VpcId", "Gateway.NotAttached", format!("{id} is not attached")));
    };
    // R5.7: not while the VPC has mapped public addresses.
    if let Some(user) = mapped_public_address(t, &vpc_id) {
        return Err(in_use(id, "VpcId", "R5.7", &format!("{user}, a mapped public address in {vpc_id}")));
    }
    igw(t, id)?.vpc_id = None;
    Ok(Applied::default())
}

pub(super) fn delete_igw(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    if let Some(v) = igw(t, id)?.vpc_id.clone() {
        return Err(in_use(id, "VpcId", "DependencyViolation", &v));
    }
    t.internet_gateways.retain(|g| g.internet_gateway_id != id);
    Ok(Applied::default())
}

pub(super) fn create_eigw(t: &mut Topology, vpc_id: &str) -> Result<Applied, Error> {
    vpc(t, vpc_id)?;
    let id = next_id(t, "eigw");
    t.egress_only_internet_gateways.push(EgressOnlyInternetGateway {
        egress_only_internet_gateway_id: id.clone(),
        name: None,
        vpc_id: String::from(vpc_id),
    });
    Ok(Applied::created(vec![id]))
}

pub(super) fn delete_eigw(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    if !t.egress_only_internet_gateways.iter().any(|g| g.egress_only_internet_gateway_id == id) {
        return Err(not_found(id, "EgressOnlyInternetGatewayId"));
    }
    t.egress_only_internet_gateways.retain(|g| g.egress_only_internet_gateway_id != id);
    Ok(Applied::default())
}

pub(super) fn allocate_address(t: &mut Topology, region: &Option<String>) -> Result<Applied, Error> {
    let region = region.clone().or_else(|| t.vpcs.first().map(|v| v.region.clone())).unwrap_or_default();
    // R1.8: 5 Elastic IPs per Region by default.
    let n = t.addresses.iter().filter(|a| a.region == region).count();
    if n >= EIP_QUOTA {
        return Err(refuse(
            &region,
            "Addresses",
            "R1.8",
            format!("{n} Elastic IPs already: the quota is 5 per Region"),
        ));
    }
    // A deterministic stand-in for Amazon's pool: the first unused address of 3.5.0.0/16 (documented choice).
    let used: Vec<Ipv4Addr> = t
        .addresses
        .iter()
        .map(|a| a.public_ip)
        .chain(t.network_interfaces.iter().filter_map(|e| e.public_ip))
        .chain(t.nat_gateways.iter().filter_map(|n| n.public_ip))
        .collect();
    let Some(ip) =
        (1..=u16::MAX).map(|k| Ipv4Addr::new(3, 5, (k >> 8) as u8, (k & 0xff) as u8)).find(|ip| !used.contains(ip))
    else {
        return Err(refuse(&region, "Addresses", "R1.8", String::from("no stand-in public address left")));
    };
    let id = next_id(t, "eipalloc");
    t.addresses.push(ElasticIp {
        allocation_id: id.clone(),
        public_ip: ip,
        region,
        network_interface_id: None,
        private_ip_address: None,
    });
    Ok(Applied::created(vec![id]))
}

pub(super) fn release_address(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    if let Some(e) = eip(t, id)?.network_interface_id.clone() {
        return Err(in_use(id, "AllocationId", "InvalidIPAddress.InUse", &e));
    }
    if let Some(n) = t.nat_gateways.iter().find(|n| n.allocation_id.as_deref() == Some(id)) {
        return Err(in_use(id, "AllocationId", "InvalidIPAddress.InUse", &n.nat_gateway_id));
    }
    t.addresses.retain(|a| a.allocation_id != id);
    Ok(Applied::default())
}

pub(super) fn associate_address(t: &mut Topology, id: &str, eni_id: &str) -> Result<Applied, Error> {
    let a = eip(t, id)?.clone();
    if let Some(other) = &a.network_interface_id {
        return Err(refuse(
            id,
            "NetworkInterfaceId",
            "Resource.AlreadyAssociated",
            format!("{id} is associated with {other}"),
        ));
    }
    let eni = t
        .network_interfaces
        .iter_mut()
        .find(|e| e.network_interface_id == eni_id)
        .ok_or_else(|| not_found(eni_id, "NetworkInterfaceId"))?;
    // R5.4: the EIP replaces an auto-assigned public IP of the primary private address.
    eni.public_ip = Some(a.public_ip);
    let private = eni.primary_ip();
    let e = eip(t, id)?;
    e.network_interface_id = Some(String::from(eni_id));
    e.private_ip_address = private;
    Ok(Applied::default())
}

pub(super) fn disassociate_address(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    let a = eip(t, id)?;
    let Some(eni_id) = a.network_interface_id.take() else {
        return Err(refuse(id, "AllocationId", "InvalidAssociationID.NotFound", format!("{id} is not associated")));
    };
    a.private_ip_address = None;
    let ip = a.public_ip;
    // Documented choice: the ENI keeps no public IP afterwards (AWS may hand out a new auto-assigned one
    // only at launch, R1.7).
    if let Some(e) =
        t.network_interfaces.iter_mut().find(|e| e.network_interface_id == eni_id && e.public_ip == Some(ip))
    {
        e.public_ip = None;
    }
    Ok(Applied::default())
}

pub(super) fn create_nat(
    t: &mut Topology,
    subnet_id: &str,
    kind: ConnectivityType,
    allocation_id: &Option<String>,
) -> Result<Applied, Error> {
    let s = subnet(t, subnet_id)?.clone();
    let mut public_ip = None;
    if kind == ConnectivityType::Public {
        // R6.2: a public NAT gateway fails unless an IGW is attached to the VPC.
        if !t.internet_gateways.iter().any(|g| g.vpc_id.as_deref() == Some(s.vpc_id.as_str())) {
            return Err(refuse(
                subnet_id,
                "SubnetId",
                "R6.2",
                format!("Network {} has no internet gateway attached", s.vpc_id),
            ));
        }
        let Some(alloc_id) = allocation_id else {
            return Err(refuse(
                subnet_id,
                "AllocationId",
                "R6.1",
                String::from("a public NAT gateway needs an Elastic IP"),
            ));
        };
        let a = eip(t, alloc_id)?.clone();
        if a.network_interface_id.is_some() || t.nat_gateways.iter().any(|n| n.allocation_id.as_ref() == Some(alloc_id))
        {
            return Err(refuse(
                alloc_id,
                "AllocationId",
                "InvalidIPAddress.InUse",
                format!("{alloc_id} is already in use"),
            ));
        }
        public_ip = Some(a.public_ip);
    } else if allocation_id.is_some() {
        return Err(refuse(
            subnet_id,
            "AllocationId",
            "R6.3",
            String::from("a private NAT gateway takes no Elastic IP"),
        ));
    }
    let ip = free_ip(t, &s)?;
    let id = next_id(t, "nat");
    let eni_id = next_id(t, "eni");
    t.network_interfaces.push(NetworkInterface {
        network_interface_id: eni_id.clone(),
        subnet_id: String::from(subnet_id),
        description: format!("Interface for NAT Gateway {id}"),
        interface_type: InterfaceType::NatGateway,
        private_ip_addresses: vec![ip],
        ipv6_addresses: Vec::new(),
        public_ip,
        groups: Vec::new(),
        source_dest_check: false,
        instance_id: None,
    });
    if let (Some(alloc_id), Some(_)) = (allocation_id, public_ip) {
        let a = eip(t, alloc_id)?;
        a.network_interface_id = Some(eni_id.clone());
        a.private_ip_address = Some(ip);
    }
    t.nat_gateways.push(NatGateway {
        nat_gateway_id: id.clone(),
        name: None,
        subnet_id: String::from(subnet_id),
        connectivity_type: kind,
        state: NatGatewayState::Available,
        network_interface_id: Some(eni_id.clone()),
        private_ip: ip,
        public_ip,
        allocation_id: allocation_id.clone().filter(|_| public_ip.is_some()),
    });
    Ok(Applied::created(vec![id, eni_id]))
}

pub(super) fn delete_nat(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    let Some(n) = t.nat_gateways.iter().find(|n| n.nat_gateway_id == id).cloned() else {
        return Err(not_found(id, "NatGatewayId"));
    };
    // The NAT gateway, its ENI and its EIP association go; routes to it turn into blackholes (R2.11).
    t.nat_gateways.retain(|x| x.nat_gateway_id != id);
    if let Some(eni) = &n.network_interface_id {
        t.network_interfaces.retain(|e| &e.network_interface_id != eni);
    }
    for a in t.addresses.iter_mut() {
        if a.allocation_id.as_str() == n.allocation_id.as_deref().unwrap_or("") {
            a.network_interface_id = None;
            a.private_ip_address = None;
        }
    }
    Ok(Applied::default())
}
