//! Deterministic, AWS-shaped ids for created resources: `<prefix>-<4 digits>`, the lowest number not yet
//! used by any resource of the topology, so the same edit sequence always yields the same ids.

use alloc::format;
use alloc::string::String;

use crate::model::Topology;

/// True when any resource of `t` already carries `id`.
fn taken(t: &Topology, id: &str) -> bool {
    t.vpcs.iter().any(|x| x.vpc_id == id)
        || t.subnets.iter().any(|x| x.subnet_id == id)
        || t.route_tables.iter().any(|x| x.route_table_id == id)
        || t.prefix_lists.iter().any(|x| x.prefix_list_id == id)
        || t.internet_gateways.iter().any(|x| x.internet_gateway_id == id)
        || t.egress_only_internet_gateways.iter().any(|x| x.egress_only_internet_gateway_id == id)
        || t.nat_gateways.iter().any(|x| x.nat_gateway_id == id)
        || t.addresses.iter().any(|x| x.allocation_id == id)
        || t.network_interfaces.iter().any(|x| x.network_interface_id == id)
        || t.instances.iter().any(|x| x.instance_id == id)
        || t.placement_groups.iter().any(|x| x.group_name == id)
        || t.security_groups.iter().any(|x| x.group_id == id)
        || t.network_acls.iter().any(|x| x.network_acl_id == id)
        || t.vpc_peering_connections.iter().any(|x| x.vpc_peering_connection_id == id)
        || t.transit_gateways.iter().any(|x| x.transit_gateway_id == id)
        || t.transit_gateway_attachments.iter().any(|x| x.transit_gateway_attachment_id == id)
        || t.transit_gateway_route_tables.iter().any(|x| x.transit_gateway_route_table_id == id)
        || t.vpn_gateways.iter().any(|x| x.vpn_gateway_id == id)
        || t.customer_gateways.iter().any(|x| x.customer_gateway_id == id)
        || t.vpn_connections.iter().any(|x| x.vpn_connection_id == id)
        || t.vpc_endpoints.iter().any(|x| x.vpc_endpoint_id == id)
}

/// The next free id with this prefix (`vpc`, `subnet`, `rtb`, …). The search is bounded by the number of
/// resources, so it always ends; the fallback is unreachable but keeps the function total.
pub fn next_id(t: &Topology, prefix: &str) -> String {
    (1..=1_000_000u32)
        .map(|n| format!("{prefix}-{n:04}"))
        .find(|id| !taken(t, id))
        .unwrap_or_else(|| format!("{prefix}-x"))
}
