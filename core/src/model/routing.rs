use alloc::string::String;
use alloc::vec::Vec;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::Name;

/// A VPC route table (R2.x). `Main` marks the VPC's main table (R2.1); `Associations` lists the subnets
/// explicitly associated (R2.2); `GatewayAssociations` the IGW/VGW ids it is edge-associated with (R2.12).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTable {
    pub route_table_id: String,
    #[serde(default)]
    pub name: Name,
    pub vpc_id: String,
    #[serde(default)]
    pub main: bool,
    #[serde(default)]
    pub associations: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gateway_associations: Vec<String>,
    /// VGWs whose routes propagate into this table (R14.2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub propagating_vgws: Vec<String>,
    /// Routes as configured, `local` routes included (import keeps AWS's; the edit path adds them).
    #[serde(default)]
    pub routes: Vec<Route>,
}

/// One route. Exactly one destination: a CIDR (IPv4 or IPv6) or a prefix list (R2.7).
/// The target is an AWS id whose prefix says its kind: `local`, `igw-`, `eigw-`, `nat-`, `eni-`, `i-`,
/// `pcx-`, `tgw-`, `vgw-`, `vpce-` (R2.10).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Route {
    #[serde(flatten)]
    pub destination: RouteDestination,
    pub target: String,
    #[serde(default)]
    pub state: RouteState,
    #[serde(default)]
    pub origin: RouteOrigin,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RouteDestination {
    #[serde(rename = "DestinationCidrBlock")]
    Cidr(IpNet),
    #[serde(rename = "DestinationPrefixListId")]
    PrefixList(String),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RouteState {
    #[default]
    Active,
    Blackhole,
}

/// Where a route came from, with AWS's `Origin` values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RouteOrigin {
    /// The `local` routes (and gateway-endpoint routes) AWS creates itself.
    CreateRouteTable,
    /// A static route someone added.
    #[default]
    CreateRoute,
    /// Propagated from a VGW (R2.5, R2.6, R14.2).
    EnableVgwRoutePropagation,
}

/// The kind of a route target, read from its id prefix (R2.10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetKind {
    Local,
    InternetGateway,
    EgressOnlyInternetGateway,
    NatGateway,
    NetworkInterface,
    Instance,
    VpcPeeringConnection,
    TransitGateway,
    VpnGateway,
    VpcEndpoint,
    CarrierGateway,
    LocalGateway,
    Unknown,
}

impl TargetKind {
    pub fn of(target: &str) -> Self {
        let prefix = target.split('-').next().unwrap_or("");
        match (target, prefix) {
            ("local", _) => Self::Local,
            (_, "igw") => Self::InternetGateway,
            (_, "eigw") => Self::EgressOnlyInternetGateway,
            (_, "nat") => Self::NatGateway,
            (_, "eni") => Self::NetworkInterface,
            (_, "i") => Self::Instance,
            (_, "pcx") => Self::VpcPeeringConnection,
            (_, "tgw") => Self::TransitGateway,
            (_, "vgw") => Self::VpnGateway,
            (_, "vpce") => Self::VpcEndpoint,
            (_, "cagw") => Self::CarrierGateway,
            (_, "lgw") => Self::LocalGateway,
            _ => Self::Unknown,
        }
    }
}

/// A managed prefix list (`pl-…`), AWS-managed (S3, DynamoDB) or customer-managed (R2.7, R2.8, R9.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrefixList {
    pub prefix_list_id: String,
    #[serde(default)]
    pub prefix_list_name: String,
    pub cidrs: Vec<IpNet>,
    #[serde(default)]
    pub max_entries: u32,
}
