//! Typed edits, applied transactionally: an edit is checked against what AWS's API would refuse and either
//! commits fully or changes nothing, returning an [`Error`] that names the resource, the field and the rule.
//!
//! The checks are the validator's (`validate.rs`): an edit is refused when it would add an error finding
//! the topology did not have — one implementation, two callers — plus the preconditions of each API call.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::Ipv4Addr;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::*;
use crate::validate::{is_reserved, validate, Severity};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op")]
pub enum Edit {
    /// RunInstances with one ENI in a subnet: the first free private IP, the VPC's default SG (R3.3),
    /// a public IP when the subnet auto-assigns (R1.7).
    RunInstance {
        subnet_id: String,
        name: Option<String>,
    },
    TerminateInstance {
        instance_id: String,
    },
    /// Moves an instance's primary ENI to another subnet of the same VPC (a new private IP).
    MoveInstance {
        instance_id: String,
        subnet_id: String,
    },
    CreateRoute {
        route_table_id: String,
        destination: IpNet,
        target: String,
    },
    DeleteRoute {
        route_table_id: String,
        destination: IpNet,
    },
    /// Requests a peering (R7.1): `pending-acceptance`, or `failed` when any CIDRs overlap (R7.3).
    CreateVpcPeeringConnection {
        requester_vpc_id: String,
        accepter_vpc_id: String,
    },
    /// Sets the status of a peering (accept, reject, delete; R7.1).
    SetPeeringStatus {
        vpc_peering_connection_id: String,
        status: PeeringStatus,
    },
    Rename {
        id: String,
        name: String,
    },
}

/// What an applied edit created.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    pub created: Vec<String>,
}

fn refuse(resource: &str, field: &str, rule: &str, message: String) -> Error {
    Error::new(resource, field, rule, message)
}

fn next_id(t: &Topology, prefix: &str) -> String {
    let used = |id: &str| {
        t.instances.iter().any(|x| x.instance_id == id)
            || t.network_interfaces.iter().any(|x| x.network_interface_id == id)
    };
    (1..).map(|n| format!("{prefix}-{n:04}")).find(|id| !used(id)).unwrap_or_default()
}

/// Applies an edit to `t`; on error `t` is unchanged.
pub fn apply(t: &mut Topology, edit: &Edit) -> Result<Applied, Error> {
    let mut next = t.clone();
    let applied = apply_to(&mut next, edit)?;
    // Refuse what would add an error finding (R1.x, R2.x, …), naming it.
    let before = validate(t);
    if let Some(f) = validate(&next).into_iter().find(|f| f.severity == Severity::Error && !before.contains(f)) {
        return Err(Error::new(f.resource, f.field, f.rule, f.message));
    }
    *t = next;
    Ok(applied)
}

fn apply_to(t: &mut Topology, edit: &Edit) -> Result<Applied, Error> {
    match edit {
        Edit::RunInstance { subnet_id, name } => {
            let subnet = t.subnets.iter().find(|s| &s.subnet_id == subnet_id).cloned().ok_or_else(|| {
                refuse(subnet_id, "SubnetId", "RunInstances", format!("subnet {subnet_id} does not exist"))
            })?;
            let ip = free_ip(t, &subnet)?;
            let sg = t
                .security_groups
                .iter()
                .find(|g| g.vpc_id == subnet.vpc_id && g.is_default())
                .map(|g| g.group_id.clone());
            let instance_id = next_id(t, "i");
            let eni_id = next_id(t, "eni");
            // R1.7: a public IP from Amazon's pool when the subnet auto-assigns; a deterministic stand-in here.
            let public_ip = subnet.map_public_ip_on_launch.then(|| {
                let o = ip.octets();
                Ipv4Addr::new(54, 180, o[2], o[3])
            });
            t.network_interfaces.push(NetworkInterface {
                network_interface_id: eni_id.clone(),
                subnet_id: subnet_id.clone(),
                description: String::new(),
                interface_type: InterfaceType::Interface,
                private_ip_addresses: alloc::vec![ip],
                ipv6_addresses: Vec::new(),
                public_ip,
                groups: sg.into_iter().collect(),
                source_dest_check: true,
                instance_id: Some(instance_id.clone()),
            });
            t.instances.push(Instance {
                instance_id: instance_id.clone(),
                name: name.clone(),
                state: InstanceState::Running,
                network_interfaces: alloc::vec![eni_id.clone()],
                metadata_options: MetadataOptions::default(),
                placement_group: None,
                role: InstanceRole::Host,
                label: None,
            });
            Ok(Applied { created: alloc::vec![instance_id, eni_id] })
        }
        Edit::TerminateInstance { instance_id } => {
            let pos = t.instances.iter().position(|i| &i.instance_id == instance_id).ok_or_else(|| {
                refuse(
                    instance_id,
                    "InstanceId",
                    "TerminateInstances",
                    format!("instance {instance_id} does not exist"),
                )
            })?;
            let inst = t.instances.remove(pos);
            t.network_interfaces.retain(|e| !inst.network_interfaces.contains(&e.network_interface_id));
            Ok(Applied::default())
        }
        Edit::MoveInstance { instance_id, subnet_id } => {
            let subnet = t.subnets.iter().find(|s| &s.subnet_id == subnet_id).cloned().ok_or_else(|| {
                refuse(subnet_id, "SubnetId", "RunInstances", format!("subnet {subnet_id} does not exist"))
            })?;
            let eni_id = t
                .instances
                .iter()
                .find(|i| &i.instance_id == instance_id)
                .and_then(|i| i.network_interfaces.first().cloned())
                .ok_or_else(|| {
                    refuse(instance_id, "InstanceId", "", format!("instance {instance_id} does not exist"))
                })?;
            let old_vpc = t
                .network_interfaces
                .iter()
                .find(|e| e.network_interface_id == eni_id)
                .and_then(|e| t.subnets.iter().find(|s| s.subnet_id == e.subnet_id))
                .map(|s| s.vpc_id.clone());
            if old_vpc.as_deref() != Some(subnet.vpc_id.as_str()) {
                return Err(refuse(
                    instance_id,
                    "SubnetId",
                    "C-eni",
                    format!("an interface cannot move to another VPC ({})", subnet.vpc_id),
                ));
            }
            let ip = free_ip(t, &subnet)?;
            if let Some(e) = t.network_interfaces.iter_mut().find(|e| e.network_interface_id == eni_id) {
                e.subnet_id = subnet_id.clone();
                e.private_ip_addresses = alloc::vec![ip];
            }
            Ok(Applied::default())
        }
        Edit::CreateRoute { route_table_id, destination, target } => {
            let rt = t.route_tables.iter_mut().find(|r| &r.route_table_id == route_table_id).ok_or_else(|| {
                refuse(
                    route_table_id,
                    "RouteTableId",
                    "CreateRoute",
                    format!("route table {route_table_id} does not exist"),
                )
            })?;
            let destination = destination.trunc();
            if rt.routes.iter().any(|r| r.destination == RouteDestination::Cidr(destination)) {
                return Err(refuse(
                    route_table_id,
                    "DestinationCidrBlock",
                    "CreateRoute",
                    format!("a route to {destination} already exists"),
                ));
            }
            if TargetKind::of(target) == TargetKind::Unknown || target == "local" {
                return Err(refuse(
                    route_table_id,
                    "Target",
                    "R2.10",
                    format!("`{target}` is not a route target (igw-, nat-, eni-, pcx-, tgw-, vgw-, …)"),
                ));
            }
            if TargetKind::of(target) == TargetKind::EgressOnlyInternetGateway && destination.addr().is_ipv4() {
                return Err(refuse(
                    route_table_id,
                    "Target",
                    "R5.11",
                    String::from("an egress-only internet gateway takes IPv6 routes only"),
                ));
            }
            rt.routes.push(Route {
                destination: RouteDestination::Cidr(destination),
                target: target.clone(),
                state: RouteState::Active,
                origin: RouteOrigin::CreateRoute,
            });
            Ok(Applied::default())
        }
        Edit::DeleteRoute { route_table_id, destination } => {
            // R2.3: the `local` routes (one per VPC CIDR) cannot be deleted, listed or not.
            let vpc_id = t.route_tables.iter().find(|r| &r.route_table_id == route_table_id).map(|r| r.vpc_id.clone());
            let is_local = t.vpcs.iter().filter(|v| Some(&v.vpc_id) == vpc_id.as_ref()).any(|v| {
                v.cidr_blocks.iter().any(|c| IpNet::V4(*c) == *destination)
                    || v.ipv6_cidr_blocks.iter().any(|c| IpNet::V6(*c) == *destination)
            });
            if is_local {
                return Err(refuse(
                    route_table_id,
                    "DestinationCidrBlock",
                    "R2.3",
                    String::from("the local route cannot be deleted"),
                ));
            }
            let rt = t.route_tables.iter_mut().find(|r| &r.route_table_id == route_table_id).ok_or_else(|| {
                refuse(
                    route_table_id,
                    "RouteTableId",
                    "DeleteRoute",
                    format!("route table {route_table_id} does not exist"),
                )
            })?;
            let pos = rt.routes.iter().position(|r| r.destination == RouteDestination::Cidr(*destination)).ok_or_else(
                || refuse(route_table_id, "DestinationCidrBlock", "DeleteRoute", format!("no route to {destination}")),
            )?;
            if rt.routes[pos].target == "local" {
                return Err(refuse(
                    route_table_id,
                    "DestinationCidrBlock",
                    "R2.3",
                    String::from("the local route cannot be deleted"),
                ));
            }
            rt.routes.remove(pos);
            Ok(Applied::default())
        }
        Edit::CreateVpcPeeringConnection { requester_vpc_id: a, accepter_vpc_id: b } => {
            let (Some(va), Some(vb)) = (t.vpcs.iter().find(|v| &v.vpc_id == a), t.vpcs.iter().find(|v| &v.vpc_id == b))
            else {
                return Err(refuse(a, "AccepterVpcId", "R7.1", format!("both {a} and {b} must exist")));
            };
            if a == b {
                return Err(refuse(a, "AccepterVpcId", "R7.1", String::from("a VPC cannot peer with itself")));
            }
            // R7.4: one peering per VPC pair (ended ones do not count).
            let live = |p: &VpcPeeringConnection| {
                !matches!(
                    p.status,
                    PeeringStatus::Deleted | PeeringStatus::Rejected | PeeringStatus::Failed | PeeringStatus::Expired
                )
            };
            if t.vpc_peering_connections.iter().any(|p| {
                live(p)
                    && ((&p.requester_vpc_id, &p.accepter_vpc_id) == (a, b)
                        || (&p.requester_vpc_id, &p.accepter_vpc_id) == (b, a))
            }) {
                return Err(refuse(
                    a,
                    "AccepterVpcId",
                    "R7.4",
                    format!("{a} and {b} already have a peering connection"),
                ));
            }
            // R7.3: any overlapping IPv4 or IPv6 CIDR makes the request fail.
            let overlap =
                va.cidr_blocks
                    .iter()
                    .any(|x| vb.cidr_blocks.iter().any(|y| x.contains(&y.network()) || y.contains(&x.network())))
                    || va.ipv6_cidr_blocks.iter().any(|x| {
                        vb.ipv6_cidr_blocks.iter().any(|y| x.contains(&y.network()) || y.contains(&x.network()))
                    });
            let n = t.vpc_peering_connections.len() + 1;
            let id = (n..)
                .map(|k| format!("pcx-{k:04}"))
                .find(|id| !t.vpc_peering_connections.iter().any(|p| &p.vpc_peering_connection_id == id))
                .unwrap_or_default();
            t.vpc_peering_connections.push(VpcPeeringConnection {
                vpc_peering_connection_id: id.clone(),
                name: None,
                requester_vpc_id: a.clone(),
                accepter_vpc_id: b.clone(),
                status: if overlap { PeeringStatus::Failed } else { PeeringStatus::PendingAcceptance },
                allow_dns_resolution_from_remote_vpc: false,
                expiration_time: None,
            });
            Ok(Applied { created: alloc::vec![id] })
        }
        Edit::SetPeeringStatus { vpc_peering_connection_id: id, status } => {
            let p =
                t.vpc_peering_connections.iter_mut().find(|p| &p.vpc_peering_connection_id == id).ok_or_else(|| {
                    refuse(id, "VpcPeeringConnectionId", "R7.1", format!("peering {id} does not exist"))
                })?;
            use PeeringStatus::*;
            let allowed = matches!(
                (p.status, status),
                (PendingAcceptance, Active | Rejected | Deleted | Expired) | (Active, Deleted)
            );
            if !allowed {
                return Err(refuse(
                    id,
                    "Status",
                    "R7.1",
                    format!("a {:?} peering cannot become {:?}", p.status, status),
                ));
            }
            p.status = *status;
            Ok(Applied::default())
        }
        Edit::Rename { id, name } => {
            let name = Some(name.clone());
            let found = t.instances.iter_mut().find(|x| &x.instance_id == id).map(|x| x.name = name.clone()).is_some()
                || t.vpcs.iter_mut().find(|x| &x.vpc_id == id).map(|x| x.name = name.clone()).is_some()
                || t.subnets.iter_mut().find(|x| &x.subnet_id == id).map(|x| x.name = name.clone()).is_some();
            if found {
                Ok(Applied::default())
            } else {
                Err(refuse(id, "Name", "", format!("{id} cannot be renamed here")))
            }
        }
    }
}

/// The first address of a subnet that is neither reserved (R1.3) nor in use.
fn free_ip(t: &Topology, subnet: &Subnet) -> Result<Ipv4Addr, Error> {
    let used: Vec<Ipv4Addr> = t
        .network_interfaces
        .iter()
        .filter(|e| e.subnet_id == subnet.subnet_id)
        .flat_map(|e| e.private_ip_addresses.iter().copied())
        .chain(t.nat_gateways.iter().filter(|n| n.subnet_id == subnet.subnet_id).map(|n| n.private_ip))
        .collect();
    subnet
        .cidr_block
        .hosts()
        .find(|ip| !is_reserved(&subnet.cidr_block, *ip) && !used.contains(ip) && u32::from(*ip).to_be_bytes()[3] >= 10)
        .or_else(|| subnet.cidr_block.hosts().find(|ip| !is_reserved(&subnet.cidr_block, *ip) && !used.contains(ip)))
        .ok_or_else(|| {
            refuse(&subnet.subnet_id, "CidrBlock", "R1.3", format!("no free address left in {}", subnet.cidr_block))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab() -> Topology {
        let text = include_str!("../../web/src/samples/peering-lab.json");
        crate::formats::native::read("lab", text).unwrap().topology
    }

    #[test]
    fn run_instance_takes_the_first_free_unreserved_address() {
        let mut t = lab();
        let a = apply(&mut t, &Edit::RunInstance { subnet_id: "subnet-a-priv".into(), name: None }).unwrap();
        let eni = t.network_interfaces.iter().find(|e| e.network_interface_id == a.created[1]).unwrap();
        assert_eq!(eni.private_ip_addresses, alloc::vec!["10.0.1.11".parse::<Ipv4Addr>().unwrap()]);
    }

    #[test]
    fn a_refused_edit_changes_nothing_and_names_the_rule() {
        let mut t = lab();
        let before = t.clone();
        let bad = Edit::CreateRoute {
            route_table_id: "rtb-a-pub".into(),
            destination: "10.0.3.128/25".parse().unwrap(),
            target: "nat-a".into(),
        };
        let e = apply(&mut t, &bad).unwrap_err();
        assert_eq!((e.resource.as_str(), e.rule.as_str()), ("rtb-a-pub", "R2.3"), "{e}"); // B09
        assert_eq!(t, before);
        let e = apply(
            &mut t,
            &Edit::DeleteRoute { route_table_id: "rtb-a-pub".into(), destination: "10.0.0.0/16".parse().unwrap() },
        )
        .unwrap_err();
        assert_eq!(e.rule, "R2.3");
        let e = apply(
            &mut t,
            &Edit::CreateRoute {
                route_table_id: "rtb-a-pub".into(),
                destination: "169.254.169.0/24".parse().unwrap(),
                target: "igw-a".into(),
            },
        )
        .unwrap_err();
        assert_eq!(e.rule, "R2.9");
        assert_eq!(t, before);
    }

    #[test]
    fn peering_lifecycle_follows_r7_1() {
        let mut t = lab();
        let del = Edit::SetPeeringStatus { vpc_peering_connection_id: "pcx-ab".into(), status: PeeringStatus::Deleted };
        apply(&mut t, &del).unwrap();
        let back = Edit::SetPeeringStatus { vpc_peering_connection_id: "pcx-ab".into(), status: PeeringStatus::Active };
        assert_eq!(apply(&mut t, &back).unwrap_err().rule, "R7.1");
    }
}
