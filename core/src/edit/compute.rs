//! Instances, their interfaces and placement groups (R1.3, R1.7, R2.15, R3.4, R12.x).

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::net::{Ipv4Addr, Ipv6Addr};

use super::ids::next_id;
use super::network::subnet;
use super::{not_found, refuse, Applied};
use crate::error::Error;
use crate::model::*;
use crate::validate::is_reserved;

pub(super) fn instance_mut<'a>(t: &'a mut Topology, id: &str) -> Result<&'a mut Instance, Error> {
    t.instances.iter_mut().find(|i| i.instance_id == id).ok_or_else(|| not_found(id, "InstanceId"))
}

/// The first address of a subnet that is neither reserved (R1.3) nor in use. Documented choice: hosts are
/// numbered from .10 up when the subnet is large enough, as lab diagrams do, else from the first free one.
pub(super) fn free_ip(t: &Topology, s: &Subnet) -> Result<Ipv4Addr, Error> {
    let used: Vec<Ipv4Addr> = t
        .network_interfaces
        .iter()
        .filter(|e| e.subnet_id == s.subnet_id)
        .flat_map(|e| e.private_ip_addresses.iter().copied())
        .chain(t.nat_gateways.iter().filter(|n| n.subnet_id == s.subnet_id).map(|n| n.private_ip))
        .collect();
    let free = |ip: &Ipv4Addr| !is_reserved(&s.cidr_block, *ip) && !used.contains(ip);
    s.cidr_block
        .hosts()
        .find(|ip| free(ip) && ip.octets()[3] >= 10)
        .or_else(|| s.cidr_block.hosts().find(free))
        .ok_or_else(|| refuse(&s.subnet_id, "CidrBlock", "R1.3", format!("no free address left in {}", s.cidr_block)))
}

/// R1.7: a deterministic stand-in for the public IP Amazon's pool would hand out (54.180.x.y, unused).
pub(super) fn auto_public_ip(t: &Topology, private: Ipv4Addr) -> Option<Ipv4Addr> {
    let taken = |ip: &Ipv4Addr| {
        t.network_interfaces.iter().any(|e| e.public_ip == Some(*ip)) || t.addresses.iter().any(|a| a.public_ip == *ip)
    };
    let o = private.octets();
    let first = Ipv4Addr::new(54, 180, o[2], o[3]);
    if !taken(&first) {
        return Some(first);
    }
    (1..=u16::MAX).map(|k| Ipv4Addr::new(54, 181, (k >> 8) as u8, (k & 0xff) as u8)).find(|ip| !taken(ip))
}

pub(super) fn run_instance(t: &mut Topology, subnet_id: &str, name: &Option<String>) -> Result<Applied, Error> {
    let s = subnet(t, subnet_id)
        .map_err(|_| refuse(subnet_id, "SubnetId", "RunInstances", format!("subnet {subnet_id} does not exist")))?
        .clone();
    let ip = free_ip(t, &s)?;
    // R3.3: the default SG when none is given.
    let sg = t.security_groups.iter().find(|g| g.vpc_id == s.vpc_id && g.is_default()).map(|g| g.group_id.clone());
    let instance_id = next_id(t, "i");
    let eni_id = next_id(t, "eni");
    let public_ip = if s.map_public_ip_on_launch { auto_public_ip(t, ip) } else { None };
    t.network_interfaces.push(NetworkInterface {
        network_interface_id: eni_id.clone(),
        subnet_id: String::from(subnet_id),
        description: String::new(),
        interface_type: InterfaceType::Interface,
        private_ip_addresses: vec![ip],
        ipv6_addresses: Vec::new(),
        public_ip,
        groups: sg.into_iter().collect(),
        source_dest_check: true, // R2.15: on by default
        instance_id: Some(instance_id.clone()),
    });
    t.instances.push(Instance {
        instance_id: instance_id.clone(),
        name: name.clone(),
        state: InstanceState::Running,
        network_interfaces: vec![eni_id.clone()],
        metadata_options: MetadataOptions::default(),
        placement_group: None,
        role: InstanceRole::Host,
        label: None,
    });
    Ok(Applied::created(vec![instance_id, eni_id]))
}

pub(super) fn terminate(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    let Some(pos) = t.instances.iter().position(|i| i.instance_id == id) else {
        return Err(refuse(id, "InstanceId", "TerminateInstances", format!("instance {id} does not exist")));
    };
    let inst = t.instances.remove(pos);
    t.network_interfaces.retain(|e| !inst.network_interfaces.contains(&e.network_interface_id));
    // Its EIPs are disassociated, not released.
    for a in t.addresses.iter_mut() {
        if a.network_interface_id.as_ref().is_some_and(|e| inst.network_interfaces.contains(e)) {
            a.network_interface_id = None;
            a.private_ip_address = None;
        }
    }
    Ok(Applied::default())
}

pub(super) fn move_instance(t: &mut Topology, id: &str, subnet_id: &str) -> Result<Applied, Error> {
    let s = subnet(t, subnet_id)?.clone();
    let eni_id = t
        .instances
        .iter()
        .find(|i| i.instance_id == id)
        .and_then(|i| i.network_interfaces.first().cloned())
        .ok_or_else(|| not_found(id, "InstanceId"))?;
    let old_vpc = t
        .network_interfaces
        .iter()
        .find(|e| e.network_interface_id == eni_id)
        .and_then(|e| t.subnets.iter().find(|x| x.subnet_id == e.subnet_id))
        .map(|x| x.vpc_id.clone());
    // An ENI lives in one subnet of one VPC; moving across VPCs would also invalidate its SGs (R3.4).
    if old_vpc.as_deref() != Some(s.vpc_id.as_str()) {
        return Err(refuse(id, "SubnetId", "C-eni", format!("an interface cannot move to another VPC ({})", s.vpc_id)));
    }
    let ip = free_ip(t, &s)?;
    let public = if s.map_public_ip_on_launch { auto_public_ip(t, ip) } else { None };
    let has_eip = t.addresses.iter().any(|a| a.network_interface_id.as_deref() == Some(eni_id.as_str()));
    if let Some(e) = t.network_interfaces.iter_mut().find(|e| e.network_interface_id == eni_id) {
        e.subnet_id = String::from(subnet_id);
        e.private_ip_addresses = vec![ip];
        // R1.7: a relaunch gets the new subnet's auto-assign behaviour; an EIP stays.
        if !has_eip {
            e.public_ip = public;
        }
    }
    for a in t.addresses.iter_mut().filter(|a| a.network_interface_id.as_deref() == Some(eni_id.as_str())) {
        a.private_ip_address = Some(ip);
    }
    Ok(Applied::default())
}

/// R1.6: the next free address of the subnet's /64 from `::10` (the first four and the last are reserved).
pub(super) fn assign_ipv6(t: &mut Topology, id: &str) -> Result<Applied, Error> {
    let Some(e) = t.network_interfaces.iter().find(|e| e.network_interface_id == id) else {
        return Err(not_found(id, "NetworkInterfaceId"));
    };
    let s = subnet(t, &e.subnet_id)?;
    let Some(block) = s.ipv6_cidr_block else {
        let text = format!("{} has no IPv6 CIDR block", s.subnet_id);
        return Err(refuse(id, "Ipv6Addresses", "R1.6", text));
    };
    let used: Vec<Ipv6Addr> = t.network_interfaces.iter().flat_map(|e| e.ipv6_addresses.iter().copied()).collect();
    let base = u128::from(block.network());
    let Some(ip) = (0x10..0xffff_u128).map(|k| Ipv6Addr::from(base + k)).find(|ip| !used.contains(ip)) else {
        return Err(refuse(id, "Ipv6Addresses", "R1.6", format!("no free address left in {block}")));
    };
    if let Some(e) = t.network_interfaces.iter_mut().find(|e| e.network_interface_id == id) {
        e.ipv6_addresses.push(ip);
    }
    Ok(Applied::default())
}

pub(super) fn modify_eni(
    t: &mut Topology,
    id: &str,
    source_dest_check: Option<bool>,
    groups: &Option<Vec<String>>,
) -> Result<Applied, Error> {
    let Some(e) = t.network_interfaces.iter().find(|e| e.network_interface_id == id) else {
        return Err(not_found(id, "NetworkInterfaceId"));
    };
    let vpc_id = t.subnets.iter().find(|s| s.subnet_id == e.subnet_id).map(|s| s.vpc_id.clone()).unwrap_or_default();
    if let Some(gs) = groups {
        if gs.is_empty() {
            return Err(refuse(id, "Groups", "R3.4", String::from("an interface needs at least one security group")));
        }
        // R3.4: SGs of the interface's VPC only. R3.11 (5 per ENI) is the validator's SG_PER_ENI_QUOTA.
        for g in gs {
            match t.security_groups.iter().find(|x| &x.group_id == g) {
                None => return Err(not_found(g, "Groups")),
                Some(x) if x.vpc_id != vpc_id => {
                    return Err(refuse(id, "Groups", "R3.4", format!("{g} belongs to {}, not {vpc_id}", x.vpc_id)))
                }
                Some(_) => {}
            }
        }
    }
    if let Some(e) = t.network_interfaces.iter_mut().find(|e| e.network_interface_id == id) {
        if let Some(c) = source_dest_check {
            e.source_dest_check = c;
        }
        if let Some(gs) = groups {
            let mut unique: Vec<String> = Vec::new();
            for g in gs {
                if !unique.contains(g) {
                    unique.push(g.clone());
                }
            }
            e.groups = unique;
        }
    }
    Ok(Applied::default())
}

pub(super) fn create_placement_group(
    t: &mut Topology,
    name: &str,
    strategy: PlacementStrategy,
    partitions: Option<u8>,
) -> Result<Applied, Error> {
    if name.is_empty() || t.placement_groups.iter().any(|g| g.group_name == name) {
        return Err(refuse(
            name,
            "GroupName",
            "InvalidPlacementGroup.Duplicate",
            format!("`{name}` is empty or taken"),
        ));
    }
    // R12.4: 500 placement groups per Region.
    if t.placement_groups.len() >= 500 {
        return Err(refuse(name, "GroupName", "R12.4", String::from("500 placement groups already")));
    }
    // R12.2 (partition count 1–7) is the validator's PARTITION_COUNT.
    let partition_count = if strategy == PlacementStrategy::Partition { Some(partitions.unwrap_or(2)) } else { None };
    t.placement_groups.push(PlacementGroup { group_name: String::from(name), strategy, partition_count });
    Ok(Applied::created(vec![String::from(name)]))
}

pub(super) fn place(t: &mut Topology, id: &str, group: &Option<String>) -> Result<Applied, Error> {
    if let Some(g) = group {
        if !t.placement_groups.iter().any(|x| &x.group_name == g) {
            return Err(not_found(g, "GroupName"));
        }
    }
    // R12.4: an instance is in at most one group; R12.1/R12.3 are the validator's (PLACEMENT_*).
    instance_mut(t, id)?.placement_group = group.clone();
    Ok(Applied::default())
}

pub(super) fn delete_placement_group(t: &mut Topology, name: &str) -> Result<Applied, Error> {
    if !t.placement_groups.iter().any(|g| g.group_name == name) {
        return Err(not_found(name, "GroupName"));
    }
    if let Some(i) = t.instances.iter().find(|i| i.placement_group.as_deref() == Some(name)) {
        return Err(super::in_use(name, "GroupName", "DependencyViolation", &i.instance_id));
    }
    t.placement_groups.retain(|g| g.group_name != name);
    Ok(Applied::default())
}
