//! The inspector: an editor for whatever is selected (VPC, subnet, route table, security group, network
//! ACL, instance, peering, gateway, address, VPC endpoint, transit gateway with its attachments, peerings and
//! route tables, load balancer, VPN gateway, customer gateway with its VPN connections) and the draft form of
//! a resource being created. Every change
//! goes through the core's edit path; a refusal is shown inline, naming resource, field and rule.
//! Editors are plain functions of the store (one component for the whole inspector keeps the wasm small);
//! each editor's root element is keyed by its resource, so form fields never carry over between resources.

mod balancer;
mod draft;
mod endpoint;
pub mod form;
mod gateway;
mod instance;
mod nacl;
mod peering;
mod routes;
mod sg;
mod subnet;
mod tgw;
mod vpc;
mod vpn;

use vpc_core::edit::Edit;
use vpc_core::Topology;
use yew::prelude::*;

use crate::i18n::t;
use crate::state::Store;

/// What kind of resource an id names in the topology.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Vpc,
    Subnet,
    RouteTable,
    SecurityGroup,
    NetworkAcl,
    Instance,
    Interface,
    Peering,
    InternetGateway,
    NatGateway,
    Address,
    TransitGateway,
    Endpoint,
    /// A TGW attachment or TGW route table: shown in its TGW's editor.
    TransitGatewayPart,
    LoadBalancer,
    VpnGateway,
    /// A customer gateway or one of its VPN connections: shown in the customer gateway's editor.
    OnPremises,
    DirectConnect,
}

pub fn kind_of(t: &Topology, id: &str) -> Option<Kind> {
    let found = [
        (t.vpcs.iter().any(|x| x.vpc_id == id), Kind::Vpc),
        (t.subnets.iter().any(|x| x.subnet_id == id), Kind::Subnet),
        (t.route_tables.iter().any(|x| x.route_table_id == id), Kind::RouteTable),
        (t.security_groups.iter().any(|x| x.group_id == id), Kind::SecurityGroup),
        (t.network_acls.iter().any(|x| x.network_acl_id == id), Kind::NetworkAcl),
        (t.instances.iter().any(|x| x.instance_id == id), Kind::Instance),
        (t.network_interfaces.iter().any(|x| x.network_interface_id == id), Kind::Interface),
        (t.vpc_peering_connections.iter().any(|x| x.vpc_peering_connection_id == id), Kind::Peering),
        (t.internet_gateways.iter().any(|x| x.internet_gateway_id == id), Kind::InternetGateway),
        (t.nat_gateways.iter().any(|x| x.nat_gateway_id == id), Kind::NatGateway),
        (
            t.egress_only_internet_gateways.iter().any(|x| x.egress_only_internet_gateway_id == id),
            Kind::InternetGateway,
        ),
        (t.addresses.iter().any(|x| x.allocation_id == id), Kind::Address),
        (t.transit_gateways.iter().any(|x| x.transit_gateway_id == id), Kind::TransitGateway),
        (tgw::owner(t, id).is_some(), Kind::TransitGatewayPart),
        (t.vpc_endpoints.iter().any(|x| x.vpc_endpoint_id == id), Kind::Endpoint),
        (balancer::find(t, id).is_some(), Kind::LoadBalancer),
        (t.vpn_gateways.iter().any(|x| x.vpn_gateway_id == id), Kind::VpnGateway),
        (vpn::customer_gateway_of(t, id).is_some(), Kind::OnPremises),
        (t.virtual_interfaces.iter().any(|v| v.virtual_interface_id == id), Kind::DirectConnect),
    ];
    found.into_iter().find(|(hit, _)| *hit).map(|(_, k)| k)
}

/// The edit the Delete key sends for a selected id: the AWS call that deletes (terminates, releases) it. The
/// core refuses what AWS would (a VPC with subnets, an attached gateway) and the refusal is shown.
pub fn delete_edit(t: &Topology, id: &str) -> Option<Edit> {
    let id = id.to_string();
    Some(match kind_of(t, &id)? {
        Kind::Vpc => Edit::DeleteVpc { vpc_id: id },
        Kind::Subnet => Edit::DeleteSubnet { subnet_id: id },
        Kind::RouteTable => Edit::DeleteRouteTable { route_table_id: id },
        Kind::SecurityGroup => Edit::DeleteSecurityGroup { group_id: id },
        Kind::NetworkAcl => Edit::DeleteNetworkAcl { network_acl_id: id },
        Kind::Instance => Edit::TerminateInstance { instance_id: id },
        // An ENI drawn for an interface endpoint or a load balancer deletes what it belongs to.
        Kind::Interface => match (endpoint::owner_of_eni(t, &id), balancer::owner_of_eni(t, &id)) {
            (Some(e), _) => Edit::DeleteVpcEndpoint { vpc_endpoint_id: e },
            (_, Some(name)) => Edit::DeleteLoadBalancer { name },
            _ => return None,
        },
        Kind::Peering => Edit::DeleteVpcPeeringConnection { vpc_peering_connection_id: id },
        Kind::InternetGateway if t.internet_gateways.iter().any(|g| g.internet_gateway_id == id) => {
            Edit::DeleteInternetGateway { internet_gateway_id: id }
        }
        Kind::InternetGateway => Edit::DeleteEgressOnlyInternetGateway { egress_only_internet_gateway_id: id },
        Kind::NatGateway => Edit::DeleteNatGateway { nat_gateway_id: id },
        Kind::Address => Edit::ReleaseAddress { allocation_id: id },
        Kind::TransitGateway => Edit::DeleteTransitGateway { transit_gateway_id: id },
        Kind::TransitGatewayPart
            if t.transit_gateway_attachments.iter().any(|a| a.transit_gateway_attachment_id == id) =>
        {
            Edit::DeleteTransitGatewayVpcAttachment { transit_gateway_attachment_id: id }
        }
        Kind::TransitGatewayPart => Edit::DeleteTransitGatewayRouteTable { transit_gateway_route_table_id: id },
        Kind::Endpoint => Edit::DeleteVpcEndpoint { vpc_endpoint_id: id },
        Kind::LoadBalancer => Edit::DeleteLoadBalancer { name: id },
        Kind::VpnGateway => Edit::DeleteVpnGateway { vpn_gateway_id: id },
        Kind::OnPremises if t.vpn_connections.iter().any(|v| v.vpn_connection_id == id) => {
            Edit::DeleteVpnConnection { vpn_connection_id: id }
        }
        Kind::OnPremises => Edit::DeleteCustomerGateway { customer_gateway_id: id },
        Kind::DirectConnect => return None,
    })
}

#[component]
pub fn Inspector() -> Html {
    let store = use_context::<Store>();
    // A new draft may open below the fold of the side panel: bring it into view.
    let opened = store.as_ref().and_then(|s| s.draft.clone());
    use_effect_with(opened, |d| {
        if d.is_some() {
            if let Ok(Some(el)) = gloo::utils::document().query_selector(".draft") {
                el.scroll_into_view();
            }
        }
    });
    let Some(store) = store else { return html! {} };
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let draft = store.draft.as_ref().map(|d| draft::view(&store, d));
    let selected = store.selected.clone().and_then(|id| kind_of(&topo, &id).map(|k| (id, k)));
    let body = selected.as_ref().map(|(id, kind)| match kind {
        Kind::Vpc => vpc::view(&store, id),
        Kind::Subnet => subnet::view(&store, id),
        Kind::RouteTable => routes::view(&store, id),
        Kind::SecurityGroup => sg::view(&store, id),
        Kind::NetworkAcl => nacl::view(&store, id),
        Kind::Instance => instance::view(&store, id),
        Kind::Interface => {
            let owner = topo
                .network_interfaces
                .iter()
                .find(|e| &e.network_interface_id == id)
                .and_then(|e| e.instance_id.clone());
            match owner {
                Some(i) => instance::view(&store, &i),
                None => match (endpoint::owner_of_eni(&topo, id), balancer::owner_of_eni(&topo, id)) {
                    (Some(e), _) => endpoint::view(&store, &e),
                    (_, Some(lb)) => balancer::view(&store, &lb),
                    _ => html! { <p class="mono">{ id.clone() }</p> },
                },
            }
        }
        Kind::Peering => peering::view(&store, id),
        Kind::InternetGateway | Kind::NatGateway | Kind::Address => gateway::view(&store, id),
        Kind::TransitGateway => tgw::view(&store, id),
        Kind::Endpoint => endpoint::view(&store, id),
        Kind::TransitGatewayPart => tgw::owner(&topo, id).map(|g| tgw::view(&store, &g)).unwrap_or_default(),
        Kind::LoadBalancer => balancer::view(&store, id),
        Kind::VpnGateway => vpn::vgw_view(&store, id),
        Kind::OnPremises => vpn::customer_gateway_of(&topo, id).map(|c| vpn::view(&store, &c)).unwrap_or_default(),
        Kind::DirectConnect => vpn::vif_view(&store, id),
    });
    if draft.is_none() && body.is_none() {
        return html! {};
    }
    html! {
        <section class="inspector" data-testid="inspector">
            <h3>{ t(lang, "inspector") }{ selected.map(|(id, _)| format!(": {id}")).unwrap_or_default() }</h3>
            { store.error.clone().map(|e| html! { <p class="inline-error" data-testid="inline-error">{ e }</p> }).unwrap_or_default() }
            { for draft }
            { for body }
        </section>
    }
}
