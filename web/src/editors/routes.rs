//! A route table: its routes (delete any but `local`), a new route with a target picker listing what this
//! VPC's routes may point at (R2.10), and the rule a hop's trace named highlighted.

use vpc_core::edit::Edit;
use vpc_core::model::RouteDestination;
use vpc_core::Topology;
use yew::prelude::*;

use super::form::{field, not_a};
use crate::i18n::t;
use crate::state::{Action, Store};

/// Route targets for a table of `vpc`, with the i18n key of what each one is.
pub fn targets(t: &Topology, vpc: &str) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let in_vpc = |subnet_id: &str| t.subnets.iter().any(|s| s.subnet_id == subnet_id && s.vpc_id == vpc);
    out.extend(
        t.internet_gateways
            .iter()
            .filter(|g| g.vpc_id.as_deref() == Some(vpc))
            .map(|g| (g.internet_gateway_id.clone(), "igw")),
    );
    out.extend(t.nat_gateways.iter().filter(|n| in_vpc(&n.subnet_id)).map(|n| (n.nat_gateway_id.clone(), "nat")));
    out.extend(
        t.vpc_peering_connections
            .iter()
            .filter(|p| p.requester_vpc_id == vpc || p.accepter_vpc_id == vpc)
            .map(|p| (p.vpc_peering_connection_id.clone(), "peering")),
    );
    out.extend(t.transit_gateways.iter().map(|g| (g.transit_gateway_id.clone(), "tgw")));
    out.extend(
        t.vpn_gateways.iter().filter(|g| g.vpc_id.as_deref() == Some(vpc)).map(|g| (g.vpn_gateway_id.clone(), "vgw")),
    );
    out.extend(
        t.egress_only_internet_gateways
            .iter()
            .filter(|g| g.vpc_id == vpc)
            .map(|g| (g.egress_only_internet_gateway_id.clone(), "eigw")),
    );
    out.extend(
        t.network_interfaces
            .iter()
            .filter(|e| in_vpc(&e.subnet_id) && e.instance_id.is_some())
            .map(|e| (e.network_interface_id.clone(), "eni")),
    );
    out
}

pub fn view(store: &Store, id: &str) -> Html {
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let Some(rt) = topo.route_tables.iter().find(|r| r.route_table_id == id) else { return html! {} };
    let d = store.dispatcher();
    let highlight = (store.selected.as_deref() == Some(id)).then(|| store.highlight.clone()).flatten();
    let on_add = {
        let rt_id = id.to_string();
        d.to_callback().reform(move |e: MouseEvent| {
            let text = field(&e, "destination");
            match text.parse() {
                Ok(destination) => Action::Edit(Edit::CreateRoute {
                    route_table_id: rt_id.clone(),
                    destination,
                    target: field(&e, "target"),
                }),
                Err(_) => Action::Error(Some(not_a(&rt_id, "DestinationCidrBlock", &text, "a CIDR (R2.4)"))),
            }
        })
    };
    let has_local = rt.routes.iter().any(|r| r.target == "local");
    let local = (!has_local).then(|| {
        let cidrs = topo
            .vpcs
            .iter()
            .find(|v| v.vpc_id == rt.vpc_id)
            .map(|v| v.cidr_blocks.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", "));
        html! { <li>{ format!("{} → local", cidrs.unwrap_or_default()) }</li> }
    });
    let routes = rt.routes.iter().map(|r| {
        let (key, del) = match &r.destination {
            RouteDestination::Cidr(c) => {
                let (rt_id, c) = (rt.route_table_id.clone(), *c);
                let del = (r.target != "local").then(|| {
                    d.to_callback().reform(move |_: MouseEvent| Action::Edit(Edit::DeleteRoute { route_table_id: rt_id.clone(), destination: c }))
                });
                (c.to_string(), del)
            }
            RouteDestination::PrefixList(p) => (p.to_string(), None),
        };
        let text = format!("{key} → {}", r.target);
        let class = classes!((highlight.as_deref() == Some(key.as_str())).then_some("highlight"));
        html! {
            <li class={class} data-route={text.clone()} data-key={key}>{ text }
                { for del.map(|cb| html! { <button class="small" title={t(lang, "delete")} onclick={cb}>{ "×" }</button> }) }
            </li>
        }
    });
    let options = targets(&topo, &rt.vpc_id);
    html! {
        <div class="editor" key={format!("rt-{id}")} data-testid="route-table-editor">
            <h4>{ t(lang, "routes") }{ format!(" — {}{}", rt.route_table_id, if rt.main { t(lang, "main_suffix") } else { "" }) }</h4>
            <ul class="mono" data-testid="routes">{ for local }{ for routes }</ul>
            <div class="add-route form">
                <input name="destination" data-testid="route-destination" placeholder="0.0.0.0/0" />
                <select name="target" data-testid="route-target">
                    { for options.iter().map(|(id, what)| html! { <option value={id.clone()}>{ format!("{id} ({})", t(lang, what)) }</option> }) }
                </select>
                <button data-testid="add-route" onclick={on_add}>{ t(lang, "add_route") }</button>
            </div>
        </div>
    }
}
