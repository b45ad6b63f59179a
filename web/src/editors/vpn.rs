//! Site-to-Site VPN: a customer gateway (the on-premises end, drawn above the VPCs) with its VPN connections
//! (to a VPN gateway or a transit gateway, static routes; delete) and the form for a new one; a VPN gateway
//! (its VPC, route propagation into that VPC's tables, R14.2; detach, delete); the draft of a new customer
//! gateway from a palette drop.

use vpc_core::edit::Edit;
use vpc_core::Topology;
use yew::prelude::*;

use super::form::{checked, field, not_a, row, selected};
use crate::i18n::t;
use crate::state::{Action, Store};

/// The customer gateway `id` names: itself, or one of its VPN connections.
pub fn customer_gateway_of(topo: &Topology, id: &str) -> Option<String> {
    let own =
        topo.customer_gateways.iter().find(|c| c.customer_gateway_id == id).map(|c| c.customer_gateway_id.clone());
    own.or_else(|| {
        topo.vpn_connections.iter().find(|v| v.vpn_connection_id == id).map(|v| v.customer_gateway_id.clone())
    })
}

/// A connection's list entry: where it ends, its static routes, a delete button.
fn connection_item(store: &Store, v: &vpc_core::model::VpnConnection) -> Html {
    let lang = store.lang;
    let id = v.vpn_connection_id.clone();
    let end = v.vpn_gateway_id.clone().or_else(|| v.transit_gateway_id.clone()).unwrap_or_default();
    let routes: Vec<String> = v.routes.iter().map(|r| r.to_string()).collect();
    let del = {
        let id = id.clone();
        store
            .dispatcher()
            .to_callback()
            .reform(move |_: MouseEvent| Action::Edit(Edit::DeleteVpnConnection { vpn_connection_id: id.clone() }))
    };
    let class = classes!((store.selected.as_deref() == Some(id.as_str())).then_some("highlight"));
    html! {
        <li class={class} data-vpn={id.clone()}><span class="mono">{ format!("{id} {} ↔ {end} [{}]", v.customer_gateway_id, routes.join(", ")) }</span>
            <button class="small" data-testid={format!("vpn-delete-{id}")} title={t(lang, "delete")} onclick={del}>{ "×" }</button></li>
    }
}

pub fn view(store: &Store, id: &str) -> Html {
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let Some(c) = topo.customer_gateways.iter().find(|c| c.customer_gateway_id == id) else { return html! {} };
    let d = store.dispatcher();
    let id = id.to_string();
    let connections =
        topo.vpn_connections.iter().filter(|v| v.customer_gateway_id == id).map(|v| connection_item(store, v));
    // Where a new connection can end: an attached VPN gateway or a transit gateway.
    let ends: Vec<(String, String)> = topo
        .vpn_gateways
        .iter()
        .filter_map(|g| g.vpc_id.as_ref().map(|v| (g.vpn_gateway_id.clone(), format!("{} ({v})", g.vpn_gateway_id))))
        .chain(
            topo.transit_gateways
                .iter()
                .map(|g| (g.transit_gateway_id.clone(), format!("{} ({})", g.transit_gateway_id, g.region))),
        )
        .collect();
    let on_create = {
        let id = id.clone();
        d.to_callback().reform(move |e: MouseEvent| {
            let end = field(&e, "end");
            let mut routes = Vec::new();
            for part in field(&e, "routes").split(',').map(str::trim).filter(|p| !p.is_empty()) {
                match part.parse() {
                    Ok(r) => routes.push(r),
                    Err(_) => return Action::Error(Some(not_a(&id, "Routes", part, "a CIDR (R14.3)"))),
                }
            }
            let tgw = end.starts_with("tgw-");
            Action::Create(Edit::CreateVpnConnection {
                customer_gateway_id: id.clone(),
                vpn_gateway_id: (!tgw).then(|| end.clone()),
                transit_gateway_id: tgw.then_some(end),
                static_routes_only: true,
                routes,
            })
        })
    };
    let delete = {
        let id = id.clone();
        d.to_callback()
            .reform(move |_: MouseEvent| Action::Edit(Edit::DeleteCustomerGateway { customer_gateway_id: id.clone() }))
    };
    html! {
        <div class="editor" key={format!("cgw-{id}")} data-testid="cgw-editor">
            <h4>{ t(lang, "cgw") }{ format!(" — {id}") }</h4>
            { row(t(lang, "cgw_ip"), html! { <span class="mono">{ format!("{} · ASN {}", c.ip_address, c.bgp_asn) }</span> }) }
            <p class="hint">{ t(lang, "vpn_hint") }</p>
            <h4>{ t(lang, "vpn_connections") }</h4>
            <ul class="plain" data-testid="vpn-connections">{ for connections }</ul>
            <div class="form" data-testid="vpn-form">
                { row(t(lang, "vpn_to"), html! {
                    <select name="end" data-testid="vpn-end">
                        { for ends.iter().enumerate().map(|(k, (v, label))| html! { <option value={v.clone()} selected={k == 0}>{ label.clone() }</option> }) }
                    </select>
                }) }
                { row(t(lang, "vpn_routes"), html! { <input name="routes" data-testid="vpn-routes" placeholder="192.168.0.0/16" /> }) }
                <button data-testid="vpn-create" onclick={on_create}>{ t(lang, "new_vpn") }</button>
            </div>
            <button class="danger" onclick={delete}>{ t(lang, "delete") }</button>
        </div>
    }
}

pub fn vgw_view(store: &Store, id: &str) -> Html {
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let Some(g) = topo.vpn_gateways.iter().find(|g| g.vpn_gateway_id == id) else { return html! {} };
    let d = store.dispatcher();
    let vpc = g.vpc_id.clone().unwrap_or_default();
    let propagation = topo.route_tables.iter().filter(|r| r.vpc_id == vpc).map(|r| {
        let (rtb, vgw) = (r.route_table_id.clone(), id.to_string());
        let cb = d.to_callback().reform(move |e: Event| {
            Action::Edit(Edit::SetVgwRoutePropagation { route_table_id: rtb.clone(), vpn_gateway_id: vgw.clone(), enabled: checked(&e) })
        });
        let on = r.propagating_vgws.iter().any(|v| v == id);
        html! { <label class="mono"><input type="checkbox" data-testid={format!("vgw-propagate-{}", r.route_table_id)} checked={on} onchange={cb} />{ r.route_table_id.clone() }</label> }
    });
    let connections = topo
        .vpn_connections
        .iter()
        .filter(|v| v.vpn_gateway_id.as_deref() == Some(id))
        .map(|v| connection_item(store, v));
    let on_attach = {
        let id = id.to_string();
        d.to_callback().reform(move |e: Event| {
            Action::Edit(Edit::AttachVpnGateway { vpn_gateway_id: id.clone(), vpc_id: selected(&e) })
        })
    };
    let button = |key: &'static str, make: fn(String) -> Edit| {
        let id = id.to_string();
        let cb = d.to_callback().reform(move |_: MouseEvent| Action::Edit(make(id.clone())));
        html! { <button data-testid={format!("vgw-{key}")} onclick={cb}>{ t(lang, key) }</button> }
    };
    html! {
        <div class="editor" key={format!("vgw-{id}")} data-testid="vgw-editor">
            <h4>{ t(lang, "vgw_item") }{ format!(" — {id}") }</h4>
            { if g.vpc_id.is_some() {
                row("VPC", html! { <span class="mono">{ vpc.clone() }</span> })
            } else {
                row("VPC", html! { <select onchange={on_attach}><option selected=true disabled=true>{ "—" }</option>
                    { for topo.vpcs.iter().map(|v| html! { <option value={v.vpc_id.clone()}>{ v.vpc_id.clone() }</option> }) }</select> })
            } }
            { row(t(lang, "vgw_propagation"), html! { <span class="checks">{ for propagation }</span> }) }
            <h4>{ t(lang, "vpn_connections") }</h4>
            <ul class="plain">{ for connections }</ul>
            { if g.vpc_id.is_some() { button("detach", |id| Edit::DetachVpnGateway { vpn_gateway_id: id }) } else { html! {} } }
            { button("delete", |id| Edit::DeleteVpnGateway { vpn_gateway_id: id }) }
        </div>
    }
}

/// A Direct Connect virtual interface (R14.7, R14.8), as imported: the engine has no edits for Direct Connect,
/// so this view only shows what it carries.
pub fn vif_view(store: &Store, id: &str) -> Html {
    let lang = store.lang;
    let Some(v) = store.now.topology.virtual_interfaces.iter().find(|v| v.virtual_interface_id == id) else {
        return html! {};
    };
    let prefixes: Vec<String> = v.advertised_routes.iter().map(|r| r.to_string()).collect();
    html! {
        <div class="editor" key={format!("vif-{id}")} data-testid="vif-editor">
            <h4>{ format!("Direct Connect — {id} ({:?})", v.virtual_interface_type) }</h4>
            { row(t(lang, "vpn_to"), html! { <span class="mono">{ v.gateway_id.clone().unwrap_or_default() }</span> }) }
            { row("BGP", html! { <span class="mono">{ prefixes.join(", ") }</span> }) }
            <p class="hint">{ t(lang, "vif_hint") }</p>
        </div>
    }
}

/// The form a customer gateway dropped on the canvas opens.
pub fn draft(store: &Store) -> Html {
    let lang = store.lang;
    let d = store.dispatcher();
    let on_create = d.to_callback().reform(|e: MouseEvent| {
        let text = field(&e, "ip");
        let Ok(ip_address) = text.parse() else {
            return Action::Error(Some(not_a("customer-gateway", "IpAddress", &text, "an IPv4 address")));
        };
        Action::Create(Edit::CreateCustomerGateway { ip_address, bgp_asn: field(&e, "asn").parse().unwrap_or(65000) })
    });
    let cancel = d.to_callback().reform(|_: MouseEvent| Action::Draft(None));
    html! {
        <div class="draft form" key="draft-cgw" data-testid="draft-cgw">
            <h4>{ t(lang, "new_cgw") }</h4>
            { row(t(lang, "cgw_ip"), html! { <input name="ip" data-testid="cgw-ip" value="203.0.113.10" /> }) }
            { row("BGP ASN", html! { <input name="asn" value="65000" /> }) }
            <button class="primary" data-testid="draft-create" onclick={on_create}>{ t(lang, "create") }</button>
            <button onclick={cancel}>{ t(lang, "cancel") }</button>
        </div>
    }
}
