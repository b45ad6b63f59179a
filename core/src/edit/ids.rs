//! Deterministic, AWS-shaped ids for created resources: `<prefix>-<4 digits>`, the lowest number not yet
//! used by any resource of the topology, so the same edit sequence always yields the same ids.

use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::String;

use crate::model::Topology;

/// Every id carried by a resource of `t`, collected once per call so that numbering stays linear.
fn taken(t: &Topology) -> BTreeSet<&str> {
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    ids.extend(t.vpcs.iter().map(|x| x.vpc_id.as_str()));
    ids.extend(t.subnets.iter().map(|x| x.subnet_id.as_str()));
    ids.extend(t.route_tables.iter().map(|x| x.route_table_id.as_str()));
    ids.extend(t.prefix_lists.iter().map(|x| x.prefix_list_id.as_str()));
    ids.extend(t.internet_gateways.iter().map(|x| x.internet_gateway_id.as_str()));
    ids.extend(t.egress_only_internet_gateways.iter().map(|x| x.egress_only_internet_gateway_id.as_str()));
    ids.extend(t.nat_gateways.iter().map(|x| x.nat_gateway_id.as_str()));
    ids.extend(t.addresses.iter().map(|x| x.allocation_id.as_str()));
    ids.extend(t.network_interfaces.iter().map(|x| x.network_interface_id.as_str()));
    ids.extend(t.instances.iter().map(|x| x.instance_id.as_str()));
    ids.extend(t.placement_groups.iter().map(|x| x.group_name.as_str()));
    ids.extend(t.security_groups.iter().map(|x| x.group_id.as_str()));
    ids.extend(t.network_acls.iter().map(|x| x.network_acl_id.as_str()));
    ids.extend(t.vpc_peering_connections.iter().map(|x| x.vpc_peering_connection_id.as_str()));
    ids.extend(t.transit_gateways.iter().map(|x| x.transit_gateway_id.as_str()));
    ids.extend(t.transit_gateway_attachments.iter().map(|x| x.transit_gateway_attachment_id.as_str()));
    ids.extend(t.transit_gateway_route_tables.iter().map(|x| x.transit_gateway_route_table_id.as_str()));
    ids.extend(t.vpn_gateways.iter().map(|x| x.vpn_gateway_id.as_str()));
    ids.extend(t.customer_gateways.iter().map(|x| x.customer_gateway_id.as_str()));
    ids.extend(t.vpn_connections.iter().map(|x| x.vpn_connection_id.as_str()));
    ids.extend(t.vpc_endpoints.iter().map(|x| x.vpc_endpoint_id.as_str()));
    ids.extend(t.vpc_endpoint_services.iter().map(|x| x.service_id.as_str()));
    ids
}

/// The next free id with this prefix (`vpc`, `subnet`, `rtb`, …): the lowest `<prefix>-NNNN` not in use.
/// At most (number of resources + 1) candidates are tried, so the search always ends.
pub fn next_id(t: &Topology, prefix: &str) -> String {
    let used = taken(t);
    let bound = u32::try_from(used.len()).unwrap_or(u32::MAX).saturating_add(1);
    (1..=bound)
        .map(|n| format!("{prefix}-{n:04}"))
        .find(|id| !used.contains(id.as_str()))
        .unwrap_or_else(|| format!("{prefix}-x"))
}
