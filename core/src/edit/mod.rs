//! Typed edits, applied transactionally: an edit is checked against what AWS's API would refuse and either
//! commits fully or changes nothing, returning an [`Error`] that names the resource, the field and the rule.
//!
//! How: every edit runs on a clone of the topology; the clone replaces the original only when the edit's own
//! preconditions held *and* [`validate`] finds no error finding the original did not already have (one
//! implementation of each rule, two callers: the edit path and the whole-topology validator).
//!
//! Undo/redo (decision): [`Applied`] carries the ids of what was created and of peerings that expired on the
//! virtual clock, not inverse edits. A topology is plain data that clones cheaply, so callers (the web's
//! undo stack) keep the topology from before the edit as their undo snapshot; that is exact for every edit,
//! where inverse edits would not be (a deleted resource's id and position could not be restored).
//!
//! Ids are deterministic and AWS-shaped (`vpc-0001`, `subnet-0003`): see [`ids`].

mod balancers;
pub use balancers::listener_protocols;
mod compute;
mod filters;
mod gateways;
pub mod ids;
mod network;
mod peering;
mod routing;
mod transit;

use alloc::string::String;
use alloc::vec::Vec;
use core::net::Ipv4Addr;
use ipnet::{IpNet, Ipv4Net};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::*;
use crate::validate::{validate, Severity};

/// One API call. Serialized with its name in `op` (`{"op":"CreateVpc","cidr_block":"10.0.0.0/16"}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op")]
pub enum Edit {
    // ── VPCs and subnets ──────────────────────────────────────────────────────────────────────────────
    /// A VPC with its main route table (`local` route, R2.1/R2.3), default NACL (R4.3) and default SG (R3.3).
    CreateVpc {
        cidr_block: Ipv4Net,
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        region: Option<String>,
    },
    /// A secondary IPv4 CIDR (R1.5): a `local` route is added to every route table of the VPC.
    AssociateVpcCidrBlock {
        vpc_id: String,
        cidr_block: Ipv4Net,
    },
    /// An Amazon-provided IPv6 /56 (R1.6): a `local` route in every table, rule 101 in the default NACL
    /// (R4.3) and `::/0` egress in the default SG (R3.3).
    AssociateVpcIpv6CidrBlock {
        vpc_id: String,
    },
    /// A subnet's IPv6 /64 inside the VPC's IPv6 block (R1.6).
    AssociateSubnetIpv6CidrBlock {
        subnet_id: String,
        ipv6_cidr_block: ipnet::Ipv6Net,
    },
    /// Removes a secondary IPv4 CIDR and its `local` routes (R1.5: never the primary one).
    DisassociateVpcCidrBlock {
        vpc_id: String,
        cidr_block: Ipv4Net,
    },
    /// Deletes an empty VPC with its main table, default NACL and default SG.
    DeleteVpc {
        vpc_id: String,
    },
    CreateSubnet {
        vpc_id: String,
        cidr_block: Ipv4Net,
        availability_zone: String,
        #[serde(default)]
        name: Option<String>,
    },
    DeleteSubnet {
        subnet_id: String,
    },
    /// `MapPublicIpOnLaunch` (R1.7).
    ModifySubnetAttribute {
        subnet_id: String,
        map_public_ip_on_launch: bool,
    },
    // ── Route tables ──────────────────────────────────────────────────────────────────────────────────
    CreateRouteTable {
        vpc_id: String,
        #[serde(default)]
        name: Option<String>,
    },
    DeleteRouteTable {
        route_table_id: String,
    },
    /// Associates a subnet with a table, replacing its previous explicit association (R2.2).
    AssociateRouteTable {
        route_table_id: String,
        subnet_id: String,
    },
    /// Returns a subnet to the main route table (R2.1).
    DisassociateRouteTable {
        subnet_id: String,
    },
    ReplaceMainRouteTable {
        vpc_id: String,
        route_table_id: String,
    },
    CreateRoute {
        route_table_id: String,
        destination: IpNet,
        target: String,
    },
    ReplaceRoute {
        route_table_id: String,
        destination: IpNet,
        target: String,
    },
    DeleteRoute {
        route_table_id: String,
        destination: IpNet,
    },
    // ── Gateways and addresses ────────────────────────────────────────────────────────────────────────
    CreateInternetGateway {
        #[serde(default)]
        name: Option<String>,
    },
    AttachInternetGateway {
        internet_gateway_id: String,
        vpc_id: String,
    },
    DetachInternetGateway {
        internet_gateway_id: String,
    },
    DeleteInternetGateway {
        internet_gateway_id: String,
    },
    CreateEgressOnlyInternetGateway {
        vpc_id: String,
    },
    DeleteEgressOnlyInternetGateway {
        egress_only_internet_gateway_id: String,
    },
    /// An Elastic IP in a Region (R1.8: at most 5 per Region through the edit path).
    AllocateAddress {
        #[serde(default)]
        region: Option<String>,
    },
    ReleaseAddress {
        allocation_id: String,
    },
    AssociateAddress {
        allocation_id: String,
        network_interface_id: String,
    },
    DisassociateAddress {
        allocation_id: String,
    },
    /// A NAT gateway with its own ENI; a public one needs an EIP and an IGW on the VPC (R6.2).
    CreateNatGateway {
        subnet_id: String,
        #[serde(default)]
        connectivity_type: ConnectivityType,
        #[serde(default)]
        allocation_id: Option<String>,
    },
    DeleteNatGateway {
        nat_gateway_id: String,
    },
    // ── Security groups and network ACLs ──────────────────────────────────────────────────────────────
    /// A new SG: no inbound rules, one allow-all outbound rule (R3.2).
    CreateSecurityGroup {
        vpc_id: String,
        group_name: String,
    },
    DeleteSecurityGroup {
        group_id: String,
    },
    AuthorizeSecurityGroupIngress {
        group_id: String,
        rule: SecurityGroupRule,
    },
    AuthorizeSecurityGroupEgress {
        group_id: String,
        rule: SecurityGroupRule,
    },
    RevokeSecurityGroupIngress {
        group_id: String,
        rule: SecurityGroupRule,
    },
    RevokeSecurityGroupEgress {
        group_id: String,
        rule: SecurityGroupRule,
    },
    /// A custom NACL: denies everything until rules are added (R4.4).
    CreateNetworkAcl {
        vpc_id: String,
        #[serde(default)]
        name: Option<String>,
    },
    DeleteNetworkAcl {
        network_acl_id: String,
    },
    CreateNetworkAclEntry {
        network_acl_id: String,
        entry: NetworkAclEntry,
    },
    ReplaceNetworkAclEntry {
        network_acl_id: String,
        entry: NetworkAclEntry,
    },
    DeleteNetworkAclEntry {
        network_acl_id: String,
        egress: bool,
        rule_number: u16,
    },
    /// Moves a subnet to another NACL of its VPC (R4.5).
    ReplaceNetworkAclAssociation {
        subnet_id: String,
        network_acl_id: String,
    },
    // ── Instances and interfaces ──────────────────────────────────────────────────────────────────────
    /// RunInstances with one ENI in a subnet: the first free private IP, the VPC's default SG (R3.3),
    /// a public IP when the subnet auto-assigns (R1.7).
    RunInstance {
        subnet_id: String,
        name: Option<String>,
    },
    TerminateInstance {
        instance_id: String,
    },
    /// Moves an instance's primary ENI to another subnet of the same VPC (a new private IP).
    MoveInstance {
        instance_id: String,
        subnet_id: String,
    },
    ModifyInstanceMetadataOptions {
        instance_id: String,
        metadata_options: MetadataOptions,
    },
    /// Source/destination check (R2.15) and/or the SGs (R3.4, R3.11) of an ENI.
    /// An IPv6 address from the interface's subnet /64 (R1.6: the first four and the last are reserved).
    AssignIpv6Addresses {
        network_interface_id: String,
    },
    ModifyNetworkInterfaceAttribute {
        network_interface_id: String,
        #[serde(default)]
        source_dest_check: Option<bool>,
        #[serde(default)]
        groups: Option<Vec<String>>,
    },
    SetInstanceRole {
        instance_id: String,
        role: InstanceRole,
    },
    CreatePlacementGroup {
        group_name: String,
        strategy: PlacementStrategy,
        #[serde(default)]
        partition_count: Option<u8>,
    },
    /// Puts an instance into a placement group (or out of it with `None`) (R12.x).
    ModifyInstancePlacement {
        instance_id: String,
        #[serde(default)]
        group_name: Option<String>,
    },
    DeletePlacementGroup {
        group_name: String,
    },
    // ── Peering ───────────────────────────────────────────────────────────────────────────────────────
    /// Requests a peering (R7.1): `pending-acceptance` expiring after 7 days (R7.2), or `failed` when any
    /// CIDRs overlap (R7.3).
    CreateVpcPeeringConnection {
        requester_vpc_id: String,
        accepter_vpc_id: String,
    },
    AcceptVpcPeeringConnection {
        vpc_peering_connection_id: String,
    },
    RejectVpcPeeringConnection {
        vpc_peering_connection_id: String,
    },
    DeleteVpcPeeringConnection {
        vpc_peering_connection_id: String,
    },
    /// Sets the status of a peering directly, following the R7.1 transitions (kept for older callers).
    SetPeeringStatus {
        vpc_peering_connection_id: String,
        status: PeeringStatus,
    },
    // ── Transit gateways, VPN, endpoints ──────────────────────────────────────────────────────────────
    /// A TGW with a default route table used for association and propagation (R8.3).
    /// A TGW in `region` (the Region the call is made in; default: the first VPC's).
    CreateTransitGateway {
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        region: Option<String>,
    },
    DeleteTransitGateway {
        transit_gateway_id: String,
    },
    /// A VPC attachment with one subnet per AZ (R8.6), associated with and propagating into the default table.
    CreateTransitGatewayVpcAttachment {
        transit_gateway_id: String,
        vpc_id: String,
        subnet_ids: Vec<String>,
    },
    DeleteTransitGatewayVpcAttachment {
        transit_gateway_attachment_id: String,
    },
    /// A VPC attachment's subnets (R8.6: still one per AZ, at least one) and appliance mode (R8.8).
    ModifyTransitGatewayVpcAttachment {
        transit_gateway_attachment_id: String,
        #[serde(default)]
        appliance_mode_support: Option<bool>,
        #[serde(default)]
        add_subnet_ids: Vec<String>,
        #[serde(default)]
        remove_subnet_ids: Vec<String>,
    },
    CreateTransitGatewayRouteTable {
        transit_gateway_id: String,
    },
    DeleteTransitGatewayRouteTable {
        transit_gateway_route_table_id: String,
    },
    /// Associates an attachment with a table, replacing its previous association (R8.2: exactly one).
    AssociateTransitGatewayRouteTable {
        transit_gateway_route_table_id: String,
        transit_gateway_attachment_id: String,
    },
    EnableTransitGatewayRouteTablePropagation {
        transit_gateway_route_table_id: String,
        transit_gateway_attachment_id: String,
    },
    DisableTransitGatewayRouteTablePropagation {
        transit_gateway_route_table_id: String,
        transit_gateway_attachment_id: String,
    },
    /// A static route; no attachment means a blackhole route.
    CreateTransitGatewayRoute {
        transit_gateway_route_table_id: String,
        destination_cidr_block: IpNet,
        #[serde(default)]
        transit_gateway_attachment_id: Option<String>,
    },
    DeleteTransitGatewayRoute {
        transit_gateway_route_table_id: String,
        destination_cidr_block: IpNet,
    },
    CreateVpnGateway {
        #[serde(default)]
        name: Option<String>,
    },
    /// R14.1: one VGW per VPC.
    AttachVpnGateway {
        vpn_gateway_id: String,
        vpc_id: String,
    },
    DetachVpnGateway {
        vpn_gateway_id: String,
    },
    DeleteVpnGateway {
        vpn_gateway_id: String,
    },
    /// Route propagation from a VGW into a route table of its VPC (R14.2), on or off.
    SetVgwRoutePropagation {
        route_table_id: String,
        vpn_gateway_id: String,
        enabled: bool,
    },
    CreateCustomerGateway {
        ip_address: Ipv4Addr,
        #[serde(default)]
        bgp_asn: u32,
    },
    /// A Site-to-Site VPN to a VGW or a TGW (exactly one of the two).
    CreateVpnConnection {
        customer_gateway_id: String,
        #[serde(default)]
        vpn_gateway_id: Option<String>,
        #[serde(default)]
        transit_gateway_id: Option<String>,
        #[serde(default)]
        static_routes_only: bool,
        #[serde(default)]
        routes: Vec<IpNet>,
    },
    DeleteVpnConnection {
        vpn_connection_id: String,
    },
    DeleteCustomerGateway {
        customer_gateway_id: String,
    },
    /// A gateway endpoint adds `pl-… → vpce-…` to each of its route tables (R9.1); an interface endpoint
    /// gets one ENI per subnet.
    CreateVpcEndpoint {
        vpc_id: String,
        service_name: String,
        vpc_endpoint_type: EndpointType,
        #[serde(default)]
        route_table_ids: Vec<String>,
        #[serde(default)]
        subnet_ids: Vec<String>,
    },
    DeleteVpcEndpoint {
        vpc_endpoint_id: String,
    },
    /// A gateway endpoint's route tables (R9.1: their `pl-… → vpce-…` routes follow) or an interface
    /// endpoint's subnets (R9.7: one ENI per subnet, one subnet per AZ).
    ModifyVpcEndpoint {
        vpc_endpoint_id: String,
        #[serde(default)]
        add_route_table_ids: Vec<String>,
        #[serde(default)]
        remove_route_table_ids: Vec<String>,
        #[serde(default)]
        add_subnet_ids: Vec<String>,
        #[serde(default)]
        remove_subnet_ids: Vec<String>,
    },
    /// The provider side of PrivateLink (R9.8): an endpoint service in front of Network Load Balancers. Only
    /// the provider's own account may connect until principals are allowed.
    CreateVpcEndpointServiceConfiguration {
        network_load_balancer_arns: Vec<String>,
        #[serde(default = "yes")]
        acceptance_required: bool,
        #[serde(default)]
        private_dns_name: Option<String>,
    },
    /// R9.8: principals allowed to create endpoints to the service (`arn:aws:iam::<account>:root`, or `*`).
    ModifyVpcEndpointServicePermissions {
        service_id: String,
        #[serde(default)]
        add_allowed_principals: Vec<String>,
        #[serde(default)]
        remove_allowed_principals: Vec<String>,
    },
    /// R9.8: the provider accepts consumers' endpoints that wait for it.
    AcceptVpcEndpointConnections {
        service_id: String,
        vpc_endpoint_ids: Vec<String>,
    },
    /// R9.8: the provider rejects endpoints, even ones it accepted before.
    RejectVpcEndpointConnections {
        service_id: String,
        vpc_endpoint_ids: Vec<String>,
    },
    /// R8.1: a peering attachment between two TGWs (same or another Region), pending until the peer accepts.
    CreateTransitGatewayPeeringAttachment {
        transit_gateway_id: String,
        peer_transit_gateway_id: String,
    },
    AcceptTransitGatewayPeeringAttachment {
        transit_gateway_attachment_id: String,
    },
    // ── Load balancers (elbv2) ────────────────────────────────────────────────────────────────────────
    /// An ALB or NLB with one node ENI per subnet (an address from the subnet; a public IP when
    /// internet-facing). One subnet per AZ, all in one VPC; an ALB needs two AZs (`InvalidConfigurationRequest`).
    CreateLoadBalancer {
        name: String,
        kind: LoadBalancerType,
        scheme: Scheme,
        subnet_ids: Vec<String>,
        #[serde(default)]
        security_groups: Vec<String>,
    },
    /// Deletes a load balancer (name or ARN) with its listeners and node ENIs.
    DeleteLoadBalancer {
        name: String,
    },
    CreateTargetGroup {
        name: String,
        protocol: String,
        port: u16,
        target_type: TargetType,
        vpc_id: String,
    },
    /// Deletes a target group (name or ARN) no listener forwards to (`ResourceInUse`).
    DeleteTargetGroup {
        target_group: String,
    },
    /// Instance ids (in the group's VPC) or IPv4 addresses (inside its CIDRs), each on its own port or the
    /// group's (`InvalidTarget`).
    RegisterTargets {
        target_group: String,
        targets: Vec<(String, Option<u16>)>,
    },
    DeregisterTargets {
        target_group: String,
        targets: Vec<(String, Option<u16>)>,
    },
    /// A listener forwarding to a target group of the load balancer's VPC: ALB HTTP/HTTPS, NLB
    /// TCP/UDP/TLS/TCP_UDP (`UnsupportedProtocol`), one per port (`DuplicateListener`).
    CreateListener {
        load_balancer: String,
        protocol: String,
        port: u16,
        target_group: String,
    },
    DeleteListener {
        load_balancer: String,
        port: u16,
    },
    /// Sets the `Name` tag of any named resource.
    Rename {
        id: String,
        name: String,
    },
}

/// What an applied edit did beyond the edit itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    /// Ids of created resources, the edit's main resource first (`CreateVpc`: vpc, main rtb, NACL, SG).
    pub created: Vec<String>,
    /// Peerings that expired on the virtual clock before the edit ran (R7.2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expired: Vec<String>,
}

impl Applied {
    fn created(ids: Vec<String>) -> Self {
        Self { created: ids, expired: Vec::new() }
    }
}

/// Applies an edit at virtual time 0 (no peering expires). On error `t` is unchanged.
pub fn apply(t: &mut Topology, edit: &Edit) -> Result<Applied, Error> {
    apply_at(t, edit, 0)
}

/// Applies an edit at virtual-clock second `clock`: first pending peerings whose 7 days have passed expire
/// (R7.2), then the edit runs. Either everything commits or `t` is unchanged.
pub fn apply_at(t: &mut Topology, edit: &Edit, clock: u64) -> Result<Applied, Error> {
    let mut next = t.clone();
    let expired = peering::expire(&mut next, clock);
    let mut applied = dispatch(&mut next, edit, clock)?;
    applied.expired = expired;
    // Refuse what would add an error finding (R1.x, R2.x, …), naming its resource, field and rule.
    let before = validate(t);
    if let Some(f) = validate(&next).into_iter().find(|f| f.severity == Severity::Error && !before.contains(f)) {
        return Err(Error::new(f.resource, f.field, f.rule, f.message));
    }
    *t = next;
    Ok(applied)
}

fn dispatch(t: &mut Topology, edit: &Edit, clock: u64) -> Result<Applied, Error> {
    use Edit::*;
    match edit {
        CreateVpc { cidr_block, name, region } => network::create_vpc(t, *cidr_block, name, region),
        AssociateVpcCidrBlock { vpc_id, cidr_block } => network::associate_cidr(t, vpc_id, *cidr_block),
        AssociateVpcIpv6CidrBlock { vpc_id } => network::associate_ipv6(t, vpc_id),
        AssociateSubnetIpv6CidrBlock { subnet_id, ipv6_cidr_block } => {
            network::subnet_mut(t, subnet_id)?.ipv6_cidr_block = Some(ipv6_cidr_block.trunc());
            Ok(Applied::default())
        }
        DisassociateVpcCidrBlock { vpc_id, cidr_block } => network::disassociate_cidr(t, vpc_id, *cidr_block),
        DeleteVpc { vpc_id } => network::delete_vpc(t, vpc_id),
        CreateSubnet { vpc_id, cidr_block, availability_zone, name } => {
            network::create_subnet(t, vpc_id, *cidr_block, availability_zone, name)
        }
        DeleteSubnet { subnet_id } => network::delete_subnet(t, subnet_id),
        ModifySubnetAttribute { subnet_id, map_public_ip_on_launch } => {
            network::subnet_mut(t, subnet_id)?.map_public_ip_on_launch = *map_public_ip_on_launch;
            Ok(Applied::default())
        }
        CreateRouteTable { vpc_id, name } => routing::create_table(t, vpc_id, name),
        DeleteRouteTable { route_table_id } => routing::delete_table(t, route_table_id),
        AssociateRouteTable { route_table_id, subnet_id } => routing::associate(t, route_table_id, subnet_id),
        DisassociateRouteTable { subnet_id } => routing::disassociate(t, subnet_id),
        ReplaceMainRouteTable { vpc_id, route_table_id } => routing::replace_main(t, vpc_id, route_table_id),
        CreateRoute { route_table_id, destination, target } => {
            routing::create_route(t, route_table_id, destination, target, false)
        }
        ReplaceRoute { route_table_id, destination, target } => {
            routing::create_route(t, route_table_id, destination, target, true)
        }
        DeleteRoute { route_table_id, destination } => routing::delete_route(t, route_table_id, destination),
        CreateInternetGateway { name } => gateways::create_igw(t, name),
        AttachInternetGateway { internet_gateway_id, vpc_id } => gateways::attach_igw(t, internet_gateway_id, vpc_id),
        DetachInternetGateway { internet_gateway_id } => gateways::detach_igw(t, internet_gateway_id),
        DeleteInternetGateway { internet_gateway_id } => gateways::delete_igw(t, internet_gateway_id),
        CreateEgressOnlyInternetGateway { vpc_id } => gateways::create_eigw(t, vpc_id),
        DeleteEgressOnlyInternetGateway { egress_only_internet_gateway_id } => {
            gateways::delete_eigw(t, egress_only_internet_gateway_id)
        }
        AllocateAddress { region } => gateways::allocate_address(t, region),
        ReleaseAddress { allocation_id } => gateways::release_address(t, allocation_id),
        AssociateAddress { allocation_id, network_interface_id } => {
            gateways::associate_address(t, allocation_id, network_interface_id)
        }
        DisassociateAddress { allocation_id } => gateways::disassociate_address(t, allocation_id),
        CreateNatGateway { subnet_id, connectivity_type, allocation_id } => {
            gateways::create_nat(t, subnet_id, *connectivity_type, allocation_id)
        }
        DeleteNatGateway { nat_gateway_id } => gateways::delete_nat(t, nat_gateway_id),
        CreateSecurityGroup { vpc_id, group_name } => filters::create_sg(t, vpc_id, group_name),
        DeleteSecurityGroup { group_id } => filters::delete_sg(t, group_id),
        AuthorizeSecurityGroupIngress { group_id, rule } => filters::authorize(t, group_id, rule, false),
        AuthorizeSecurityGroupEgress { group_id, rule } => filters::authorize(t, group_id, rule, true),
        RevokeSecurityGroupIngress { group_id, rule } => filters::revoke(t, group_id, rule, false),
        RevokeSecurityGroupEgress { group_id, rule } => filters::revoke(t, group_id, rule, true),
        CreateNetworkAcl { vpc_id, name } => filters::create_acl(t, vpc_id, name),
        DeleteNetworkAcl { network_acl_id } => filters::delete_acl(t, network_acl_id),
        CreateNetworkAclEntry { network_acl_id, entry } => filters::put_entry(t, network_acl_id, entry, false),
        ReplaceNetworkAclEntry { network_acl_id, entry } => filters::put_entry(t, network_acl_id, entry, true),
        DeleteNetworkAclEntry { network_acl_id, egress, rule_number } => {
            filters::delete_entry(t, network_acl_id, *egress, *rule_number)
        }
        ReplaceNetworkAclAssociation { subnet_id, network_acl_id } => {
            filters::replace_acl_association(t, subnet_id, network_acl_id)
        }
        RunInstance { subnet_id, name } => compute::run_instance(t, subnet_id, name),
        TerminateInstance { instance_id } => compute::terminate(t, instance_id),
        MoveInstance { instance_id, subnet_id } => compute::move_instance(t, instance_id, subnet_id),
        ModifyInstanceMetadataOptions { instance_id, metadata_options } => {
            compute::instance_mut(t, instance_id)?.metadata_options = *metadata_options;
            Ok(Applied::default())
        }
        ModifyNetworkInterfaceAttribute { network_interface_id, source_dest_check, groups } => {
            compute::modify_eni(t, network_interface_id, *source_dest_check, groups)
        }
        AssignIpv6Addresses { network_interface_id } => compute::assign_ipv6(t, network_interface_id),
        SetInstanceRole { instance_id, role } => {
            compute::instance_mut(t, instance_id)?.role = *role;
            Ok(Applied::default())
        }
        CreatePlacementGroup { group_name, strategy, partition_count } => {
            compute::create_placement_group(t, group_name, *strategy, *partition_count)
        }
        ModifyInstancePlacement { instance_id, group_name } => compute::place(t, instance_id, group_name),
        DeletePlacementGroup { group_name } => compute::delete_placement_group(t, group_name),
        CreateVpcPeeringConnection { requester_vpc_id, accepter_vpc_id } => {
            peering::create(t, requester_vpc_id, accepter_vpc_id, clock)
        }
        AcceptVpcPeeringConnection { vpc_peering_connection_id } => {
            peering::set_status(t, vpc_peering_connection_id, PeeringStatus::Active)
        }
        RejectVpcPeeringConnection { vpc_peering_connection_id } => {
            peering::set_status(t, vpc_peering_connection_id, PeeringStatus::Rejected)
        }
        DeleteVpcPeeringConnection { vpc_peering_connection_id } => {
            peering::set_status(t, vpc_peering_connection_id, PeeringStatus::Deleted)
        }
        SetPeeringStatus { vpc_peering_connection_id, status } => {
            peering::set_status(t, vpc_peering_connection_id, *status)
        }
        CreateTransitGateway { name, region } => transit::create_tgw(t, name, region),
        DeleteTransitGateway { transit_gateway_id } => transit::delete_tgw(t, transit_gateway_id),
        CreateTransitGatewayVpcAttachment { transit_gateway_id, vpc_id, subnet_ids } => {
            transit::attach_vpc(t, transit_gateway_id, vpc_id, subnet_ids)
        }
        DeleteTransitGatewayVpcAttachment { transit_gateway_attachment_id } => {
            transit::delete_attachment(t, transit_gateway_attachment_id)
        }
        ModifyTransitGatewayVpcAttachment {
            transit_gateway_attachment_id,
            appliance_mode_support,
            add_subnet_ids,
            remove_subnet_ids,
        } => transit::modify_vpc_attachment(
            t,
            transit_gateway_attachment_id,
            *appliance_mode_support,
            add_subnet_ids,
            remove_subnet_ids,
        ),
        CreateTransitGatewayRouteTable { transit_gateway_id } => transit::create_table(t, transit_gateway_id),
        DeleteTransitGatewayRouteTable { transit_gateway_route_table_id } => {
            transit::delete_table(t, transit_gateway_route_table_id)
        }
        AssociateTransitGatewayRouteTable { transit_gateway_route_table_id, transit_gateway_attachment_id } => {
            transit::associate(t, transit_gateway_route_table_id, transit_gateway_attachment_id)
        }
        EnableTransitGatewayRouteTablePropagation { transit_gateway_route_table_id, transit_gateway_attachment_id } => {
            transit::propagate(t, transit_gateway_route_table_id, transit_gateway_attachment_id, true)
        }
        DisableTransitGatewayRouteTablePropagation {
            transit_gateway_route_table_id,
            transit_gateway_attachment_id,
        } => transit::propagate(t, transit_gateway_route_table_id, transit_gateway_attachment_id, false),
        CreateTransitGatewayRoute {
            transit_gateway_route_table_id,
            destination_cidr_block,
            transit_gateway_attachment_id,
        } => transit::create_route(
            t,
            transit_gateway_route_table_id,
            destination_cidr_block,
            transit_gateway_attachment_id,
        ),
        DeleteTransitGatewayRoute { transit_gateway_route_table_id, destination_cidr_block } => {
            transit::delete_route(t, transit_gateway_route_table_id, destination_cidr_block)
        }
        CreateVpnGateway { name } => transit::create_vgw(t, name),
        AttachVpnGateway { vpn_gateway_id, vpc_id } => transit::attach_vgw(t, vpn_gateway_id, Some(vpc_id)),
        DetachVpnGateway { vpn_gateway_id } => transit::attach_vgw(t, vpn_gateway_id, None),
        DeleteVpnGateway { vpn_gateway_id } => transit::delete_vgw(t, vpn_gateway_id),
        SetVgwRoutePropagation { route_table_id, vpn_gateway_id, enabled } => {
            transit::vgw_propagation(t, route_table_id, vpn_gateway_id, *enabled)
        }
        DeleteCustomerGateway { customer_gateway_id } => transit::delete_cgw(t, customer_gateway_id),
        CreateCustomerGateway { ip_address, bgp_asn } => transit::create_cgw(t, *ip_address, *bgp_asn),
        CreateVpnConnection { customer_gateway_id, vpn_gateway_id, transit_gateway_id, static_routes_only, routes } => {
            transit::create_vpn(t, customer_gateway_id, vpn_gateway_id, transit_gateway_id, *static_routes_only, routes)
        }
        DeleteVpnConnection { vpn_connection_id } => transit::delete_vpn(t, vpn_connection_id),
        CreateVpcEndpoint { vpc_id, service_name, vpc_endpoint_type, route_table_ids, subnet_ids } => {
            transit::create_endpoint(t, vpc_id, service_name, *vpc_endpoint_type, route_table_ids, subnet_ids)
        }
        DeleteVpcEndpoint { vpc_endpoint_id } => transit::delete_endpoint(t, vpc_endpoint_id),
        ModifyVpcEndpoint {
            vpc_endpoint_id,
            add_route_table_ids,
            remove_route_table_ids,
            add_subnet_ids,
            remove_subnet_ids,
        } => transit::modify_endpoint(
            t,
            vpc_endpoint_id,
            (add_route_table_ids, remove_route_table_ids),
            (add_subnet_ids, remove_subnet_ids),
        ),
        CreateVpcEndpointServiceConfiguration { network_load_balancer_arns, acceptance_required, private_dns_name } => {
            transit::create_endpoint_service(t, network_load_balancer_arns, *acceptance_required, private_dns_name)
        }
        ModifyVpcEndpointServicePermissions { service_id, add_allowed_principals, remove_allowed_principals } => {
            transit::service_permissions(t, service_id, add_allowed_principals, remove_allowed_principals)
        }
        AcceptVpcEndpointConnections { service_id, vpc_endpoint_ids } => {
            transit::endpoint_connections(t, service_id, vpc_endpoint_ids, true)
        }
        RejectVpcEndpointConnections { service_id, vpc_endpoint_ids } => {
            transit::endpoint_connections(t, service_id, vpc_endpoint_ids, false)
        }
        CreateTransitGatewayPeeringAttachment { transit_gateway_id, peer_transit_gateway_id } => {
            transit::create_peering_attachment(t, transit_gateway_id, peer_transit_gateway_id)
        }
        AcceptTransitGatewayPeeringAttachment { transit_gateway_attachment_id } => {
            transit::accept_peering_attachment(t, transit_gateway_attachment_id)
        }
        CreateLoadBalancer { name, kind, scheme, subnet_ids, security_groups } => {
            balancers::create_lb(t, name, *kind, *scheme, subnet_ids, security_groups)
        }
        DeleteLoadBalancer { name } => balancers::delete_lb(t, name),
        CreateTargetGroup { name, protocol, port, target_type, vpc_id } => {
            balancers::create_tg(t, name, protocol, *port, *target_type, vpc_id)
        }
        DeleteTargetGroup { target_group } => balancers::delete_tg(t, target_group),
        RegisterTargets { target_group, targets } => balancers::register(t, target_group, targets, true),
        DeregisterTargets { target_group, targets } => balancers::register(t, target_group, targets, false),
        CreateListener { load_balancer, protocol, port, target_group } => {
            balancers::create_listener(t, load_balancer, protocol, *port, target_group)
        }
        DeleteListener { load_balancer, port } => balancers::delete_listener(t, load_balancer, *port),
        Rename { id, name } => rename(t, id, name),
    }
}

fn yes() -> bool {
    true
}

/// An error for a refused edit.
fn refuse(resource: &str, field: &str, rule: &str, message: String) -> Error {
    Error::new(resource, field, rule, message)
}

/// AWS's `Invalid…ID.NotFound`.
fn not_found(id: &str, field: &str) -> Error {
    Error::new(id, field, "NotFound", alloc::format!("{id} does not exist"))
}

/// AWS's `DependencyViolation`: a resource still in use cannot be deleted or detached.
fn in_use(id: &str, field: &str, rule: &str, by: &str) -> Error {
    Error::new(id, field, rule, alloc::format!("{id} is still used by {by}"))
}

fn rename(t: &mut Topology, id: &str, name: &str) -> Result<Applied, Error> {
    let n = Some(String::from(name));
    macro_rules! set {
        ($list:expr, $field:ident) => {
            if let Some(x) = $list.iter_mut().find(|x| x.$field == id) {
                x.name = n;
                return Ok(Applied::default());
            }
        };
    }
    set!(t.instances, instance_id);
    set!(t.vpcs, vpc_id);
    set!(t.subnets, subnet_id);
    set!(t.route_tables, route_table_id);
    set!(t.internet_gateways, internet_gateway_id);
    set!(t.egress_only_internet_gateways, egress_only_internet_gateway_id);
    set!(t.nat_gateways, nat_gateway_id);
    set!(t.network_acls, network_acl_id);
    set!(t.vpc_peering_connections, vpc_peering_connection_id);
    set!(t.transit_gateways, transit_gateway_id);
    set!(t.transit_gateway_attachments, transit_gateway_attachment_id);
    set!(t.transit_gateway_route_tables, transit_gateway_route_table_id);
    set!(t.vpn_gateways, vpn_gateway_id);
    set!(t.customer_gateways, customer_gateway_id);
    set!(t.vpn_connections, vpn_connection_id);
    set!(t.vpc_endpoints, vpc_endpoint_id);
    Err(refuse(id, "Name", "NotFound", alloc::format!("{id} is not a resource that has a Name tag here")))
}
