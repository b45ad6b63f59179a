//! Gestures that need more than one API call (an internet or VPN gateway is created, then attached; a public NAT
//! gateway needs an Elastic IP first). Each recipe runs its edits through `edit::apply` on a copy, so either
//! all of them commit or the topology stays as it was and the core's first refusal is shown.

use vpc_core::edit::{apply, Edit};
use vpc_core::error::Error;
use vpc_core::model::ConnectivityType;
use vpc_core::Topology;

#[derive(Clone, Debug, PartialEq)]
pub enum Recipe {
    /// CreateInternetGateway, then AttachInternetGateway to the VPC.
    InternetGateway { vpc_id: String },
    /// AllocateAddress in the subnet's Region, then CreateNatGateway (public) with it.
    NatGateway { subnet_id: String },
    /// CreateRouteTable in the subnet's VPC, then AssociateRouteTable with the subnet.
    RouteTableFor { subnet_id: String },
    /// AllocateAddress, then AssociateAddress with the interface.
    ElasticIpFor { network_interface_id: String },
    /// CreateVpnGateway, then AttachVpnGateway to the VPC.
    VpnGateway { vpc_id: String },
}

/// Runs a recipe; returns the new topology and what to select: the new gateway for a palette drop, nothing
/// (the selection stays) for a step taken from the selected resource's own editor.
pub fn run(t: &Topology, recipe: &Recipe) -> Result<(Topology, Option<String>), Error> {
    let mut next = t.clone();
    let mut step = |edit: Edit| -> Result<String, Error> {
        let applied = apply(&mut next, &edit)?;
        Ok(applied.created.into_iter().next().unwrap_or_default())
    };
    let main = match recipe {
        Recipe::InternetGateway { vpc_id } => {
            let igw = step(Edit::CreateInternetGateway { name: None })?;
            step(Edit::AttachInternetGateway { internet_gateway_id: igw.clone(), vpc_id: vpc_id.clone() })?;
            Some(igw)
        }
        Recipe::NatGateway { subnet_id } => {
            let region = region_of_subnet(t, subnet_id);
            let eip = step(Edit::AllocateAddress { region })?;
            Some(step(Edit::CreateNatGateway {
                subnet_id: subnet_id.clone(),
                connectivity_type: ConnectivityType::Public,
                allocation_id: Some(eip),
            })?)
        }
        Recipe::RouteTableFor { subnet_id } => {
            let vpc_id = t.subnets.iter().find(|s| &s.subnet_id == subnet_id).map(|s| s.vpc_id.clone());
            let rtb = step(Edit::CreateRouteTable { vpc_id: vpc_id.unwrap_or_default(), name: None })?;
            step(Edit::AssociateRouteTable { route_table_id: rtb, subnet_id: subnet_id.clone() })?;
            None
        }
        Recipe::ElasticIpFor { network_interface_id } => {
            let subnet = t.network_interfaces.iter().find(|e| &e.network_interface_id == network_interface_id);
            let region = subnet.and_then(|e| region_of_subnet(t, &e.subnet_id));
            let eip = step(Edit::AllocateAddress { region })?;
            step(Edit::AssociateAddress { allocation_id: eip, network_interface_id: network_interface_id.clone() })?;
            None
        }
        Recipe::VpnGateway { vpc_id } => {
            let vgw = step(Edit::CreateVpnGateway { name: None })?;
            step(Edit::AttachVpnGateway { vpn_gateway_id: vgw.clone(), vpc_id: vpc_id.clone() })?;
            Some(vgw)
        }
    };
    Ok((next, main))
}

fn region_of_subnet(t: &Topology, subnet_id: &str) -> Option<String> {
    let s = t.subnets.iter().find(|s| s.subnet_id == subnet_id)?;
    t.vpcs.iter().find(|v| v.vpc_id == s.vpc_id).map(|v| v.region.clone())
}
