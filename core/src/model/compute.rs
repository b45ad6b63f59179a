use alloc::string::String;
use alloc::vec::Vec;
use core::net::{Ipv4Addr, Ipv6Addr};
use serde::{Deserialize, Serialize};

use super::Name;

/// An elastic network interface (R2.15, R1.9). `PrivateIpAddresses[0]` is the primary private IP.
/// `PublicIp` is the auto-assigned public IPv4 or the associated EIP: the address the IGW maps 1:1 (R5.4);
/// it never appears on the ENI itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkInterface {
    pub network_interface_id: String,
    pub subnet_id: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub interface_type: InterfaceType,
    pub private_ip_addresses: Vec<Ipv4Addr>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ipv6_addresses: Vec<Ipv6Addr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Ipv4Addr>,
    /// Security group ids (R3.4).
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default = "super::yes")]
    pub source_dest_check: bool,
    /// The instance it is attached to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
}

impl super::Topology {
    /// An instance's primary interface (eth0), by the instance's id.
    pub fn primary_interface(&self, instance_id: &str) -> Option<&NetworkInterface> {
        let eni = self.instances.iter().find(|i| i.instance_id == instance_id)?.network_interfaces.first()?;
        self.network_interfaces.iter().find(|e| &e.network_interface_id == eni)
    }
}

impl NetworkInterface {
    pub fn primary_ip(&self) -> Option<Ipv4Addr> {
        self.private_ip_addresses.first().copied()
    }
}

/// What owns an ENI, with AWS's `InterfaceType` values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterfaceType {
    #[default]
    Interface,
    NatGateway,
    VpcEndpoint,
    /// An ALB or NLB node.
    NetworkLoadBalancer,
    TransitGateway,
    Lambda,
    Other,
}

/// An EC2 instance. `NetworkInterfaces[0]` is eth0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Instance {
    pub instance_id: String,
    #[serde(default)]
    pub name: Name,
    #[serde(default)]
    pub state: InstanceState,
    pub network_interfaces: Vec<String>,
    #[serde(default)]
    pub metadata_options: MetadataOptions,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement_group: Option<String>,
    /// What the instance does with packets that are not its own (R6.13).
    #[serde(default)]
    pub role: InstanceRole,
    /// A free label shown in the UI, e.g. `ecs-service` or `eks-pod` (no container runtime is modelled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InstanceState {
    Pending,
    #[default]
    Running,
    Stopping,
    Stopped,
    ShuttingDown,
    Terminated,
}

/// R6.13: the role is not in the EC2 API; the import reads it from the AMI name or the `vpcsim:role` tag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InstanceRole {
    /// An ordinary host: it answers packets addressed to it and routes nothing.
    #[default]
    Host,
    /// Masquerades (PAT to its private IP) what it forwards.
    NatInstance,
    /// Forwards without translating (an appliance).
    Router,
    /// A stateful firewall appliance: forwards only flows it saw start (S17).
    Firewall,
    /// An explicit proxy: clients talk to it and it opens a new connection.
    Proxy,
}

/// IMDS options (R10.x), with AWS's names and defaults (tokens optional, hop limit 1, endpoint enabled).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetadataOptions {
    pub http_endpoint: Toggle,
    pub http_tokens: HttpTokens,
    pub http_put_response_hop_limit: u8,
}

impl Default for MetadataOptions {
    fn default() -> Self {
        Self { http_endpoint: Toggle::Enabled, http_tokens: HttpTokens::Optional, http_put_response_hop_limit: 1 }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Toggle {
    Enabled,
    Disabled,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HttpTokens {
    Optional,
    Required,
}

/// A placement group (R12.x).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PlacementGroup {
    pub group_name: String,
    pub strategy: PlacementStrategy,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_count: Option<u8>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlacementStrategy {
    Cluster,
    Partition,
    Spread,
}
