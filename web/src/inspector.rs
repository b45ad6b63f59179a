//! The inspector: the selected resource's configuration — an instance's interface and security groups, its
//! subnet's route table (add and delete routes through the core's edit path, errors shown inline) and NACL.

use vpc_core::edit::Edit;
use vpc_core::model::{RouteDestination, Topology};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::t;
use crate::state::{Action, Store};

/// The subnet a selected id belongs to (a subnet itself, or an instance's primary ENI's subnet).
fn subnet_of(t: &Topology, id: &str) -> Option<String> {
    if t.subnets.iter().any(|s| s.subnet_id == id) {
        return Some(id.to_string());
    }
    let i = t.instances.iter().find(|i| i.instance_id == id)?;
    let e = t.network_interfaces.iter().find(|e| Some(&e.network_interface_id) == i.network_interfaces.first())?;
    Some(e.subnet_id.clone())
}

#[component]
pub fn Inspector() -> Html {
    let store = use_context::<Store>();
    let dest = use_node_ref();
    let target = use_node_ref();
    let Some(store) = store else { return html! {} };
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let Some(selected) = store.selected.clone() else { return html! {} };
    let Some(subnet_id) = subnet_of(&topo, &selected) else { return html! {} };
    let Some(subnet) = topo.subnets.iter().find(|s| s.subnet_id == subnet_id) else { return html! {} };
    let rt = topo
        .route_tables
        .iter()
        .find(|r| r.associations.contains(&subnet_id))
        .or_else(|| topo.route_tables.iter().find(|r| r.main && r.vpc_id == subnet.vpc_id));
    let acl = topo
        .network_acls
        .iter()
        .find(|a| a.associations.contains(&subnet_id))
        .or_else(|| topo.network_acls.iter().find(|a| a.is_default && a.vpc_id == subnet.vpc_id));
    let instance = topo.instances.iter().find(|i| i.instance_id == selected);
    let eni = instance.and_then(|i| {
        topo.network_interfaces.iter().find(|e| Some(&e.network_interface_id) == i.network_interfaces.first())
    });
    let d = store.dispatcher();

    // Targets a route in this VPC may use (R2.10).
    let vpc = subnet.vpc_id.clone();
    let mut targets: Vec<String> = Vec::new();
    targets.extend(
        topo.internet_gateways
            .iter()
            .filter(|g| g.vpc_id.as_deref() == Some(vpc.as_str()))
            .map(|g| g.internet_gateway_id.clone()),
    );
    targets.extend(
        topo.nat_gateways
            .iter()
            .filter(|n| topo.subnets.iter().any(|s| s.subnet_id == n.subnet_id && s.vpc_id == vpc))
            .map(|n| n.nat_gateway_id.clone()),
    );
    targets.extend(
        topo.vpc_peering_connections
            .iter()
            .filter(|p| p.requester_vpc_id == vpc || p.accepter_vpc_id == vpc)
            .map(|p| p.vpc_peering_connection_id.clone()),
    );
    targets.extend(topo.transit_gateways.iter().map(|g| g.transit_gateway_id.clone()));
    targets.extend(
        topo.vpn_gateways
            .iter()
            .filter(|g| g.vpc_id.as_deref() == Some(vpc.as_str()))
            .map(|g| g.vpn_gateway_id.clone()),
    );
    targets.extend(
        topo.egress_only_internet_gateways
            .iter()
            .filter(|g| g.vpc_id == vpc)
            .map(|g| g.egress_only_internet_gateway_id.clone()),
    );
    targets.extend(topo.instances.iter().filter(|i| i.instance_id != selected).map(|i| i.instance_id.clone()));

    let on_add = {
        let (dest, target, d, rt_id) = (dest.clone(), target.clone(), d.clone(), rt.map(|r| r.route_table_id.clone()));
        Callback::from(move |_: MouseEvent| {
            let (Some(rt_id), Some(dst), Some(tg)) =
                (rt_id.clone(), dest.cast::<HtmlInputElement>(), target.cast::<HtmlSelectElement>())
            else {
                return;
            };
            match dst.value().trim().parse() {
                Ok(destination) => d.dispatch(Action::Edit(Edit::CreateRoute {
                    route_table_id: rt_id,
                    destination,
                    target: tg.value(),
                })),
                Err(_) => d.dispatch(Action::Error(Some(format!(
                    "{rt_id} DestinationCidrBlock: `{}` is not a CIDR (R2.4)",
                    dst.value()
                )))),
            }
        })
    };
    let routes = rt.map(|rt| {
        rt.routes
            .iter()
            .map(|r| {
                let (text, del) = match &r.destination {
                    RouteDestination::Cidr(c) => {
                        let (rt_id, c) = (rt.route_table_id.clone(), *c);
                        let del = d.to_callback().reform(move |_: MouseEvent| Action::Edit(Edit::DeleteRoute { route_table_id: rt_id.clone(), destination: c }));
                        (format!("{c} → {}", r.target), Some(del))
                    }
                    RouteDestination::PrefixList(p) => (format!("{p} → {}", r.target), None),
                };
                html! { <li data-route={text.clone()}>{ text }{ for del.map(|cb| html! { <button class="small" title="delete" onclick={cb}>{ "×" }</button> }) }</li> }
            })
            .collect::<Html>()
    });
    let rules = |sg_id: &String| {
        topo.security_groups.iter().find(|g| &g.group_id == sg_id).map(|g| {
            let line = |dir: &str, r: &vpc_core::model::SecurityGroupRule| {
                let peer = serde_json::to_value(&r.peer).ok().map(|v| v.to_string()).unwrap_or_default();
                html! { <li>{ format!("{dir} {} {:?}-{:?} {peer}", r.ip_protocol, r.from_port, r.to_port) }</li> }
            };
            html! { <li><strong>{ g.group_id.clone() }</strong>{ format!(" ({})", g.group_name) }
                <ul>{ for g.ip_permissions.iter().map(|r| line("in", r)) }{ for g.ip_permissions_egress.iter().map(|r| line("out", r)) }</ul></li> }
        })
    };
    html! {
        <section class="inspector" data-testid="inspector">
            <h3>{ t(lang, "inspector") }{ ": " }{ selected.clone() }</h3>
            { for eni.map(|e| html! {
                <p class="mono">{ format!("{} {} {}", e.network_interface_id, e.private_ip_addresses.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(","), e.public_ip.map(|p| format!("public {p}")).unwrap_or_default()) }</p>
            }) }
            { for eni.map(|e| html! { <ul class="mono">{ for e.groups.iter().filter_map(rules) }</ul> }) }
            <h4>{ t(lang, "routes") }{ format!(" — {} ({})", rt.map(|r| r.route_table_id.clone()).unwrap_or_default(), subnet_id) }</h4>
            <ul class="mono" data-testid="routes"><li>{ format!("{} → local", topo.vpcs.iter().find(|v| v.vpc_id == vpc).map(|v| v.cidr_blocks.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")).unwrap_or_default()) }</li>{ routes.unwrap_or_default() }</ul>
            <div class="add-route">
                <input ref={dest} data-testid="route-destination" placeholder="0.0.0.0/0" />
                <select ref={target} data-testid="route-target">{ for targets.iter().map(|x| html! { <option value={x.clone()}>{ x.clone() }</option> }) }</select>
                <button data-testid="add-route" onclick={on_add}>{ t(lang, "add_route") }</button>
            </div>
            { store.error.clone().map(|e| html! { <p class="inline-error" data-testid="inline-error">{ e }</p> }).unwrap_or_default() }
            <h4>{ "NACL" }{ format!(" — {}", acl.map(|a| a.network_acl_id.clone()).unwrap_or_default()) }</h4>
            <ul class="mono">{ for acl.iter().flat_map(|a| a.entries.iter()).map(|e| html! {
                <li>{ format!("{} {} {:?} {} {}{}", if e.egress { "out" } else { "in" }, e.rule_number, e.rule_action, e.protocol, e.cidr_block, e.port_range.map(|p| format!(" {}-{}", p.from, p.to)).unwrap_or_default()) }</li>
            }) }<li>{ "* DENY all" }</li></ul>
        </section>
    }
}
