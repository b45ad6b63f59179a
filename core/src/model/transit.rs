use alloc::string::String;
use alloc::vec::Vec;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::Name;

/// A transit gateway (R8.x).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGateway {
    pub transit_gateway_id: String,
    #[serde(default)]
    pub name: Name,
    #[serde(default)]
    pub owner_id: String,
    #[serde(default)]
    pub region: String,
    /// The default association / propagation route tables (R8.3), if enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association_default_route_table_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub propagation_default_route_table_id: Option<String>,
}

/// A TGW attachment (R8.1, R8.6, R8.8, R8.12).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGatewayAttachment {
    pub transit_gateway_attachment_id: String,
    #[serde(default)]
    pub name: Name,
    pub transit_gateway_id: String,
    pub resource_type: AttachmentResourceType,
    /// The VPC, VPN connection, DX gateway or peer TGW attached.
    pub resource_id: String,
    /// VPC attachments: one subnet per enabled AZ (R8.6).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<String>,
    #[serde(default = "available")]
    pub state: String,
    #[serde(default)]
    pub appliance_mode_support: bool,
    /// The one route table this attachment is associated with (R8.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association_route_table_id: Option<String>,
}

fn available() -> String {
    String::from("available")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttachmentResourceType {
    Vpc,
    Vpn,
    DirectConnectGateway,
    Peering,
    Connect,
}

/// A TGW route table with its propagations (R8.2) and static routes (R8.4, R8.5). Propagated routes are
/// derived from the propagating attachments by the compiler, not stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGatewayRouteTable {
    pub transit_gateway_route_table_id: String,
    #[serde(default)]
    pub name: Name,
    pub transit_gateway_id: String,
    #[serde(default)]
    pub propagations: Vec<String>,
    #[serde(default)]
    pub routes: Vec<TransitGatewayRoute>,
}

/// A static TGW route; `TransitGatewayAttachmentId: None` with `Blackhole: true` drops (R8.5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGatewayRoute {
    pub destination_cidr_block: IpNet,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_gateway_attachment_id: Option<String>,
    #[serde(default)]
    pub blackhole: bool,
}
