use alloc::string::String;
use serde::{Deserialize, Serialize};

use super::{Name, Topology};

/// A VPC peering connection (R7.x). Owner and Region of each side are those of its VPC.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcPeeringConnection {
    pub vpc_peering_connection_id: String,
    #[serde(default)]
    pub name: Name,
    pub requester_vpc_id: String,
    pub accepter_vpc_id: String,
    pub status: PeeringStatus,
    /// R7.9: the accepter resolves the requester's public hostnames to private IPs (and vice versa).
    #[serde(default)]
    pub allow_dns_resolution_from_remote_vpc: bool,
    /// Virtual-clock second at which a `pending-acceptance` request expires (R7.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_time: Option<u64>,
}

/// AWS's peering status codes (R7.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeeringStatus {
    InitiatingRequest,
    PendingAcceptance,
    Provisioning,
    Active,
    Deleting,
    Deleted,
    Rejected,
    Failed,
    Expired,
}

impl Topology {
    /// R3.7, R7.8: whether a security-group rule in `owner_vpc` can reference a group in `target_vpc`: the
    /// same VPC, or a VPC joined to it by an active peering in the same Region. Any other reference is stale.
    pub fn sg_reference_usable(&self, owner_vpc: &str, target_vpc: &str) -> bool {
        if owner_vpc == target_vpc {
            return true;
        }
        let region = |id: &str| self.vpcs.iter().find(|v| v.vpc_id == id).map(|v| v.region.as_str());
        self.vpc_peering_connections.iter().any(|p| {
            p.status == PeeringStatus::Active
                && ((p.requester_vpc_id == owner_vpc && p.accepter_vpc_id == target_vpc)
                    || (p.requester_vpc_id == target_vpc && p.accepter_vpc_id == owner_vpc))
                && region(owner_vpc) == region(target_vpc)
        })
    }
}
