use alloc::string::String;
use core::net::Ipv4Addr;
use serde::{Deserialize, Serialize};

use super::Name;

/// An internet gateway (R5.x); `VpcId` is the VPC it is attached to, if any (R5.1, R5.7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGateway {
    pub internet_gateway_id: String,
    #[serde(default)]
    pub name: Name,
    #[serde(default)]
    pub vpc_id: Option<String>,
}

/// An egress-only internet gateway for IPv6 (R5.11).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EgressOnlyInternetGateway {
    pub egress_only_internet_gateway_id: String,
    #[serde(default)]
    pub name: Name,
    pub vpc_id: String,
}

/// A NAT gateway (R6.x). A public one translates to its EIP (`PublicIp`), a private one to `PrivateIp`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NatGateway {
    pub nat_gateway_id: String,
    #[serde(default)]
    pub name: Name,
    pub subnet_id: String,
    #[serde(default)]
    pub connectivity_type: ConnectivityType,
    #[serde(default)]
    pub state: NatGatewayState,
    /// The NAT gateway's own ENI (requester-managed) in its subnet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_interface_id: Option<String>,
    pub private_ip: Ipv4Addr,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Ipv4Addr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocation_id: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConnectivityType {
    /// Older describe output has no `ConnectivityType`; it means public.
    #[default]
    Public,
    Private,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NatGatewayState {
    Pending,
    #[default]
    Available,
    Deleting,
    Deleted,
    Failed,
}

/// An Elastic IP (R1.8): owned by the account, in one Region, associated with at most one ENI.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ElasticIp {
    pub allocation_id: String,
    pub public_ip: Ipv4Addr,
    #[serde(default)]
    pub region: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_interface_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip_address: Option<Ipv4Addr>,
}
