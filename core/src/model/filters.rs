use alloc::string::String;
use alloc::vec::Vec;
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};

use super::Name;
use crate::packet::RuleProtocol;

/// A security group (R3.x). Rules are flattened to one peer each, as `describe-security-group-rules`
/// prints them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroup {
    pub group_id: String,
    #[serde(default)]
    pub group_name: String,
    pub vpc_id: String,
    #[serde(default)]
    pub owner_id: String,
    /// Inbound rules.
    #[serde(default)]
    pub ip_permissions: Vec<SecurityGroupRule>,
    /// Outbound rules.
    #[serde(default)]
    pub ip_permissions_egress: Vec<SecurityGroupRule>,
}

impl SecurityGroup {
    /// R3.3: the default SG is the one named `default`.
    pub fn is_default(&self) -> bool {
        self.group_name == "default"
    }
}

/// One SG rule (R3.6). For TCP/UDP `FromPort..=ToPort` is the port range; for ICMP `FromPort` is the type
/// and `ToPort` the code, `-1` meaning any (AWS's convention). `None` means all ports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_group_rule_id: Option<String>,
    pub ip_protocol: RuleProtocol,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    #[serde(flatten)]
    pub peer: RulePeer,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The other side of an SG rule: a CIDR, a prefix list, or an SG whose members' private IPs match (R3.7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RulePeer {
    CidrIpv4(Ipv4Net),
    CidrIpv6(Ipv6Net),
    PrefixListId(String),
    ReferencedGroupId(String),
}

/// A network ACL (R4.x). `Entries` excludes the implicit `*` deny rules, which the engine always appends
/// (R4.2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAcl {
    pub network_acl_id: String,
    #[serde(default)]
    pub name: Name,
    pub vpc_id: String,
    #[serde(default)]
    pub is_default: bool,
    /// Subnets explicitly associated; a subnet in none uses the VPC's default NACL (R4.5).
    #[serde(default)]
    pub associations: Vec<String>,
    #[serde(default)]
    pub entries: Vec<NetworkAclEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclEntry {
    pub rule_number: u16,
    pub egress: bool,
    pub rule_action: RuleAction,
    pub protocol: RuleProtocol,
    /// IPv4 or IPv6 CIDR (AWS's `CidrBlock` / `Ipv6CidrBlock`); IPv4 rules never match IPv6 (R4.7).
    pub cidr_block: IpNet,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_range: Option<PortRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp_type_code: Option<IcmpTypeCode>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleAction {
    Allow,
    Deny,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortRange {
    pub from: u16,
    pub to: u16,
}

/// ICMP type and code; `-1` means any.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IcmpTypeCode {
    pub r#type: i16,
    pub code: i16,
}
