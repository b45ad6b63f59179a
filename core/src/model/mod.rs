//! The topology: plain data mirroring AWS resources, with AWS's own field names (PascalCase on the wire), so
//! that importing `aws ec2 describe-*` output is a mapping, not a translation.
//!
//! Resources refer to each other by AWS id strings (`vpc-…`, `subnet-…`). Nothing here is validated: the edit
//! path (`crate::edit`) and `crate::validate` apply AWS's control-plane rules, and the compiler
//! (`crate::dataplane`) turns a topology into lookup tables.

mod balancers;
mod compute;
mod endpoints;
mod filters;
mod gateways;
mod hybrid;
mod network;
mod peering;
mod routing;
mod transit;

pub use balancers::*;
pub use compute::*;
pub use endpoints::*;
pub use filters::*;
pub use gateways::*;
pub use hybrid::*;
pub use network::*;
pub use peering::*;
pub use routing::*;
pub use transit::*;

use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

/// Everything that is configured. Every list is keyed by the resource's AWS id; order is kept as given
/// (import order or creation order) and never carries meaning, except where AWS's does (route and rule order
/// is by number or prefix, not by position).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Topology {
    pub vpcs: Vec<Vpc>,
    pub subnets: Vec<Subnet>,
    pub route_tables: Vec<RouteTable>,
    pub prefix_lists: Vec<PrefixList>,
    pub internet_gateways: Vec<InternetGateway>,
    pub egress_only_internet_gateways: Vec<EgressOnlyInternetGateway>,
    pub nat_gateways: Vec<NatGateway>,
    pub addresses: Vec<ElasticIp>,
    pub network_interfaces: Vec<NetworkInterface>,
    pub instances: Vec<Instance>,
    pub placement_groups: Vec<PlacementGroup>,
    pub security_groups: Vec<SecurityGroup>,
    pub network_acls: Vec<NetworkAcl>,
    pub vpc_peering_connections: Vec<VpcPeeringConnection>,
    pub transit_gateways: Vec<TransitGateway>,
    pub transit_gateway_attachments: Vec<TransitGatewayAttachment>,
    pub transit_gateway_route_tables: Vec<TransitGatewayRouteTable>,
    pub vpn_gateways: Vec<VpnGateway>,
    pub customer_gateways: Vec<CustomerGateway>,
    pub vpn_connections: Vec<VpnConnection>,
    pub direct_connect_gateways: Vec<DirectConnectGateway>,
    pub virtual_interfaces: Vec<VirtualInterface>,
    pub vpc_endpoints: Vec<VpcEndpoint>,
    pub vpc_endpoint_services: Vec<VpcEndpointService>,
    pub load_balancers: Vec<LoadBalancer>,
    pub target_groups: Vec<TargetGroup>,
    /// Named networks outside AWS (on-premises sites). Any address in none of them is "the internet".
    pub external_networks: Vec<ExternalNetwork>,
}

/// A `Name` tag, the only tag the simulator reads.
pub type Name = Option<alloc::string::String>;

fn yes() -> bool {
    true
}
