use alloc::string::String;
use alloc::vec::Vec;
use core::net::Ipv4Addr;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::Name;

/// A virtual private gateway (R14.1): one attached per VPC.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpnGateway {
    pub vpn_gateway_id: String,
    #[serde(default)]
    pub name: Name,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
}

/// A customer gateway: the on-premises end of a VPN.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomerGateway {
    pub customer_gateway_id: String,
    #[serde(default)]
    pub name: Name,
    pub ip_address: Ipv4Addr,
    #[serde(default)]
    pub bgp_asn: u32,
}

/// A Site-to-Site VPN connection (R14.2–R14.6) to a VGW or a TGW.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpnConnection {
    pub vpn_connection_id: String,
    #[serde(default)]
    pub name: Name,
    pub customer_gateway_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn_gateway_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_gateway_id: Option<String>,
    #[serde(default)]
    pub static_routes_only: bool,
    /// Static routes (on-premises prefixes).
    #[serde(default)]
    pub routes: Vec<IpNet>,
    /// Prefixes the customer gateway advertises over BGP.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advertised_routes: Vec<IpNet>,
    /// How many of the two tunnels are UP (VgwTelemetry); no traffic crosses with both down.
    #[serde(default = "two")]
    pub tunnels_up: u8,
}

fn two() -> u8 {
    2
}

/// A Direct Connect gateway (R14.9).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DirectConnectGateway {
    pub direct_connect_gateway_id: String,
    #[serde(default)]
    pub name: Name,
    /// Associated VGWs or TGWs.
    #[serde(default)]
    pub associated_gateway_ids: Vec<String>,
}

/// A Direct Connect virtual interface (R14.7, R14.8).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VirtualInterface {
    pub virtual_interface_id: String,
    #[serde(default)]
    pub name: Name,
    pub virtual_interface_type: VifType,
    /// The VGW (private VIF) or DX gateway (private/transit VIF) it lands on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway_id: Option<String>,
    /// Prefixes advertised from on-premises over BGP.
    #[serde(default)]
    pub advertised_routes: Vec<IpNet>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VifType {
    Private,
    Public,
    Transit,
}
