//! Gateways and addresses: an internet gateway (its VPC; detach, delete), an egress-only internet gateway
//! (its VPC; delete), a NAT gateway (subnet, addresses; delete), an Elastic IP (its association; release).

use vpc_core::edit::Edit;
use yew::prelude::*;

use super::form::row;
use crate::i18n::t;
use crate::state::{Action, Store};

pub fn view(store: &Store, id: &str) -> Html {
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let d = store.dispatcher();
    // Edits are built when clicked (a fn of the id), so no `Edit` is cloned per click (smaller wasm).
    let button = |key: &'static str, id: String, make: fn(String) -> Edit| {
        let cb = d.to_callback().reform(move |_: MouseEvent| Action::Edit(make(id.clone())));
        html! { <button data-testid={format!("gateway-{key}")} onclick={cb}>{ t(lang, key) }</button> }
    };
    if let Some(g) = topo.internet_gateways.iter().find(|g| g.internet_gateway_id == id) {
        let id = g.internet_gateway_id.clone();
        return html! {
            <div class="editor" data-testid="igw-editor">
                <h4>{ t(lang, "igw") }{ format!(" — {id}") }</h4>
                { row("VPC", html! { <span class="mono">{ g.vpc_id.clone().unwrap_or_else(|| "—".into()) }</span> }) }
                { if g.vpc_id.is_some() { button("detach", id.clone(), |id| Edit::DetachInternetGateway { internet_gateway_id: id }) } else { html! {} } }
                { button("delete", id, |id| Edit::DeleteInternetGateway { internet_gateway_id: id }) }
            </div>
        };
    }
    if let Some(g) = topo.egress_only_internet_gateways.iter().find(|g| g.egress_only_internet_gateway_id == id) {
        let id = g.egress_only_internet_gateway_id.clone();
        return html! {
            <div class="editor" data-testid="eigw-editor">
                <h4>{ t(lang, "eigw") }{ format!(" — {id}") }</h4>
                { row("VPC", html! { <span class="mono">{ g.vpc_id.clone() }</span> }) }
                <p class="hint">{ t(lang, "eigw_hint") }</p>
                { button("delete", id, |id| Edit::DeleteEgressOnlyInternetGateway { egress_only_internet_gateway_id: id }) }
            </div>
        };
    }
    if let Some(n) = topo.nat_gateways.iter().find(|n| n.nat_gateway_id == id) {
        return html! {
            <div class="editor" data-testid="nat-editor">
                <h4>{ t(lang, "nat") }{ format!(" — {}", n.nat_gateway_id) }</h4>
                { row(t(lang, "subnet"), html! { <span class="mono">{ n.subnet_id.clone() }</span> }) }
                { row(t(lang, "addresses"), html! { <span class="mono">{ format!("{} {}", n.private_ip, n.public_ip.map(|p| format!("/ {p}")).unwrap_or_default()) }</span> }) }
                { button("delete", n.nat_gateway_id.clone(), |id| Edit::DeleteNatGateway { nat_gateway_id: id }) }
            </div>
        };
    }
    if let Some(a) = topo.addresses.iter().find(|a| a.allocation_id == id) {
        return html! {
            <div class="editor" data-testid="eip-editor">
                <h4>{ t(lang, "elastic_ip") }{ format!(" — {} {}", a.allocation_id, a.public_ip) }</h4>
                { row(t(lang, "associated"), html! { <span class="mono">{ a.network_interface_id.clone().unwrap_or_else(|| "—".into()) }</span> }) }
                { button("release", a.allocation_id.clone(), |id| Edit::ReleaseAddress { allocation_id: id }) }
            </div>
        };
    }
    html! {}
}
