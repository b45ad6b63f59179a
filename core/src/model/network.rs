use alloc::string::String;
use alloc::vec::Vec;
use ipnet::{Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};

use super::Name;

/// A VPC (R1.1, R1.5, R1.6, R11.2). `CidrBlocks[0]` is the primary IPv4 CIDR; the rest are secondary
/// CIDRs in state `associated` (disassociated ones are dropped on import).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vpc {
    pub vpc_id: String,
    #[serde(default)]
    pub name: Name,
    #[serde(default)]
    pub owner_id: String,
    #[serde(default)]
    pub region: String,
    pub cidr_blocks: Vec<Ipv4Net>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ipv6_cidr_blocks: Vec<Ipv6Net>,
    #[serde(default = "super::yes")]
    pub enable_dns_support: bool,
    #[serde(default)]
    pub enable_dns_hostnames: bool,
    #[serde(default)]
    pub is_default: bool,
}

/// A subnet (R1.2, R1.3, R1.7): one AZ, one IPv4 CIDR inside its VPC, optionally one IPv6 /64.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subnet {
    pub subnet_id: String,
    #[serde(default)]
    pub name: Name,
    pub vpc_id: String,
    pub availability_zone: String,
    pub cidr_block: Ipv4Net,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_cidr_block: Option<Ipv6Net>,
    #[serde(default)]
    pub map_public_ip_on_launch: bool,
}

/// A named network outside AWS: an on-premises site behind a customer gateway (Engine II).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExternalNetwork {
    pub network_id: String,
    #[serde(default)]
    pub name: Name,
    pub cidrs: Vec<ipnet::IpNet>,
    /// The customer gateway this site sits behind, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_gateway_id: Option<String>,
}
