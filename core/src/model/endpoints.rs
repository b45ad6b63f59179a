use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use super::Name;

/// A VPC endpoint (R9.x): a gateway endpoint adds `pl-… → vpce-…` routes to its route tables; an interface
/// endpoint is an ENI per subnet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcEndpoint {
    pub vpc_endpoint_id: String,
    #[serde(default)]
    pub name: Name,
    pub vpc_id: String,
    pub service_name: String,
    pub vpc_endpoint_type: EndpointType,
    #[serde(default)]
    pub route_table_ids: Vec<String>,
    #[serde(default)]
    pub subnet_ids: Vec<String>,
    #[serde(default)]
    pub network_interface_ids: Vec<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub private_dns_enabled: bool,
    /// `available`, `pendingAcceptance`, `rejected`, … (R9.8: only `available` carries traffic).
    #[serde(default = "available")]
    pub state: String,
    /// Interface endpoints: the endpoint-specific names, which resolve to the endpoint's ENI addresses
    /// from anywhere (R9.7).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dns_entries: Vec<DnsEntry>,
}

/// A DNS name of an interface endpoint (`vpce-….sqs.us-east-1.vpce.amazonaws.com`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DnsEntry {
    pub dns_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosted_zone_id: Option<String>,
}

fn available() -> String {
    String::from("available")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndpointType {
    Gateway,
    Interface,
    GatewayLoadBalancer,
}

/// An endpoint service (PrivateLink provider side, R9.8), backed by NLBs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcEndpointService {
    pub service_id: String,
    pub service_name: String,
    #[serde(default)]
    pub network_load_balancer_arns: Vec<String>,
    #[serde(default)]
    pub acceptance_required: bool,
    /// IAM principals allowed to connect (`arn:aws:iam::123456789012:root`, or `*`); empty allows the
    /// provider's own account only (R9.8).
    #[serde(default)]
    pub allowed_principals: Vec<String>,
    /// The name consumers' private DNS resolves to their endpoint ENIs (R9.7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_dns_name: Option<String>,
    /// The provider's account.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
}

impl VpcEndpointService {
    /// R9.8: whether the service lets `account` connect: an allowed principal names it (its id, an ARN in it, or
    /// `*`); with no principals listed, only the provider's own account (or anyone, when the owner is unknown).
    pub fn allows(&self, account: &str) -> bool {
        if self.allowed_principals.is_empty() {
            return self.owner.is_empty() || self.owner == account;
        }
        self.allowed_principals.iter().any(|p| p == "*" || p == account || p.split(':').nth(4) == Some(account))
    }
}
